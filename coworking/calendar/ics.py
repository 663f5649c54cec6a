"""Build iCalendar documents for bookings with the icalendar library.

Every DTSTART/DTEND carries the workspace's TZID, and every TZID used gets a VTIMEZONE made of
one observance per transition in the span the calendar covers (no multi-date RDATE)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration

from coworking.bookings.models import CANCELLED, Booking

PRODID = "-//coworking cooperative//coworking//EN"


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


def booking_event(booking: Booking, *, uid_domain: str, summary: str, description: str, url: str | None) -> Event:
    tz = booking.workspace.tz
    event = Event()
    event.add("uid", f"{booking.uuid}@{uid_domain}")
    event.add("dtstamp", booking.updated_at.astimezone(UTC))
    event.add("created", booking.created_at.astimezone(UTC))
    event.add("last-modified", booking.updated_at.astimezone(UTC))
    event.add("dtstart", booking.starts_at.astimezone(tz))
    event.add("dtend", booking.ends_at.astimezone(tz))
    event.add("sequence", booking.sequence)
    event.add("status", "CANCELLED" if booking.status == CANCELLED else "CONFIRMED")
    event.add("summary", summary)
    if booking.workspace.address:
        event.add("location", booking.workspace.address)
    event.add("description", description)
    if url:
        event.add("url", url)
    event.add("transp", "OPAQUE")
    return event


def calendar(
    events: Iterable[tuple[Booking, Event]], *, name: str | None = None, refresh: timedelta | None = None
) -> bytes:
    """A PUBLISH calendar with the events and a VTIMEZONE for each zone they use. ``refresh``
    asks subscribed clients to poll that often (REFRESH-INTERVAL and X-PUBLISHED-TTL)."""
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
    spans: dict[str, tuple[datetime, datetime]] = {}
    items = list(events)
    for booking, _event in items:
        key = booking.workspace.timezone
        lo, hi = spans.get(key, (booking.starts_at, booking.ends_at))
        spans[key] = (min(lo, booking.starts_at), max(hi, booking.ends_at))
    for key in sorted(spans):
        lo, hi = spans[key]
        cal.add_component(vtimezone(ZoneInfo(key), lo - timedelta(days=1), hi + timedelta(days=1)))
    for _booking, event in items:
        cal.add_component(event)
    return cal.to_ical()
