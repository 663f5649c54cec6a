"""A zone's transitions and its yearly rule, read from the zoneinfo database (TZif files).

zoneinfo answers "what offset at this instant" but not "which rule": the VTIMEZONE blocks
(see vtimezone.py) need the rule, so this reads the TZif file zoneinfo reads (the first match
on ``zoneinfo.TZPATH``, else the ``tzdata`` package): its explicit transitions (exact to the
second) and its footer, the POSIX TZ string that states the yearly rule in force after them
(e.g. ``CET-1CEST,M3.5.0,M10.5.0/3``; RFC 8536 §3.3)."""

from __future__ import annotations

import calendar as _cal
import re
import struct
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset (or of name) at ``at`` (UTC)."""

    at: datetime
    offset_before: timedelta
    offset_after: timedelta
    name: str
    daylight: bool  # the summer side: clocks go forward into it (also for Dublin's negative DST)


@dataclass(frozen=True)
class Change:
    """One yearly change of a POSIX rule: month, week (5 = last), weekday (0 = Sunday), and
    seconds after local midnight in the offset before the change (may be < 0 or ≥ 24 h)."""

    month: int
    week: int
    weekday: int
    seconds: int

    def day(self, year: int) -> datetime:
        """Local midnight (naive) of the day the change's clock time counts from."""
        first_weekday = (_cal.weekday(year, self.month, 1) + 1) % 7  # 0 = Sunday
        day = 1 + (self.weekday - first_weekday) % 7 + 7 * (self.week - 1)
        last = _cal.monthrange(year, self.month)[1]
        while day > last:
            day -= 7
        return datetime(year, self.month, day)


@dataclass(frozen=True)
class Rule:
    """A yearly rule: standard offset and name, summer offset and name, and when each
    starts (``to_daylight``: standard → summer; ``to_standard``: summer → standard)."""

    std_name: str
    std_offset: timedelta
    dst_name: str
    dst_offset: timedelta
    to_daylight: Change
    to_standard: Change

    def transitions(self, year: int) -> list[Transition]:
        """The rule's two changes of ``year``, in time order."""
        out = []
        for change, before, after, name in (
            (self.to_daylight, self.std_offset, self.dst_offset, self.dst_name),
            (self.to_standard, self.dst_offset, self.std_offset, self.std_name),
        ):
            local = change.day(year) + timedelta(seconds=change.seconds)
            at = (local - before).replace(tzinfo=UTC)
            out.append(Transition(at, before, after, name, after > before))
        return sorted(out, key=lambda t: t.at)


@dataclass(frozen=True)
class Zone:
    key: str
    transitions: tuple[Transition, ...]  # the explicit ones, in time order
    first_offset: timedelta
    first_name: str
    rule: Rule | None  # the yearly rule after the last explicit transition, if it has one
    fixed: tuple[timedelta, str] | None  # or the fixed offset in force then


_OFFSET = r"([+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?)"
_NAME = r"(<[^>]+>|[A-Za-z]{3,})"
_POSIX = re.compile(rf"^{_NAME}{_OFFSET}(?:{_NAME}{_OFFSET}?(?:,(M[\d.]+(?:/{_OFFSET})?),(M[\d.]+(?:/{_OFFSET})?))?)?$")


def _seconds(text: str | None, default: int) -> int:
    if text is None:
        return default
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _change(text: str) -> Change:
    date_part, _sep, at = text.partition("/")
    month, week, weekday = (int(p) for p in date_part[1:].split("."))
    return Change(month, week, weekday, _seconds(at or None, 7200))


def parse_posix(text: str) -> tuple[Rule | None, tuple[timedelta, str] | None]:
    """(yearly rule, None) or (None, (fixed offset, name)) for a POSIX TZ string. Forms this
    cannot state as a weekday rule (Jn, n) give (None, None): callers then list dates."""
    found = _POSIX.match(text.strip())
    if not found:
        return None, None
    std_name, std, dst_name, dst, start, _start_at, end, _end_at = found.groups()
    # POSIX offsets are west-positive: "CET-1" is UTC+1.
    std_offset = timedelta(seconds=-_seconds(std, 0))
    if dst_name is None:
        return None, (std_offset, std_name.strip("<>"))
    if start is None:
        return None, None
    dst_offset = timedelta(seconds=-_seconds(dst, -int(std_offset.total_seconds()) - 3600))
    return Rule(std_name.strip("<>"), std_offset, dst_name.strip("<>"), dst_offset, _change(start), _change(end)), None


def _read(key: str) -> bytes:
    for directory in zoneinfo.TZPATH:
        path = Path(directory, key)
        if path.is_file():
            return path.read_bytes()
    parts = key.split("/")
    return resources.files("tzdata.zoneinfo").joinpath(*parts).read_bytes()


def _parse_tzif(data: bytes):
    """(transition times, their type indices, types (offset, isdst, name), footer)."""
    version = data[4]
    counts = struct.unpack(">6l", data[20:44])
    isutc, isstd, leap, timecnt, typecnt, charcnt = counts
    body = 44
    time_size = 4
    if version >= ord("2"):
        # Skip the v1 body; the v2+ body has 64-bit times.
        body += timecnt * 4 + timecnt + typecnt * 6 + charcnt + leap * 8 + isstd + isutc
        isutc, isstd, leap, timecnt, typecnt, charcnt = struct.unpack(">6l", data[body + 20 : body + 44])
        body += 44
        time_size = 8
    times = struct.unpack(f">{timecnt}{'q' if time_size == 8 else 'l'}", data[body : body + timecnt * time_size])
    body += timecnt * time_size
    indices = data[body : body + timecnt]
    body += timecnt
    raw_types = [struct.unpack(">lBB", data[body + 6 * i : body + 6 * i + 6]) for i in range(typecnt)]
    body += typecnt * 6
    chars = data[body : body + charcnt]
    body += charcnt + leap * (time_size + 4) + isstd + isutc
    types = [
        (timedelta(seconds=off), bool(dst), chars[i : chars.index(b"\0", i)].decode()) for off, dst, i in raw_types
    ]
    footer = data[body:].strip(b"\n").decode() if version >= ord("2") else ""
    return times, indices, types, footer


@cache
def load(key: str) -> Zone:
    """The zone ``key`` as the zoneinfo database states it (cached per process)."""
    times, indices, types, footer = _parse_tzif(_read(key))
    # The first type is the one before any transition (RFC 8536 §3.2: the first non-DST one
    # is customary, but type 0 is what readers use).
    offset, was_dst, name = types[0]
    first = (offset, name)
    transitions = []
    for when, index in zip(times, indices, strict=True):
        after, is_dst, after_name = types[index]
        if (after, after_name) == (offset, name):
            was_dst = is_dst
            continue
        # Summer side: clocks go forward into it. TZif's isdst alone would call Dublin's
        # winter (GMT, negative DST in tzdata) "daylight".
        daylight = after > offset and (is_dst or was_dst)
        transitions.append(Transition(datetime.fromtimestamp(when, UTC), offset, after, after_name, daylight))
        offset, was_dst, name = after, is_dst, after_name
    rule, fixed = parse_posix(footer) if footer else (None, None)
    if rule is not None and rule.dst_offset < rule.std_offset:
        # Negative DST in the footer (Europe/Dublin: "IST-1GMT0,…"): the iCalendar STANDARD
        # side is the lower offset, whatever POSIX calls it.
        rule = Rule(rule.dst_name, rule.dst_offset, rule.std_name, rule.std_offset, rule.to_standard, rule.to_daylight)
    return Zone(key, tuple(transitions), first[0], first[1], rule, fixed)
