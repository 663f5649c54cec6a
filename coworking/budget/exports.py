"""The assembly pack's downloads: CSV and XLSX of every line of a year, month by month.

Money is written exactly (``Decimal`` → "1234.50" in CSV, a numeric cell with the format
``#,##0.00`` in XLSX); hours and desk-days as decimals rounded as on the pages."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook

from coworking.budget import rules, totals
from coworking.budget.lines import LineView, YearView
from coworking.reports.exports import to_csv as write_csv
from coworking.reports.exports import write_table
from coworking.rounding import decimal_places

COLUMNS = (
    "workspace",
    "currency",
    "month",
    "closed",
    "capacity_hours",
    "booked_hours",
    "occupancy",
    "desk_days",
    "income",
    "plan_desk_fees",
    "cost",
    "plan_cost",
    "cost_per_desk_day",
    "no_shows",
    "no_show_rate",
)
MONEY_COLUMNS = {"income", "plan_desk_fees", "cost", "plan_cost", "cost_per_desk_day"}
HOUR = 3600
NO_PLAN = "no plan"
NOT_RECORDED = "not recorded"


def _hours(seconds: int) -> Decimal:
    return decimal_places(rules.exact(seconds) / HOUR, 2)


def month_rows(view: LineView) -> list[list]:
    rows = []
    plan_costs, plan_fees = view.monthly_plan_costs, view.monthly_plan_desk_fees
    if not totals.has_plan(view):  # a line without a plan: no planned figures (never 0.00)
        plan_costs = plan_fees = [NO_PLAN] * rules.MONTHS
    for month in view.months:
        i = month.month - 1
        rows.append(
            [
                view.workspace.slug,
                view.currency,
                month.key,
                "yes" if month.closed else "no",
                _hours(month.capacity_seconds),
                _hours(month.booked_seconds),
                decimal_places(month.occupancy, 4),
                decimal_places(month.desk_days, 2),
                month.income,
                plan_fees[i],
                month.cost,
                plan_costs[i],
                _money(month.cost_per_desk_day),
                month.no_shows,  # closed months since check-in only; empty otherwise
                None if month.no_show_rate is None else decimal_places(month.no_show_rate, 4),
            ]
        )
    return rows


def _money(value):
    """An exact amount (cost per desk-day, projection) rounded once, as the API and pages do."""
    return None if value is None else rules.money(value)


def year_rows(year: YearView) -> list[list]:
    return [row for view in year.lines for row in month_rows(view)]


def to_csv(rows: Sequence[Sequence]) -> bytes:
    """The months table as CSV, written the way every export is (reports.exports.to_csv)."""
    return write_csv(COLUMNS, rows)


def to_xlsx(year: YearView) -> bytes:
    """Sheet "Months": one row per workspace and month (header row, frozen panes, numeric
    cells); sheet "Lines": plan, year to date and projection per line; sheet "About"."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Months"
    _table(sheet, COLUMNS, year_rows(year))
    lines = book.create_sheet("Lines")
    line_columns = (
        "workspace",
        "currency",
        "plan_costs",
        "plan_income",
        "plan_desk_fees",
        "target_occupancy",
        "months_closed",
        "actual_costs",
        "actual_income",
        "actual_occupancy",
        "cost_per_desk_day",
        "projected_costs",
        "projected_income",
        "desks_needed",
        # Other income apart from desk fees; a line without a plan has no planned figure or variance.
        "plan",
        "plan_other_income",
        "actual_other_income",
        "variance_costs",
        "variance_desk_fees",
    )
    rows = []
    for view in year.lines:
        actual, projection, needed, var = view.actual, view.projection, view.desks_needed, view.variance
        rows.append(
            [
                view.workspace.slug,
                view.currency,
                view.plan.total_costs,
                view.plan.total_income,
                view.plan.income["desk_fees"],
                view.plan.target_occupancy,
                actual.months,
                actual.cost,
                actual.income,
                decimal_places(actual.occupancy, 4),
                _money(actual.cost_per_desk_day),
                _money(projection.costs),
                _money(projection.income),
                needed[0] if needed else None,
                NO_PLAN if var.no_plan else "yes",
                None if var.no_plan else totals.other_income(view.plan),
                NOT_RECORDED,
                NO_PLAN if var.no_plan else _money(var.costs),
                NO_PLAN if var.no_plan else _money(var.desk_fees),
            ]
        )
    _table(
        lines,
        line_columns,
        rows,
        money={
            "plan_costs",
            "plan_income",
            "plan_desk_fees",
            "actual_costs",
            "actual_income",
            "cost_per_desk_day",
            "projected_costs",
            "projected_income",
            "plan_other_income",
            "variance_costs",
            "variance_desk_fees",
        },
    )
    about = book.create_sheet("About")
    for key, value in (
        ("year", str(year.year)),
        ("definitions", "docs/budget.md and docs/figures.md"),
        ("projection", rules.PROJECTION_METHOD),
        (
            "income",
            "actual income is desk fees only; other income (partner contributions, subsidies) is "
            "planned but not recorded",
        ),
        ("no plan", 'a line without a plan has no variance: the cells say "no plan"'),
        ("money", "exact, two decimals, in each line's currency (never summed across currencies)"),
    ):
        about.append([key, value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table(sheet, columns: Sequence[str], rows: Sequence[Sequence], money: set[str] = MONEY_COLUMNS) -> None:
    write_table(sheet, columns, rows, frozenset(money))
