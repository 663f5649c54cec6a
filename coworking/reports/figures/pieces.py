"""Time cut into pieces: a booking into the opening hours of the period's days, and any
interval into local hours (the heatmap's cells), at the same instants whatever the interval,
so a booking's parts fall in the same cells as the opening hours around it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from coworking.reports.figures.inputs import DayOpen
from coworking.workspaces.rules import Schedule, local_day_bounds

ONE_SECOND = timedelta(seconds=1)


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


def opening_by_hour(opening: DayOpen, schedule: Schedule, cache: dict) -> list[tuple[int, int, int]]:
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


def day_shapes(schedule: Schedule, days: dict[date, DayOpen]) -> dict[date, tuple[int, datetime] | None]:
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


def span_pieces(
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
