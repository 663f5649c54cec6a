"""Pure rules for calendar feeds: the secret in a feed URL, and which bookings a feed holds."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


def feed_token(secret_key: str, user_id: int, user_secret: str, scope: str) -> str:
    """``<user id>.<HMAC>``: 160 bits of HMAC-SHA256 of the member's random value under the app's
    key, for one scope ("member" or "workspace:<id>"). Neither the database (no key) nor the
    key alone (no per-member value) gives a working URL; a new member value rotates them all."""
    message = f"coworking-calendar:{scope}:{user_id}:{user_secret}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()[:20]
    return f"{user_id}.{base64.urlsafe_b64encode(digest).decode().rstrip('=')}"


def token_user_id(token: str) -> int | None:
    head, _, _ = (token or "").partition(".")
    return int(head) if head.isdigit() and len(head) < 12 else None


def token_matches(token: str, expected: str) -> bool:
    return hmac.compare_digest(token.encode(), expected.encode())


@dataclass(frozen=True)
class FeedWindow:
    """Bookings starting from ``past`` to ``future``; cancelled ones only until ``cancelled_since``
    has passed their cancellation."""

    past: datetime
    future: datetime
    cancelled_since: datetime

    @classmethod
    def around(cls, now: datetime, past_days: int, future_days: int, cancelled_days: int) -> FeedWindow:
        return cls(
            now - timedelta(days=past_days), now + timedelta(days=future_days), now - timedelta(days=cancelled_days)
        )


# Bump whenever the bytes a feed renders for the same data change (layout, properties, texts
# outside the catalogs, the VTIMEZONE construction): every client then fetches the new form.
FEED_FORMAT = "3"


def feed_validator(parts: Iterable) -> str:
    """A strong ETag from everything a feed's bytes depend on (see views._feed_parts): the
    feed's identity and language, and the aggregate state of its bookings."""
    digest = hashlib.sha256(FEED_FORMAT.encode())
    for part in parts:
        digest.update(b"\x1f" + repr(part).encode())
    return digest.hexdigest()[:32]
