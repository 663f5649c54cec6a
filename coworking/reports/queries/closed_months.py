"""Closed months: the snapshots of their figures stored with the monthly close, and a period
cut into those frozen months and the live spans around them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import JSON, column, select, table

from coworking.extensions import db
from coworking.reports.figures.snapshots import snapshot_period
from coworking.workspaces.models import Workspace

# The monthly close (``budget``) writes ``month_closes`` and, in ``report_snapshot``, the month's
# figures as ``figures.snapshots.snapshot`` made them. Reports read that table here as a plain
# table, not through budget's model: budget depends on reports (a close is a report), never the
# reverse.
# "closed" is ``budget.models.CLOSED``; a reopened month has state "reopened" and no snapshot.
MONTH_CLOSES = table(
    "month_closes",
    column("workspace_id"),
    column("year"),
    column("month"),
    column("state"),
    column("report_snapshot", JSON),
)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def snapshots(workspace_ids: list[int], first: date, last: date) -> dict[int, list[dict]]:
    """Snapshots of the closed months that lie wholly inside ``first``..``last``, per
    workspace, in date order."""
    low = _month_index(first) + (first.day != 1)
    high = _month_index(last) - ((last + timedelta(days=1)).day != 1)
    if low > high:
        return {}
    index = MONTH_CLOSES.c.year * 12 + MONTH_CLOSES.c.month - 1
    rows = db.session.execute(
        select(MONTH_CLOSES.c.workspace_id, MONTH_CLOSES.c.report_snapshot)
        .where(
            MONTH_CLOSES.c.workspace_id.in_(workspace_ids),
            MONTH_CLOSES.c.state == "closed",
            MONTH_CLOSES.c.report_snapshot.is_not(None),
            index.between(low, high),
        )
        .order_by(MONTH_CLOSES.c.workspace_id, index)
    )
    out: dict[int, list[dict]] = {}
    for workspace_id, data in rows:
        span = snapshot_period(data)
        if span is not None and first <= span[0] and span[1] <= last:
            out.setdefault(workspace_id, []).append(data)
    return out


@dataclass
class Plan:
    """One workspace's period cut into frozen parts (snapshots) and live spans."""

    workspace: Workspace
    parts: list  # snapshot dicts, and (first, last) spans to compute, in date order

    @property
    def live(self) -> list[tuple[date, date]]:
        return [part for part in self.parts if isinstance(part, tuple)]


def plan(workspace: Workspace, first: date, last: date, closed: list[dict]) -> Plan:
    """``first``..``last`` as the workspace's closed months (their snapshots, in date order) and
    the spans between them."""
    parts: list = []
    cursor = first
    for data in closed:
        start, end = snapshot_period(data)
        if start < cursor:  # pragma: no cover - months never overlap
            continue
        if cursor < start:
            parts.append((cursor, start - timedelta(days=1)))
        parts.append(data)
        cursor = end + timedelta(days=1)
    if cursor <= last:
        parts.append((cursor, last))
    return Plan(workspace, parts)
