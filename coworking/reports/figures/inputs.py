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

    def in_service_on(self, day: date) -> bool:
        return in_service(day, self.service_from, self.service_until)


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
