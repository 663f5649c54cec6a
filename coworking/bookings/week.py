"""Read side of a workspace's week: for each of seven days and each part of the day (the
booking form's morning and afternoon, ``bookings.rules.preset_times``), how many desks are free
for the whole part, and the member's own bookings. The week page and the week API read it.

Three statements whatever the number of desks and bookings: the week's closures, the desks, the
week's confirmed bookings (the reads the day's availability uses, ``bookings.queries``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from coworking.accounts.models import User
from coworking.bookings.queries import confirmed_bookings, desk_refs
from coworking.bookings.rules import overlaps, preset_times
from coworking.workspaces.models import Workspace
from coworking.workspaces.rules import local_day_bounds
from coworking.workspaces.services import closures_between

DAYS = 7
PARTS = ("morning", "afternoon")


def monday_of(day: date) -> date:
    """The Monday of ``day``'s week (the week page always starts on a Monday)."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class OwnBooking:
    desk_code: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class WeekPart:
    name: str  # "morning" or "afternoon"
    start: datetime  # UTC
    end: datetime
    free_desks: int  # desks in service that day with no booking at any moment of the part
    past: bool  # over at ``now``
    mine: tuple[OwnBooking, ...]  # the member's bookings overlapping the part


@dataclass
class WeekDay:
    day: date
    open: list[tuple[time, time]]  # local opening windows; [] when closed or not open
    closed: bool  # a closure (as opposed to no opening hours that weekday)
    parts: list[WeekPart] = field(default_factory=list)
    mine: list[OwnBooking] = field(default_factory=list)


@dataclass
class Week:
    workspace: Workspace
    start: date
    days: list[WeekDay]
    any_desk: bool  # some desk is in service on some day of the week


def week_availability(user: User, workspace: Workspace, start: date, now: datetime | None = None) -> Week:
    """The seven local days from ``start`` (any weekday; the page passes a Monday)."""
    tz = workspace.tz
    last = start + timedelta(days=DAYS - 1)
    schedule = workspace.schedule(closures_between(workspace, start, last))
    desks = desk_refs(workspace, start, last)
    codes = {d.id: d.code for d in desks}
    week_start, _ = local_day_bounds(start, tz)
    _, week_end = local_day_bounds(last, tz)
    by_desk: dict[int, list[tuple[datetime, datetime]]] = {}
    own: dict[date, list[OwnBooking]] = {}
    for desk_id, b_start, b_end, member_id, _name in confirmed_bookings(workspace, week_start, week_end, now):
        by_desk.setdefault(desk_id, []).append((b_start, b_end))
        if member_id == user.id:
            own.setdefault(b_start.astimezone(tz).date(), []).append(OwnBooking(codes[desk_id], b_start, b_end))
    days = []
    any_desk = False
    for offset in range(DAYS):
        day = start + timedelta(days=offset)
        windows = schedule.windows_on(day)
        in_service = [d.id for d in desks if d.in_service_on(day)]
        any_desk = any_desk or bool(in_service)
        mine = own.get(day, [])
        week_day = WeekDay(day, windows, schedule.closed_on(day), mine=mine)
        for name in PARTS:
            span = preset_times(windows, name)
            if span is None:
                continue
            p_start = datetime.combine(day, span[0], tzinfo=tz).astimezone(UTC)
            p_end = datetime.combine(day, span[1], tzinfo=tz).astimezone(UTC)
            free = sum(
                1
                for desk_id in in_service
                if not any(overlaps(b_start, b_end, p_start, p_end) for b_start, b_end in by_desk.get(desk_id, ()))
            )
            week_day.parts.append(
                WeekPart(
                    name,
                    p_start,
                    p_end,
                    free,
                    now is not None and p_end <= now,
                    tuple(b for b in mine if overlaps(b.start, b.end, p_start, p_end)),
                )
            )
        days.append(week_day)
    return Week(workspace, start, days, any_desk)
