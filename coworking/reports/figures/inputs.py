"""What the figures are made from: desks and bookings as narrow rows, and each day's opening
hours as UTC instants; and when a cancellation counts as late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from coworking.reports.figures.periods import days_between
from coworking.workspaces.rules import Schedule, in_service

# Where a cancellation counts as late whatever the workspace's cut-off.
LATE_NOTICE = timedelta(hours=24)


@dataclass(frozen=True)
class DeskRow:
    id: int
    code: str
    kind: str
    zone: str
    service_from: date
    service_until: date | None
    # Its outages (inclusive ``(first, last)``, not overlapping) touching the days read.
    outages: tuple[tuple[date, date], ...] = ()

    def in_service_on(self, day: date) -> bool:
        return in_service(day, self.service_from, self.service_until, self.outages)

    def service_days(self, first: date, last: date) -> list[tuple[int, int]]:
        """The days of the period ``first``..``last`` on which the desk is in service, as
        inclusive runs of day indexes (0 = ``first``): its service period less its outages."""
        n = (last - first).days + 1
        start = max(0, (self.service_from - first).days)
        end = n - 1 if self.service_until is None else min(n - 1, (self.service_until - first).days)
        runs = []
        for o_first, o_last in sorted(self.outages):
            o_start, o_end = (o_first - first).days, (o_last - first).days
            if o_end < start or o_start > end:
                continue
            if o_start > start:
                runs.append((start, o_start - 1))
            start = max(start, o_end + 1)
        if start <= end:
            runs.append((start, end))
        return runs


class BookingRow(NamedTuple):
    """A booking as reports read it (a tuple: rows straight from SQL are cheap to make)."""

    id: int
    desk_id: int
    member_id: int
    starts_at: datetime  # aware UTC
    ends_at: datetime
    confirmed: bool
    created_at: datetime
    cancelled_at: datetime | None = None
    cancelled_by_id: int | None = None
    released_at: datetime | None = None  # set on a booking released for want of check-in
    checked_in_at: datetime | None = None

    @property
    def released(self) -> bool:
        return not self.confirmed and self.released_at is not None

    @property
    def counted_until(self) -> datetime:
        """Where the booking's time stops counting as booked: its end, or for a released
        booking the moment of its release (its time is free for others from then on)."""
        if self.released_at is not None and not self.confirmed:
            return max(self.starts_at, min(self.ends_at, self.released_at))
        return self.ends_at


@dataclass(frozen=True)
class DayOpen:
    """A local day's opening: its windows as UTC instants and their length in seconds."""

    day: date
    intervals: tuple[tuple[datetime, datetime], ...]
    seconds: int


def plan_days(schedule: Schedule, first: date, last: date) -> dict[date, DayOpen]:
    """Each day's opening hours (none on closure days), as elapsed time: a window across a
    clock change is an hour shorter or longer than its wall-clock length."""
    out = {}
    for day in days_between(first, last):
        intervals = tuple(schedule.open_intervals(day))
        out[day] = DayOpen(day, intervals, sum(int((b - a).total_seconds()) for a, b in intervals))
    return out


def is_late_cancellation(booking: BookingRow, cutoff_minutes: int) -> bool:
    """Cancelled by the member themselves after the workspace's cut-off, or less than 24 hours
    before the start. Cancellations by a manager (or by a closure) are never late."""
    if booking.confirmed or booking.cancelled_at is None:
        return False
    if booking.cancelled_by_id is not None and booking.cancelled_by_id != booking.member_id:
        return False
    notice = booking.starts_at - booking.cancelled_at
    return notice < max(timedelta(minutes=cutoff_minutes), LATE_NOTICE)
