"""Changing a workspace's plan for a year (admins): the planned costs and income, the target
occupancy, the planned desks and the desk-day price, and the approval.

Once a line is approved every change needs a reason and is recorded in the budget's audit
trail, as is the approval itself (``budget.trail``)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from coworking import errors
from coworking.accounts.models import User
from coworking.budget import rules, trail
from coworking.budget.access import require_admin
from coworking.budget.models import BudgetLine
from coworking.extensions import db
from coworking.workspaces.services import get_workspace


def save_plan(user: User, slug: str, year: int, data: dict, now: datetime) -> tuple[BudgetLine, bool]:
    """Create or replace a workspace's plan for ``year`` (admins). Returns (line, created).

    ``data``: ``costs`` and ``income`` (category → amount; missing categories are 0),
    ``target_occupancy`` (0..1), ``planned_desks``, ``desk_day_price``, ``approved`` and
    ``approved_on``, ``reason``. Once a line is approved every change needs a reason and is
    recorded in the audit trail (as is the approval itself)."""
    require_admin(user, "change budget plans")
    rules.check_year(year)
    workspace = get_workspace(slug)
    costs = data.get("costs") or {}
    income = data.get("income") or {}
    unknown = (set(costs) - set(rules.COST_CATEGORIES)) | (set(income) - set(rules.INCOME_CATEGORIES))
    if unknown:
        raise errors.ValidationFailed(f"Unknown categories: {', '.join(sorted(unknown))}.", field="costs")
    values: dict = {c: rules.parse_money(costs.get(c, "0"), c) for c in rules.COST_CATEGORIES}
    values.update({c: rules.parse_money(income.get(c, "0"), c) for c in rules.INCOME_CATEGORIES})
    target = Decimal(str(data.get("target_occupancy", "0")))
    if not Decimal("0") <= target <= Decimal("1") or target != target.quantize(Decimal("0.0001")):
        raise errors.ValidationFailed(
            "target_occupancy must be a share from 0 to 1 with at most 4 decimals (0.75 = 75 %).",
            field="target_occupancy",
        )
    desks = data.get("planned_desks", 0)
    if not isinstance(desks, int) or isinstance(desks, bool) or not 0 <= desks <= 10_000:
        raise errors.ValidationFailed("planned_desks must be a whole number from 0 to 10000.", field="planned_desks")
    price = data.get("desk_day_price")
    values.update(
        target_occupancy=target,
        planned_desks=desks,
        desk_day_price=rules.parse_money(price, "desk_day_price")
        if price is not None
        else (workspace.price_per_desk_day or Decimal("0.00")),
    )
    if values["desk_day_price"] < 0 or any(values[c] < 0 for c in (*rules.COST_CATEGORIES, *rules.INCOME_CATEGORIES)):
        raise errors.ValidationFailed("Planned amounts and the price may not be negative.", field="costs")
    approved = bool(data.get("approved", False))
    approved_on = data.get("approved_on")
    if approved and approved_on is None:
        approved_on = now.astimezone(workspace.tz).date()
    values.update(approved=approved, approved_on=approved_on if approved else None)
    reason = trail.reason(data.get("reason"))

    line = db.session.scalar(select(BudgetLine).where(BudgetLine.workspace_id == workspace.id, BudgetLine.year == year))
    created = line is None
    if created:
        line = BudgetLine(workspace_id=workspace.id, year=year, currency=workspace.currency)
        db.session.add(line)
        before = None
        was_approved = False
    else:
        before = line.plan_values()
        was_approved = line.approved
    if was_approved and not reason:
        raise errors.ValidationFailed(
            "This budget line is approved: give a reason for the change.", field="reason", reason="missing"
        )
    for key, value in values.items():
        setattr(line, key, value)
    line.updated_at = now
    db.session.flush()
    after = line.plan_values()
    if was_approved and after != before:
        trail.record(user, workspace.id, year, "plan_changed", reason=reason, before=before, after=after, now=now)
    elif approved and not was_approved:
        trail.record(user, workspace.id, year, "approved", reason=reason, before=before, after=after, now=now)
    return line, created
