"""Who is calling: bearer tokens for the API, the session for pages (Flask-Login)."""

from __future__ import annotations

import functools
from datetime import timedelta

from flask import current_app, g, request

from coworking import errors
from coworking.db import utcnow
from coworking.extensions import login_manager


def init_app(app) -> None:
    from coworking.accounts import sessions

    # "<id>.<session_version>.<session key>": a session from before a password change, or
    # one ended by logout or idleness, is refused (see accounts.sessions).
    login_manager.user_loader(sessions.load_user)
    app.after_request(sessions.flush_touches)


def bearer_user():
    """The user of the request's ``Authorization: Bearer`` token, or raise 401. The token's id
    is kept as ``g.api_token_id``; its last use is stamped at most every few minutes."""
    from coworking.accounts.models import ApiToken
    from coworking.accounts.services import token_row
    from coworking.accounts.sessions import touch_later

    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    now = utcnow()
    row = token_row(token.strip(), now) if scheme.lower() == "bearer" else None
    if row is None:
        raise errors.Unauthorized("A valid bearer token is required (POST /api/v1/tokens).")
    g.api_token_id = row.token_id
    stale = now - timedelta(minutes=current_app.config["TOKEN_LAST_USED_MINUTES"])
    if row.last_used_at is None or row.last_used_at < stale:
        touch_later(ApiToken, row.token_id, "last_used_at")
    return row.User


def token_required(view):
    """API views: authenticate by bearer token and expose the user as ``g.user``."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        g.user = bearer_user()
        return view(*args, **kwargs)

    return wrapper
