"""Today's board of a workspace (its managers, admins): who is at which desk now, what is
booked later today, what is free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from coworking.accounts.models import User
from coworking.bookings import checkin_rules
from coworking.bookings.models import Booking
from coworking.extensions import db
from coworking.reports.access import managed_workspace
from coworking.reports.figures.inputs import DeskRow
from coworking.reports.queries.rows import desks_by_workspace
from coworking.workspaces.models import Workspace
from coworking.workspaces.rules import local_day_bounds


@dataclass
class TodayBooking:
    start: datetime
    end: datetime
    member_name: str
    member_id: int
    checked_in: bool = False


@dataclass
class TodayDesk:
    desk: DeskRow
    now: TodayBooking | None
    later: list[TodayBooking]
    earlier: list[TodayBooking]


@dataclass
class Today:
    workspace: Workspace
    day: date
    now: datetime
    open: list[tuple[datetime, datetime]]
    closed: bool
    open_now: bool
    desks: list[TodayDesk]

    @property
    def booked_now(self) -> int:
        return sum(1 for d in self.desks if d.now)

    @property
    def free_now(self) -> list[TodayDesk]:
        return [d for d in self.desks if d.now is None] if self.open_now else []

    @property
    def later_count(self) -> int:
        return sum(len(d.later) for d in self.desks)

    @property
    def open_later(self) -> bool:
        """Open now or later today."""
        return any(end > self.now for _start, end in self.open)

    @property
    def free_rest_of_day(self) -> list[TodayDesk]:
        """Desks with nothing booked from now to closing (none once the day's hours are over)."""
        if not self.open_later:
            return []
        return [d for d in self.desks if d.now is None and not d.later]

    @property
    def bookings_today(self) -> int:
        return sum(len(d.earlier) + len(d.later) + (1 if d.now else 0) for d in self.desks)


def today(user: User, slug: str, now: datetime) -> Today:
    """The workspace's local today at ``now``: who is at which desk, what is booked later, what is free."""
    workspace = managed_workspace(user, slug)
    day = now.astimezone(workspace.tz).date()
    schedule = workspace.schedule()
    start, end = local_day_bounds(day, workspace.tz)
    desks = [d for d in desks_by_workspace([workspace.id], day, day).get(workspace.id, []) if d.in_service_on(day)]
    rows = db.session.execute(
        select(Booking.desk_id, Booking.starts_at, Booking.ends_at, User.name, User.id, Booking.checked_in_at)
        .join(User, User.id == Booking.member_id)
        .where(Booking.confirmed_at(workspace.id, start, end))
        .order_by(Booking.starts_at)
    ).all()
    by_desk: dict[int, list[TodayBooking]] = {}
    policy = workspace.policy
    for desk_id, b_start, b_end, name, member_id, checked_in_at in rows:
        # A no-show holds the desk only until the grace's end, released or not yet (as the
        # members' day page shows it): the board then shows the desk free.
        held_until = checkin_rules.free_from(b_start, b_end, checked_in_at is not None, now, policy)
        by_desk.setdefault(desk_id, []).append(
            TodayBooking(b_start, held_until, name, member_id, checked_in_at is not None)
        )
    out = []
    for desk in desks:
        items = by_desk.get(desk.id, [])
        current = next((b for b in items if b.start <= now < b.end), None)
        later = [b for b in items if b.start > now]
        earlier = [b for b in items if b.end <= now]
        out.append(TodayDesk(desk, current, later, earlier))
    intervals = schedule.open_intervals(day)
    open_now = any(a <= now < b for a, b in intervals)
    return Today(workspace, day, now, intervals, schedule.closed_on(day), open_now, out)
