"""What the cooperative view and the assembly pack compare (docs/budget.md, "Totals and
comparisons"): like with like, or not at all.

- **Totals per currency** divide like by like: the cost per desk-day of a currency is the
  costs of the lines with costs entered (in their closed months) ÷ the desk-days of those same
  lines, and says how many lines it covers.
- **Income** is compared per category: desk fees (planned and actual, at the desk-day price)
  apart from other income (partner contributions and subsidies), which is planned but not
  recorded as an actual figure, so it has no variance.
- **A line without a plan** has no variance (``no_plan``), never its whole figures as one.

Pure: works on ``lines.LineView`` objects (duck-typed) and ``rules`` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from coworking.budget import rules

OTHER_INCOME = ("partner_contributions", "subsidies")
ZERO = Decimal("0.00")


def other_income(plan: rules.Plan) -> Decimal:
    """Planned income that is not desk fees: partner contributions and subsidies."""
    return sum((plan.income[c] for c in OTHER_INCOME), ZERO)


def has_costs(view) -> bool:
    """Costs were entered for at least one of the line's closed months."""
    return any(m.costs for m in view.closed_months)


def has_plan(view) -> bool:
    return view.line is not None


@dataclass(frozen=True)
class Variance:
    """Actual − plan, exact (rounded where shown); all None when the line has no plan."""

    no_plan: bool
    costs: Fraction | None = None
    desk_fees: Fraction | None = None
    occupancy: Fraction | None = None
    cost_per_desk_day: Fraction | None = None
    projected_costs: Fraction | None = None
    projected_desk_fees: Fraction | None = None
    other_income: None = None  # actual other income is not recorded: nothing to compare


def variance_of(view) -> Variance:
    if not has_plan(view):
        return Variance(no_plan=True)
    plan, actual, to_date, projection = view.plan, view.actual, view.plan_to_date, view.projection
    return Variance(
        no_plan=False,
        costs=rules.variance(actual.cost, to_date["costs"]),
        desk_fees=rules.variance(actual.income, to_date["desk_fees"]),
        occupancy=actual.occupancy - Fraction(plan.target_occupancy) if actual.months else None,
        cost_per_desk_day=rules.variance(actual.cost_per_desk_day, plan.cost_per_desk_day),
        projected_costs=rules.variance(projection.costs, plan.total_costs),
        projected_desk_fees=rules.variance(projection.income, plan.income["desk_fees"]),
    )


@dataclass
class CurrencyTotals:
    currency: str
    lines: int = 0
    lines_with_costs: int = 0
    plan_costs: Decimal = ZERO
    plan_income: Decimal = ZERO
    plan_desk_fees: Decimal = ZERO
    plan_other_income: Decimal = ZERO
    actual: rules.Sums = field(default_factory=rules.Sums)
    costs_with_costs: Decimal = ZERO  # the costs of the lines with costs entered
    desk_days_with_costs: Fraction = Fraction(0)  # the desk-days of those same lines
    projected_costs: Fraction = Fraction(0)  # exact, rounded where shown
    projected_income: Fraction = Fraction(0)

    @property
    def cost_per_desk_day(self) -> Fraction | None:
        """Costs ÷ desk-days of the lines with costs entered only (like by like)."""
        return rules.cost_per_desk_day(self.costs_with_costs, self.desk_days_with_costs)

    @property
    def actual_other_income(self) -> None:
        """Not recorded: actual income is desk fees only."""
        return None


def per_currency(views: Iterable) -> list[CurrencyTotals]:
    """Sums per currency (amounts in different currencies are never added)."""
    by: dict[str, CurrencyTotals] = {}
    for view in views:
        t = by.setdefault(view.currency, CurrencyTotals(view.currency))
        t.lines += 1
        t.plan_costs += view.plan.total_costs
        t.plan_income += view.plan.total_income
        t.plan_desk_fees += view.plan.income["desk_fees"]
        t.plan_other_income += other_income(view.plan)
        actual = view.actual
        for month in view.closed_months:
            t.actual.add(month)
        if has_costs(view):
            t.lines_with_costs += 1
            t.costs_with_costs += actual.cost
            t.desk_days_with_costs += actual.desk_days
        projection = view.projection
        t.projected_costs += projection.costs or 0
        t.projected_income += projection.income or 0
    return [by[c] for c in sorted(by)]
