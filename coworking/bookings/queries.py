"""Read side: a workspace's day, for every desk at once, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from coworking.accounts.models import User
from coworking.bookings.models import CONFIRMED, Booking
from coworking.bookings.services import _closures_between
from coworking.extensions import db
from coworking.workspaces.models import Desk, Workspace
from coworking.workspaces.rules import local_day_bounds

Interval = tuple[datetime, datetime]


@dataclass
class DeskDay:
    desk: Desk
    free: list[Interval] = field(default_factory=list)
    booked: list[tuple[datetime, datetime, bool]] = field(default_factory=list)  # (start, end, mine)


@dataclass
class DayAvailability:
    workspace: Workspace
    day: date
    open: list[Interval]
    closed: bool
    desks: list[DeskDay]


def subtract(spans: list[Interval], taken: list[Interval]) -> list[Interval]:
    """``spans`` minus ``taken`` (half-open intervals), in order."""
    out = []
    for start, end in spans:
        cursor = start
        for t_start, t_end in sorted(taken):
            if t_end <= cursor or t_start >= end:
                continue
            if t_start > cursor:
                out.append((cursor, t_start))
            cursor = max(cursor, t_end)
        if cursor < end:
            out.append((cursor, end))
    return out


def day_availability(user: User, workspace: Workspace, day: date) -> DayAvailability:
    schedule = workspace.schedule(_closures_between(workspace, day, day))
    open_spans = schedule.open_intervals(day)
    day_start, day_end = local_day_bounds(day, workspace.tz)
    desks = [
        d
        for d in db.session.scalars(select(Desk).where(Desk.workspace_id == workspace.id).order_by(Desk.code))
        if d.in_service_on(day)
    ]
    rows = db.session.execute(
        select(Booking.desk_id, Booking.starts_at, Booking.ends_at, Booking.member_id)
        .where(
            Booking.workspace_id == workspace.id,
            Booking.status == CONFIRMED,
            Booking.starts_at < day_end,
            Booking.ends_at > day_start,
        )
        .order_by(Booking.starts_at)
    ).all()
    by_desk: dict[int, list] = {}
    for desk_id, start, end, member_id in rows:
        by_desk.setdefault(desk_id, []).append((start, end, member_id == user.id))
    result = []
    for desk in desks:
        booked = by_desk.get(desk.id, [])
        result.append(DeskDay(desk, subtract(open_spans, [(s, e) for s, e, _ in booked]), booked))
    return DayAvailability(workspace, day, open_spans, schedule.closed_on(day), result)
