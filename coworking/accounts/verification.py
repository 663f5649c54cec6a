"""Proving a registered address: a signed link, mailed to it, valid EMAIL_VERIFY_HOURS, once."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from coworking import errors, mail
from coworking.accounts.models import User
from coworking.errors import N_
from coworking.extensions import db
from coworking.i18n import locale_for


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


def send_verification_mail(user: User, fallback_locale: str) -> None:
    """Mail the link (built from BASE_URL, never from the request), in the member's language."""
    link = mail.external_url("accounts.verify_email", token=verification_token(user))
    hours = current_app.config["EMAIL_VERIFY_HOURS"]
    with force_locale(locale_for(user.language) if user.language else fallback_locale):
        subject = _("Confirm your address for coworking")
        body = _("Welcome to coworking. You can log in now; to book a desk, first confirm this address.")
        body += "\n\n"
        body += ngettext(
            "Open this link within %(num)d hour to confirm it. It works once.",
            "Open this link within %(num)d hours to confirm it. It works once.",
            hours,
        )
        body += "\n\n" + link + "\n\n"
        body += _("If you did not create this account, ignore this mail.")
    mail.send(user.email, subject, body)
