"""Who is calling the API: the bearer token of the request.

The foundation knows the header and the answers (401 problem with ``WWW-Authenticate``, handled
by ``web.handlers``), not where tokens are kept: the accounts feature registers, at app start,
the function that finds a token's holder and the one that stamps its last use, the way
Flask-Login's ``user_loader`` works. No holder is cached, so a revoked token stops at once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from flask import current_app, g, request

from coworking import errors
from coworking.db import utcnow


class TokenHolder(NamedTuple):
    """What a token loader finds: the user, the token's id and when it was last used."""

    user: Any
    token_id: int
    last_used_at: datetime | None


TokenLoader = Callable[[str, datetime], TokenHolder | None]


class BearerAuth:
    """The registered token loader and last-use stamper (one pair per process, as for
    Flask-Login's login manager)."""

    def __init__(self) -> None:
        self.load: TokenLoader | None = None
        self.stamp: Callable[[int], None] | None = None

    def token_loader(self, function: TokenLoader) -> TokenLoader:
        """Register ``function(token, now)``: the holder of this unexpired token of an active
        user, or None."""
        self.load = function
        return function

    def last_used_stamper(self, function: Callable[[int], None]) -> Callable[[int], None]:
        """Register ``function(token_id)``: note that the token was used now."""
        self.stamp = function
        return function


bearer = BearerAuth()


def bearer_user():
    """The user of the request's ``Authorization: Bearer`` token, or raise 401. The token's id
    is kept as ``g.api_token_id``; its last use is stamped at most every few minutes."""
    if bearer.load is None:
        raise RuntimeError("No bearer token loader is registered (the accounts feature does it at app start).")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    now = utcnow()
    holder = bearer.load(token.strip(), now) if scheme.lower() == "bearer" else None
    if holder is None:
        raise errors.Unauthorized("A valid bearer token is required (POST /api/v1/tokens).")
    g.api_token_id = holder.token_id
    stale = now - timedelta(minutes=current_app.config["TOKEN_LAST_USED_MINUTES"])
    if bearer.stamp is not None and (holder.last_used_at is None or holder.last_used_at < stale):
        bearer.stamp(holder.token_id)
    return holder.user


def token_required(view):
    """API views: authenticate by bearer token and expose the user as ``g.user``."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        g.user = bearer_user()
        return view(*args, **kwargs)

    return wrapper
