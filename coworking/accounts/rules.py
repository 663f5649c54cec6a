"""Pure rules about accounts."""

from __future__ import annotations

import re

from coworking.errors import ValidationFailed

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
