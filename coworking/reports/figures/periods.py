"""The dates a report covers: parsing ``from``/``to`` as the contract writes them, the limits
on a period, and the buckets (days, ISO weeks, months) a series sums days into."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from coworking import errors
from coworking.workspaces.rules import FIRST_DATE, LAST_DATE

GRANULARITIES = ("day", "week", "month")
MAX_YEARS = 5


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


def parse_period(raw_from: str | None, raw_to: str | None) -> tuple[date, date]:
    """``from`` and ``to`` as a request gives them, parsed and checked: the API and the pages
    refuse the same periods with the same field and reason."""
    first = parse_day(raw_from, "from")
    last = parse_day(raw_to, "to")
    check_period(first, last)
    return first, last


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
