"""A member's own usage across the workspaces they booked, each in its local dates: the same
figures as the workspaces' reports give for that member, closed months included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from coworking.accounts.models import User
from coworking.bookings.models import Booking
from coworking.extensions import db
from coworking.reports.figures import compute
from coworking.reports.figures.inputs import BookingRow, DeskRow
from coworking.reports.figures.periods import check_period
from coworking.reports.figures.results import Usage
from coworking.reports.figures.snapshots import snapshot_member_usage
from coworking.reports.queries import closed_months
from coworking.reports.queries.rows import BOOKING_COLUMNS, desk_row, in_period, outages_of
from coworking.workspaces.models import Desk, Workspace

# Wider than any UTC offset (−12 h to +14 h): narrows a query over several time zones in SQL;
# the figures then count by each workspace's local dates.
MARGIN = timedelta(hours=15)


@dataclass
class MyUsage:
    rows: list[tuple[Workspace, Usage]]
    total: Usage


def _utc_span(first: date, last: date) -> tuple[datetime, datetime]:
    """UTC instants certainly before and after the local dates in any time zone."""
    start = datetime(first.year, first.month, first.day, tzinfo=UTC) - MARGIN
    end = datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1) + MARGIN
    return start, end


def member_usage(user: User, first: date, last: date) -> MyUsage:
    """``user``'s own usage per workspace, each in its local dates ``first``..``last``; closed
    months from their snapshots, like ``report_for``."""
    check_period(first, last)
    start, end = _utc_span(first, last)
    rows = db.session.execute(
        select(
            Booking.workspace_id,
            *BOOKING_COLUMNS,
            Desk.code,
            Desk.kind,
            Desk.zone,
            Desk.in_service_from,
            Desk.in_service_until,
        )
        .join(Desk, Desk.id == Booking.desk_id)
        .where(Booking.member_id == user.id, in_period(start, end))
    ).all()
    by_workspace: dict[int, list[tuple[BookingRow, DeskRow]]] = {}
    # The outages of the desks booked (one statement): a desk's day out of service counts as
    # in the workspace's own figures.
    outages = outages_of(sorted({row[2] for row in rows}), first, last)  # row: workspace, id, desk_id…
    for ws_id, *columns in rows:
        n = len(BOOKING_COLUMNS)
        booking = BookingRow(*columns[:n])
        desk = desk_row(booking.desk_id, *columns[n:], outages.get(booking.desk_id, ()))
        by_workspace.setdefault(ws_id, []).append((booking, desk))
    workspaces = db.session.scalars(
        select(Workspace)
        .where(Workspace.id.in_(list(by_workspace)))
        .options(selectinload(Workspace.opening_hours), selectinload(Workspace.closures))
        .order_by(Workspace.name)
    ).all()
    # Closed months count as their close froze them, as in the workspace's own reports.
    closed = closed_months.snapshots([w.id for w in workspaces], first, last)
    out, total = [], Usage()
    for workspace in workspaces:
        schedule, mine = workspace.schedule(), by_workspace[workspace.id]
        usage = Usage()
        booked_days = _local_days(mine, workspace.tz)
        for part in closed_months.plan(workspace, first, last, closed.get(workspace.id, [])).parts:
            if isinstance(part, tuple):
                # Only the days the member's bookings touch: the rest adds nothing, and a
                # five-year span would otherwise plan every day of every workspace visited.
                span = _booked_span(part, booked_days)
                if span is not None:
                    usage.add(compute.member_usage(schedule, mine, *span, workspace.cancel_cutoff_minutes))
            else:
                usage.add(snapshot_member_usage(part, user.id))
        if usage.bookings or usage.booked or usage.cancellations:
            out.append((workspace, usage))
            total.add(usage)
    return MyUsage(out, total)


def _local_days(bookings: list[tuple[BookingRow, DeskRow]], tz) -> list[tuple[date, date]]:
    """The local dates each booking touches (its start's and its end's)."""
    return [(b.starts_at.astimezone(tz).date(), b.ends_at.astimezone(tz).date()) for b, _ in bookings]


def _booked_span(part: tuple[date, date], booked: list[tuple[date, date]]) -> tuple[date, date] | None:
    """The smallest span inside ``part`` holding every day a booking touches there; None if
    no booking touches ``part``."""
    inside = [(max(a, part[0]), min(b, part[1])) for a, b in booked if a <= part[1] and b >= part[0]]
    if not inside:
        return None
    return min(a for a, _ in inside), max(b for _, b in inside)
