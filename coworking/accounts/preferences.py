"""A member's own preferences changed one at a time (``PATCH /api/v1/me/profile``, the profile
page's "who's in" switch): whether other members see them, their language, home workspace and
name. Use cases take the member and ``now`` and only flush; the validation is the profile
page's (``services.update_profile``)."""

from __future__ import annotations

from datetime import datetime

from coworking.accounts import services
from coworking.accounts.models import User
from coworking.audit.services import record
from coworking.extensions import db

FIELDS = ("name", "language", "home_workspace", "visible_to_members")


def set_visible(user: User, visible: bool, now: datetime) -> User:
    """Show (``True``) or hide the member's first name to other members on the desks they
    book. A change is recorded as "user.visibility_changed" (the member's consent, kept with
    the trail); choosing what is already chosen changes and records nothing."""
    visible = bool(visible)
    if user.visible_to_members != visible:
        user.visible_to_members = visible
        record(user, "user.visibility_changed", user, now, visible=visible)
        db.session.flush()
    return user


def update(user: User, changes: dict, now: datetime) -> User:
    """Change any of ``FIELDS`` (the others stay): ``language`` and ``home_workspace`` (a slug)
    may be None for "automatic" and "none". Refusals are ValidationFailed (422) naming the field."""
    if {"name", "language", "home_workspace"} & changes.keys():
        home = user.home_workspace.slug if user.home_workspace else None
        services.update_profile(
            user,
            name=changes.get("name", user.name),
            language=changes.get("language", user.language),
            home_workspace=changes.get("home_workspace", home),
        )
    if "visible_to_members" in changes:
        set_visible(user, changes["visible_to_members"], now)
    return user


def profile_of(user: User) -> dict:
    """The member's own profile as the API shows it."""
    return {
        "name": user.name,
        "email": user.email,
        "member_number": user.member_number,
        "language": user.language,
        "home_workspace": user.home_workspace.slug if user.home_workspace else None,
        "visible_to_members": user.visible_to_members,
    }
