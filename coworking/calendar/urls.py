"""The calendar feeds' subscription URLs (with their secret token), for the feeds' pages, the
API and the profile page."""

from __future__ import annotations

from flask import current_app, url_for

from coworking.calendar import services


def feed_url(endpoint: str, token: str, **values) -> str:
    return url_for(endpoint, token=token, _external=True, **values)


def member_feed_url(user) -> str:
    return feed_url("calendar.member_feed", services.member_token(user, current_app.config["SECRET_KEY"]))


def workspace_feed_url(user, workspace) -> str:
    token = services.workspace_token(user, workspace, current_app.config["SECRET_KEY"])
    return feed_url("calendar.workspace_feed", token, slug=workspace.slug)
