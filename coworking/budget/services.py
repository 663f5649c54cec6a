"""Budget use cases: read a line (or every line of a year), change the plan, enter or import
actual costs, close and reopen months.

Services take the user and ``now``, raise ``DomainError`` and only flush; the web layer, the
API and the CLI commit (``coworking.db.commit_work``). Occupancy figures come from
``coworking.reports`` (one definition each, docs/figures.md): a closed month is read from its
frozen ``MonthClose`` row, an open month is computed live.

Statements per read, whatever the data size: ``budget_line`` 9 (the workspace with hours and
closures, the caller's managed workspaces, the line, closes, costs, desks, bookings);
``year_lines`` 8 (every workspace with hours and closures, desks, bookings, lines, closes,
costs). ``close_month`` writes, and reads two statements per workspace (its desks and its
month's bookings), once a month.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select

from coworking import errors
from coworking.accounts.models import User
from coworking.budget import closing, rules, totals
from coworking.budget.models import CLOSED, REOPENED, ActualCost, BudgetAudit, BudgetLine, MonthClose
from coworking.extensions import db
from coworking.reports.access import managed_workspace
from coworking.reports.figures.results import Figures
from coworking.reports.figures.snapshots import snapshot
from coworking.reports.queries import cooperative
from coworking.reports.queries.workspace_report import WorkspaceReport, report_for
from coworking.workspaces.models import Workspace
from coworking.workspaces.services import get_workspace

CLI_ACTOR = "command line"
MAX_REASON = 2000
MAX_IMPORT_ROWS = 10_000


def require_admin(user: User | None, what: str) -> None:
    if user is None or not user.is_admin:
        raise errors.Forbidden(f"Only admins {what}.")


# --- reading ---------------------------------------------------------------------------------


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
    def desks_needed(self) -> tuple[int, Fraction] | None:
        recent = self.recent
        return rules.desks_needed(recent.booked_seconds, recent.open_seconds, self.plan.target_occupancy)


def plan_of(line: BudgetLine | None, workspace: Workspace) -> rules.Plan:
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


def _frozen(close: MonthClose, costs: dict[str, Decimal]) -> rules.Month:
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
            month = _frozen(close, costs.get(number, {}))
        else:
            month = live.get(number) or rules.Month(year, number, False, desk_day_price=price)
            month.income, month.costs = rules.income_for(month.desk_days, price), costs.get(number, {})
        month.finished = month.closed or rules.month_finished(year, number, today)
        out.append(month)
    return out


def _year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


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


def _costs(workspace_ids: list[int] | None, year: int) -> dict[int, dict[int, dict[str, Decimal]]]:
    query = select(ActualCost.workspace_id, ActualCost.month, ActualCost.category, ActualCost.amount).where(
        ActualCost.year == year
    )
    if workspace_ids is not None:
        query = query.where(ActualCost.workspace_id.in_(workspace_ids))
    out: dict[int, dict[int, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for ws_id, month, category, amount in db.session.execute(query):
        out[ws_id][month][category] = amount
    return out


@dataclass
class YearView:
    year: int
    lines: list[LineView]

    @property
    def totals(self) -> list[totals.CurrencyTotals]:
        """Sums per currency, like by like (budget.totals)."""
        return totals.per_currency(self.lines)


def year_lines(user: User, year: int, now: datetime) -> YearView:
    """Every workspace's line for ``year`` (the cooperative view: admins)."""
    require_admin(user, "see the cooperative budget")
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


# --- the plan ----------------------------------------------------------------------------------


def _actor(user: User | None) -> tuple[int | None, str]:
    return (user.id, user.email) if user is not None else (None, CLI_ACTOR)


def _audit(user, workspace_id, year, action, *, month=None, reason="", before=None, after=None, now) -> None:
    user_id, email = _actor(user)
    db.session.add(
        BudgetAudit(
            workspace_id=workspace_id,
            year=year,
            month=month,
            action=action,
            reason=reason,
            before=before,
            after=after,
            user_id=user_id,
            user_email=email,
            at=now,
        )
    )


def _reason(value) -> str:
    reason = (value or "").strip() if isinstance(value, str) else ""
    if len(reason) > MAX_REASON:
        raise errors.ValidationFailed(f"The reason is longer than {MAX_REASON} characters.", field="reason")
    return reason


def save_plan(user: User, slug: str, year: int, data: dict, now: datetime) -> tuple[BudgetLine, bool]:
    """Create or replace a workspace's plan for ``year`` (admins). Returns (line, created).

    ``data``: ``costs`` and ``income`` (category → amount; missing categories are 0),
    ``target_occupancy`` (0..1), ``planned_desks``, ``desk_day_price``, ``approved`` and
    ``approved_on``, ``reason``. Once a line is approved every change needs a reason and is
    recorded in the audit trail (as is the approval itself)."""
    require_admin(user, "change budget plans")
    rules.check_year(year)
    workspace = get_workspace(slug)
    costs = data.get("costs") or {}
    income = data.get("income") or {}
    unknown = (set(costs) - set(rules.COST_CATEGORIES)) | (set(income) - set(rules.INCOME_CATEGORIES))
    if unknown:
        raise errors.ValidationFailed(f"Unknown categories: {', '.join(sorted(unknown))}.", field="costs")
    values: dict = {c: rules.parse_money(costs.get(c, "0"), c) for c in rules.COST_CATEGORIES}
    values.update({c: rules.parse_money(income.get(c, "0"), c) for c in rules.INCOME_CATEGORIES})
    target = Decimal(str(data.get("target_occupancy", "0")))
    if not Decimal("0") <= target <= Decimal("1") or target != target.quantize(Decimal("0.0001")):
        raise errors.ValidationFailed(
            "target_occupancy must be a share from 0 to 1 with at most 4 decimals (0.75 = 75 %).",
            field="target_occupancy",
        )
    desks = data.get("planned_desks", 0)
    if not isinstance(desks, int) or isinstance(desks, bool) or not 0 <= desks <= 10_000:
        raise errors.ValidationFailed("planned_desks must be a whole number from 0 to 10000.", field="planned_desks")
    price = data.get("desk_day_price")
    values.update(
        target_occupancy=target,
        planned_desks=desks,
        desk_day_price=rules.parse_money(price, "desk_day_price")
        if price is not None
        else (workspace.price_per_desk_day or Decimal("0.00")),
    )
    if values["desk_day_price"] < 0 or any(values[c] < 0 for c in (*rules.COST_CATEGORIES, *rules.INCOME_CATEGORIES)):
        raise errors.ValidationFailed("Planned amounts and the price may not be negative.", field="costs")
    approved = bool(data.get("approved", False))
    approved_on = data.get("approved_on")
    if approved and approved_on is None:
        approved_on = now.astimezone(workspace.tz).date()
    values.update(approved=approved, approved_on=approved_on if approved else None)
    reason = _reason(data.get("reason"))

    line = db.session.scalar(select(BudgetLine).where(BudgetLine.workspace_id == workspace.id, BudgetLine.year == year))
    created = line is None
    if created:
        line = BudgetLine(workspace_id=workspace.id, year=year, currency=workspace.currency)
        db.session.add(line)
        before = None
        was_approved = False
    else:
        before = line.plan_values()
        was_approved = line.approved
    if was_approved and not reason:
        raise errors.ValidationFailed(
            "This budget line is approved: give a reason for the change.", field="reason", reason="missing"
        )
    for key, value in values.items():
        setattr(line, key, value)
    line.updated_at = now
    db.session.flush()
    after = line.plan_values()
    if was_approved and after != before:
        _audit(user, workspace.id, year, "plan_changed", reason=reason, before=before, after=after, now=now)
    elif approved and not was_approved:
        _audit(user, workspace.id, year, "approved", reason=reason, before=before, after=after, now=now)
    return line, created


# --- actual costs ------------------------------------------------------------------------------


def _closed_months(workspace_id: int, year: int) -> set[int]:
    return set(
        db.session.scalars(
            select(MonthClose.month).where(
                MonthClose.workspace_id == workspace_id, MonthClose.year == year, MonthClose.state == CLOSED
            )
        )
    )


def _store_costs(workspace: Workspace, amounts: dict[tuple[int, int, str], Decimal], user, now) -> None:
    existing = {}
    years = {y for y, _, _ in amounts}
    if years:
        for row in db.session.scalars(
            select(ActualCost).where(ActualCost.workspace_id == workspace.id, ActualCost.year.in_(years))
        ):
            existing[(row.year, row.month, row.category)] = row
    for (year, month, category), amount in amounts.items():
        row = existing.get((year, month, category))
        if row is None:
            row = ActualCost(workspace_id=workspace.id, year=year, month=month, category=category, amount=amount)
            db.session.add(row)
        row.amount = amount
        row.updated_at = now
        row.updated_by_id = user.id if user else None


def set_costs(user: User, slug: str, month_text: str, amounts: dict[str, object], now: datetime) -> None:
    """Enter one month's actual costs by category (admins); a closed month is locked."""
    require_admin(user, "enter actual costs")
    workspace = get_workspace(slug)
    year, month = rules.parse_month(month_text)
    if month in _closed_months(workspace.id, year):
        raise errors.MonthClosed(f"{rules.month_key(year, month)} is closed for {workspace.name}; reopen it first.")
    values = {}
    for category, raw in amounts.items():
        if category not in rules.COST_CATEGORIES:
            raise errors.ValidationFailed(f"Unknown cost category {category!r}.", field="category")
        if raw is None or raw == "":
            continue
        values[(year, month, category)] = rules.parse_money(raw, category)
    _store_costs(workspace, values, user, now)
    _audit(
        user,
        workspace.id,
        year,
        "costs_entered",
        month=month,
        after={c: str(v) for (_, _, c), v in values.items()},
        now=now,
    )
    db.session.flush()


CSV_COLUMNS = ("month", "category", "amount")


def _category(text: str) -> str | None:
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    return key if key in rules.COST_CATEGORIES else None


def import_costs(user: User, slug: str, text: str, now: datetime) -> int:
    """Import actual costs from the accounting export (admins): a CSV with the header
    ``month,category,amount`` (and optionally ``workspace``, which must be this one); amounts
    of rows with the same month and category are added up and replace what was stored for
    that month and category. Any error refuses the whole file, with the line numbers."""
    require_admin(user, "import actual costs")
    workspace = get_workspace(slug)
    problems: list[dict] = []
    sample = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline=None: universal newlines, so old Mac (CR-only) exports read line by line.
    reader = csv.reader(io.StringIO(sample, newline=None), dialect)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in CSV_COLUMNS if c not in header]
        if missing:
            raise errors.ValidationFailed(
                f"Line 1: the header must name the columns {', '.join(CSV_COLUMNS)} (missing: {', '.join(missing)}).",
                field="file",
                errors=[{"line": 1, "message": f"missing columns: {', '.join(missing)}"}],
            )
        index = {name: header.index(name) for name in (*CSV_COLUMNS, "workspace") if name in header}
        sums: dict[tuple[int, int, str], Decimal] = defaultdict(lambda: Decimal("0.00"))
        closed: dict[int, set[int]] = {}
        rows = 0
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            rows += 1
            if rows > MAX_IMPORT_ROWS:
                problems.append({"line": number, "message": f"more than {MAX_IMPORT_ROWS} rows"})
                break
            if len(cells) < len(header):
                problems.append({"line": number, "message": f"expected {len(header)} columns, found {len(cells)}"})
                continue
            try:
                named = cells[index["workspace"]].strip() if "workspace" in index else ""
                if named not in ("", workspace.slug):
                    raise errors.ValidationFailed(f"workspace {named!r} is not {workspace.slug}")
                year, month = rules.parse_month(cells[index["month"]].strip())
                category = _category(cells[index["category"]])
                if category is None:
                    raise errors.ValidationFailed(
                        f"unknown category {cells[index['category']].strip()!r} "
                        f"(one of {', '.join(rules.COST_CATEGORIES)})"
                    )
                amount = rules.parse_money(cells[index["amount"]], "amount")
            except errors.DomainError as exc:
                problems.append({"line": number, "message": exc.detail})
                continue
            if year not in closed:
                closed[year] = _closed_months(workspace.id, year)
            if month in closed[year]:
                key = rules.month_key(year, month)
                problems.append(
                    {
                        "line": number,
                        "message": f"{key} is closed: reopen it, import the file, then close it again",
                        "reason": "month_closed",
                        "month": key,
                    }
                )
                continue
            sums[(year, month, category)] += amount
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise errors.ValidationFailed(
            f"Line {reader.line_num}: the file cannot be read as CSV ({exc}).",
            field="file",
            errors=[{"line": reader.line_num, "message": str(exc)}],
        ) from None

    if not rows and not problems:
        problems.append({"line": 2, "message": "the file has no rows"})
    if problems:
        first = problems[0]
        raise errors.ValidationFailed(
            f"Nothing was imported. Line {first['line']}: {first['message']}"
            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
            field="file",
            errors=problems,
        )
    _store_costs(workspace, dict(sums), user, now)
    for year in sorted({y for y, _, _ in sums}):
        _audit(
            user,
            workspace.id,
            year,
            "costs_imported",
            after={f"{rules.month_key(y, m)} {c}": str(v) for (y, m, c), v in sorted(sums.items()) if y == year},
            now=now,
        )
    db.session.flush()
    return rows


# --- monthly close -------------------------------------------------------------------------------


def frozen_values(report: WorkspaceReport, price: Decimal) -> dict:
    """The month's figures as a close stores them."""
    figures = report.figures
    totals = figures.totals
    counted = report.member_count()
    return {
        "capacity_seconds": totals.capacity,
        "booked_seconds": totals.booked,
        "open_seconds": sum(day.open_seconds for day in figures.days),
        "occupancy": rules.decimal_places(totals.occupancy, 8),
        "desk_days": rules.decimal_places(totals.desk_days, 6),
        "members": counted.members,
        "visiting_members": counted.visiting,
        "cancellations": figures.cancellations,
        "desk_day_price": price,
        "income": rules.income_for(totals.desk_days, price),
    }


def _as_json(values: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def preview_close(user: User, month_text: str, now: datetime) -> closing.ClosePlan:
    """What ``close_month`` would freeze now (admins): the close step shows it to confirm."""
    require_admin(user, "close months")
    return closing.plan_close(month_text, now)


def close_month(user: User | None, month_text: str, now: datetime) -> list[MonthClose]:
    """Close a finished month for every workspace (admins; ``user`` None: the command line):
    the workspaces ``closing.plan_close`` names (refusals are documented there)."""
    if user is not None:
        require_admin(user, "close months")
    plan = closing.plan_close(month_text, now)
    year, month, closes = plan.year, plan.month, plan.existing
    first, last = rules.month_bounds(year, month)
    done = []
    for workspace in plan.todo:
        report = report_for(workspace, first, last)
        values = frozen_values(report, workspace.price_per_desk_day or Decimal("0.00"))
        close = closes.get(workspace.id)
        if close is None:
            close = MonthClose(workspace_id=workspace.id, year=year, month=month)
            db.session.add(close)
        for name, value in values.items():
            setattr(close, name, value)
        close.currency = workspace.currency
        # Reports read the closed month from here from now on (docs/figures.md).
        close.report_snapshot = snapshot(report.figures)
        close.state = CLOSED
        close.closed_at = now
        close.closed_by_id = user.id if user else None
        close.workspace = workspace
        _audit(user, workspace.id, year, "month_closed", month=month, after=_as_json(values), now=now)
        done.append(close)
    db.session.flush()
    return done


def reopen_month(user: User, slug: str, month_text: str, reason: str | None, now: datetime) -> MonthClose:
    """Reopen a workspace's closed month (admins, with a reason, recorded)."""
    require_admin(user, "reopen months")
    workspace = get_workspace(slug)
    year, month = rules.parse_month(month_text)
    reason = _reason(reason)
    if not reason:
        raise errors.ValidationFailed("Give a reason for reopening the month.", field="reason", reason="missing")
    close = db.session.scalar(
        select(MonthClose).where(
            MonthClose.workspace_id == workspace.id, MonthClose.year == year, MonthClose.month == month
        )
    )
    if close is None or close.state != CLOSED:
        raise errors.Conflict(f"{rules.month_key(year, month)} is not closed for {workspace.name}.")
    before = _as_json({name: getattr(close, name) for name in FROZEN})
    close.state = REOPENED
    close.reopened_at = now
    close.reopened_by_id = user.id
    close.reopen_reason = reason
    close.report_snapshot = None  # live figures again, until the next close
    _audit(user, workspace.id, year, "month_reopened", month=month, reason=reason, before=before, now=now)
    db.session.flush()
    return close


FROZEN = (
    "capacity_seconds",
    "booked_seconds",
    "open_seconds",
    "occupancy",
    "desk_days",
    "members",
    "visiting_members",
    "cancellations",
    "desk_day_price",
    "income",
)
