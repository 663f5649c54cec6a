"""The monthly close (admins; the command line too): freeze a finished month's occupancy
figures and income for every workspace, and reopen one workspace's month to correct it.

``plan_close`` says what a close will do before it does it; ``close_month`` closes exactly the
workspaces that plan names, and the close step of the web page shows the same plan for the
admin to confirm, so the two cannot disagree. From a close on, reports read the month from its
frozen row (docs/figures.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from coworking import errors
from coworking.accounts.models import User
from coworking.budget import rules, trail
from coworking.budget.access import require_admin
from coworking.budget.models import CLOSED, REOPENED, ActualCost, MonthClose
from coworking.extensions import db
from coworking.reports import queries as report_queries
from coworking.reports import rules as figure_rules
from coworking.workspaces.models import Workspace
from coworking.workspaces.services import get_workspace

FROZEN = (
    "capacity_seconds",
    "booked_seconds",
    "open_seconds",
    "occupancy",
    "desk_days",
    "members",
    "visiting_members",
    "cancellations",
    "desk_day_price",
    "income",
)


@dataclass(frozen=True)
class ClosePlan:
    """What closing a month will do: the workspaces whose figures it will freeze, those already
    closed, and those that have no actual costs for that month yet."""

    year: int
    month: int
    todo: list[Workspace]  # closed by the close, by name
    already_closed: list[Workspace]
    without_costs: list[Workspace]  # among ``todo``: no actual cost entered for the month
    existing: dict[int, MonthClose]  # workspace id → its close row (closed or reopened)

    @property
    def key(self) -> str:
        return rules.month_key(self.year, self.month)


def plan_close(month_text: str, now: datetime) -> ClosePlan:
    """The close of ``month_text`` (YYYY-MM) as it would run at ``now``.

    Refused for the current or a future month in any workspace's local time
    (``month_not_finished``), and when every workspace has already closed it
    (``month_closed``); workspaces not closed yet (new ones, reopened ones) are to be closed."""
    year, month = rules.parse_month(month_text)
    key = rules.month_key(year, month)
    workspaces = db.session.scalars(
        select(Workspace)
        .options(selectinload(Workspace.opening_hours), selectinload(Workspace.closures))
        .order_by(Workspace.name)
    ).all()
    running = [w.slug for w in workspaces if not rules.month_finished(year, month, now.astimezone(w.tz).date())]
    if not workspaces and not rules.month_finished(year, month, now.date()):
        running = ["-"]
    if running:
        raise errors.MonthNotFinished(
            f"{key} is not over yet (local time) in: {', '.join(running)}.", month=key, workspaces=running
        )
    existing = {
        c.workspace_id: c
        for c in db.session.scalars(select(MonthClose).where(MonthClose.year == year, MonthClose.month == month))
    }
    todo = [w for w in workspaces if existing.get(w.id) is None or existing[w.id].state != CLOSED]
    if workspaces and not todo:
        raise errors.MonthClosed(f"{key} is already closed for every workspace.", month=key)
    with_costs = set(
        db.session.scalars(
            select(ActualCost.workspace_id).where(ActualCost.year == year, ActualCost.month == month).distinct()
        )
    )
    return ClosePlan(
        year=year,
        month=month,
        todo=list(todo),
        already_closed=[w for w in workspaces if w not in todo],
        without_costs=[w for w in todo if w.id not in with_costs],
        existing=existing,
    )


def frozen_values(report: report_queries.WorkspaceReport, price: Decimal) -> dict:
    """The month's figures as a close stores them (the columns ``FROZEN`` names)."""
    figures = report.figures
    totals = figures.totals
    counted = report.member_count()
    return {
        "capacity_seconds": totals.capacity,
        "booked_seconds": totals.booked,
        "open_seconds": sum(day.open_seconds for day in figures.days),
        "occupancy": rules.decimal_places(totals.occupancy, 8),
        "desk_days": rules.decimal_places(totals.desk_days, 6),
        "members": counted.members,
        "visiting_members": counted.visiting,
        "cancellations": figures.cancellations,
        "desk_day_price": price,
        "income": rules.income_for(totals.desk_days, price),
    }


def _as_json(values: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def preview_close(user: User, month_text: str, now: datetime) -> ClosePlan:
    """What ``close_month`` would freeze now (admins): the close step shows it to confirm."""
    require_admin(user, "close months")
    return plan_close(month_text, now)


def close_month(user: User | None, month_text: str, now: datetime) -> list[MonthClose]:
    """Close a finished month for every workspace (admins; ``user`` None: the command line):
    the workspaces ``plan_close`` names (refusals are documented there)."""
    if user is not None:
        require_admin(user, "close months")
    plan = plan_close(month_text, now)
    year, month, closes = plan.year, plan.month, plan.existing
    first, last = rules.month_bounds(year, month)
    done = []
    for workspace in plan.todo:
        report = report_queries.report_for(workspace, first, last)
        values = frozen_values(report, workspace.price_per_desk_day or Decimal("0.00"))
        close = closes.get(workspace.id)
        if close is None:
            close = MonthClose(workspace_id=workspace.id, year=year, month=month)
            db.session.add(close)
        for name, value in values.items():
            setattr(close, name, value)
        close.currency = workspace.currency
        # Reports read the closed month from here from now on (docs/figures.md).
        close.report_snapshot = figure_rules.snapshot(report.figures)
        close.state = CLOSED
        close.closed_at = now
        close.closed_by_id = user.id if user else None
        close.workspace = workspace
        trail.record(user, workspace.id, year, "month_closed", month=month, after=_as_json(values), now=now)
        done.append(close)
    db.session.flush()
    return done


def reopen_month(user: User, slug: str, month_text: str, reason: str | None, now: datetime) -> MonthClose:
    """Reopen a workspace's closed month (admins, with a reason, recorded)."""
    require_admin(user, "reopen months")
    workspace = get_workspace(slug)
    year, month = rules.parse_month(month_text)
    reason = trail.reason(reason)
    if not reason:
        raise errors.ValidationFailed("Give a reason for reopening the month.", field="reason", reason="missing")
    close = db.session.scalar(
        select(MonthClose).where(
            MonthClose.workspace_id == workspace.id, MonthClose.year == year, MonthClose.month == month
        )
    )
    if close is None or close.state != CLOSED:
        raise errors.Conflict(f"{rules.month_key(year, month)} is not closed for {workspace.name}.")
    before = _as_json({name: getattr(close, name) for name in FROZEN})
    close.state = REOPENED
    close.reopened_at = now
    close.reopened_by_id = user.id
    close.reopen_reason = reason
    close.report_snapshot = None  # live figures again, until the next close
    trail.record(user, workspace.id, year, "month_reopened", month=month, reason=reason, before=before, now=now)
    db.session.flush()
    return close
