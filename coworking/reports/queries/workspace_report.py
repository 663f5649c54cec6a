"""One workspace's report for a period: its figures (closed months from their snapshots, the
rest computed from bookings) and, read on first use, who its members are; the per-member rows
sorted as the pages and the API list them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import aliased

from coworking.accounts.models import User
from coworking.bookings.models import Booking
from coworking.extensions import db
from coworking.reports.access import managed_workspace
from coworking.reports.counting import MemberCount, count_members
from coworking.reports.figures.compute import compute
from coworking.reports.figures.inputs import BookingRow
from coworking.reports.figures.periods import check_period
from coworking.reports.figures.results import Figures, Usage
from coworking.reports.figures.snapshots import merge
from coworking.reports.queries import closed_months
from coworking.reports.queries.rows import BOOKING_COLUMNS, by_ids, desks_by_workspace, in_period
from coworking.workspaces.models import Workspace
from coworking.workspaces.rules import local_day_bounds


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
    usage: Usage

    def visiting(self, workspace: Workspace) -> bool:
        """A member whose home is another workspace (or none)."""
        return self.member.home_slug != workspace.slug


@dataclass
class WorkspaceReport:
    workspace: Workspace
    figures: Figures
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


def _period_bounds(workspace: Workspace, first: date, last: date) -> tuple[datetime, datetime]:
    return local_day_bounds(first, workspace.tz)[0], local_day_bounds(last, workspace.tz)[1]


def workspace_report(user: User, slug: str, first: date, last: date) -> WorkspaceReport:
    """Figures of one workspace for the local dates ``first``..``last`` (its managers, admins)."""
    workspace = managed_workspace(user, slug)
    check_period(first, last)
    return report_for(workspace, first, last)


def report_for(workspace: Workspace, first: date, last: date) -> WorkspaceReport:
    """Figures of ``workspace`` for ``first``..``last``, the caller having checked who asks and
    the period."""
    return WorkspaceReport(workspace, figures_for([workspace], first, last)[workspace.id])


def sorted_rows(rows: list[MemberRow], key: str = "desk_hours", descending: bool = True):
    """Per-member rows sorted by a column (the pages' ``sort`` and ``dir``); ties by name."""
    keys = {
        "name": lambda r: r.member.name.casefold(),
        "email": lambda r: r.member.email,
        "home": lambda r: (r.member.home_name or "").casefold(),
        "bookings": lambda r: r.usage.bookings,
        "desk_hours": lambda r: r.usage.booked,
        "desk_days": lambda r: r.usage.desk_days,
        "cancellations": lambda r: r.usage.cancellations,
        "late_cancellations": lambda r: r.usage.late_cancellations,
        "used_hours": lambda r: r.usage.used or 0,  # None (not available) with the zeros
        "no_shows": lambda r: r.usage.no_shows or 0,
    }
    by_name = sorted(rows, key=lambda r: (r.member.name.casefold(), r.member.id))
    return sorted(by_name, key=keys.get(key, keys["desk_hours"]), reverse=descending)


def _member_infos(member_ids: list[int]) -> dict[int, MemberInfo]:
    """Name, email and home workspace of these members."""
    if not member_ids:
        return {}
    home = aliased(Workspace)
    query = select(User.id, User.name, User.email, home.slug, home.name).outerjoin(
        home, home.id == User.home_workspace_id
    )
    return {row[0]: MemberInfo(*row) for row in by_ids(query, member_ids)}


def figures_for(workspaces: list[Workspace], first: date, last: date) -> dict[int, Figures]:
    """Figures of each workspace for its local dates ``first``..``last``: closed months from
    their snapshots, the rest computed from bookings — exactly the figures ``compute``
    gives over the whole period from the data as it was at each close. The snapshots, the
    desks and the bookings of the live spans are each read for all the workspaces at once."""
    ids = [w.id for w in workspaces]
    closed = closed_months.snapshots(ids, first, last)
    plans = [closed_months.plan(w, first, last, closed.get(w.id, [])) for w in workspaces]
    desks = desks_by_workspace(ids, first, last)
    spans = []
    for plan in plans:
        for span_first, span_last in plan.live:
            start, end = _period_bounds(plan.workspace, span_first, span_last)
            spans.append(and_(Booking.workspace_id == plan.workspace.id, in_period(start, end)))
    bookings: dict[int, list[BookingRow]] = {}
    if spans:
        rows = db.session.execute(select(Booking.workspace_id, *BOOKING_COLUMNS).where(or_(false(), *spans)))
        for row in rows:
            bookings.setdefault(row[0], []).append(BookingRow(*row[1:]))
    out = {}
    for plan in plans:
        workspace = plan.workspace
        schedule, ws_desks = workspace.schedule(), desks.get(workspace.id, [])
        live = {
            span: compute(schedule, ws_desks, bookings.get(workspace.id, []), *span, workspace.cancel_cutoff_minutes)
            for span in plan.live
        }
        if len(plan.parts) == 1 and live:
            out[workspace.id] = live[plan.parts[0]]
        else:
            out[workspace.id] = merge(
                [live[part] if isinstance(part, tuple) else part for part in plan.parts], ws_desks
            )
    return out
