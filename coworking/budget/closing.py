"""What closing a month will do, before it does it: the workspaces whose figures it will
freeze, those already closed, and those that have no actual costs for that month yet.

``services.close_month`` closes exactly the workspaces this plan names, and the close step of
the web page shows the same plan for the admin to confirm, so the two cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from coworking import errors
from coworking.budget import rules
from coworking.budget.models import CLOSED, ActualCost, MonthClose
from coworking.extensions import db
from coworking.workspaces.models import Workspace


@dataclass(frozen=True)
class ClosePlan:
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
