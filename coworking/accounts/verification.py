"""Proving a registered address: a signed link, mailed to it, valid EMAIL_VERIFY_HOURS, once."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from coworking import errors
from coworking.accounts.models import User
from coworking.errors import N_
from coworking.extensions import db


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="coworking-email-verify")


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.email.encode()).hexdigest()[:16]


def verification_token(user: User) -> str:
    """Names the user and the address to prove: if the address changes, the link dies."""
    return _serializer().dumps({"u": user.id, "e": _fingerprint(user)})


def verify(token: str) -> User:
    """Mark the address proven. Expired, forged, or already used links are refused alike.
    Only flushes."""
    refused = errors.ValidationFailed(N_("This confirmation link has expired or was already used."), field="token")
    try:
        data = _serializer().loads(token, max_age=current_app.config["EMAIL_VERIFY_HOURS"] * 3600)
    except BadSignature:  # includes SignatureExpired
        raise refused from None
    user_id = data.get("u") if isinstance(data, dict) else None
    user = db.session.get(User, user_id) if isinstance(user_id, int) and 0 < user_id < 2**31 else None
    if user is None or not user.active or user.email_verified:
        raise refused
    if not hmac.compare_digest(_fingerprint(user), str(data.get("e"))):
        raise refused
    user.email_verified = True
    db.session.flush()
    return user
