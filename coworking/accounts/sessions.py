"""Server-side sessions: one row per login on one device.

The Flask-Login id kept in the signed session cookie and in the "remember me" cookie is
``"<user id>.<session_version>.<key>"``; ``key`` is 256 random bits whose SHA-256 names a
``user_sessions`` row. Logging out deletes that row, so a copy of either cookie taken before
stops working, while the member's other devices keep theirs. A session also ends after
SESSION_IDLE_DAYS without a request and REMEMBER_COOKIE_DURATION_DAYS (at most 30) after the
login. Last-seen is written at most every SESSION_TOUCH_MINUTES, after the request's own work
(see ``touch_later``), so the hot path reads one indexed row and rarely writes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, g
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, or_, select, update

from coworking.accounts.models import User, UserSession
from coworking.db import run_unit_of_work, utcnow
from coworking.extensions import db


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _limits(now: datetime) -> tuple[datetime, datetime]:
    """(oldest last-seen, oldest login) a live session may have at ``now``."""
    cfg = current_app.config
    return (
        now - timedelta(days=cfg["SESSION_IDLE_DAYS"]),
        now - timedelta(days=cfg["REMEMBER_COOKIE_DURATION_DAYS"]),
    )


def start(user: User, now: datetime) -> str:
    """A new session row for ``user`` (and the removal of their expired ones); sets
    ``user.session_key`` so that ``login_user`` stores it. Only flushes."""
    idle, oldest = _limits(now)
    db.session.execute(
        delete(UserSession).where(
            UserSession.user_id == user.id, or_(UserSession.last_seen_at < idle, UserSession.created_at < oldest)
        )
    )
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, key_hash=_digest(key), created_at=now, last_seen_at=now))
    db.session.flush()
    user.session_key = key
    return key


def log_in(user: User, *, remember: bool = False) -> None:
    """The web layer's login: a new server-side session (in the request's unit of work), then
    Flask-Login's cookie(s)."""
    start(user, utcnow())
    login_user(user, remember=remember)


def end(user: User) -> None:
    """End the session this request runs in (only that one). Only flushes."""
    if user.session_key:
        db.session.execute(
            delete(UserSession).where(UserSession.user_id == user.id, UserSession.key_hash == _digest(user.session_key))
        )
        db.session.flush()


def log_out() -> None:
    """The web layer's logout: the session row goes, then Flask-Login's cookies."""
    if current_user.is_authenticated:
        end(current_user._get_current_object())
    logout_user()


def end_all(user: User) -> None:
    """Every session of the user, on every device. Only flushes."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.flush()


_SESSION_FOR_KEY = select(UserSession.id, UserSession.created_at, UserSession.last_seen_at)


def load_user(session_id: str) -> User | None:
    """Flask-Login's user loader: the active user whose live session this id names."""
    user_id, _, rest = session_id.partition(".")
    version, _, key = rest.partition(".")
    if not (user_id.isdigit() and version.isdigit() and key) or len(session_id) > 200:
        return None
    user = db.session.get(User, int(user_id)) if int(user_id) < 2**31 else None
    if user is None or not user.active or user.session_version != int(version):
        return None
    row = db.session.execute(
        _SESSION_FOR_KEY.where(UserSession.user_id == user.id, UserSession.key_hash == _digest(key))
    ).first()
    now = utcnow()
    idle, oldest = _limits(now)
    if row is None or row.last_seen_at < idle or row.created_at < oldest:
        return None
    if row.last_seen_at < now - timedelta(minutes=current_app.config["SESSION_TOUCH_MINUTES"]):
        touch_later(UserSession, row.id, "last_seen_at")
    user.session_key = key
    return user


def touch_later(model, row_id: int, column: str) -> None:
    """Set ``column`` of a row to now once the request's own work is done (see ``flush_touches``)."""
    g.setdefault("coworking_touches", []).append((model, row_id, column))


def flush_touches(response):
    """after_request: write the pending last-seen/last-used stamps in their own small unit of
    work, after the request's own has committed. A failure (a locked database, say) only loses
    a stamp, never the response."""
    touches = g.pop("coworking_touches", None)
    if touches:
        now = utcnow()

        def write():
            for model, row_id, column in touches:
                db.session.execute(update(model).where(model.id == row_id).values({column: now}))

        try:
            run_unit_of_work(db.session, write, retries=current_app.config["WRITE_RETRIES"])
        except Exception:
            current_app.logger.warning("Could not record last use of a session or token", exc_info=True)
    return response
