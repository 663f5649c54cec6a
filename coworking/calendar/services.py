"""Calendar feed use cases: the URLs' secrets, rotation, and finding who a token belongs to."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import bindparam, select

from coworking.accounts import permissions
from coworking.accounts.models import User, new_calendar_secret
from coworking.calendar.rules import feed_token, token_matches, token_user_id
from coworking.extensions import db
from coworking.workspaces.models import Workspace

MEMBER_SCOPE = "member"


def workspace_scope(workspace: Workspace) -> str:
    return f"workspace:{workspace.id}"


def member_token(user: User, secret_key: str) -> str:
    return feed_token(secret_key, user.id, user.calendar_secret, MEMBER_SCOPE)


def workspace_token(user: User, workspace: Workspace, secret_key: str) -> str:
    return feed_token(secret_key, user.id, user.calendar_secret, workspace_scope(workspace))


def rotate(user: User) -> None:
    """A new random value: every feed URL of the user changes and the old ones stop at once."""
    user.calendar_secret = new_calendar_secret()
    db.session.flush()


def _active_user(token: str) -> User | None:
    user_id = token_user_id(token)
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active and user.calendar_secret else None


class FeedOwner(NamedTuple):
    """What a member's feed needs of its owner (read without loading the whole User)."""

    id: int
    calendar_secret: str
    language: str | None
    created_at: datetime
    name: str
    email: str  # the ATTENDEE of the meetings they are a guest of


@cache
def _owner_statement():
    return select(User.id, User.calendar_secret, User.language, User.created_at, User.name, User.email).where(
        User.id == bindparam("user_id"), User.active.is_(True), User.calendar_secret != ""
    )


def member_for_token(token: str, secret_key: str) -> FeedOwner | None:
    """The active member whose feed this token opens, or None (no hint why)."""
    user_id = token_user_id(token)
    if user_id is None:
        return None
    row = db.session.connection().execute(_owner_statement(), {"user_id": user_id}).first()
    if row is None:
        return None
    owner = FeedOwner(*row)
    if not token_matches(token, feed_token(secret_key, owner.id, owner.calendar_secret, MEMBER_SCOPE)):
        return None
    return owner


def workspace_for_token(slug: str, token: str, secret_key: str) -> tuple[User, Workspace] | None:
    """(manager, workspace) when the token is a current manager's feed of that workspace."""
    user = _active_user(token)
    workspace = db.session.scalar(select(Workspace).where(Workspace.slug == slug)) if user else None
    if workspace is None or not permissions.manages(user, workspace):
        return None
    if not token_matches(token, workspace_token(user, workspace, secret_key)):
        return None
    return user, workspace
