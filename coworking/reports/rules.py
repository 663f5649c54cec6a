"""Figure arithmetic for reports: one definition of each figure (see docs/figures.md).

Pure functions on plain values (no Flask, no database). Everything is exact: durations are
whole seconds (``int``), ratios are ``Fraction``; rounding happens only where a figure leaves
the app (``hours``, ``ratio`` below), so the reconciliations hold exactly:

- Σ per-member desk-seconds = the workspace's booked desk-seconds;
- Σ of a series (days, weeks or months) = the period's total, for capacity, booked and
  desk-days;
- 0 ≤ booked ≤ capacity on every day, desk and heatmap cell (bookings of one desk never
  overlap, and only time inside opening hours on desks in service counts).

Every figure is a sum or a maximum over days, or counts bookings by the day they start, so
the figures of consecutive periods merge exactly: ``snapshot`` keeps a closed month's parts as
JSON, ``merge`` joins snapshots and computed periods into what ``compute`` gives over the whole.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import NamedTuple

from coworking import errors
from coworking.workspaces.rules import FIRST_DATE, LAST_DATE, Schedule, in_service, local_day_bounds

GRANULARITIES = ("day", "week", "month")
MAX_YEARS = 5
HOUR = 3600
ZERO = Fraction(0)
# Where a cancellation counts as late whatever the workspace's cut-off.
LATE_NOTICE = timedelta(hours=24)
ONE_SECOND = timedelta(seconds=1)


# --- periods ---------------------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    """The same calendar date ``years`` later; 29 February becomes 1 March."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, month=3, day=1)


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # the contract's YYYY-MM-DD (not ISO week dates)


def parse_day(value: str | None, name: str) -> date:
    if not value:
        raise errors.ValidationFailed(f"'{name}' is required, as YYYY-MM-DD.", field=name, reason="missing")
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise errors.ValidationFailed(
            f"'{name}' must be a date as YYYY-MM-DD.", field=name, reason="not_a_date"
        ) from None
    if not ISO_DAY.fullmatch(value) or not FIRST_DATE <= day <= LAST_DATE:
        raise errors.ValidationFailed(
            f"'{name}' must be a date as YYYY-MM-DD from {FIRST_DATE.year} to {LAST_DATE.year}.",
            field=name,
            reason="not_a_date",
        )
    return day


def check_period(first: date, last: date) -> None:
    """``first``..``last`` inclusive, in order, at most five years (e.g. 2023-01-01..2027-12-31)."""
    if first > last:
        raise errors.ValidationFailed("'from' is after 'to'.", field="from", reason="reversed")
    if last >= add_years(first, MAX_YEARS):
        raise errors.ValidationFailed(f"A report covers at most {MAX_YEARS} years.", field="to", reason="too_long")


def check_granularity(value: str) -> str:
    if value not in GRANULARITIES:
        raise errors.ValidationFailed(
            f"granularity must be one of {', '.join(GRANULARITIES)}.", field="granularity", reason="unknown"
        )
    return value


def days_between(first: date, last: date) -> Iterable[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def bucket_start(day: date, granularity: str) -> date:
    """The first day of the day's bucket: itself, the Monday of its ISO week, the 1st."""
    if granularity == "week":
        return day - timedelta(days=day.weekday())
    if granularity == "month":
        return day.replace(day=1)
    return day


def auto_granularity(first: date, last: date) -> str:
    """For small trend charts: days up to a month, weeks up to half a year, else months."""
    days = (last - first).days + 1
    return "day" if days <= 31 else "week" if days <= 183 else "month"


# --- inputs ----------------------------------------------------------------------------------


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


def split_by_local_hour(start: datetime, end: datetime, schedule: Schedule) -> list[tuple[int, int, int]]:
    """[start, end) cut at local hour boundaries and at clock changes: (weekday, hour, seconds)
    per part. On the day clocks go back, the repeated hour counts twice as long; the skipped
    hour has no time. Any interval is cut at the same instants, so a booking's parts fall in
    the same cells as the opening hours around it."""
    tz = schedule.tz
    parts = []
    offset = start.astimezone(tz).utcoffset()
    if end - start >= ONE_SECOND and (end - ONE_SECOND).astimezone(tz).utcoffset() == offset:
        # No clock change inside (the usual case): plain wall-clock arithmetic.
        cursor = (start + offset).replace(tzinfo=None)
        local_end = cursor + (end - start)
        while cursor < local_end:
            step = min(local_end, cursor.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1))
            parts.append((cursor.weekday(), cursor.hour, int((step - cursor).total_seconds())))
            cursor = step
        return parts
    cursor = start
    while cursor < end:
        local = cursor.astimezone(tz)
        into_hour = timedelta(minutes=local.minute, seconds=local.second, microseconds=local.microsecond)
        step = min(end, cursor + timedelta(hours=1) - into_hour)
        offset = local.utcoffset()
        if (step - timedelta(seconds=1)).astimezone(tz).utcoffset() != offset:
            step = _clock_change(cursor, step, offset, tz)
        parts.append((local.weekday(), local.hour, int((step - cursor).total_seconds())))
        cursor = step
    return parts


def _clock_change(low: datetime, high: datetime, offset, tz) -> datetime:
    """The first whole second in (low, high) with another UTC offset than ``offset``."""
    lo, hi = 0, int((high - low).total_seconds())  # offset(low + lo) == offset != offset(low + hi - 1)
    hi -= 1
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if (low + timedelta(seconds=mid)).astimezone(tz).utcoffset() == offset:
            lo = mid
        else:
            hi = mid
    return low + timedelta(seconds=hi)


# --- figures ---------------------------------------------------------------------------------


@dataclass
class Totals:
    """Capacity and booked desk-seconds, desk-day equivalents, and the peak of a span of days."""

    capacity: int = 0
    booked: int = 0
    desk_days: Fraction = ZERO
    peak: Fraction = ZERO  # most desks booked at once ÷ desks in service, the highest day's
    peak_desks: int = 0  # the most desks booked at once

    @property
    def occupancy(self) -> Fraction:
        return Fraction(self.booked, self.capacity) if self.capacity else ZERO

    def add(self, other: Totals) -> None:
        self.capacity += other.capacity
        self.booked += other.booked
        self.desk_days += other.desk_days
        self.peak = max(self.peak, other.peak)
        self.peak_desks = max(self.peak_desks, other.peak_desks)


@dataclass
class DayFigures(Totals):
    day: date = date.min
    open_seconds: int = 0
    desks_in_service: int = 0


@dataclass
class Bucket:
    start: date  # first day of the bucket inside the period
    end: date  # last day of the bucket inside the period
    totals: Totals


@dataclass
class Usage:
    """One member's (or one workspace's) use of desks in a period."""

    bookings: int = 0  # confirmed bookings starting in the period
    booked: int = 0  # desk-seconds inside opening hours
    desk_days: Fraction = ZERO
    cancellations: int = 0  # cancelled bookings starting in the period
    late_cancellations: int = 0

    def add(self, other: Usage) -> None:
        self.bookings += other.bookings
        self.booked += other.booked
        self.desk_days += other.desk_days
        self.cancellations += other.cancellations
        self.late_cancellations += other.late_cancellations


@dataclass
class DeskFigures:
    desk: DeskRow
    capacity: int = 0
    booked: int = 0
    bookings: int = 0

    @property
    def occupancy(self) -> Fraction:
        return Fraction(self.booked, self.capacity) if self.capacity else ZERO


@dataclass
class GroupFigures:
    """Desks grouped by kind or by zone."""

    key: str
    desks: int = 0
    capacity: int = 0
    booked: int = 0

    @property
    def occupancy(self) -> Fraction:
        return Fraction(self.booked, self.capacity) if self.capacity else ZERO


@dataclass
class HeatCell:
    capacity: int = 0
    booked: int = 0

    @property
    def occupancy(self) -> Fraction | None:
        return Fraction(self.booked, self.capacity) if self.capacity else None


@dataclass
class Figures:
    """Everything reports show about one workspace in one period."""

    first: date
    last: date
    days: list[DayFigures]
    totals: Totals
    desks: list[DeskFigures]
    members: dict[int, Usage]
    heatmap: dict[tuple[int, int], HeatCell]
    cancellations: int = 0
    late_cancellations: int = 0
    lead_times: list[int] = field(default_factory=list)  # seconds from booking to start

    def series(self, granularity: str) -> list[Bucket]:
        return series(self.days, granularity)

    @property
    def bookings(self) -> int:
        """Confirmed bookings starting in the period (``usage.bookings``, without the rest)."""
        return sum(u.bookings for u in self.members.values())

    @property
    def usage(self) -> Usage:
        """Σ of the members' usage (the workspace's own)."""
        rows = self.members.values()
        return Usage(
            bookings=sum(u.bookings for u in rows),
            booked=sum(u.booked for u in rows),
            desk_days=sum_fractions(u.desk_days for u in rows),
            cancellations=sum(u.cancellations for u in rows),
            late_cancellations=sum(u.late_cancellations for u in rows),
        )

    @property
    def lead_time_median(self) -> Fraction | None:
        values, middle = self.lead_times, len(self.lead_times) // 2  # sorted
        if not values:
            return None
        return Fraction(values[middle]) if len(values) % 2 else Fraction(values[middle - 1] + values[middle], 2)

    @property
    def lead_time_mean(self) -> Fraction | None:
        return Fraction(sum(self.lead_times), len(self.lead_times)) if self.lead_times else None

    def by(self, attribute: str) -> list[GroupFigures]:
        """Per desk kind (``"kind"``) or zone (``"zone"``), by occupancy, highest first."""
        groups: dict[str, GroupFigures] = {}
        for row in self.desks:
            if not row.capacity:
                continue
            key = getattr(row.desk, attribute)
            group = groups.setdefault(key, GroupFigures(key))
            group.desks += 1
            group.capacity += row.capacity
            group.booked += row.booked
        return sorted(groups.values(), key=lambda g: (-g.occupancy, g.key))

    def ranked_desks(self) -> list[DeskFigures]:
        """Desks with capacity in the period, most used first (ties by code)."""
        return sorted((d for d in self.desks if d.capacity), key=lambda d: (-d.occupancy, -d.booked, d.desk.code))


def peak_at_once(pieces: Sequence[tuple[datetime, datetime]]) -> int:
    """The most intervals that overlap at one instant (half-open: an end and a start at the
    same instant do not overlap). The most is reached at some start: the intervals started
    by then less those ended by then."""
    starts = sorted(start for start, _ in pieces)
    ends = sorted(end for _, end in pieces)
    best = ended = 0
    for started, instant in enumerate(starts, 1):
        while ends[ended] <= instant:
            ended += 1
        best = max(best, started - ended)
    return best


def _desks_in_service(desks: Sequence[DeskRow], first: date, last: date) -> list[int]:
    """How many desks are in service on each day of the period (a running sum of +1 on each
    desk's first day and −1 after its last)."""
    n = (last - first).days + 1
    steps = [0] * (n + 1)
    for desk in desks:
        start = max(0, (desk.service_from - first).days)
        end = n - 1 if desk.service_until is None else min(n - 1, (desk.service_until - first).days)
        if start <= end:
            steps[start] += 1
            steps[end + 1] -= 1
    counts, running = [], 0
    for step in steps[:n]:
        running += step
        counts.append(running)
    return counts


def _desk_capacity(desk: DeskRow, first: date, running_open: list[int]) -> int:
    """Σ opening seconds over the desk's in-service days; ``running_open[i]`` is the opening
    seconds of the period's first ``i`` days."""
    n = len(running_open) - 1
    start = max(0, (desk.service_from - first).days)
    end = n - 1 if desk.service_until is None else min(n - 1, (desk.service_until - first).days)
    return running_open[end + 1] - running_open[start] if start <= end else 0


def _opening_by_hour(opening: DayOpen, schedule: Schedule, cache: dict) -> list[tuple[int, int, int]]:
    """The day's opening hours cut into (weekday, local hour, seconds). Days of one weekday
    with the same windows and the same UTC offset all day are cut the same way: computed once."""
    midnight, next_midnight = local_day_bounds(opening.day, schedule.tz)
    offsets = (
        midnight.astimezone(schedule.tz).utcoffset(),
        (next_midnight - ONE_SECOND).astimezone(schedule.tz).utcoffset(),
    )
    key = (opening.day.weekday(), offsets, tuple((a - midnight, b - midnight) for a, b in opening.intervals))
    if offsets[0] != offsets[1] or key not in cache:
        parts = [part for a, b in opening.intervals for part in split_by_local_hour(a, b, schedule)]
        if offsets[0] != offsets[1]:
            return parts
        cache[key] = parts
    return cache[key]


def sum_fractions(values: Iterable[Fraction]) -> Fraction:
    """Σ of fractions, exactly, with integer arithmetic on a common denominator (one
    ``Fraction`` made at the end instead of one reduction per term: the figures' fractions
    have few distinct denominators, the lengths of opening days)."""
    values = list(values)
    if not values:
        return ZERO
    common = math.lcm(*{v.denominator for v in values})
    return Fraction(sum(v.numerator * (common // v.denominator) for v in values), common)


def _day_shapes(schedule: Schedule, days: dict[date, DayOpen]) -> dict[date, tuple[int, datetime] | None]:
    """Per day with opening hours: (weekday, local midnight as UTC) when the day has one UTC
    offset throughout (then a part of it is cut into local hours by its position in the day
    alone), None on a clock-change day."""
    tz = schedule.tz
    out: dict[date, tuple[int, datetime] | None] = {}
    for day, opening in days.items():
        if not opening.seconds:
            continue
        midnight, next_midnight = local_day_bounds(day, tz)
        same = midnight.astimezone(tz).utcoffset() == (next_midnight - ONE_SECOND).astimezone(tz).utcoffset()
        out[day] = (day.weekday(), midnight) if same else None
    return out


def _span_pieces(
    starts_at: datetime, ends_at: datetime, tz, days: dict[date, DayOpen], shapes: dict
) -> tuple[date, list[tuple]]:
    """[starts_at, ends_at) cut into the opening hours of the period's days (on any desk):
    the local day it starts, and per part (local day, that day's opening seconds, start,
    end, seconds, heatmap shape — None on a clock-change day)."""
    start_day = starts_at.astimezone(tz).date()
    end_day = (ends_at - timedelta(microseconds=1)).astimezone(tz).date()
    pieces = []
    day = start_day
    while day <= end_day:
        opening = days.get(day)
        if opening is not None and opening.seconds:
            shape = shapes[day]
            for opens, closes in opening.intervals:
                start = starts_at if starts_at > opens else opens
                end = ends_at if ends_at < closes else closes
                if start < end:
                    length = end - start
                    key = None if shape is None else (shape[0], start - shape[1], length)
                    pieces.append((day, opening.seconds, start, end, int(length.total_seconds()), key))
        day += timedelta(days=1)
    return start_day, pieces


def compute(
    schedule: Schedule,
    desks: Sequence[DeskRow],
    bookings: Sequence[BookingRow],
    first: date,
    last: date,
    cutoff_minutes: int,
) -> Figures:
    """A workspace's figures for the local dates ``first``..``last`` (inclusive).

    ``bookings`` are the workspace's confirmed bookings that overlap the period and its
    cancelled bookings; others are ignored, so a caller may pass a wider set.

    The loop over bookings adds integers only: desk-days are kept per member as booked
    seconds per length of opening day (Σ seconds ÷ day length = Σ over lengths, exactly), and
    the heatmap's parts as counts of identical pieces (same weekday, same place in a day
    without clock change), each cut into hours once."""
    tz = schedule.tz
    days = plan_days(schedule, first, last)
    shapes = _day_shapes(schedule, days)
    desk_by_id = {d.id: d for d in desks}
    per_day: dict[date, list[tuple[datetime, datetime]]] = defaultdict(list)
    booked_per_day: dict[date, int] = defaultdict(int)
    desk_figures = {d.id: DeskFigures(d) for d in desks}
    members: dict[int, Usage] = {}
    member_seconds: dict[int, dict[int, int]] = {}  # member → {opening seconds of the day: booked seconds}
    heat: dict[tuple[int, int], HeatCell] = defaultdict(HeatCell)
    pieces_by_shape: dict[tuple, list] = {}  # (weekday, offset in day, length) → [count, start, end]
    odd_pieces: list[tuple[datetime, datetime]] = []  # on clock-change days
    cancellations = late = 0
    lead_times = []

    spans: dict[tuple[datetime, datetime], tuple] = {}  # (start, end) → (local start day, pieces)
    start_days: dict[datetime, date] = {}
    whole = {d.id for d in desks if d.service_from <= first and (d.service_until is None or last <= d.service_until)}

    for booking in bookings:
        if not booking.confirmed:
            start_day = start_days.get(booking.starts_at)
            if start_day is None:
                start_day = start_days[booking.starts_at] = booking.starts_at.astimezone(tz).date()
            if first <= start_day <= last:
                usage = members.get(booking.member_id)
                if usage is None:
                    usage = members[booking.member_id] = Usage()
                usage.cancellations += 1
                cancellations += 1
                if is_late_cancellation(booking, cutoff_minutes):
                    usage.late_cancellations += 1
                    late += 1
            continue
        # Bookings of the same slot are cut the same way: once per distinct (start, end).
        span = spans.get((booking.starts_at, booking.ends_at))
        if span is None:
            span = spans[(booking.starts_at, booking.ends_at)] = _span_pieces(
                booking.starts_at, booking.ends_at, tz, days, shapes
            )
        start_day, pieces = span
        starts_inside = first <= start_day <= last
        desk = desk_by_id.get(booking.desk_id)
        if desk is None:
            pieces = ()
        elif pieces and booking.desk_id not in whole:
            pieces = [p for p in pieces if desk.in_service_on(p[0])]
        if not (starts_inside or pieces):
            continue
        usage = members.get(booking.member_id)
        if usage is None:
            usage = members[booking.member_id] = Usage()
        if starts_inside:
            usage.bookings += 1
            lead_times.append(int((booking.starts_at - booking.created_at).total_seconds()))
            if booking.desk_id in desk_figures:
                desk_figures[booking.desk_id].bookings += 1
        if not pieces:
            continue
        by_length = member_seconds.get(booking.member_id)
        if by_length is None:
            by_length = member_seconds[booking.member_id] = {}
        figures_of_desk = desk_figures[booking.desk_id]
        for day, day_seconds, start, end, seconds, key in pieces:
            usage.booked += seconds
            by_length[day_seconds] = by_length.get(day_seconds, 0) + seconds
            booked_per_day[day] += seconds
            figures_of_desk.booked += seconds
            per_day[day].append((start, end))
            if key is None:
                odd_pieces.append((start, end))
                continue
            seen = pieces_by_shape.get(key)
            if seen is None:
                pieces_by_shape[key] = [1, start, end]
            else:
                seen[0] += 1

    for count, start, end in pieces_by_shape.values():
        for weekday, hour, part in split_by_local_hour(start, end, schedule):
            heat[(weekday, hour)].booked += part * count
    for start, end in odd_pieces:
        for weekday, hour, part in split_by_local_hour(start, end, schedule):
            heat[(weekday, hour)].booked += part
    lengths = {length for by_length in member_seconds.values() for length in by_length}
    if lengths:
        common = math.lcm(*lengths)
        for member_id, by_length in member_seconds.items():
            if len(by_length) == 1:  # the usual case: days of one length
                ((length, seconds),) = by_length.items()
                members[member_id].desk_days = Fraction(seconds, length)
                continue
            members[member_id].desk_days = Fraction(
                sum(seconds * (common // length) for length, seconds in by_length.items()), common
            )

    in_service_counts = _desks_in_service(desks, first, last)
    running_open = [0]
    for opening in days.values():
        running_open.append(running_open[-1] + opening.seconds)
    for desk in desks:
        desk_figures[desk.id].capacity = _desk_capacity(desk, first, running_open)
    day_figures = []
    total = Totals()
    splits: dict[tuple, list[tuple[int, int, int]]] = {}
    for (day, opening), in_service_count in zip(days.items(), in_service_counts, strict=True):
        count = in_service_count if opening.seconds else 0
        figures = DayFigures(day=day, open_seconds=opening.seconds, desks_in_service=in_service_count)
        figures.capacity = count * opening.seconds
        figures.booked = booked_per_day.get(day, 0)
        if opening.seconds:
            figures.desk_days = Fraction(figures.booked, opening.seconds)
        figures.peak_desks = peak_at_once(per_day.get(day, []))
        figures.peak = Fraction(figures.peak_desks, count) if count else ZERO
        if count:
            for weekday, hour, part in _opening_by_hour(opening, schedule, splits):
                heat[(weekday, hour)].capacity += part * count
        day_figures.append(figures)
    _add_days(total, day_figures)

    return Figures(
        first=first,
        last=last,
        days=day_figures,
        totals=total,
        desks=sorted(desk_figures.values(), key=lambda d: d.desk.code),
        members=members,
        heatmap=dict(heat),
        cancellations=cancellations,
        late_cancellations=late,
        lead_times=sorted(lead_times),
    )


def _add_days(total: Totals, days: Sequence[Totals]) -> None:
    """``total.add(day)`` for every day, with one sum of the desk-day fractions."""
    total.capacity += sum(d.capacity for d in days)
    total.booked += sum(d.booked for d in days)
    total.desk_days = sum_fractions([total.desk_days, *(d.desk_days for d in days)])
    for day in days:
        if day.peak > total.peak:
            total.peak = day.peak
        if day.peak_desks > total.peak_desks:
            total.peak_desks = day.peak_desks


def series(days: Sequence[DayFigures], granularity: str) -> list[Bucket]:
    """Days summed into buckets of ``granularity``; each bucket runs from its first to its
    last day inside the period (so a period starting mid-week starts with a short week)."""
    buckets: dict[date, list[DayFigures]] = {}
    for day in days:
        buckets.setdefault(bucket_start(day.day, granularity), []).append(day)
    out = []
    for members in buckets.values():
        bucket = Bucket(members[0].day, members[-1].day, Totals())
        _add_days(bucket.totals, members)
        out.append(bucket)
    return out


def member_usage(
    schedule: Schedule,
    bookings: Sequence[tuple[BookingRow, DeskRow]],
    first: date,
    last: date,
    cutoff_minutes: int,
) -> Usage:
    """One member's usage of one workspace: the same arithmetic as ``compute`` (which this
    is, restricted to the member's bookings and the desks they booked)."""
    desks = list({desk.id: desk for _, desk in bookings}.values())
    figures = compute(schedule, desks, [b for b, _ in bookings], first, last, cutoff_minutes)
    return figures.usage


# --- the edge: rounding for people and JSON ---------------------------------------------------


def round_half_up(value: Fraction, places: int) -> Fraction:
    """Rounded to ``places`` decimals, halves away from zero (2.625 → 2.63), as people do."""
    value = Fraction(value)
    return Fraction(_half_up(value.numerator, value.denominator, places), 10**places)


def _half_up(numerator: int, denominator: int, places: int) -> int:
    """numerator ÷ denominator × 10**places, rounded half away from zero, in integers
    (⌊|n| × scale ÷ d + ½⌋ = ⌊(2 |n| scale + d) ÷ 2d⌋)."""
    magnitude = (2 * abs(numerator) * 10**places + denominator) // (2 * denominator)
    return magnitude if numerator >= 0 else -magnitude


def _exact(value) -> tuple[int, int]:
    if not isinstance(value, int | Fraction):
        value = Fraction(value)
    return value.numerator, value.denominator


def hours(seconds: int | Fraction, places: int = 2) -> float:
    numerator, denominator = _exact(seconds)
    # An int ÷ an int is correctly rounded: the same float as float(round_half_up(...)).
    return _half_up(numerator, denominator * HOUR, places) / 10**places


def ratio(value: Fraction | None, places: int = 4) -> float | None:
    if value is None:
        return None
    return _half_up(*_exact(value), places) / 10**places


def heat_level(value: Fraction | None) -> int | None:
    """Shade for a heatmap cell, 0 (nothing booked) to 5 (over 80 %); None without capacity."""
    if value is None:
        return None
    return min(5, math.ceil(value * 5))


# --- snapshots of closed months, merged with live figures ----------------------------------------

SNAPSHOT_VERSION = 1


def snapshot(figures: Figures) -> dict:
    """The mergeable figures of a period (a closed month) as plain JSON values: everything
    ``merge`` needs to give exactly what ``compute`` gives over a longer period. Per day
    (capacity, booked, opening seconds, desks in service, peak desks: the desk-days and the
    peak follow), per desk, per member (desk-days as an exact fraction), the heatmap, the
    cancellations and the lead times."""
    return {
        "version": SNAPSHOT_VERSION,
        "first": figures.first.isoformat(),
        "last": figures.last.isoformat(),
        "days": [[d.capacity, d.booked, d.open_seconds, d.desks_in_service, d.peak_desks] for d in figures.days],
        "desks": [[d.desk.id, d.capacity, d.booked, d.bookings] for d in figures.desks],
        "members": _member_columns(figures.members),
        "heatmap": [[weekday, hour, c.capacity, c.booked] for (weekday, hour), c in figures.heatmap.items()],
        "cancellations": figures.cancellations,
        "late_cancellations": figures.late_cancellations,
        "lead_times": figures.lead_times,
    }


def _member_columns(members: dict[int, Usage]) -> list[list[int]]:
    """Per member: id, bookings, booked seconds, desk-days (numerator, denominator),
    cancellations, late cancellations — as seven parallel lists (compact, and cheap to read)."""
    rows = members.items()
    return [
        list(members),
        [u.bookings for _, u in rows],
        [u.booked for _, u in rows],
        [u.desk_days.numerator for _, u in rows],
        [u.desk_days.denominator for _, u in rows],
        [u.cancellations for _, u in rows],
        [u.late_cancellations for _, u in rows],
    ]


def snapshot_member_usage(data: dict, member_id: int) -> Usage:
    """One member's usage in a closed month, as its snapshot froze it (nothing if absent)."""
    ids, bookings, booked, numerators, denominators, cancelled, late = data["members"]
    try:
        i = ids.index(member_id)
    except ValueError:
        return Usage()
    return Usage(bookings[i], booked[i], Fraction(numerators[i], denominators[i]), cancelled[i], late[i])


def snapshot_period(data: object) -> tuple[date, date] | None:
    """The period a snapshot covers; None when it is not one this code reads."""
    if not isinstance(data, dict) or data.get("version") != SNAPSHOT_VERSION:
        return None
    return date.fromisoformat(data["first"]), date.fromisoformat(data["last"])


def _day_from(day: date, capacity: int, booked: int, open_seconds: int, in_service: int, peak: int) -> DayFigures:
    """A day's figures from its stored integers, derived exactly as ``compute`` does."""
    count = in_service if open_seconds else 0
    return DayFigures(
        capacity=capacity,
        booked=booked,
        desk_days=Fraction(booked, open_seconds) if open_seconds else ZERO,
        peak=Fraction(peak, count) if count else ZERO,
        peak_desks=peak,
        day=day,
        open_seconds=open_seconds,
        desks_in_service=in_service,
    )


def merge(parts: Sequence[Figures | dict], desks: Sequence[DeskRow]) -> Figures:
    """Figures of consecutive periods (computed ones, or snapshots of closed months), in
    date order, as one: exactly what ``compute`` gives over the whole span, since every
    figure is a sum or a maximum over days, or counts bookings by the day they start. Desks
    are the workspace's current ones (a desk known only to a snapshot is left out).

    Members are summed column by column in plain integers (desk-days on a common denominator),
    one ``Usage`` and one ``Fraction`` each at the end: a year has some ten thousand."""
    days: list[DayFigures] = []
    desk_figures = {d.id: DeskFigures(d) for d in desks}
    member_parts = []
    heat: dict[tuple[int, int], HeatCell] = {}
    cancellations = late = 0
    lead_times: list[int] = []
    for part in parts:
        if isinstance(part, Figures):
            days.extend(part.days)
            desk_rows = [(d.desk.id, d.capacity, d.booked, d.bookings) for d in part.desks]
            member_parts.append(_member_columns(part.members))
            heat_rows = [(w, h, c.capacity, c.booked) for (w, h), c in part.heatmap.items()]
            cancellations += part.cancellations
            late += part.late_cancellations
            lead_times.extend(part.lead_times)
        else:
            first = date.fromisoformat(part["first"])
            days.extend(_day_from(first + timedelta(days=i), *row) for i, row in enumerate(part["days"]))
            desk_rows, heat_rows = part["desks"], part["heatmap"]
            member_parts.append(part["members"])
            cancellations += part["cancellations"]
            late += part["late_cancellations"]
            lead_times.extend(part["lead_times"])
        for desk_id, capacity, booked, bookings in desk_rows:
            row = desk_figures.get(desk_id)
            if row is not None:
                row.capacity += capacity
                row.booked += booked
                row.bookings += bookings
        for weekday, hour, capacity, booked in heat_rows:
            cell = heat.get((weekday, hour))
            if cell is None:
                heat[(weekday, hour)] = HeatCell(capacity, booked)
            else:
                cell.capacity += capacity
                cell.booked += booked
    common = math.lcm(1, *{d for columns in member_parts for d in set(columns[4])})
    bookings: dict[int, int] = {}
    booked: dict[int, int] = {}
    scaled: dict[int, int] = {}  # desk-days × common
    cancelled: dict[int, int] = {}
    late_cancelled: dict[int, int] = {}
    for ids, n_bookings, n_booked, numerators, denominators, n_cancelled, n_late in member_parts:
        for mid, value in zip(ids, n_bookings, strict=True):
            bookings[mid] = bookings.get(mid, 0) + value
        for mid, value in zip(ids, n_booked, strict=True):
            booked[mid] = booked.get(mid, 0) + value
        for mid, n, d in zip(ids, numerators, denominators, strict=True):
            scaled[mid] = scaled.get(mid, 0) + n * (common // d)
        for mid, value in zip(ids, n_cancelled, strict=True):
            cancelled[mid] = cancelled.get(mid, 0) + value
        for mid, value in zip(ids, n_late, strict=True):
            late_cancelled[mid] = late_cancelled.get(mid, 0) + value
    members = {
        mid: Usage(
            count,
            booked[mid],
            Fraction(scaled[mid], common) if scaled[mid] else ZERO,
            cancelled[mid],
            late_cancelled[mid],
        )
        for mid, count in bookings.items()
    }
    total = Totals()
    _add_days(total, days)
    return Figures(
        first=days[0].day,
        last=days[-1].day,
        days=days,
        totals=total,
        desks=sorted(desk_figures.values(), key=lambda d: d.desk.code),
        members=members,
        heatmap=heat,
        cancellations=cancellations,
        late_cancellations=late,
        lead_times=sorted(lead_times),
    )
