"""Who is calling: bearer tokens for the API, the session for pages (Flask-Login)."""

from __future__ import annotations

import functools

from flask import g, request

from coworking import errors
from coworking.db import utcnow
from coworking.extensions import db, login_manager


def init_app(app) -> None:
    from coworking.accounts.models import User

    @login_manager.user_loader
    def _load(session_id: str):
        """``"<id>.<session_version>"``: a session from before a password change is refused."""
        user_id, _, version = session_id.partition(".")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user


def bearer_user():
    """The user of the request's ``Authorization: Bearer`` token, or raise 401."""
    from coworking.accounts.services import user_for_token

    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user = user_for_token(token.strip(), utcnow()) if scheme.lower() == "bearer" else None
    if user is None:
        raise errors.Unauthorized("A valid bearer token is required (POST /api/v1/tokens).")
    return user


def token_required(view):
    """API views: authenticate by bearer token and expose the user as ``g.user``."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        g.user = bearer_user()
        return view(*args, **kwargs)

    return wrapper
