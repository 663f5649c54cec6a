"""The figures of one workspace and period, computed from its desks, opening hours and bookings
(``compute``), in named steps: the days' opening hours, one pass over the bookings, then the
heatmap, the members' desk-days, the desks' capacity and the days' figures."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from coworking.reports.figures.inputs import (
    BookingRow,
    DayOpen,
    DeskRow,
    is_late_cancellation,
    plan_days,
)
from coworking.reports.figures.pieces import day_shapes, opening_by_hour, span_pieces, split_by_local_hour
from coworking.reports.figures.results import (
    ZERO,
    DayFigures,
    DeskFigures,
    Figures,
    HeatCell,
    Totals,
    Usage,
    add_day_totals,
)
from coworking.workspaces.rules import Schedule


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
    days = plan_days(schedule, first, last)
    tally = _tally_bookings(schedule, desks, bookings, days, first, last, cutoff_minutes)
    heat = _heatmap_booked(schedule, tally.pieces_by_shape, tally.odd_pieces)
    _members_desk_days(tally.members, tally.member_seconds)
    _set_desk_capacities(tally.desk_figures, desks, days, first)
    in_service_counts = _desks_in_service(desks, first, last)
    day_figures = _day_figures(days, in_service_counts, tally.booked_per_day, tally.per_day, tally.used_per_day)
    _heatmap_capacity(heat, schedule, days, in_service_counts)
    total = Totals()
    add_day_totals(total, day_figures)

    return Figures(
        first=first,
        last=last,
        days=day_figures,
        totals=total,
        desks=sorted(tally.desk_figures.values(), key=lambda d: d.desk.code),
        members=tally.members,
        heatmap=dict(heat),
        cancellations=tally.cancellations,
        late_cancellations=tally.late_cancellations,
        lead_times=sorted(tally.lead_times),
        no_shows=tally.no_shows,
        settled=tally.settled,
    )


@dataclass
class _Tally:
    """What one pass over the bookings gathers (all integers, and the pieces to place)."""

    members: dict[int, Usage]
    member_seconds: dict[int, dict[int, int]]  # member → {opening seconds of the day: booked seconds}
    desk_figures: dict[int, DeskFigures]  # bookings and booked seconds so far; capacity comes later
    booked_per_day: dict[date, int]
    per_day: dict[date, list[tuple[datetime, datetime]]]  # each day's booked pieces, for the peak
    pieces_by_shape: dict[tuple, list]  # (weekday, offset in day, length) → [count, start, end]
    odd_pieces: list[tuple[datetime, datetime]]  # on clock-change days
    cancellations: int
    late_cancellations: int
    lead_times: list[int]
    used_per_day: dict[date, int]
    no_shows: int
    settled: int


def _tally_bookings(
    schedule: Schedule,
    desks: Sequence[DeskRow],
    bookings: Sequence[BookingRow],
    days: dict[date, DayOpen],
    first: date,
    last: date,
    cutoff_minutes: int,
) -> _Tally:
    """One pass over the bookings: per member the bookings, cancellations and booked seconds
    (by length of opening day), per desk its bookings and booked seconds, per day the booked
    seconds and pieces, the heatmap's pieces by shape, and the lead times. Cancelled bookings
    count on the local day they start; confirmed ones by their time inside opening hours on a
    desk in service (and as a booking if they start in the period)."""
    tz = schedule.tz
    shapes = day_shapes(schedule, days)
    desk_by_id = {d.id: d for d in desks}
    per_day: dict[date, list[tuple[datetime, datetime]]] = defaultdict(list)
    booked_per_day: dict[date, int] = defaultdict(int)
    desk_figures = {d.id: DeskFigures(d) for d in desks}
    members: dict[int, Usage] = {}
    member_seconds: dict[int, dict[int, int]] = {}
    pieces_by_shape: dict[tuple, list] = {}
    odd_pieces: list[tuple[datetime, datetime]] = []
    cancellations = late = no_shows = settled = 0
    lead_times = []
    used_per_day: dict[date, int] = defaultdict(int)

    spans: dict[tuple[datetime, datetime], tuple] = {}  # (start, end) → (local start day, pieces)
    start_days: dict[datetime, date] = {}
    whole = {d.id for d in desks if d.service_days(first, last) == [(0, (last - first).days)]}

    for booking in bookings:
        released = booking.released
        if not booking.confirmed and not released:
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
        # Bookings of the same slot are cut the same way: once per distinct (start, end). A
        # released booking counts as booked only until its release.
        until = booking.counted_until
        span = spans.get((booking.starts_at, until))
        if span is None:
            span = spans[(booking.starts_at, until)] = span_pieces(booking.starts_at, until, tz, days, shapes)
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
            if released:
                usage.no_shows += 1
                no_shows += 1
            if released or booking.checked_in_at is not None:
                usage.settled += 1
                settled += 1
        if not pieces:
            continue
        by_length = member_seconds.get(booking.member_id)
        if by_length is None:
            by_length = member_seconds[booking.member_id] = {}
        figures_of_desk = desk_figures[booking.desk_id]
        if booking.checked_in_at is not None and not released:
            # Used time: a checked-in booking from its start to its end, cut as booked time.
            for day, _, _, _, seconds, _ in pieces:
                usage.used += seconds
                used_per_day[day] += seconds
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

    return _Tally(
        members,
        member_seconds,
        desk_figures,
        booked_per_day,
        per_day,
        pieces_by_shape,
        odd_pieces,
        cancellations,
        late,
        lead_times,
        used_per_day,
        no_shows,
        settled,
    )


def _heatmap_booked(
    schedule: Schedule, pieces_by_shape: dict[tuple, list], odd_pieces: list[tuple[datetime, datetime]]
) -> dict[tuple[int, int], HeatCell]:
    """The heatmap's booked seconds per (weekday, local hour): each shape of piece cut into
    hours once and counted as often as it was booked; pieces on clock-change days one by one."""
    heat: dict[tuple[int, int], HeatCell] = defaultdict(HeatCell)
    for count, start, end in pieces_by_shape.values():
        for weekday, hour, part in split_by_local_hour(start, end, schedule):
            heat[(weekday, hour)].booked += part * count
    for start, end in odd_pieces:
        for weekday, hour, part in split_by_local_hour(start, end, schedule):
            heat[(weekday, hour)].booked += part
    return heat


def _members_desk_days(members: dict[int, Usage], member_seconds: dict[int, dict[int, int]]) -> None:
    """Each member's desk-days: Σ booked seconds ÷ the opening seconds of their day, as one
    fraction on the common denominator of the day lengths."""
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


def _set_desk_capacities(
    desk_figures: dict[int, DeskFigures], desks: Sequence[DeskRow], days: dict[date, DayOpen], first: date
) -> None:
    """Each desk's capacity: the opening seconds of its days in service."""
    running_open = [0]
    for opening in days.values():
        running_open.append(running_open[-1] + opening.seconds)
    for desk in desks:
        desk_figures[desk.id].capacity = _desk_capacity(desk, first, running_open)


def _desk_capacity(desk: DeskRow, first: date, running_open: list[int]) -> int:
    """Σ opening seconds over the desk's in-service days (its service period less its
    outages); ``running_open[i]`` is the opening seconds of the period's first ``i`` days."""
    last = first + timedelta(days=len(running_open) - 2)
    return sum(running_open[end + 1] - running_open[start] for start, end in desk.service_days(first, last))


def _desks_in_service(desks: Sequence[DeskRow], first: date, last: date) -> list[int]:
    """How many desks are in service on each day of the period (a running sum of +1 on the
    first day of each run of a desk's in-service days and −1 after its last)."""
    n = (last - first).days + 1
    steps = [0] * (n + 1)
    for desk in desks:
        for start, end in desk.service_days(first, last):
            steps[start] += 1
            steps[end + 1] -= 1
    counts, running = [], 0
    for step in steps[:n]:
        running += step
        counts.append(running)
    return counts


def _day_figures(
    days: dict[date, DayOpen],
    in_service_counts: list[int],
    booked_per_day: dict[date, int],
    per_day: dict[date, list[tuple[datetime, datetime]]],
    used_per_day: dict[date, int],
) -> list[DayFigures]:
    """Each day's capacity (opening seconds × desks in service), booked seconds, desk-days
    (booked ÷ opening seconds) and peak (most desks booked at once, and that ÷ desks in
    service)."""
    day_figures = []
    for (day, opening), in_service_count in zip(days.items(), in_service_counts, strict=True):
        count = in_service_count if opening.seconds else 0
        figures = DayFigures(day=day, open_seconds=opening.seconds, desks_in_service=in_service_count)
        figures.capacity = count * opening.seconds
        figures.booked = booked_per_day.get(day, 0)
        figures.used = used_per_day.get(day, 0)
        if opening.seconds:
            figures.desk_days = Fraction(figures.booked, opening.seconds)
        figures.peak_desks = peak_at_once(per_day.get(day, []))
        figures.peak = Fraction(figures.peak_desks, count) if count else ZERO
        day_figures.append(figures)
    return day_figures


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


def _heatmap_capacity(
    heat: dict[tuple[int, int], HeatCell], schedule: Schedule, days: dict[date, DayOpen], in_service_counts: list[int]
) -> None:
    """The heatmap's capacity: each open day's hours, cut into local hours, times the desks in
    service that day."""
    splits: dict[tuple, list[tuple[int, int, int]]] = {}
    for opening, in_service_count in zip(days.values(), in_service_counts, strict=True):
        if opening.seconds and in_service_count:
            for weekday, hour, part in opening_by_hour(opening, schedule, splits):
                heat[(weekday, hour)].capacity += part * in_service_count


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
