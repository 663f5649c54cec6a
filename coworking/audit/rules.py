"""Pure rules of the audit trail (no Flask): reading the period bounds of a query."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from coworking import errors


def parse_bound(value: str | None, field: str, *, end: bool) -> datetime | None:
    """``from``/``to`` of an audit query: a UTC date (YYYY-MM-DD; ``to`` includes that day)
    or an instant with an offset (ISO 8601; ``to`` excludes it)."""
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start + timedelta(days=1) if end else start
        instant = datetime.fromisoformat(text)
    except ValueError as exc:
        raise errors.ValidationFailed(
            f"'{field}' must be a date (YYYY-MM-DD) or an instant with an offset.", field=field
        ) from exc
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise errors.ValidationFailed(f"'{field}' needs a UTC offset (e.g. 2027-03-01T09:00:00+01:00).", field=field)
    return instant.astimezone(UTC)
