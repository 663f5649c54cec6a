"""Pure rules about a workspace's time: local time resolution, opening hours, closures.

No Flask, no database: these take plain values and are used by every entry point.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from coworking.dates import FIRST_DATE, LAST_DATE
from coworking.errors import (
    AmbiguousLocalTime,
    ClosureOver,
    NonexistentLocalTime,
    OutageOver,
    OutageOverlaps,
    PastIsKept,
    ValidationFailed,
)

DESK_KINDS = ("hot_desk", "fixed_desk", "meeting_room", "phone_booth")


def to_utc(value: datetime, tz: ZoneInfo) -> datetime:
    """Resolve an instant. Aware values are taken as given; a naive value is wall-clock time in
    ``tz`` and must name exactly one instant: a time skipped by a spring-forward change is
    ``nonexistent_local_time``, a time repeated by a fall-back change ``ambiguous_local_time``."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        return value.astimezone(UTC)
    first = value.replace(tzinfo=tz, fold=0)
    second = value.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        # Either the wall time is repeated (both folds round-trip) or it is skipped (neither
        # does). Round-tripping through UTC tells which.
        if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != value:
            raise NonexistentLocalTime(f"{value:%Y-%m-%d %H:%M} does not exist in {tz.key}.")
        raise AmbiguousLocalTime(
            f"{value:%Y-%m-%d %H:%M} happens twice in {tz.key}; add a UTC offset, e.g. "
            f"{first.isoformat()} or {second.isoformat()}."
        )
    return first.astimezone(UTC)


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants of local midnight on ``day`` and on the next day (23–25 h apart)."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def parse_hhmm(value: str) -> time:
    try:
        hours, minutes = value.split(":")
        if len(hours) != 2 or len(minutes) != 2:
            raise ValueError
        return time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        raise ValidationFailed(f"{value!r} is not a time of day as HH:MM.") from None


@dataclass(frozen=True)
class Window:
    weekday: int  # 0 = Monday
    opens: time
    closes: time


def validate_windows(windows: list[Window], slot_minutes: int | None = None) -> list[Window]:
    """Opening windows: weekday 0–6, open before close on the same day, on the slot grid (when
    given), no overlaps. Windows that touch (09–12 and 12–18) are merged into one, so a booking
    may run across the seam."""
    by_day: dict[int, list[Window]] = {}
    for w in windows:
        if not 0 <= w.weekday <= 6:
            raise ValidationFailed(f"weekday must be 0 (Monday) to 6 (Sunday), got {w.weekday}.")
        if w.opens >= w.closes:
            raise ValidationFailed(f"On weekday {w.weekday}, opening {w.opens:%H:%M} is not before {w.closes:%H:%M}.")
        if slot_minutes:
            for t in (w.opens, w.closes):
                if (t.hour * 60 + t.minute) % slot_minutes:
                    raise ValidationFailed(f"{t:%H:%M} is not on the {slot_minutes}-minute slot grid.")
        by_day.setdefault(w.weekday, []).append(w)
    merged: list[Window] = []
    for day in sorted(by_day):
        items = sorted(by_day[day], key=lambda w: w.opens)
        for a, b in pairwise(items):
            if b.opens < a.closes:
                raise ValidationFailed(f"Opening windows on weekday {day} overlap.")
        for w in items:
            if merged and merged[-1].weekday == day and merged[-1].closes == w.opens:
                merged[-1] = Window(day, merged[-1].opens, w.closes)
            else:
                merged.append(w)
    return merged


def in_service(
    day: date, service_from: date, service_until: date | None, outages: Iterable[tuple[date, date]] = ()
) -> bool:
    """Whether a desk in service from ``service_from`` until ``service_until`` (inclusive,
    None = open-ended) and out of service on its ``outages`` (repair windows, inclusive
    ``(first, last)`` pairs) counts on ``day``. The one definition, for rules, pages and figures:
    a desk on an outage day cannot be booked and has no capacity that day."""
    if day < service_from or (service_until is not None and day > service_until):
        return False
    return not any(first <= day <= last for first, last in outages)


def outage_on(day: date, outages: Iterable[tuple[date, date]]) -> tuple[date, date] | None:
    """The outage (inclusive ``(first, last)``) that covers ``day``, if any."""
    return next(((first, last) for first, last in outages if first <= day <= last), None)


MAX_OUTAGE_DAYS = 366


def check_outage(first: date, last: date, today: date, others: Iterable[tuple[date, date]]) -> None:
    """A new outage of a desk: first ≤ last, not before ``today`` (past days keep the capacity
    they had), at most MAX_OUTAGE_DAYS long (longer: end the desk's service period), and
    overlapping none of the desk's ``others`` (refused, not merged: each outage keeps its own
    reason, and lifting one never lifts another's days)."""
    if last < first:
        raise ValidationFailed("last_day is before first_day.", errors={"last_day": ["Before the first day."]})
    if first < today:
        raise PastIsKept("An outage cannot start in the past.")
    if (last - first).days >= MAX_OUTAGE_DAYS:
        raise ValidationFailed(
            f"An outage may last at most {MAX_OUTAGE_DAYS} days; end the desk's service period instead.",
            errors={"last_day": ["Too long."]},
        )
    for o_first, o_last in others:
        if o_first <= last and first <= o_last:
            raise OutageOverlaps(
                f"The desk is already out of service from {o_first.isoformat()} to {o_last.isoformat()}."
            )


def lifted_outage(first: date, last: date, today: date) -> tuple[date, date] | None:
    """What an outage from ``first`` to ``last`` keeps once lifted ``today``: the days already
    past (None: nothing, it had not started). One that is over cannot be lifted (``OutageOver``)."""
    if last < today:
        raise OutageOver(f"The outage ended on {last.isoformat()}: past days stay as they were.")
    if first >= today:
        return None
    return first, today - timedelta(days=1)


@dataclass(frozen=True)
class Schedule:
    """A workspace's opening hours and closures, in its local time."""

    tz: ZoneInfo
    windows: tuple[Window, ...]
    closures: tuple[tuple[date, date], ...] = field(default=())  # inclusive date ranges

    def windows_on(self, day: date) -> list[tuple[time, time]]:
        if self.closed_on(day):
            return []
        return [(w.opens, w.closes) for w in self.windows if w.weekday == day.weekday()]

    def closed_on(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.closures)

    def open_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's opening windows as UTC instants (a DST day keeps its local hours; a
        window edge inside a spring-forward gap moves to the first instant after it)."""
        return [
            (
                datetime.combine(day, opens, tzinfo=self.tz).astimezone(UTC),
                datetime.combine(day, closes, tzinfo=self.tz).astimezone(UTC),
            )
            for opens, closes in self.windows_on(day)
        ]


@dataclass(frozen=True)
class BookingPolicy:
    slot_minutes: int = 30
    min_notice_minutes: int = 0
    max_advance_days: int = 60
    max_length_minutes: int = 600
    max_active_bookings: int = 10
    cancel_cutoff_minutes: int = 60
    # Check-in: when required, a booking not checked in between ``check_in_opens_minutes``
    # before its start and ``check_in_grace_minutes`` after it is released. When not required,
    # members may still check in (from the same opening) and it is recorded.
    check_in_required: bool = False
    check_in_opens_minutes: int = 15
    check_in_grace_minutes: int = 30

    LIMITS = {
        "slot_minutes": (5, 24 * 60),
        "min_notice_minutes": (0, 30 * 24 * 60),
        "max_advance_days": (1, 730),
        "max_length_minutes": (5, 24 * 60),
        "max_active_bookings": (1, 1000),
        "cancel_cutoff_minutes": (0, 30 * 24 * 60),
        "check_in_opens_minutes": (0, 24 * 60),
        "check_in_grace_minutes": (1, 24 * 60),
    }
    # The yes/no settings of the policy (LIMITS holds the whole numbers).
    FLAGS = ("check_in_required",)
    # Every setting of the policy: what a workspace stores, the API shows and the audit compares.
    FIELDS = (*LIMITS, *FLAGS)

    def __post_init__(self):
        for name, (low, high) in self.LIMITS.items():
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise ValidationFailed(f"policy.{name} must be a whole number from {low} to {high}.")
        for name in self.FLAGS:
            if not isinstance(getattr(self, name), bool):
                raise ValidationFailed(f"policy.{name} must be true or false.")
        if (24 * 60) % self.slot_minutes:
            raise ValidationFailed("policy.slot_minutes must divide a day (e.g. 15, 30, 60).")
        if self.max_length_minutes % self.slot_minutes:
            raise ValidationFailed("policy.max_length_minutes must be a multiple of slot_minutes.")


def parse_instant(text: str, tz: ZoneInfo) -> datetime:
    """ISO 8601 from a client: with an offset it is that instant; without, wall-clock time in
    ``tz`` (resolved by ``to_utc``, so DST gaps and repeats are refused)."""
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValidationFailed(f"{text!r} is not an ISO 8601 date and time.") from None
    if not FIRST_DATE <= value.date() <= LAST_DATE:
        raise ValidationFailed(f"{text!r} is outside {FIRST_DATE.year}–{LAST_DATE.year}.")
    return to_utc(value, tz)


def keeps_the_past(before: tuple[date, date | None], after: tuple[date, date | None], today: date) -> bool:
    """Whether moving a desk's service period from ``before`` to ``after`` (each ``(from,
    until)``, until inclusive or None) leaves every day before ``today`` as it was: past
    capacity, and so every figure already reported, never shifts. Only the days from today on
    may change."""

    def clipped(service_from: date, service_until: date | None) -> tuple[date, date] | None:
        last = today - timedelta(days=1) if service_until is None else min(service_until, today - timedelta(days=1))
        return (service_from, last) if service_from <= last else None

    return clipped(*before) == clipped(*after)


def lifted_span(start_date: date, end_date: date, today: date) -> tuple[date, date] | None:
    """The days a closure from ``start_date`` to ``end_date`` (inclusive) still holds once it
    is lifted ``today``: the days already past stay closed (their figures never shift), the
    rest open. None: nothing of it stays (it had not started). Lifting a closure that is over
    changes nothing, so it is refused (``ClosureOver``)."""
    if end_date < today:
        raise ClosureOver(f"The closure ended on {end_date.isoformat()}: past days stay as they were.")
    if start_date >= today:
        return None
    return start_date, today - timedelta(days=1)


Span = tuple[date, date]  # inclusive local dates


def _service_from_today(service: tuple[date, date | None], today: date) -> Span | None:
    first = max(service[0], today)
    last = LAST_DATE if service[1] is None else service[1]
    return (first, last) if first <= last else None


def _minus(a: Span | None, b: Span | None) -> list[Span]:
    if a is None:
        return []
    if b is None or b[1] < a[0] or a[1] < b[0]:
        return [a]
    out = []
    if a[0] < b[0]:
        out.append((a[0], b[0] - timedelta(days=1)))
    if b[1] < a[1]:
        out.append((b[1] + timedelta(days=1), a[1]))
    return out


def service_difference(
    before: tuple[date, date | None], after: tuple[date, date | None], today: date
) -> tuple[list[Span], list[Span]]:
    """The days from ``today`` on that a change of service period takes out of service
    (``removed``) and puts in service (``added``), as inclusive spans; an open end is
    ``LAST_DATE``."""
    old = _service_from_today(before, today)
    new = _service_from_today(after, today)
    return _minus(old, new), _minus(new, old)
