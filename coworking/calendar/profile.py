"""The calendar part of the profile page: the member's private feed URL and, for managers and
admins, the feeds of the workspaces they manage. Registered at app start as a profile section
(``accounts.hooks``), so the accounts page does not import calendar."""

from __future__ import annotations

from coworking.accounts import hooks, permissions
from coworking.calendar.urls import member_feed_url, workspace_feed_url


def feeds(user) -> dict:
    return {
        "feed_url": member_feed_url(user),
        "workspace_feeds": [(w, workspace_feed_url(user, w)) for w in permissions.managed_workspaces(user)],
    }


def init_app(_app) -> None:
    hooks.add_profile_section("calendar", "calendar/_profile.html", feeds)
