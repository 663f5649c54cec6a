"""Reading calendar feeds as their clients do: the feed URLs a member is given, fetching them
with the test client, checking a feed with three parsers and RFC 5545's shape, and reading a
VTIMEZONE block literally (its onsets) to compare it with zoneinfo."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import vobject
from dateutil.rrule import rrulestr
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar


def feed_urls(api):
    r = api.get("/api/v1/me/calendar")
    assert r.status_code == 200, r.json
    return r.json


def path_of(url: str) -> str:
    """The path and query of an absolute URL, for the test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def fetch(client, url, **headers):
    return client.get(path_of(url), headers=headers)


def events_by_uid(body: bytes) -> dict:
    return {str(e["UID"]): e for e in Calendar.from_ical(body).walk("VEVENT")}


def check_with_three_parsers(body: bytes, expected: dict[str, tuple[datetime, datetime]]) -> None:
    """icalendar, vobject and ical each read the same UTC instants for each UID."""
    text = body.decode("utf-8")
    # icalendar
    cal = Calendar.from_ical(body)
    got = {
        str(e["UID"]): (e.decoded("DTSTART").astimezone(UTC), e.decoded("DTEND").astimezone(UTC))
        for e in cal.walk("VEVENT")
    }
    assert got == expected
    # vobject
    parsed = vobject.readOne(text)
    got = {
        ev.uid.value: (ev.dtstart.value.astimezone(UTC), ev.dtend.value.astimezone(UTC))
        for ev in parsed.contents.get("vevent", [])
    }
    assert got == expected
    # ical (pydantic-based, strict)
    stream = IcsCalendarStream.calendar_from_ics(text)
    got = {ev.uid: (ev.dtstart.astimezone(UTC), ev.dtend.astimezone(UTC)) for ev in stream.events}
    assert got == expected


def check_rfc5545_shape(body: bytes) -> None:
    assert b"\n" not in body.replace(b"\r\n", b""), "every line ends with CRLF"
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, line
    cal = Calendar.from_ical(body)
    assert str(cal["METHOD"]) == "PUBLISH" and cal["PRODID"] and str(cal["VERSION"]) == "2.0"
    instants = [p for e in cal.walk("VEVENT") for p in (e["DTSTART"], e["DTEND"])]
    # Each instant is UTC or carries a TZID; every TZID written has its VTIMEZONE, no other.
    assert all("TZID" in p.params or p.to_ical().endswith(b"Z") for p in instants)
    used = {str(p.params["TZID"]) for p in instants if "TZID" in p.params}
    defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    assert used == defined
    for tz in cal.walk("VTIMEZONE"):
        for observance in tz.subcomponents:
            assert "RDATE" not in observance or "," not in observance["RDATE"].to_ical().decode()


# --- VTIMEZONE blocks read literally ------------------------------------------------------


def observances(body: bytes, key: str | None = None) -> list:
    """The observances of the VTIMEZONE of ``key`` (default: the first one) in ``body``."""
    blocks = Calendar.from_ical(body).walk("VTIMEZONE")
    if key is not None:
        blocks = [b for b in blocks if str(b["TZID"]) == key]
    return blocks[0].subcomponents


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """zoneinfo's own change instants in the span, to the second (hourly scan, then bisection)."""
    found = []
    t = start
    while t < end:
        nxt = t + timedelta(hours=1)
        if t.astimezone(zone).utcoffset() != nxt.astimezone(zone).utcoffset():
            lo, hi = t, nxt
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                lo, hi = (mid, hi) if mid.astimezone(zone).utcoffset() == lo.astimezone(zone).utcoffset() else (lo, mid)
            found.append(hi)
        t = nxt
    return found


def text(value) -> str:
    value = value.to_ical()
    return value.decode() if isinstance(value, bytes) else value


def onsets(body: bytes, until: datetime, key: str | None = None) -> list[tuple[datetime, timedelta]]:
    """RFC 5545 §3.6.5 read literally: each observance's onsets (DTSTART, which always counts as
    the first, then its RRULE's, taken in TZOFFSETFROM) as (UTC instant, TZOFFSETTO), in time
    order."""
    found = []
    for part in observances(body, key):
        start, before, after = (part.decoded(name) for name in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"))
        local = {start}
        if "RRULE" in part:
            local |= set(
                rrulestr(text(part["RRULE"]), dtstart=start).between(start, until.replace(tzinfo=None), inc=True)
            )
        found += [((t - before).replace(tzinfo=UTC), after) for t in local]
    return sorted(found)


def offset_at(table: list[tuple[datetime, timedelta]], instant: datetime) -> timedelta | None:
    in_force = [after for at, after in table if at <= instant]
    return in_force[-1] if in_force else None


def assert_block_exact(body: bytes, key: str, span: tuple[date, date]) -> None:
    """The VTIMEZONE of ``key`` in ``body`` alone gives zoneinfo's offset at every hour of
    ``span`` and on both sides of every change, to the second, read literally (onsets) and by
    vobject's reader (dateutil) for yearly rules; and every observance starts at a real change
    of zoneinfo's from its TZOFFSETFROM to its TZOFFSETTO (a DTSTART a day late is wrong even
    where a reader that skips it would not notice)."""
    zone = ZoneInfo(key)
    start, end = (datetime.combine(d, datetime.min.time(), tzinfo=UTC) for d in span)
    table = onsets(body, end, key)
    instants = [start + timedelta(hours=h) for h in range(int((end - start).total_seconds() // 3600))]
    for change in transitions(zone, start, end):
        instants += [change - timedelta(seconds=1), change, change + timedelta(seconds=1)]
    wrong = [i for i in instants if offset_at(table, i) != i.astimezone(zone).utcoffset()]
    assert not wrong, f"{key}: {len(wrong)} instants off, first {wrong[:3]}"
    for part in observances(body, key):
        first = part.decoded("DTSTART")
        before, after = part.decoded("TZOFFSETFROM"), part.decoded("TZOFFSETTO")
        if before == after:  # a zone that never changed: one observance from 1970
            continue
        onset = (first - before).replace(tzinfo=UTC)
        seen = ((onset - timedelta(seconds=1)).astimezone(zone).utcoffset(), onset.astimezone(zone).utcoffset())
        assert seen == (before, after), f"{key}: {part.name} from {first} is not a change of zoneinfo's"
    if any("RRULE" in part for part in observances(body, key)):
        readers = {str(tz.tzid.value): tz for tz in vobject.readOne(body.decode()).contents["vtimezone"]}
        reader = readers[key].gettzinfo()
        wrong = [i for i in instants if i.astimezone(reader).utcoffset() != i.astimezone(zone).utcoffset()]
        assert not wrong, f"{key} read by vobject: {len(wrong)} instants off, first {wrong[:3]}"
