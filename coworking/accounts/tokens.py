"""A member's API tokens: listing and revoking them (issuing and checking: accounts.services)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from coworking import errors
from coworking.accounts.models import ApiToken, User
from coworking.extensions import db


def active_tokens(user: User, now: datetime) -> list[ApiToken]:
    """The user's unexpired tokens, newest first (what the profile page lists)."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.expires_at > now)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke(user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens; anyone else's (or none) is "not found"."""
    if not 0 < token_id < 2**31:
        raise errors.NotFound("There is no such token.")
    deleted = db.session.execute(delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))
    if deleted.rowcount != 1:
        raise errors.NotFound("There is no such token.")
    db.session.flush()


def revoke_all(user: User) -> None:
    """Every API token of the user stops working (password change or reset, log out
    everywhere, erasure)."""
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.flush()
