"""The budget's audit trail: who changed a plan, entered or imported costs, closed or reopened
a month, with the values before and after and the reason given.

Each row names the acting user by id and email; the command line acts as ``CLI_ACTOR``."""

from __future__ import annotations

from datetime import datetime

from coworking import errors
from coworking.accounts.models import User
from coworking.budget.models import BudgetAudit
from coworking.extensions import db

CLI_ACTOR = "command line"
MAX_REASON = 2000


def actor(user: User | None) -> tuple[int | None, str]:
    """The acting user's id and email; the command line has no user."""
    return (user.id, user.email) if user is not None else (None, CLI_ACTOR)


def record(
    user: User | None,
    workspace_id: int,
    year: int,
    action: str,
    *,
    month: int | None = None,
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
    now: datetime,
) -> None:
    """Add one audit row (flushed with the rest of the use case)."""
    user_id, email = actor(user)
    db.session.add(
        BudgetAudit(
            workspace_id=workspace_id,
            year=year,
            month=month,
            action=action,
            reason=reason,
            before=before,
            after=after,
            user_id=user_id,
            user_email=email,
            at=now,
        )
    )


def reason(value) -> str:
    """The reason a form or a client gave, trimmed ("" when none); refused over ``MAX_REASON``."""
    text = (value or "").strip() if isinstance(value, str) else ""
    if len(text) > MAX_REASON:
        raise errors.ValidationFailed(f"The reason is longer than {MAX_REASON} characters.", field="reason")
    return text
