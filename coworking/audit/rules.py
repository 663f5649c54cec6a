"""Pure rules of the audit trail (no Flask): reading the period bounds of a query."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from coworking import errors
from coworking.dates import FIRST_DATE, LAST_DATE

# The dates the app knows anything about (as for bookings and reports): a bound outside them is
# refused (422), never carried to the database or past datetime's own range (year 1, 9999).
EARLIEST = datetime(FIRST_DATE.year, FIRST_DATE.month, FIRST_DATE.day, tzinfo=UTC)
LATEST = datetime(LAST_DATE.year, LAST_DATE.month, LAST_DATE.day, tzinfo=UTC) + timedelta(days=1)


def parse_bound(value: str | None, field: str, *, end: bool) -> datetime | None:
    """``from``/``to`` of an audit query: a UTC date (YYYY-MM-DD; ``to`` includes that day)
    or an instant with an offset (ISO 8601; ``to`` excludes it), from 2000 to 2100."""
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            instant = datetime(day.year, day.month, day.day, tzinfo=UTC)
            date_only = True
        else:
            instant = datetime.fromisoformat(text)
            date_only = False
    except ValueError as exc:
        raise errors.ValidationFailed(
            f"'{field}' must be a date (YYYY-MM-DD) or an instant with an offset.", field=field
        ) from exc
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise errors.ValidationFailed(f"'{field}' needs a UTC offset (e.g. 2027-03-01T09:00:00+01:00).", field=field)
    # Compared before any arithmetic: an aware comparison never overflows, a conversion can.
    if not EARLIEST <= instant < LATEST:
        raise errors.ValidationFailed(
            f"'{field}' must lie between {FIRST_DATE.year} and {LAST_DATE.year}.", field=field, reason="out_of_range"
        )
    instant = instant.astimezone(UTC)
    return instant + timedelta(days=1) if date_only and end else instant
