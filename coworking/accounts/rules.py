"""Pure rules about accounts."""

from __future__ import annotations

import re

from coworking.errors import DomainError, ValidationFailed

ROLES = ("member", "manager", "admin")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(value: str) -> str:
    """One spelling per mailbox: trimmed and lower-cased, so lookups and uniqueness agree."""
    email = (value or "").strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise ValidationFailed(f"{value!r} is not an email address.")
    return email


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationFailed(f"role must be one of {', '.join(ROLES)}.")
    return role


class EmailNotVerified(DomainError):
    """A self-registered member who has not yet followed the link mailed to their address."""

    code = "email_not_verified"
    status = 403
    title = "Confirm your email address before booking"


def check_can_book(user) -> None:
    """Only members whose address is proven book (admins, imports and the CLI make verified users)."""
    if not user.email_verified:
        raise EmailNotVerified(
            "Confirm your email address first: follow the link we mailed you (your profile page can send a new one)."
        )


def asks_home_workspace(has_home: bool, asked_at) -> bool:
    """Whether to show a member, right after logging in, the welcome page (language, where they
    usually work, mails): only when they have no home workspace and were never asked (once; the
    profile page changes each choice later)."""
    return not has_home and asked_at is None


def first_name(name: str) -> str:
    """What other members see of a visible member's name: its first word ("Ana Peeters" →
    "Ana"); a name of one word is shown whole."""
    words = (name or "").split()
    return words[0] if words else ""
