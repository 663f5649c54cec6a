"""Who is in: the members booked at a workspace on a day, as a viewer may see them.

A member who chose to be visible (``users.visible_to_members``) shows with their first name;
the others do not show at all, only as a count ("2 more members booked"), so nothing says who
they are. A workspace's managers and admins see everyone, by full name, as on their "today"
report. The rule is ``accounts.visibility``'s; the names come with the day's bookings in one
statement (``queries.confirmed_bookings``), whatever the number of desks and bookings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coworking.accounts.models import User
from coworking.accounts.visibility import names_for
from coworking.bookings.queries import confirmed_bookings, desk_refs
from coworking.workspaces.models import Workspace
from coworking.workspaces.rules import local_day_bounds
from coworking.workspaces.services import closures_between


@dataclass(frozen=True)
class InEntry:
    """One booking of the day whose member the viewer may see."""

    desk_id: int
    desk_code: str
    desk_kind: str
    zone: str | None
    name: str
    start: datetime
    end: datetime
    mine: bool


@dataclass(frozen=True)
class WhoIsIn:
    workspace: Workspace
    day: date
    now: datetime
    open: list[tuple[datetime, datetime]]
    closed: bool
    entries: list[InEntry]  # by start, then desk code
    others: int  # members booked that day whose names the viewer does not see
    full_names: bool  # the viewer manages the workspace: everyone, full names

    @property
    def in_now(self) -> list[InEntry]:
        return [e for e in self.entries if e.start <= self.now < e.end]

    @property
    def later(self) -> list[InEntry]:
        return [e for e in self.entries if e.start > self.now]

    @property
    def earlier(self) -> list[InEntry]:
        return [e for e in self.entries if e.end <= self.now]


def who_is_in(viewer: User, workspace: Workspace, day: date, now: datetime) -> WhoIsIn:
    """The day's bookings at ``workspace`` (local ``day``) whose members ``viewer`` may see:
    every member who chose to be visible, by first name, and the viewer's own; everyone, by full
    name, for the workspace's managers and admins. A booking not checked in by the end of its
    grace counts until then, as on the day page."""
    names = names_for(viewer, workspace)
    schedule = workspace.schedule(closures_between(workspace, day, day))
    day_start, day_end = local_day_bounds(day, workspace.tz)
    desks = {d.id: d for d in desk_refs(workspace, day, day)}
    entries, hidden = [], set()
    for row in confirmed_bookings(workspace, day_start, day_end, now, names):
        if row.name is None:
            hidden.add(row.member_id)
            continue
        desk = desks[row.desk_id]
        mine = row.member_id == viewer.id
        entries.append(InEntry(desk.id, desk.code, desk.kind, desk.zone, row.name, row.start, row.end, mine))
    entries.sort(key=lambda e: (e.start, e.desk_code, e.end, e.name))
    return WhoIsIn(
        workspace,
        day,
        now,
        schedule.open_intervals(day),
        schedule.closed_on(day),
        entries,
        len(hidden),
        names.full,
    )
