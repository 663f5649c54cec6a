"""Actual costs (admins): one month entered by category, or the accounting export imported as
a CSV file (read by ``budget.costs_csv``). A closed month's costs are locked until it is
reopened; every entry and import is recorded in the budget's audit trail."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from coworking import errors
from coworking.accounts.models import User
from coworking.budget import rules, trail
from coworking.budget.access import require_admin
from coworking.budget.costs_csv import parse_costs
from coworking.budget.models import CLOSED, ActualCost, MonthClose
from coworking.extensions import db
from coworking.workspaces.models import Workspace
from coworking.workspaces.services import get_workspace


def _closed_months(workspace_id: int, year: int | None = None) -> set[tuple[int, int]]:
    """The workspace's closed months as (year, month) pairs, of ``year`` or of every year."""
    query = select(MonthClose.year, MonthClose.month).where(
        MonthClose.workspace_id == workspace_id, MonthClose.state == CLOSED
    )
    if year is not None:
        query = query.where(MonthClose.year == year)
    return {(y, m) for y, m in db.session.execute(query)}


def _store_costs(workspace: Workspace, amounts: dict[tuple[int, int, str], Decimal], user, now) -> None:
    """Replace the stored amount of each (year, month, category) of ``amounts``."""
    existing = {}
    years = {y for y, _, _ in amounts}
    if years:
        for row in db.session.scalars(
            select(ActualCost).where(ActualCost.workspace_id == workspace.id, ActualCost.year.in_(years))
        ):
            existing[(row.year, row.month, row.category)] = row
    for (year, month, category), amount in amounts.items():
        row = existing.get((year, month, category))
        if row is None:
            row = ActualCost(workspace_id=workspace.id, year=year, month=month, category=category, amount=amount)
            db.session.add(row)
        row.amount = amount
        row.updated_at = now
        row.updated_by_id = user.id if user else None


def set_costs(user: User, slug: str, month_text: str, amounts: dict[str, object], now: datetime) -> None:
    """Enter one month's actual costs by category (admins); a closed month is locked."""
    require_admin(user, "enter actual costs")
    workspace = get_workspace(slug)
    year, month = rules.parse_month(month_text)
    if (year, month) in _closed_months(workspace.id, year):
        raise errors.MonthClosed(f"{rules.month_key(year, month)} is closed for {workspace.name}; reopen it first.")
    values = {}
    for category, raw in amounts.items():
        if category not in rules.COST_CATEGORIES:
            raise errors.ValidationFailed(f"Unknown cost category {category!r}.", field="category")
        if raw is None or raw == "":
            continue
        values[(year, month, category)] = rules.parse_money(raw, category)
    _store_costs(workspace, values, user, now)
    trail.record(
        user,
        workspace.id,
        year,
        "costs_entered",
        month=month,
        after={c: str(v) for (_, _, c), v in values.items()},
        now=now,
    )
    db.session.flush()


def import_costs(user: User, slug: str, text: str, now: datetime) -> int:
    """Import actual costs from the accounting export (admins): a CSV with the header
    ``month,category,amount`` (and optionally ``workspace``, which must be this one); amounts
    of rows with the same month and category are added up and replace what was stored for
    that month and category. Any error refuses the whole file, with the line numbers
    (``costs_csv.parse_costs``). Returns the number of rows read."""
    require_admin(user, "import actual costs")
    workspace = get_workspace(slug)
    read = parse_costs(text, workspace.slug, _closed_months(workspace.id))
    _store_costs(workspace, read.amounts, user, now)
    for year in sorted({y for y, _, _ in read.amounts}):
        trail.record(
            user,
            workspace.id,
            year,
            "costs_imported",
            after={
                f"{rules.month_key(y, m)} {c}": str(v) for (y, m, c), v in sorted(read.amounts.items()) if y == year
            },
            now=now,
        )
    db.session.flush()
    return read.rows
