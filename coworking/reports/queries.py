"""Read side of reports: fetch what a period needs in a fixed number of SQL statements, then
compute the figures with ``reports.rules`` (exactly, in one place for every page, export and
endpoint).

Closed months (the monthly close, see ``budget``) are read from the snapshot of their figures
stored with the close; only the rest of the period is computed from bookings. Reopening a
month makes it live again.

Statements per call, whatever the number of desks, members or bookings:

- ``workspace_report``: the workspace, its opening hours and closures (3), the snapshots of
  its closed months (1), its desks (1), its bookings in the live part of the period (1); the
  members' names and homes (1) when the report lists members;
- ``member_usage``: the member's bookings in the period with their desks (1), those
  workspaces with hours and closures (3);
- ``overview``: every workspace with hours and closures (3), the snapshots (1), every desk
  (1), the bookings of the live parts (1), the members' homes (1);
- ``today``: the workspace (3), its desks (1), today's bookings with their members (1).

Each reads narrow rows (columns, not ORM objects) of the period only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import JSON, and_, column, false, or_, select, table
from sqlalchemy.orm import aliased, selectinload

from coworking import errors
from coworking.accounts.models import User
from coworking.bookings.models import CANCELLED, CONFIRMED, MAX_LENGTH, Booking
from coworking.extensions import db
from coworking.reports import rules
from coworking.reports.counting import MemberCount, count_members
from coworking.workspaces.models import Desk, Workspace
from coworking.workspaces.rules import local_day_bounds
from coworking.workspaces.services import get_workspace, require_manager

# Wider than any UTC offset (−12 h to +14 h): narrows a query over several time zones in SQL;
# the rules then decide by each workspace's local dates.
MARGIN = timedelta(hours=15)


@dataclass(frozen=True)
class MemberInfo:
    id: int
    name: str
    email: str
    home_slug: str | None
    home_name: str | None


@dataclass
class MemberRow:
    member: MemberInfo
    usage: rules.Usage

    def visiting(self, workspace: Workspace) -> bool:
        """A member whose home is another workspace (or none)."""
        return self.member.home_slug != workspace.slug


@dataclass
class WorkspaceReport:
    workspace: Workspace
    figures: rules.Figures
    _members: dict[int, MemberInfo] | None = field(default=None, repr=False)

    @property
    def members(self) -> dict[int, MemberInfo]:
        """Who the figures' members are (read on first use: the occupancy does not need it)."""
        if self._members is None:
            self._members = _member_infos(list(self.figures.members))
        return self._members

    def member_rows(self) -> list[MemberRow]:
        members = self.members
        return [MemberRow(members[mid], usage) for mid, usage in self.figures.members.items()]

    def member_count(self) -> MemberCount:
        """The members counted in the period (``counting.count_members``) and those from elsewhere."""
        homes = {mid: info.home_slug for mid, info in self.members.items()}
        return count_members(self.figures.members, homes, self.workspace.slug)


def managed_workspace(user: User, slug: str) -> Workspace:
    """The workspace (with hours and closures) if ``user`` manages it; 404 / 403 otherwise."""
    workspace = get_workspace(slug, with_hours=True)
    require_manager(user, workspace)
    return workspace


def reportable_workspaces(user: User) -> list[Workspace]:
    """Admins: every workspace; managers: theirs; members: none."""
    if user.is_admin:
        return list(db.session.scalars(select(Workspace).order_by(Workspace.country, Workspace.city, Workspace.name)))
    if user.role != "manager":
        return []
    return sorted(user.managed_workspaces, key=lambda w: (w.country, w.city, w.name))


def require_admin(user: User) -> None:
    if not user.is_admin:
        raise errors.Forbidden("Only admins see the cooperative overview.")


def _desk_row(desk_id, code, kind, zone, service_from, service_until) -> rules.DeskRow:
    return rules.DeskRow(desk_id, code, kind, zone or "", service_from, service_until)


def _desks(workspace_ids: list[int] | None = None) -> dict[int, list[rules.DeskRow]]:
    query = select(
        Desk.workspace_id, Desk.id, Desk.code, Desk.kind, Desk.zone, Desk.in_service_from, Desk.in_service_until
    ).order_by(Desk.code)
    if workspace_ids is not None:
        query = query.where(Desk.workspace_id.in_(workspace_ids))
    out: dict[int, list[rules.DeskRow]] = {}
    for ws_id, *columns in db.session.execute(query):
        out.setdefault(ws_id, []).append(_desk_row(*columns))
    return out


BOOKING_COLUMNS = (
    Booking.id,
    Booking.desk_id,
    Booking.member_id,
    Booking.starts_at,
    Booking.ends_at,
    (Booking.status == CONFIRMED).label("confirmed"),
    Booking.created_at,
    Booking.cancelled_at,
    Booking.cancelled_by_id,
)

# A row of BOOKING_COLUMNS as the rules read it.
_booking_row = rules.BookingRow


def _in_period(start: datetime, end: datetime):
    """Confirmed bookings that overlap [start, end) and cancelled ones that start in it. The
    range on ``starts_at`` stands outside the OR so the (…, starts_at) indexes bound the read
    (no booking is longer than MAX_LENGTH)."""
    return and_(
        Booking.starts_at > start - MAX_LENGTH,
        Booking.starts_at < end,
        or_(
            and_(Booking.status == CONFIRMED, Booking.ends_at > start),
            and_(Booking.status == CANCELLED, Booking.starts_at >= start),
        ),
    )


def _period_bounds(workspace: Workspace, first: date, last: date) -> tuple[datetime, datetime]:
    return local_day_bounds(first, workspace.tz)[0], local_day_bounds(last, workspace.tz)[1]


def workspace_report(user: User, slug: str, first: date, last: date) -> WorkspaceReport:
    """Figures of one workspace for the local dates ``first``..``last`` (its managers, admins)."""
    workspace = managed_workspace(user, slug)
    rules.check_period(first, last)
    return report_for(workspace, first, last)


def report_for(workspace: Workspace, first: date, last: date) -> WorkspaceReport:
    return WorkspaceReport(workspace, _figures([workspace], first, last)[workspace.id])


# Up to this many members are read by id (one bound parameter each); more, and every user is
# read in one statement and filtered here (SQLite allows 32,766 parameters, psycopg 65,535).
MAX_IDS = 10_000


def _by_ids(query, member_ids: list[int]):
    if len(member_ids) <= MAX_IDS:
        return iter(db.session.execute(query.where(User.id.in_(member_ids))))
    wanted = set(member_ids)
    return (row for row in db.session.execute(query) if row[0] in wanted)


def _member_infos(member_ids: list[int]) -> dict[int, MemberInfo]:
    """Name, email and home workspace of these members (one statement)."""
    if not member_ids:
        return {}
    home = aliased(Workspace)
    query = select(User.id, User.name, User.email, home.slug, home.name).outerjoin(
        home, home.id == User.home_workspace_id
    )
    return {row[0]: MemberInfo(*row) for row in _by_ids(query, member_ids)}


# --- closed months: their frozen figures, and live figures for the rest ---------------------------

# The monthly close (``budget``) writes ``month_closes`` and, in ``report_snapshot``, the month's
# figures as ``rules.snapshot`` made them. Reports read that table here as a plain table, not
# through budget's model: budget depends on reports (a close is a report), never the reverse.
# "closed" is ``budget.models.CLOSED``; a reopened month has state "reopened" and no snapshot.
MONTH_CLOSES = table(
    "month_closes",
    column("workspace_id"),
    column("year"),
    column("month"),
    column("state"),
    column("report_snapshot", JSON),
)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _snapshots(workspace_ids: list[int], first: date, last: date) -> dict[int, list[dict]]:
    """Snapshots of the closed months that lie wholly inside ``first``..``last``, per
    workspace, in date order (one statement)."""
    low = _month_index(first) + (first.day != 1)
    high = _month_index(last) - ((last + timedelta(days=1)).day != 1)
    if low > high:
        return {}
    index = MONTH_CLOSES.c.year * 12 + MONTH_CLOSES.c.month - 1
    rows = db.session.execute(
        select(MONTH_CLOSES.c.workspace_id, MONTH_CLOSES.c.report_snapshot)
        .where(
            MONTH_CLOSES.c.workspace_id.in_(workspace_ids),
            MONTH_CLOSES.c.state == "closed",
            MONTH_CLOSES.c.report_snapshot.is_not(None),
            index.between(low, high),
        )
        .order_by(MONTH_CLOSES.c.workspace_id, index)
    )
    out: dict[int, list[dict]] = {}
    for workspace_id, data in rows:
        span = rules.snapshot_period(data)
        if span is not None and first <= span[0] and span[1] <= last:
            out.setdefault(workspace_id, []).append(data)
    return out


@dataclass
class _Plan:
    """One workspace's period cut into frozen parts (snapshots) and live spans."""

    workspace: Workspace
    parts: list  # rules.snapshot dicts, and (first, last) spans to compute, in date order

    @property
    def live(self) -> list[tuple[date, date]]:
        return [part for part in self.parts if isinstance(part, tuple)]


def _plan(workspace: Workspace, first: date, last: date, snapshots: list[dict]) -> _Plan:
    parts: list = []
    cursor = first
    for data in snapshots:
        start, end = rules.snapshot_period(data)
        if start < cursor:  # pragma: no cover - months never overlap
            continue
        if cursor < start:
            parts.append((cursor, start - timedelta(days=1)))
        parts.append(data)
        cursor = end + timedelta(days=1)
    if cursor <= last:
        parts.append((cursor, last))
    return _Plan(workspace, parts)


def _figures(workspaces: list[Workspace], first: date, last: date) -> dict[int, rules.Figures]:
    """Figures of each workspace for its local dates ``first``..``last``: closed months from
    their snapshots, the rest computed from bookings — exactly the figures ``rules.compute``
    gives over the whole period from the data as it was at each close. Statements: the
    snapshots (1), the desks (1), the bookings of the live spans (1)."""
    ids = [w.id for w in workspaces]
    snapshots = _snapshots(ids, first, last)
    plans = [_plan(w, first, last, snapshots.get(w.id, [])) for w in workspaces]
    desks = _desks(ids)
    spans = []
    for plan in plans:
        for span_first, span_last in plan.live:
            start, end = _period_bounds(plan.workspace, span_first, span_last)
            spans.append(and_(Booking.workspace_id == plan.workspace.id, _in_period(start, end)))
    bookings: dict[int, list[rules.BookingRow]] = {}
    if spans:
        rows = db.session.execute(select(Booking.workspace_id, *BOOKING_COLUMNS).where(or_(false(), *spans)))
        for row in rows:
            bookings.setdefault(row[0], []).append(_booking_row._make(row[1:]))
    out = {}
    for plan in plans:
        workspace = plan.workspace
        schedule, ws_desks = workspace.schedule(), desks.get(workspace.id, [])
        live = {
            span: rules.compute(
                schedule, ws_desks, bookings.get(workspace.id, []), *span, workspace.cancel_cutoff_minutes
            )
            for span in plan.live
        }
        if len(plan.parts) == 1 and live:
            out[workspace.id] = live[plan.parts[0]]
        else:
            out[workspace.id] = rules.merge(
                [live[part] if isinstance(part, tuple) else part for part in plan.parts], ws_desks
            )
    return out


# --- a member's own usage, across workspaces ------------------------------------------------------


@dataclass
class MyUsage:
    rows: list[tuple[Workspace, rules.Usage]]
    total: rules.Usage


def _utc_span(first: date, last: date) -> tuple[datetime, datetime]:
    """UTC instants certainly before and after the local dates in any time zone."""
    start = datetime(first.year, first.month, first.day, tzinfo=UTC) - MARGIN
    end = datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1) + MARGIN
    return start, end


def member_usage(user: User, first: date, last: date) -> MyUsage:
    """``user``'s own usage per workspace, each in its local dates ``first``..``last``; closed
    months from their snapshots (one more statement), like ``report_for``."""
    rules.check_period(first, last)
    start, end = _utc_span(first, last)
    rows = db.session.execute(
        select(
            Booking.workspace_id,
            *BOOKING_COLUMNS,
            Desk.code,
            Desk.kind,
            Desk.zone,
            Desk.in_service_from,
            Desk.in_service_until,
        )
        .join(Desk, Desk.id == Booking.desk_id)
        .where(Booking.member_id == user.id, _in_period(start, end))
    ).all()
    by_workspace: dict[int, list[tuple[rules.BookingRow, rules.DeskRow]]] = {}
    for ws_id, *columns in rows:
        booking = _booking_row(*columns[:9])
        desk = _desk_row(booking.desk_id, *columns[9:])
        by_workspace.setdefault(ws_id, []).append((booking, desk))
    workspaces = db.session.scalars(
        select(Workspace)
        .where(Workspace.id.in_(list(by_workspace)))
        .options(selectinload(Workspace.opening_hours), selectinload(Workspace.closures))
        .order_by(Workspace.name)
    ).all()
    # Closed months count as their close froze them, as in the workspace's own reports.
    snapshots = _snapshots([w.id for w in workspaces], first, last)
    out, total = [], rules.Usage()
    for workspace in workspaces:
        schedule, mine = workspace.schedule(), by_workspace[workspace.id]
        usage = rules.Usage()
        booked_days = _local_days(mine, workspace.tz)
        for part in _plan(workspace, first, last, snapshots.get(workspace.id, [])).parts:
            if isinstance(part, tuple):
                # Only the days the member's bookings touch: the rest adds nothing, and a
                # five-year span would otherwise plan every day of every workspace visited.
                span = _booked_span(part, booked_days)
                if span is not None:
                    usage.add(rules.member_usage(schedule, mine, *span, workspace.cancel_cutoff_minutes))
            else:
                usage.add(rules.snapshot_member_usage(part, user.id))
        if usage.bookings or usage.booked or usage.cancellations:
            out.append((workspace, usage))
            total.add(usage)
    return MyUsage(out, total)


def _local_days(bookings: list[tuple[rules.BookingRow, rules.DeskRow]], tz) -> list[tuple[date, date]]:
    """The local dates each booking touches (its start's and its end's)."""
    return [(b.starts_at.astimezone(tz).date(), b.ends_at.astimezone(tz).date()) for b, _ in bookings]


def _booked_span(part: tuple[date, date], booked: list[tuple[date, date]]) -> tuple[date, date] | None:
    """The smallest span inside ``part`` holding every day a booking touches there; None if
    no booking touches ``part``."""
    inside = [(max(a, part[0]), min(b, part[1])) for a, b in booked if a <= part[1] and b >= part[0]]
    if not inside:
        return None
    return min(a for a, _ in inside), max(b for _, b in inside)


# --- the cooperative overview --------------------------------------------------------------------


@dataclass
class OverviewRow:
    workspace: Workspace
    figures: rules.Figures
    members: int  # distinct members with a booking or booked time in the period
    visitors: int  # of whom from another workspace (or none)
    visitor_desk_days: object  # Fraction

    @property
    def usage(self) -> rules.Usage:
        return self.figures.usage


@dataclass
class Overview:
    first: date
    last: date
    granularity: str
    rows: list[OverviewRow] = field(default_factory=list)
    members: int = 0  # distinct across workspaces
    totals: rules.Totals = field(default_factory=rules.Totals)


def overview(user: User, first: date, last: date) -> Overview:
    """Every workspace side by side (admins)."""
    require_admin(user)
    rules.check_period(first, last)
    workspaces = db.session.scalars(
        select(Workspace)
        .options(selectinload(Workspace.opening_hours), selectinload(Workspace.closures))
        .order_by(Workspace.country, Workspace.city, Workspace.name)
    ).all()
    figures_by_workspace = _figures(list(workspaces), first, last)
    member_ids = {mid for figures in figures_by_workspace.values() for mid in figures.members}
    homes = _homes(list(member_ids))
    result = Overview(first, last, rules.auto_granularity(first, last))
    everyone: set[int] = set()
    for workspace in workspaces:
        figures = figures_by_workspace[workspace.id]
        counted = count_members(figures.members, homes, workspace.id)
        everyone |= counted.ids
        result.rows.append(
            OverviewRow(
                workspace,
                figures,
                counted.members,
                counted.visiting,
                rules.sum_fractions(figures.members[mid].desk_days for mid in counted.from_elsewhere),
            )
        )
        result.totals.add(figures.totals)
    result.members = len(everyone)
    return result


def _homes(member_ids: list[int]) -> dict[int, int | None]:
    """Each member's home workspace id (one statement)."""
    if not member_ids:
        return {}
    return dict(_by_ids(select(User.id, User.home_workspace_id), member_ids))


# --- today ---------------------------------------------------------------------------------------


@dataclass
class TodayBooking:
    start: datetime
    end: datetime
    member_name: str
    member_id: int


@dataclass
class TodayDesk:
    desk: rules.DeskRow
    now: TodayBooking | None
    later: list[TodayBooking]
    earlier: list[TodayBooking]


@dataclass
class Today:
    workspace: Workspace
    day: date
    now: datetime
    open: list[tuple[datetime, datetime]]
    closed: bool
    open_now: bool
    desks: list[TodayDesk]

    @property
    def booked_now(self) -> int:
        return sum(1 for d in self.desks if d.now)

    @property
    def free_now(self) -> list[TodayDesk]:
        return [d for d in self.desks if d.now is None] if self.open_now else []

    @property
    def later_count(self) -> int:
        return sum(len(d.later) for d in self.desks)

    @property
    def open_later(self) -> bool:
        """Open now or later today."""
        return any(end > self.now for _start, end in self.open)

    @property
    def free_rest_of_day(self) -> list[TodayDesk]:
        """Desks with nothing booked from now to closing (none once the day's hours are over)."""
        if not self.open_later:
            return []
        return [d for d in self.desks if d.now is None and not d.later]

    @property
    def bookings_today(self) -> int:
        return sum(len(d.earlier) + len(d.later) + (1 if d.now else 0) for d in self.desks)


def today(user: User, slug: str, now: datetime) -> Today:
    """The workspace's local today at ``now``: who is at which desk, what is booked later, what is free."""
    workspace = managed_workspace(user, slug)
    day = now.astimezone(workspace.tz).date()
    schedule = workspace.schedule()
    start, end = local_day_bounds(day, workspace.tz)
    desks = [d for d in _desks([workspace.id]).get(workspace.id, []) if d.in_service_on(day)]
    rows = db.session.execute(
        select(Booking.desk_id, Booking.starts_at, Booking.ends_at, User.name, User.id)
        .join(User, User.id == Booking.member_id)
        .where(Booking.confirmed_at(workspace.id, start, end))
        .order_by(Booking.starts_at)
    ).all()
    by_desk: dict[int, list[TodayBooking]] = {}
    for desk_id, b_start, b_end, name, member_id in rows:
        by_desk.setdefault(desk_id, []).append(TodayBooking(b_start, b_end, name, member_id))
    out = []
    for desk in desks:
        items = by_desk.get(desk.id, [])
        current = next((b for b in items if b.start <= now < b.end), None)
        later = [b for b in items if b.start > now]
        earlier = [b for b in items if b.end <= now]
        out.append(TodayDesk(desk, current, later, earlier))
    intervals = schedule.open_intervals(day)
    open_now = any(a <= now < b for a, b in intervals)
    return Today(workspace, day, now, intervals, schedule.closed_on(day), open_now, out)
