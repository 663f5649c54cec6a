"""Build iCalendar documents for bookings with the icalendar library.

Every DTSTART/DTEND carries the workspace's TZID, and every TZID used gets a VTIMEZONE made of
one observance per transition in the span the calendar covers (no multi-date RDATE).

A feed is assembled from serialised parts: icalendar's ``Component.to_ical()`` of a calendar
is its BEGIN line and properties, each subcomponent's own ``to_ical()``, then its END line,
so a calendar's bytes are the concatenation of the calendar's head, each VTIMEZONE's and each
VEVENT's bytes, and ``END:VCALENDAR``. That lets the parts be made once and reused: a
VTIMEZONE per (zone, first day, last day), an event per booking state (see content.py).
``calendar_component`` builds the same document as one icalendar object (tests compare)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from uuid import UUID
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration

from coworking.bookings.models import CANCELLED, Booking

PRODID = "-//coworking cooperative//coworking//EN"
END = b"END:VCALENDAR\r\n"


class EventData(NamedTuple):
    """What a booking's event shows: a row of queries.feed_rows, or made from a Booking.
    Hashable, so an event's bytes can be cached by it."""

    uuid: UUID
    starts_at: datetime
    ends_at: datetime
    created_at: datetime
    updated_at: datetime
    status: str
    sequence: int
    note: str
    desk_code: str
    workspace_name: str
    city: str
    address: str
    timezone: str
    member_name: str | None = None

    @classmethod
    def of(cls, booking: Booking, *, with_member: bool = False) -> EventData:
        ws = booking.workspace
        return cls(
            booking.uuid,
            booking.starts_at,
            booking.ends_at,
            booking.created_at,
            booking.updated_at,
            booking.status,
            booking.sequence,
            booking.note,
            booking.desk.code,
            ws.name,
            ws.city,
            ws.address,
            ws.timezone,
            booking.member.name if with_member else None,
        )


def _transitions(tz: ZoneInfo, start: datetime, end: datetime):
    """(instant, offset_before, offset_after, is_dst, name) for every UTC-offset change of
    ``tz`` between ``start`` and ``end``, found day by day and refined to the minute."""
    out = []
    t = start.replace(minute=0, second=0, microsecond=0)
    prev = t.astimezone(tz)
    step = timedelta(hours=12)
    while t < end:
        nxt = t + step
        local = nxt.astimezone(tz)
        if local.utcoffset() != prev.utcoffset():
            lo, hi = t, nxt
            while hi - lo > timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(tz).utcoffset() == prev.utcoffset():
                    lo = mid
                else:
                    hi = mid
            out.append((hi, prev.utcoffset(), local.utcoffset(), bool(local.dst()), local.tzname()))
        prev = local
        t = nxt
    return out


def vtimezone(tz: ZoneInfo, start: datetime, end: datetime) -> Timezone:
    """A VTIMEZONE for ``tz`` valid from ``start`` to ``end``: a first observance for the
    offset in force at ``start``, then one observance per transition (each with one DTSTART)."""
    component = Timezone()
    component.add("tzid", tz.key)
    first = start.astimezone(tz)
    initial = TimezoneDaylight() if first.dst() else TimezoneStandard()
    initial.add("dtstart", first.replace(tzinfo=None, minute=0, second=0, microsecond=0))
    initial.add("tzoffsetfrom", first.utcoffset())
    initial.add("tzoffsetto", first.utcoffset())
    initial.add("tzname", first.tzname())
    component.add_component(initial)
    for instant, before, after, is_dst, name in _transitions(tz, start, end):
        observance = TimezoneDaylight() if is_dst else TimezoneStandard()
        # DTSTART of an observance is the local time *before* the change, in the old offset.
        observance.add("dtstart", (instant + before).replace(tzinfo=None))
        observance.add("tzoffsetfrom", before)
        observance.add("tzoffsetto", after)
        observance.add("tzname", name)
        component.add_component(observance)
    return component


def zone_span(first_start: datetime, last_end: datetime) -> tuple[date, date]:
    """The whole UTC days a VTIMEZONE covers for events from ``first_start`` to ``last_end``:
    a day of margin each side, rounded to days so that one VTIMEZONE serves many feeds."""
    return (first_start - timedelta(days=1)).date(), (last_end + timedelta(days=2)).date()


@lru_cache(maxsize=512)
def vtimezone_ical(key: str, first_day: date, last_day: date) -> bytes:
    """The serialised VTIMEZONE for zone ``key`` from ``first_day`` to ``last_day`` (UTC
    midnights), built once per process and span (cached: ~1.5 kB each, at most 512)."""
    start, end = (datetime.combine(d, time(0), tzinfo=UTC) for d in (first_day, last_day))
    return vtimezone(ZoneInfo(key), start, end).to_ical()


def booking_event(data: EventData, *, uid_domain: str, summary: str, description: str, url: str | None) -> Event:
    tz = ZoneInfo(data.timezone)
    event = Event()
    event.add("uid", f"{data.uuid}@{uid_domain}")
    event.add("dtstamp", data.updated_at.astimezone(UTC))
    event.add("created", data.created_at.astimezone(UTC))
    event.add("last-modified", data.updated_at.astimezone(UTC))
    event.add("dtstart", data.starts_at.astimezone(tz))
    event.add("dtend", data.ends_at.astimezone(tz))
    event.add("sequence", data.sequence)
    event.add("status", "CANCELLED" if data.status == CANCELLED else "CONFIRMED")
    event.add("summary", summary)
    if data.address:
        event.add("location", data.address)
    event.add("description", description)
    if url:
        event.add("url", url)
    event.add("transp", "OPAQUE")
    return event


def _head_component(name: str | None, refresh: timedelta | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    if refresh:
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(refresh))
    return cal


@lru_cache(maxsize=64)
def _head(name: str | None, refresh: timedelta | None) -> bytes:
    return _head_component(name, refresh).to_ical().removesuffix(END)


def spans(data: Iterable[EventData]) -> dict[str, tuple[date, date]]:
    """Per time zone used, the days its VTIMEZONE must cover."""
    found: dict[str, tuple[datetime, datetime]] = {}
    for item in data:
        lo, hi = found.get(item.timezone, (item.starts_at, item.ends_at))
        found[item.timezone] = (min(lo, item.starts_at), max(hi, item.ends_at))
    return {key: zone_span(lo, hi) for key, (lo, hi) in found.items()}


def calendar(
    events: Iterable[bytes], zones: dict[str, tuple[date, date]], *, name: str | None, refresh: timedelta | None
) -> bytes:
    """A PUBLISH calendar of serialised events with a VTIMEZONE for each of ``zones``.
    ``refresh`` asks subscribed clients to poll that often (REFRESH-INTERVAL, X-PUBLISHED-TTL)."""
    parts = [_head(name, refresh)]
    parts += [vtimezone_ical(key, *zones[key]) for key in sorted(zones)]
    parts += events
    parts.append(END)
    return b"".join(parts)


def calendar_component(
    events: Iterable[Event], zones: dict[str, tuple[date, date]], *, name: str | None, refresh: timedelta | None
) -> Calendar:
    """The same document as ``calendar`` built as one icalendar object (its reference)."""
    cal = _head_component(name, refresh)
    for key in sorted(zones):
        start, end = (datetime.combine(d, time(0), tzinfo=UTC) for d in zones[key])
        cal.add_component(vtimezone(ZoneInfo(key), start, end))
    for event in events:
        cal.add_component(event)
    return cal
