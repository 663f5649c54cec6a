"""A member's home workspace: asked once after a login ("Where do you usually work?"),
chosen or skipped there; changed later on the profile page (``services.update_profile``).
Use cases take the member and ``now`` and only flush."""

from __future__ import annotations

from datetime import datetime

from coworking.accounts import directory
from coworking.accounts.models import User
from coworking.accounts.rules import asks_home_workspace
from coworking.extensions import db


def ask_once(user: User, now: datetime) -> bool:
    """Whether to ask ``user`` now; when so, it is recorded as asked (at the login that asks),
    so a member who leaves the question unanswered is not asked again."""
    if not asks_home_workspace(user.home_workspace_id is not None, user.home_workspace_asked_at):
        return False
    user.home_workspace_asked_at = now
    db.session.flush()
    return True


def choose(user: User, slug: str, now: datetime) -> User:
    """Make the workspace ``slug`` the member's home (an unknown slug is a ValidationFailed)."""
    user.home_workspace = directory.workspaces_by_slug([slug])[slug]
    user.home_workspace_asked_at = user.home_workspace_asked_at or now
    db.session.flush()
    return user


def skip(user: User, now: datetime) -> User:
    """The member answers "not now": never asked again (the profile page still sets it)."""
    user.home_workspace_asked_at = user.home_workspace_asked_at or now
    db.session.flush()
    return user
