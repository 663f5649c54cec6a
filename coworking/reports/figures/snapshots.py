"""Closed months: their figures frozen as plain JSON (``snapshot``), read back per member, and
merged with figures computed from bookings into what ``compute`` gives over the whole span
(every figure is a sum or a maximum over days, or counts bookings by the day they start)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction

from coworking.reports.figures.inputs import DeskRow
from coworking.reports.figures.results import (
    ZERO,
    DayFigures,
    DeskFigures,
    Figures,
    HeatCell,
    Totals,
    Usage,
    add_day_totals,
    add_known,
)

SNAPSHOT_VERSION = 1


def snapshot(figures: Figures) -> dict:
    """The mergeable figures of a period (a closed month) as plain JSON values: everything
    ``merge`` needs to give exactly what ``compute`` gives over a longer period. Per day
    (capacity, booked, opening seconds, desks in service, peak desks: the desk-days and the
    peak follow), per desk, per member (desk-days as an exact fraction), the heatmap, the
    cancellations and the lead times; and since check-in (docs/figures.md), each day's used
    seconds (a sixth number per day), the members' used seconds, no-shows and settled
    bookings (three more columns) and the period's no-shows and settled bookings. Snapshots
    stored before that lack them and read back as "not available" (None), never as 0."""
    return {
        "version": SNAPSHOT_VERSION,
        "first": figures.first.isoformat(),
        "last": figures.last.isoformat(),
        "days": [
            [d.capacity, d.booked, d.open_seconds, d.desks_in_service, d.peak_desks, *_known(d.used)]
            for d in figures.days
        ],
        "desks": [[d.desk.id, d.capacity, d.booked, d.bookings] for d in figures.desks],
        "members": _member_columns(figures.members),
        "heatmap": [[weekday, hour, c.capacity, c.booked] for (weekday, hour), c in figures.heatmap.items()],
        "cancellations": figures.cancellations,
        "late_cancellations": figures.late_cancellations,
        "lead_times": figures.lead_times,
        **({} if figures.no_shows is None else {"no_shows": figures.no_shows}),
        **({} if figures.settled is None else {"settled": figures.settled}),
    }


def _known(value: int | None) -> list[int]:
    """A figure that may be unknown, as an optional trailing entry of a stored row."""
    return [] if value is None else [value]


def _member_columns(members: dict[int, Usage]) -> list[list[int]]:
    """Per member: id, bookings, booked seconds, desk-days (numerator, denominator),
    cancellations, late cancellations — as seven parallel lists (compact, and cheap to read) —
    then used seconds, no-shows and settled bookings (three more lists) when every member's
    are known."""
    rows = members.items()
    check_in = [
        [u.used for _, u in rows],
        [u.no_shows for _, u in rows],
        [u.settled for _, u in rows],
    ]
    if any(value is None for column in check_in for value in column):
        check_in = []
    return [
        list(members),
        [u.bookings for _, u in rows],
        [u.booked for _, u in rows],
        [u.desk_days.numerator for _, u in rows],
        [u.desk_days.denominator for _, u in rows],
        [u.cancellations for _, u in rows],
        [u.late_cancellations for _, u in rows],
        *check_in,
    ]


def snapshot_member_usage(data: dict, member_id: int) -> Usage:
    """One member's usage in a closed month, as its snapshot froze it (nothing if absent)."""
    ids, bookings, booked, numerators, denominators, cancelled, late, *check_in = data["members"]
    try:
        i = ids.index(member_id)
    except ValueError:
        return Usage() if check_in else Usage(used=None, no_shows=None, settled=None)
    used, no_shows, settled = (column[i] for column in check_in) if check_in else (None, None, None)
    return Usage(
        bookings[i], booked[i], Fraction(numerators[i], denominators[i]), cancelled[i], late[i], used, no_shows, settled
    )


def snapshot_period(data: object) -> tuple[date, date] | None:
    """The period a snapshot covers; None when it is not one this code reads."""
    if not isinstance(data, dict) or data.get("version") != SNAPSHOT_VERSION:
        return None
    return date.fromisoformat(data["first"]), date.fromisoformat(data["last"])


def _day_from(
    day: date, capacity: int, booked: int, open_seconds: int, in_service: int, peak: int, used: int | None = None
) -> DayFigures:
    """A day's figures from its stored integers, derived exactly as ``compute`` does (used
    seconds None in a snapshot stored before check-in was recorded)."""
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
        used=used,
    )


def merge(parts: Sequence[Figures | dict], desks: Sequence[DeskRow]) -> Figures:
    """Figures of consecutive periods (computed ones, or snapshots of closed months), in
    date order, as one: exactly what ``compute`` gives over the whole span, since every
    figure is a sum or a maximum over days, or counts bookings by the day they start. Desks
    are the workspace's current ones (a desk known only to a snapshot is left out)."""
    days: list[DayFigures] = []
    desk_figures = {d.id: DeskFigures(d) for d in desks}
    member_parts = []
    heat: dict[tuple[int, int], HeatCell] = {}
    cancellations = late = 0
    no_shows: int | None = 0
    settled: int | None = 0
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
            no_shows = add_known(no_shows, part.no_shows)
            settled = add_known(settled, part.settled)
        else:
            first = date.fromisoformat(part["first"])
            days.extend(_day_from(first + timedelta(days=i), *row) for i, row in enumerate(part["days"]))
            desk_rows, heat_rows = part["desks"], part["heatmap"]
            member_parts.append(part["members"])
            cancellations += part["cancellations"]
            late += part["late_cancellations"]
            lead_times.extend(part["lead_times"])
            no_shows = add_known(no_shows, part.get("no_shows"))
            settled = add_known(settled, part.get("settled"))
        _add_desk_rows(desk_figures, desk_rows)
        _add_heat_rows(heat, heat_rows)
    total = Totals()
    add_day_totals(total, days)
    return Figures(
        first=days[0].day,
        last=days[-1].day,
        days=days,
        totals=total,
        desks=sorted(desk_figures.values(), key=lambda d: d.desk.code),
        members=_sum_member_columns(member_parts),
        heatmap=heat,
        cancellations=cancellations,
        late_cancellations=late,
        lead_times=sorted(lead_times),
        no_shows=no_shows,
        settled=settled,
    )


def _add_desk_rows(desk_figures: dict[int, DeskFigures], rows) -> None:
    """One part's per-desk capacity, booked seconds and bookings added to the desks' figures
    (rows of a desk the workspace no longer has are left out)."""
    for desk_id, capacity, booked, bookings in rows:
        row = desk_figures.get(desk_id)
        if row is not None:
            row.capacity += capacity
            row.booked += booked
            row.bookings += bookings


def _add_heat_rows(heat: dict[tuple[int, int], HeatCell], rows) -> None:
    """One part's heatmap cells (weekday, hour, capacity, booked) added to the heatmap."""
    for weekday, hour, capacity, booked in rows:
        cell = heat.get((weekday, hour))
        if cell is None:
            heat[(weekday, hour)] = HeatCell(capacity, booked)
        else:
            cell.capacity += capacity
            cell.booked += booked


def _sum_member_columns(member_parts: list[list[list[int]]]) -> dict[int, Usage]:
    """Each member's usage over all parts, from the parts' member columns. Summed column by
    column in plain integers (desk-days on a common denominator), one ``Usage`` and one
    ``Fraction`` each at the end: a year has some ten thousand. When a part lacks the
    check-in columns (a month closed before them), every member's used seconds, no-shows and
    settled bookings are None: not available, as the workspace's."""
    common = math.lcm(1, *{d for columns in member_parts for d in set(columns[4])})
    known = all(len(columns) == 10 for columns in member_parts)
    bookings: dict[int, int] = {}
    booked: dict[int, int] = {}
    scaled: dict[int, int] = {}  # desk-days × common
    cancelled: dict[int, int] = {}
    late_cancelled: dict[int, int] = {}
    check_in: dict[int, list[int]] = {}  # used, no-shows, settled
    for ids, n_bookings, n_booked, numerators, denominators, n_cancelled, n_late, *n_check_in in member_parts:
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
        if known:
            for mid, *values in zip(ids, *n_check_in, strict=True):
                sums = check_in.setdefault(mid, [0, 0, 0])
                for i, value in enumerate(values):
                    sums[i] += value
    unknown = (None, None, None)
    return {
        mid: Usage(
            count,
            booked[mid],
            Fraction(scaled[mid], common) if scaled[mid] else ZERO,
            cancelled[mid],
            late_cancelled[mid],
            *(check_in.get(mid, (0, 0, 0)) if known else unknown),
        )
        for mid, count in bookings.items()
    }
