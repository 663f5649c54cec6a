"""Reading budget lines: one workspace's line for a year (its managers and admins), or every
workspace's line for a year (the cooperative view, admins).

Occupancy figures come from ``coworking.reports`` (one definition each, docs/figures.md): a
closed month is read from its frozen ``MonthClose`` row, an open month is computed live. Each
table is read once for the whole line or year, never once per month or per workspace.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select

from coworking.accounts.models import User
from coworking.accounts.permissions import require_admin
from coworking.budget import rules, totals
from coworking.budget.models import CLOSED, ActualCost, BudgetAudit, BudgetLine, MonthClose
from coworking.extensions import db
from coworking.reports.access import managed_workspace
from coworking.reports.figures.results import Figures
from coworking.reports.queries import cooperative
from coworking.reports.queries.workspace_report import report_for
from coworking.workspaces.models import Workspace


@dataclass
class LineView:
    """Everything the page, the API and the exports show about one budget line."""

    workspace: Workspace
    year: int
    line: BudgetLine | None
    plan: rules.Plan
    months: list[rules.Month]
    audit: list[BudgetAudit] = field(default_factory=list)

    @property
    def currency(self) -> str:
        return self.line.currency if self.line else self.workspace.currency

    @property
    def closed_months(self) -> list[rules.Month]:
        return [m for m in self.months if m.closed]

    @property
    def actual(self) -> rules.Sums:
        """Year to date: the closed months."""
        return rules.total(self.closed_months)

    @property
    def plan_to_date(self) -> dict[str, Decimal]:
        """The plan's share of the closed months (a twelfth per month, see rules.monthly_plans)."""
        closed = {m.month for m in self.closed_months}
        costs = self.monthly_plan_costs
        income = self.monthly_plan_desk_fees
        return {
            "costs": sum((costs[i] for i in range(12) if i + 1 in closed), Decimal("0.00")),
            "desk_fees": sum((income[i] for i in range(12) if i + 1 in closed), Decimal("0.00")),
        }

    @property
    def monthly_plan_costs(self) -> list[Decimal]:
        return rules.month_rows(self.plan.monthly_costs)

    @property
    def monthly_plan_desk_fees(self) -> list[Decimal]:
        return rules.monthly_plan(self.plan.income["desk_fees"])

    @property
    def projection(self) -> rules.Projection:
        return rules.projection(self.months)

    @property
    def recent(self) -> rules.Sums:
        return rules.total(rules.recent(self.months))

    @property
    def variance(self) -> totals.Variance:
        return totals.variance_of(self)

    @property
    def no_show_rate(self) -> Fraction | None:
        """Year to date, beside the occupancy (which is booked occupancy): no-shows ÷ settled
        check-ins of the closed months; None without closed months, when nothing is settled,
        or when a month was closed before check-in was recorded (not available, never 0)."""
        closed = self.closed_months
        if not closed or any(m.no_shows is None or m.settled is None for m in closed):
            return None
        settled = sum(m.settled or 0 for m in closed)
        return Fraction(sum(m.no_shows or 0 for m in closed), settled) if settled else None

    @property
    def desks_needed(self) -> tuple[int, Fraction] | None:
        recent = self.recent
        return rules.desks_needed(recent.booked_seconds, recent.open_seconds, self.plan.target_occupancy)


@dataclass
class YearView:
    year: int
    lines: list[LineView]

    @property
    def totals(self) -> list[totals.CurrencyTotals]:
        """Sums per currency, like by like (budget.totals)."""
        return totals.per_currency(self.lines)


def plan_of(line: BudgetLine | None, workspace: Workspace) -> rules.Plan:
    """The stored plan as rules values; a workspace without a line plans nothing."""
    zero = Decimal("0.00")
    if line is None:
        return rules.Plan(
            dict.fromkeys(rules.COST_CATEGORIES, zero),
            dict.fromkeys(rules.INCOME_CATEGORIES, zero),
            Decimal("0"),
            0,
            workspace.price_per_desk_day or zero,
        )
    return rules.Plan(
        {c: getattr(line, c) for c in rules.COST_CATEGORIES},
        {c: getattr(line, c) for c in rules.INCOME_CATEGORIES},
        line.target_occupancy,
        line.planned_desks,
        line.desk_day_price,
    )


def frozen_month(close: MonthClose, costs: dict[str, Decimal]) -> rules.Month:
    """A closed month as its close froze it, with the month's actual costs (and its no-shows
    when the close stored them)."""
    snapshot = close.report_snapshot if isinstance(close.report_snapshot, dict) else {}
    return rules.Month(
        close.year,
        close.month,
        True,
        close.capacity_seconds,
        close.booked_seconds,
        close.open_seconds,
        Fraction(close.desk_days),
        close.members,
        close.visiting_members,
        close.cancellations,
        close.desk_day_price,
        close.income,
        costs,
        no_shows=snapshot.get("no_shows"),
        settled=snapshot.get("settled"),
    )


def _months(
    workspace: Workspace,
    year: int,
    closes: dict[int, MonthClose],
    costs: dict[int, dict[str, Decimal]],
    figures: Figures,
    now: datetime,
) -> list[rules.Month]:
    """Twelve months: frozen when closed, else live; ``finished`` once over in local time."""
    live: dict[int, rules.Month] = {}
    price, today = workspace.price_per_desk_day or Decimal("0.00"), now.astimezone(workspace.tz).date()
    for day in figures.days:
        month = live.setdefault(day.day.month, rules.Month(year, day.day.month, False, desk_day_price=price))
        month.capacity_seconds += day.capacity
        month.booked_seconds += day.booked
        month.open_seconds += day.open_seconds
        month.desk_days += day.desk_days
    out = []
    for number in range(1, 13):
        if (close := closes.get(number)) is not None and close.state == CLOSED:
            month = frozen_month(close, costs.get(number, {}))
        else:
            month = live.get(number) or rules.Month(year, number, False, desk_day_price=price)
            month.income, month.costs = rules.income_for(month.desk_days, price), costs.get(number, {})
        month.finished = month.closed or rules.month_finished(year, number, today)
        out.append(month)
    return out


def _year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _costs(workspace_ids: list[int] | None, year: int) -> dict[int, dict[int, dict[str, Decimal]]]:
    """Actual costs of ``year``: workspace id → month → category → amount (None: every workspace)."""
    query = select(ActualCost.workspace_id, ActualCost.month, ActualCost.category, ActualCost.amount).where(
        ActualCost.year == year
    )
    if workspace_ids is not None:
        query = query.where(ActualCost.workspace_id.in_(workspace_ids))
    out: dict[int, dict[int, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for ws_id, month, category, amount in db.session.execute(query):
        out[ws_id][month][category] = amount
    return out


def budget_line(user: User, slug: str, year: int, now: datetime, *, with_audit: bool = False) -> LineView:
    """One workspace's line (its managers and admins; members never)."""
    rules.check_year(year)
    workspace = managed_workspace(user, slug)
    line = db.session.scalar(select(BudgetLine).where(BudgetLine.workspace_id == workspace.id, BudgetLine.year == year))
    closes = {
        c.month: c
        for c in db.session.scalars(
            select(MonthClose).where(MonthClose.workspace_id == workspace.id, MonthClose.year == year)
        )
    }
    costs = _costs([workspace.id], year).get(workspace.id, {})
    first, last = _year_span(year)
    months = _months(workspace, year, closes, costs, report_for(workspace, first, last).figures, now)
    view = LineView(workspace, year, line, plan_of(line, workspace), months)
    if with_audit:
        view.audit = list(
            db.session.scalars(
                select(BudgetAudit)
                .where(BudgetAudit.workspace_id == workspace.id, BudgetAudit.year == year)
                .order_by(BudgetAudit.at.desc(), BudgetAudit.id.desc())
                .limit(50)
            )
        )
    return view


def year_lines(user: User, year: int, now: datetime) -> YearView:
    """Every workspace's line for ``year`` (the cooperative view: admins)."""
    require_admin(user, "Only admins see the cooperative budget.")
    rules.check_year(year)
    first, last = _year_span(year)
    overview = cooperative.overview(user, first, last)
    lines = {line.workspace_id: line for line in db.session.scalars(select(BudgetLine).where(BudgetLine.year == year))}
    closes: dict[int, dict[int, MonthClose]] = defaultdict(dict)
    for close in db.session.scalars(select(MonthClose).where(MonthClose.year == year)):
        closes[close.workspace_id][close.month] = close
    costs = _costs(None, year)
    views = []
    for row in overview.rows:
        ws = row.workspace
        line = lines.get(ws.id)
        months = _months(ws, year, closes.get(ws.id, {}), costs.get(ws.id, {}), row.figures, now)
        views.append(LineView(ws, year, line, plan_of(line, ws), months))
    return YearView(year, views)
