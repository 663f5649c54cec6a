"""Read side: a workspace's day, for every desk at once, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from coworking.accounts.models import User
from coworking.accounts.visibility import NameView, names_for
from coworking.bookings import checkin_rules
from coworking.bookings.models import CONFIRMED, Booking
from coworking.bookings.rules import overlaps
from coworking.extensions import db
from coworking.workspaces.models import Desk, DeskOutage, Workspace
from coworking.workspaces.outages import desk_services, group_outages, outage_join
from coworking.workspaces.rules import in_service, local_day_bounds, outage_on
from coworking.workspaces.services import closures_between

Interval = tuple[datetime, datetime]


@dataclass(frozen=True, slots=True)
class DeskRef:
    """What a day's view shows of a desk, read as columns (no ORM objects)."""

    id: int
    code: str
    kind: str
    zone: str | None
    in_service_from: date
    in_service_until: date | None
    capacity: int = 1  # people it holds (a meeting room: the booker and the guests)
    # Its outages (inclusive ``(first, last)``) that touch the days read, by first day.
    outages: tuple[tuple[date, date], ...] = ()

    def in_service_on(self, day: date) -> bool:
        return in_service(day, self.in_service_from, self.in_service_until, self.outages)

    def back_after(self, day: date) -> date | None:
        """The last day of the outage that covers ``day`` (None: no outage then)."""
        span = outage_on(day, self.outages)
        return span[1] if span else None


class Booked(NamedTuple):
    """A confirmed booking on a desk's day: its time, whether it is the viewer's own, and the
    name of its member as the viewer may see it (None: not shown; see accounts.visibility)."""

    start: datetime
    end: datetime
    mine: bool
    name: str | None = None


@dataclass
class DeskDay:
    desk: DeskRef
    free: list[Interval] = field(default_factory=list)
    booked: list[Booked] = field(default_factory=list)


@dataclass
class DayAvailability:
    workspace: Workspace
    day: date
    open: list[Interval]
    closed: bool
    desks: list[DeskDay]
    # Desks of its service period on an outage that day (not offered; the page says until when).
    out_of_service: list[DeskRef] = field(default_factory=list)


def subtract(spans: list[Interval], taken: list[Interval]) -> list[Interval]:
    """``spans`` minus ``taken`` (half-open intervals), in order."""
    out = []
    for start, end in spans:
        cursor = start
        for t_start, t_end in sorted(taken):
            if not overlaps(t_start, t_end, cursor, end):
                continue
            if t_start > cursor:
                out.append((cursor, t_start))
            cursor = max(cursor, t_end)
        if cursor < end:
            out.append((cursor, end))
    return out


def desk_refs(workspace: Workspace, first: date | None = None, last: date | None = None) -> list[DeskRef]:
    """Every desk of the workspace (in service or not), by code, with its outages touching the
    local days ``first``..``last`` (all of them when not given): one statement, the outages
    joined to the desks."""
    rows = db.session.execute(
        select(
            Desk.id,
            Desk.code,
            Desk.kind,
            Desk.zone,
            Desk.in_service_from,
            Desk.in_service_until,
            Desk.capacity,
            DeskOutage.first_day,
            DeskOutage.last_day,
        )
        .outerjoin(DeskOutage, outage_join(first, last))
        .where(Desk.workspace_id == workspace.id)
        .order_by(Desk.code, Desk.id, DeskOutage.first_day)
    )
    return [DeskRef(*desk, outages=spans) for desk, spans in group_outages(rows)]


class BookedRow(NamedTuple):
    """A confirmed booking as the day's and the week's reads see it."""

    desk_id: int
    start: datetime
    end: datetime
    member_id: int
    name: str | None = None  # the member's name as the viewer may see it (asked with ``names``)


def confirmed_bookings(
    workspace: Workspace,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
    names: NameView | None = None,
) -> list[BookedRow]:
    """The workspace's confirmed bookings overlapping [start, end), by start: one statement, for
    a day or a week. Given ``now``, a booking not checked in by the end of its grace (check-in
    required) holds its desk only until then (``checkin_rules.free_from``), whether or not its
    release has been written yet. Given ``names`` (``accounts.visibility.names_for``), the same
    statement reads one column more: each member's name where the viewer may see it, else NULL."""
    columns = [Booking.desk_id, Booking.starts_at, Booking.ends_at, Booking.member_id, Booking.checked_in_at]
    query = select(*columns).where(Booking.confirmed_at(workspace.id, start, end)).order_by(Booking.starts_at)
    if names is not None:
        query = query.add_columns(names.column).join(User, User.id == Booking.member_id)
    rows = db.session.execute(query).all()
    policy = workspace.policy
    check_in = now is not None and policy.check_in_required
    out = []
    for desk_id, b_start, b_end, member_id, checked_in_at, *name in rows:
        if check_in:
            b_end = checkin_rules.free_from(b_start, b_end, checked_in_at is not None, now, policy)
            if b_end <= start:
                continue
        out.append(BookedRow(desk_id, b_start, b_end, member_id, names.shown(name[0]) if name else None))
    return out


def day_availability(
    user: User, workspace: Workspace, day: date, now: datetime | None = None, *, with_names: bool = False
) -> DayAvailability:
    """Every desk's free and booked time on ``day``; given ``now``, overdue bookings (not checked
    in by the end of their grace) hold their desk only until then. ``with_names``: each booking
    carries its member's name where ``user`` may see it (``accounts.visibility``), read by the
    same statement."""
    schedule = workspace.schedule(closures_between(workspace, day, day))
    open_spans = schedule.open_intervals(day)
    day_start, day_end = local_day_bounds(day, workspace.tz)
    refs = desk_refs(workspace, day, day)
    desks = [d for d in refs if d.in_service_on(day)]
    out = [d for d in refs if d.back_after(day) is not None and in_service(day, d.in_service_from, d.in_service_until)]
    names = names_for(user, workspace) if with_names else None
    rows = confirmed_bookings(workspace, day_start, day_end, now, names)
    by_desk: dict[int, list[Booked]] = {}
    for row in rows:
        mine = row.member_id == user.id
        # The viewer's own booking shows as "yours", never by name.
        by_desk.setdefault(row.desk_id, []).append(Booked(row.start, row.end, mine, None if mine else row.name))
    result = []
    for desk in desks:
        booked = by_desk.get(desk.id, [])
        result.append(DeskDay(desk, subtract(open_spans, [(b.start, b.end) for b in booked]), booked))
    return DayAvailability(workspace, day, open_spans, schedule.closed_on(day), result, out)


# --- pages: the workspaces list, a day's grid, a member's bookings ------------------------


@dataclass
class WorkspaceNow:
    workspace: Workspace
    today_hours: list[tuple[time, time]]
    closed_today: bool
    open_now: bool
    desks_in_service: int
    free_now: int


def workspaces_now(now: datetime, home_id: int | None = None) -> list[WorkspaceNow]:
    """Every workspace with today's hours and how many desks are free right now (four
    queries whatever the number of workspaces, desks or bookings): the member's home workspace
    (``home_id``) first, then the others by name (the same order on every database)."""
    workspaces = db.session.scalars(
        select(Workspace)
        .options(selectinload(Workspace.opening_hours), selectinload(Workspace.closures))
        .order_by(Workspace.country, Workspace.city, Workspace.name)
    ).all()
    todays = [now.astimezone(ws.tz).date() for ws in workspaces] or [now.date()]
    desks = desk_services(min(todays), max(todays))
    policies = {ws.id: ws.policy for ws in workspaces}
    busy = {
        desk_id
        for desk_id, workspace_id, b_start, b_end, checked_in_at in db.session.execute(
            select(
                Booking.desk_id, Booking.workspace_id, Booking.starts_at, Booking.ends_at, Booking.checked_in_at
            ).where(Booking.status == CONFIRMED, Booking.overlapping(now, now + timedelta(microseconds=1)))
        )
        # an overdue booking (not checked in by the end of its grace) holds its desk no more
        if checkin_rules.free_from(b_start, b_end, checked_in_at is not None, now, policies[workspace_id]) > now
    }
    out = []
    for ws in workspaces:
        today = now.astimezone(ws.tz).date()
        schedule = ws.schedule()
        in_service = [d.id for d in desks if d.workspace_id == ws.id and d.in_service_on(today)]
        open_now = any(start <= now < end for start, end in schedule.open_intervals(today))
        free = sum(1 for desk_id in in_service if desk_id not in busy) if open_now else 0
        out.append(
            WorkspaceNow(ws, schedule.windows_on(today), schedule.closed_on(today), open_now, len(in_service), free)
        )
    out.sort(key=lambda row: (row.workspace.id != home_id, row.workspace.name.casefold(), row.workspace.id))
    return out


@dataclass
class GridCell:
    start: datetime
    end: datetime
    state: str  # "free", "taken", "mine", "shut", "past"
    name: str | None = None  # "taken" by a member the viewer may see (accounts.visibility)
    span: int = 1  # columns covered: a named member's consecutive cells are one, showing the name


def grid(
    day: DayAvailability, step_minutes: int, now: datetime | None = None
) -> tuple[list[datetime], dict[int, list[GridCell]]]:
    """Desks × time cells from the day's first opening to its last closing, for display. Free
    time that has begun by ``now`` can no longer be booked: such cells are "past", never free."""
    if not day.open:
        return [], {d.desk.id: [] for d in day.desks}
    first, last = day.open[0][0], day.open[-1][1]
    step = timedelta(minutes=step_minutes)
    starts = []
    t = first
    while t < last:
        starts.append(t)
        t += step
    rows = {}
    for desk_day in day.desks:
        cells: list[GridCell] = []
        name, last_taker = None, None
        for s in starts:
            e = min(s + step, last)
            if not any(o_start <= s and e <= o_end for o_start, o_end in day.open):
                state = "shut"
            elif any(b.mine and overlaps(b.start, b.end, s, e) for b in desk_day.booked):
                state = "mine"
            elif taker := next((b for b in desk_day.booked if overlaps(b.start, b.end, s, e)), None):
                if taker.name is not None and taker is last_taker and cells[-1].state == "taken":
                    cells[-1].end, cells[-1].span = e, cells[-1].span + 1  # the same booking goes on
                    continue
                state, name, last_taker = "taken", taker.name, taker
            elif now is not None and s < now:
                state = "past"
            else:
                state = "free"
            if state != "taken":
                last_taker = None
            cells.append(GridCell(s, e, state, name if state == "taken" else None))
        rows[desk_day.desk.id] = cells
    return starts, rows


def _member_bookings_query(user: User):
    return (
        select(Booking)
        .options(joinedload(Booking.desk), joinedload(Booking.workspace))
        .where(Booking.member_id == user.id)
    )


def _past_or_cancelled(now: datetime):
    return or_(Booking.status != CONFIRMED, Booking.ends_at <= now)


RECENT_PAST = 10


@dataclass
class MyBookings:
    upcoming: list[Booking]
    recent_past: list[Booking]  # the latest RECENT_PAST past or cancelled ones, latest first
    more_past: bool  # whether there are older ones (on the "past bookings" pages)


def member_bookings(user: User, now: datetime) -> MyBookings:
    """The member's upcoming confirmed bookings (soonest first) and their most recent past or
    cancelled ones (latest first)."""
    upcoming = db.session.scalars(
        _member_bookings_query(user)
        .where(Booking.status == CONFIRMED, Booking.ends_after(now))
        .order_by(Booking.starts_at, Booking.id)
    ).all()
    past = db.session.scalars(
        _member_bookings_query(user)
        .where(_past_or_cancelled(now))
        .order_by(Booking.starts_at.desc(), Booking.id.desc())
        .limit(RECENT_PAST + 1)
    ).all()
    return MyBookings(list(upcoming), list(past[:RECENT_PAST]), len(past) > RECENT_PAST)


@dataclass
class PastPage:
    bookings: list[Booking]
    page: int
    has_next: bool


def past_bookings(user: User, now: datetime, page: int, per_page: int = 20) -> PastPage:
    """One page (1-based) of the member's past and cancelled bookings, latest first: one
    statement whatever the page or the history's length."""
    page = max(page, 1)
    rows = db.session.scalars(
        _member_bookings_query(user)
        .where(_past_or_cancelled(now))
        .order_by(Booking.starts_at.desc(), Booking.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    ).all()
    return PastPage(list(rows[:per_page]), page, len(rows) > per_page)


@dataclass(frozen=True)
class Conflict:
    """A confirmed booking that stood in the way of a new one: whose, where, when, since when."""

    member_id: int
    desk_id: int
    desk_code: str
    starts_at: datetime
    ends_at: datetime
    created_at: datetime


def conflicts(desk_id: int, member_id: int, start: datetime, end: datetime) -> list[Conflict]:
    """The confirmed bookings overlapping [start, end) on this desk or of this member: what a
    refused booking ran into, so the page can say what is actually wrong."""
    rows = db.session.execute(
        select(Booking.member_id, Booking.desk_id, Desk.code, Booking.starts_at, Booking.ends_at, Booking.created_at)
        .join(Desk, Desk.id == Booking.desk_id)
        .where(
            Booking.status == CONFIRMED,
            or_(Booking.desk_id == desk_id, Booking.member_id == member_id),
            Booking.overlapping(start, end),
        )
        .order_by(Booking.starts_at)
    )
    return [Conflict(*row) for row in rows]
