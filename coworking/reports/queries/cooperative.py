"""The cooperative overview: every workspace's figures side by side for a period, with the
members each counted and how many came from elsewhere (admins)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from coworking.accounts.models import User
from coworking.accounts.permissions import require_admin
from coworking.extensions import db
from coworking.reports.counting import count_members
from coworking.reports.figures.periods import auto_granularity, check_period
from coworking.reports.figures.results import Figures, Totals, Usage, sum_fractions
from coworking.reports.queries.rows import by_ids
from coworking.reports.queries.workspace_report import figures_for
from coworking.workspaces.models import Workspace


@dataclass
class OverviewRow:
    workspace: Workspace
    figures: Figures
    members: int  # distinct members with a booking or booked time in the period
    visitors: int  # of whom from another workspace (or none)
    visitor_desk_days: object  # Fraction

    @property
    def usage(self) -> Usage:
        return self.figures.usage


@dataclass
class Overview:
    first: date
    last: date
    granularity: str
    rows: list[OverviewRow] = field(default_factory=list)
    members: int = 0  # distinct across workspaces
    totals: Totals = field(default_factory=Totals)


def overview(user: User, first: date, last: date) -> Overview:
    """Every workspace side by side (admins)."""
    require_admin(user, "Only admins see the cooperative overview.")
    check_period(first, last)
    workspaces = db.session.scalars(
        select(Workspace)
        .options(selectinload(Workspace.opening_hours), selectinload(Workspace.closures))
        .order_by(Workspace.country, Workspace.city, Workspace.name)
    ).all()
    figures_by_workspace = figures_for(list(workspaces), first, last)
    member_ids = {mid for figures in figures_by_workspace.values() for mid in figures.members}
    homes = _homes(list(member_ids))
    result = Overview(first, last, auto_granularity(first, last))
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
                sum_fractions(figures.members[mid].desk_days for mid in counted.from_elsewhere),
            )
        )
        result.totals.add(figures.totals)
    result.members = len(everyone)
    return result


def _homes(member_ids: list[int]) -> dict[int, int | None]:
    """Each member's home workspace id."""
    if not member_ids:
        return {}
    return dict(by_ids(select(User.id, User.home_workspace_id), member_ids))
