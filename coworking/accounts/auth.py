"""Who is calling, as far as accounts knows it: the session for pages (Flask-Login) and the
holder of a bearer token for the API (``coworking.web.auth`` asks through the loaders
registered here)."""

from __future__ import annotations

from datetime import datetime

from coworking.accounts import sessions
from coworking.accounts.models import ApiToken
from coworking.accounts.services import token_row
from coworking.extensions import login_manager
from coworking.web.auth import TokenHolder, bearer


def init_app(app) -> None:
    # "<id>.<session_version>.<session key>": a session from before a password change, or
    # one ended by logout or idleness, is refused (see accounts.sessions).
    login_manager.user_loader(sessions.load_user)
    app.after_request(sessions.flush_touches)
    bearer.token_loader(token_holder)
    bearer.last_used_stamper(stamp_token)


def token_holder(token: str, now: datetime) -> TokenHolder | None:
    """The active user holding this unexpired token (with the token's id and last use), or None."""
    row = token_row(token, now)
    return TokenHolder(row.User, row.token_id, row.last_used_at) if row is not None else None


def stamp_token(token_id: int) -> None:
    """Write the token's last use after the request's own work (see accounts.sessions)."""
    sessions.touch_later(ApiToken, token_id, "last_used_at")
