"""The tests' calendar: the frozen "now" of the ``clock`` fixture and local wall-clock times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
LISBON = ZoneInfo("Europe/Lisbon")

# Monday 1 March 2027, 09:00 in Brussels (CET, UTC+1): where the ``clock`` fixture stops time.
MONDAY = date(2027, 3, 1)
TUESDAY = MONDAY + timedelta(days=1)
FROZEN_AT = "2027-03-01T08:00:00+00:00"


def local(day: date, hh: int, mm: int = 0) -> str:
    """A naive local ISO timestamp, as a client without offsets would send it."""
    return datetime.combine(day, time(hh, mm)).isoformat()


def at(tz: ZoneInfo, day: date, hh: int, mm: int = 0) -> datetime:
    """Local wall-clock time → aware UTC (for times that exist once on that day)."""
    from coworking.workspaces.rules import to_utc

    return to_utc(datetime.combine(day, time(hh, mm)), tz)


def weekdays(first: date, last: date) -> list[date]:
    """Monday to Friday from ``first`` to ``last``, both included."""
    return [
        first + timedelta(days=i) for i in range((last - first).days + 1) if (first + timedelta(days=i)).weekday() < 5
    ]
