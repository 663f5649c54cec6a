"""Build iCalendar documents for bookings with the icalendar library.

Every DTSTART/DTEND names one instant in every client: the workspace's local time with its TZID
where that is unambiguous, UTC in the repeated hour of an autumn change (see ``written``).
Every TZID written gets an exact VTIMEZONE (vtimezone.py); a zone no event writes gets none.

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

from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from coworking.bookings.models import CANCELLED, RELEASED, Booking
from coworking.calendar.vtimezone import vtimezone, vtimezone_ical, zone_span

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
    # A meeting the feed's owner is a guest of: the booker organises it, the owner attends.
    organizer_name: str | None = None
    organizer_email: str | None = None
    attendee_name: str | None = None
    attendee_email: str | None = None

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


def written(instant: datetime, tz: ZoneInfo) -> datetime:
    """How DTSTART/DTEND state ``instant``: the workspace's local time (with its TZID) where
    that local time names one instant only, else UTC. RFC 5545 reads a local time in the
    repeated hour of an autumn change as its first pass, so the second pass (02:30+01:00 in
    Brussels on 2027-10-31) can only be written in UTC; the first pass is written in UTC too,
    since not every client follows that reading."""
    local = instant.astimezone(tz)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return instant.astimezone(UTC)
    return local


def uses_zone(data: EventData) -> bool:
    """Whether the event writes an instant with its workspace's TZID (so needs its VTIMEZONE)."""
    tz = ZoneInfo(data.timezone)
    return any(written(instant, tz).tzinfo is not UTC for instant in (data.starts_at, data.ends_at))


def booking_event(data: EventData, *, uid_domain: str, summary: str, description: str, url: str | None) -> Event:
    tz = ZoneInfo(data.timezone)
    event = Event()
    event.add("uid", f"{data.uuid}@{uid_domain}")
    event.add("dtstamp", data.updated_at.astimezone(UTC))
    event.add("created", data.created_at.astimezone(UTC))
    event.add("last-modified", data.updated_at.astimezone(UTC))
    event.add("dtstart", written(data.starts_at, tz))
    event.add("dtend", written(data.ends_at, tz))
    event.add("sequence", data.sequence)
    event.add("status", "CANCELLED" if data.status in (CANCELLED, RELEASED) else "CONFIRMED")
    event.add("summary", summary)
    if data.address:
        event.add("location", data.address)
    event.add("description", description)
    if url:
        event.add("url", url)
    # A cancelled (or released) booking no longer makes its member busy.
    event.add("transp", "TRANSPARENT" if data.status in (CANCELLED, RELEASED) else "OPAQUE")
    if data.organizer_email:
        event.add("organizer", _address(data.organizer_email, data.organizer_name))
        if data.attendee_email:
            event.add(
                "attendee",
                _address(data.attendee_email, data.attendee_name, CUTYPE="INDIVIDUAL", ROLE="REQ-PARTICIPANT"),
            )
    return event


def _address(email: str, name: str | None, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    address.params.update(params)
    return address


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
    """Per time zone some event writes a TZID of, the days its VTIMEZONE must cover."""
    found: dict[str, tuple[datetime, datetime]] = {}
    for item in data:
        if not uses_zone(item):
            continue
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
        cal.add_component(vtimezone(key, start, end))
    for event in events:
        cal.add_component(event)
    return cal
