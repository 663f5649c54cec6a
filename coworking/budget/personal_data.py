"""What the budget trail holds about a member: the email and the reasons of whoever acted.

Connected at app start (``init_app``): when a member is erased, their rows of the trail keep
the action but take the anonymous email, and lose the reasons they wrote."""

from __future__ import annotations

from sqlalchemy import update

from coworking.accounts import hooks
from coworking.accounts.erasure import erased_email
from coworking.budget.models import BudgetAudit
from coworking.extensions import db


def blank_budget_trail(user_id: int, **_erasure) -> None:
    """``member_erased`` receiver: the member's budget trail rows lose their email and reasons."""
    db.session.execute(
        update(BudgetAudit).where(BudgetAudit.user_id == user_id).values(user_email=erased_email(user_id), reason="")
    )


def init_app(_app) -> None:
    hooks.member_erased.connect(blank_budget_trail)
