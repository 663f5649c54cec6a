"""Who may act on the budget: the checks its use cases share, in one place."""

from __future__ import annotations

from coworking import errors
from coworking.accounts.models import User


def require_admin(user: User | None, what: str) -> None:
    """Refuse (``forbidden``, 403) anyone but an admin; ``what`` completes "Only admins …"."""
    if user is None or not user.is_admin:
        raise errors.Forbidden(f"Only admins {what}.")
