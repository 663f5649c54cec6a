"""What the figures are: the totals of a span of days, one day's, one desk's, one member's
usage, a heatmap cell, and ``Figures`` holding them all for one workspace and period; and how
days sum into the totals of a period or of the buckets of a series."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from coworking.reports.figures.inputs import DeskRow
from coworking.reports.figures.periods import bucket_start

ZERO = Fraction(0)


@dataclass
class Totals:
    """Capacity and booked desk-seconds, desk-day equivalents, and the peak of a span of days."""

    capacity: int = 0
    booked: int = 0
    desk_days: Fraction = ZERO
    peak: Fraction = ZERO  # most desks booked at once ÷ desks in service, the highest day's
    peak_desks: int = 0  # the most desks booked at once
    # Desk-seconds of checked-in bookings inside opening hours; None where not known (a month
    # closed before used time was recorded): "not available", never 0.
    used: int | None = 0

    @property
    def occupancy(self) -> Fraction:
        return Fraction(self.booked, self.capacity) if self.capacity else ZERO

    @property
    def used_occupancy(self) -> Fraction | None:
        if self.used is None:
            return None
        return Fraction(self.used, self.capacity) if self.capacity else ZERO

    def add(self, other: Totals) -> None:
        self.capacity += other.capacity
        self.booked += other.booked
        self.desk_days += other.desk_days
        self.peak = max(self.peak, other.peak)
        self.peak_desks = max(self.peak_desks, other.peak_desks)
        self.used = add_known(self.used, other.used)


def add_known(a: int | None, b: int | None) -> int | None:
    """a + b, or None (not available) when either is: a sum over a part that does not know a
    figure does not know it either."""
    return None if a is None or b is None else a + b


def no_show_rate(no_shows: int | None, settled: int | None) -> Fraction | None:
    """No-shows ÷ bookings whose check-in is settled (checked in or released); None when
    nothing is settled or the figures are not available."""
    if no_shows is None or not settled:
        return None
    return Fraction(no_shows, settled)


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
    # None where not known (months closed before check-in was recorded), never 0 then.
    used: int | None = 0  # desk-seconds of checked-in bookings inside opening hours
    no_shows: int | None = 0  # bookings starting in the period released for want of check-in
    settled: int | None = 0  # bookings starting in the period checked in or released

    @property
    def no_show_rate(self) -> Fraction | None:
        return no_show_rate(self.no_shows, self.settled)

    def add(self, other: Usage) -> None:
        self.bookings += other.bookings
        self.booked += other.booked
        self.desk_days += other.desk_days
        self.cancellations += other.cancellations
        self.late_cancellations += other.late_cancellations
        self.used = add_known(self.used, other.used)
        self.no_shows = add_known(self.no_shows, other.no_shows)
        self.settled = add_known(self.settled, other.settled)


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
    no_shows: int | None = 0  # released for want of check-in, starting in the period
    settled: int | None = 0  # checked in or released, starting in the period

    @property
    def no_show_rate(self) -> Fraction | None:
        return no_show_rate(self.no_shows, self.settled)

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
            used=_sum_known(u.used for u in rows),
            no_shows=_sum_known(u.no_shows for u in rows),
            settled=_sum_known(u.settled for u in rows),
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


def _sum_known(values: Iterable[int | None]) -> int | None:
    """Σ, or None when any term is not known."""
    total: int | None = 0
    for value in values:
        total = add_known(total, value)
    return total


def sum_fractions(values: Iterable[Fraction]) -> Fraction:
    """Σ of fractions, exactly, with integer arithmetic on a common denominator (one
    ``Fraction`` made at the end instead of one reduction per term: the figures' fractions
    have few distinct denominators, the lengths of opening days)."""
    values = list(values)
    if not values:
        return ZERO
    common = math.lcm(*{v.denominator for v in values})
    return Fraction(sum(v.numerator * (common // v.denominator) for v in values), common)


def add_day_totals(total: Totals, days: Sequence[Totals]) -> None:
    """``total.add(day)`` for every day, with one sum of the desk-day fractions."""
    total.capacity += sum(d.capacity for d in days)
    total.booked += sum(d.booked for d in days)
    total.desk_days = sum_fractions([total.desk_days, *(d.desk_days for d in days)])
    total.used = add_known(total.used, _sum_known(d.used for d in days))
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
        add_day_totals(bucket.totals, members)
        out.append(bucket)
    return out
