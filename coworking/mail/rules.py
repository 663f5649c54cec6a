"""Pure rules of the outbox: when to try again, when to give up, what a Message-ID is."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(hours=24)


def next_attempt(failures: int, now: datetime) -> datetime:
    """After the ``failures``-th failed attempt: 1, 2, 4, 8 … minutes later, at most an hour."""
    wait = FIRST_RETRY * 2 ** min(max(failures - 1, 0), 12)
    return now + min(wait, LONGEST_WAIT)


def give_up_at(queued: datetime) -> datetime:
    """A message still not sent a day after it was queued (or retried by an admin) is marked
    failed, for admins to see."""
    return queued + GIVE_UP_AFTER


# 5xx answers about our login, not the message (RFC 4954): authentication required (530), too
# weak (534), credentials invalid (535), encryption required (538). The settings are wrong,
# for every message alike: they wait for an admin to fix them instead of failing for good.
LOGIN_REFUSED = frozenset({530, 534, 535, 538})


def is_permanent(smtp_code: int | None) -> bool:
    """A 5xx answer refuses the message for good (unknown mailbox, rejected content); 4xx,
    lost connections and a refused login are worth another try."""
    return smtp_code is not None and 500 <= smtp_code < 600 and smtp_code not in LOGIN_REFUSED


def new_message_id(domain: str) -> str:
    return f"<{secrets.token_hex(16)}@{domain}>"


def domain_of(address: str) -> str:
    """The domain of an address like "coworking <no-reply@desks.example.coop>"."""
    mailbox = address.rsplit("<", 1)[-1].rstrip(">").strip()
    return mailbox.rpartition("@")[2] or "localhost"
