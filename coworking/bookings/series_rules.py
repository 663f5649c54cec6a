"""Pure rules of a series of bookings: which local dates it covers and the wall-clock times of
each occurrence. No Flask, no database.

The first occurrence is given as a booking is (``start``/``end``, ISO 8601); the others repeat
its local start and end times on their own dates, so 09:00 stays 09:00 across a DST change.
Whether each occurrence may be booked is the booking rules' question, asked per date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from coworking import errors
from coworking.dates import FIRST_DATE, LAST_DATE

MAX_OCCURRENCES = 60


@dataclass(frozen=True)
class Repeat:
    """Weekly on these weekdays (0 = Monday … 6 = Sunday) until this local date, included."""

    weekdays: frozenset[int]
    until: date


def wall_clock(text: str, tz: ZoneInfo) -> datetime:
    """The local wall-clock time (naive) a client's ISO 8601 text names in ``tz``: as written
    when it has no offset (even a time a DST change skips: that is the booking rules' refusal,
    for that date), converted to ``tz`` when it has one."""
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise errors.ValidationFailed(f"{text!r} is not an ISO 8601 date and time.") from None
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(tz).replace(tzinfo=None)
    if not FIRST_DATE <= value.date() <= LAST_DATE:
        raise errors.ValidationFailed(f"{text!r} is outside {FIRST_DATE.year}–{LAST_DATE.year}.")
    return value


def _too_many() -> errors.DomainError:
    return errors.ValidationFailed(
        f"A series has at most {MAX_OCCURRENCES} bookings.", errors={"json": {"dates": ["Too many bookings."]}}
    )


def occurrence_dates(first: date, dates: list[date] | None = None, repeat: Repeat | None = None) -> list[date]:
    """The local dates of a series, in order, the first occurrence's date included: ``first``
    and the ``dates`` given, or ``first`` and every date after it until ``repeat.until`` whose
    weekday is one of ``repeat.weekdays``. At most MAX_OCCURRENCES (else validation_error)."""
    if dates is not None and repeat is not None:
        raise errors.ValidationFailed(
            "Give either 'dates' or 'repeat', not both.",
            errors={"json": {"repeat": ["Not together with 'dates'."]}},
        )
    found = {first}
    if dates is not None:
        found.update(dates)
        if len(found) > MAX_OCCURRENCES:
            raise _too_many()
    elif repeat is not None:
        if not repeat.weekdays or not repeat.weekdays <= set(range(7)):
            raise errors.ValidationFailed(
                "Repeat on weekdays 0 (Monday) to 6 (Sunday).",
                errors={"json": {"repeat": {"weekdays": ["Give weekdays from 0 to 6."]}}},
            )
        if repeat.until < first:
            raise errors.ValidationFailed(
                "'until' is before the first booking.", errors={"json": {"repeat": {"until": ["Before the start."]}}}
            )
        day = first + timedelta(days=1)
        while day <= repeat.until:  # stops after MAX_OCCURRENCES, however far ``until`` is
            if day.weekday() in repeat.weekdays:
                found.add(day)
                if len(found) > MAX_OCCURRENCES:
                    raise _too_many()
            day += timedelta(days=1)
    return sorted(found)


def occurrence_times(first_start: datetime, first_end: datetime, day: date) -> tuple[str, str]:
    """Naive local ISO start and end of the occurrence on ``day``: the first occurrence's wall
    clock on that date (an end on a later local date keeps that many days' distance)."""
    start = datetime.combine(day, first_start.time())
    end = datetime.combine(day + (first_end.date() - first_start.date()), first_end.time())
    return start.isoformat(), end.isoformat()


# --- the series form's calendar -------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: date
    bookable: bool  # False: past, not open that day, or beyond the advance window


@dataclass(frozen=True)
class CalendarMonth:
    first: date  # the first of the month
    weeks: list[list[CalendarDay | None]]  # Monday to Sunday; None outside the period


def calendar_months(first: date, last: date, bookable) -> list[CalendarMonth]:
    """The days from ``first`` to ``last`` as month grids (weeks of Monday … Sunday), each day
    marked with ``bookable(day)``: what the series form shows as checkboxes."""
    months: list[CalendarMonth] = []
    day = first
    while day <= last:
        month_start = day.replace(day=1)
        weeks: list[list[CalendarDay | None]] = []
        week: list[CalendarDay | None] = [None] * day.weekday()
        while day <= last and day.month == month_start.month:
            week.append(CalendarDay(day, bookable(day)))
            if len(week) == 7:
                weeks.append(week)
                week = []
            day += timedelta(days=1)
        if week:
            weeks.append(week + [None] * (7 - len(week)))
        months.append(CalendarMonth(month_start, weeks))
    return months


def first_repeat_day(start: date, weekdays: frozenset[int], until: date) -> date | None:
    """The first date from ``start`` to ``until`` on one of ``weekdays`` (where a weekly series
    begins), or None."""
    for offset in range(7):
        day = start + timedelta(days=offset)
        if day > until:
            return None
        if day.weekday() in weekdays:
            return day
    return None
