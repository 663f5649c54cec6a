"""VTIMEZONE blocks in the shape Outlook and every other client expects (RFC 5545 §3.6.5).

Where a zone follows a yearly rule, the block is one STANDARD and one DAYLIGHT observance,
each with a yearly RRULE, starting with the first year the current rule holds in the zoneinfo
database; transitions that rule does not state (the rule changed, or the zone has none) are
dated observances, listed only inside the span the calendar covers. Every DTSTART is exact to
the second: it is read from the TZif data, never searched for.

STANDARD and DAYLIGHT follow the clocks: DAYLIGHT is the side clocks go forward into. So
Europe/Dublin, whose summer "IST" is the standard time in tzdata (negative DST in winter,
"GMT"), comes out as STANDARD GMT +0000 and DAYLIGHT IST +0100, as clients expect."""

from __future__ import annotations

from calendar import monthrange
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from coworking.calendar.zonedata import Change, Rule, Transition, Zone, load

_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
_FAR = datetime.max.replace(tzinfo=UTC)


def _rrule(change: Change) -> dict | None:
    """The yearly RRULE of a change, or None where RRULE cannot state it."""
    shift = change.seconds // 86400
    rule: dict = {"freq": "yearly", "bymonth": change.month}
    if shift == 0:
        return rule | {"byday": f"{-1 if change.week == 5 else change.week}{_DAYS[change.weekday]}"}
    # "Thursday of the 4th week at 26:00" is "the Friday from the 23rd to the 29th at 02:00".
    if change.week == 5:
        days = range(-7 + shift, shift)
        fits = shift <= 0 and days.start >= -28
    else:
        days = range(7 * change.week - 6 + shift, 7 * change.week + 1 + shift)
        shortest = 28 if change.month == 2 else monthrange(2001, change.month)[1]
        fits = days[0] >= 1 and days[-1] <= shortest
    return rule | {"byday": _DAYS[(change.weekday + shift) % 7], "bymonthday": list(days)} if fits else None


def _matches(rule: Rule, transition: Transition) -> bool:
    return transition in rule.transitions(transition.at.year)


def _timeline(zone: Zone, until: datetime) -> tuple[list[Transition], datetime]:
    """The zone's transitions up to ``until`` and the instant from which the yearly rule
    states them all (far in the future if it does not)."""
    found = list(zone.transitions)
    rule = zone.rule
    if rule is None or _rrule(rule.to_daylight) is None or _rrule(rule.to_standard) is None:
        return found, _FAR
    last = found[-1].at if found else datetime(1970, 1, 1, tzinfo=UTC)
    for year in range(last.year, until.year + 2):
        found += [t for t in rule.transitions(year) if t.at > last]
    start = len(found)
    while start > 0 and _matches(rule, found[start - 1]):
        start -= 1
    if start == len(found):
        return found, _FAR
    year = found[start].at.year
    if rule.transitions(year)[0] != found[start]:
        year += 1  # the rule holds from the first change of a whole year on
    return found, rule.transitions(year)[0].at


def _observance(transition: Transition | None, zone: Zone):
    if transition is None:  # a zone that never changed: one observance from 1970
        component = TimezoneStandard()
        component.add("dtstart", datetime(1970, 1, 1))
        component.add("tzoffsetfrom", zone.first_offset)
        component.add("tzoffsetto", zone.first_offset)
        component.add("tzname", zone.first_name)
        return component
    component = TimezoneDaylight() if transition.daylight else TimezoneStandard()
    # DTSTART is the local time just before the change, in the offset then in force.
    component.add("dtstart", (transition.at + transition.offset_before).replace(tzinfo=None))
    component.add("tzoffsetfrom", transition.offset_before)
    component.add("tzoffsetto", transition.offset_after)
    component.add("tzname", transition.name)
    return component


def vtimezone(key: str, start: datetime, end: datetime) -> Timezone:
    """The VTIMEZONE of zone ``key`` for events from ``start`` to ``end`` (UTC)."""
    zone = load(key)
    timeline, ruled_from = _timeline(zone, end)
    component = Timezone()
    component.add("tzid", key)
    if start < ruled_from:
        before = [t for t in timeline if t.at <= start]
        component.add_component(_observance(before[-1] if before else None, zone))
        for transition in timeline:
            if start < transition.at <= end and transition.at < ruled_from:
                component.add_component(_observance(transition, zone))
    if ruled_from <= end:
        for transition in [t for t in timeline if t.at >= ruled_from][:2]:
            observance = _observance(transition, zone)
            change = zone.rule.to_daylight if transition.daylight else zone.rule.to_standard
            observance.add("rrule", _rrule(change))
            component.add_component(observance)
    return component


@lru_cache(maxsize=512)
def vtimezone_ical(key: str, first_day: date, last_day: date) -> bytes:
    """The serialised VTIMEZONE for zone ``key`` from ``first_day`` to ``last_day`` (UTC
    midnights), built once per process and span (cached; at most 512)."""
    start, end = (datetime.combine(d, time(0), tzinfo=UTC) for d in (first_day, last_day))
    return vtimezone(key, start, end).to_ical()


def zone_span(first_start: datetime, last_end: datetime) -> tuple[date, date]:
    """The whole UTC days a VTIMEZONE covers for events from ``first_start`` to ``last_end``:
    a day of margin each side, rounded to days so that one VTIMEZONE serves many feeds."""
    return (first_start - timedelta(days=1)).date(), (last_end + timedelta(days=2)).date()
