"""Budget arithmetic: pure functions on plain values (no Flask, no database).

Money is ``Decimal`` with 2 places where it is entered or stored (plan, actual costs, a month's
income). Everything computed from it — cost per desk-day, variances, projections — stays exact
(``Fraction``) and is rounded once, half up (halves away from zero: 6.845 → 6.85,
−6.845 → −6.85), by ``money`` where it is shown (``money_text``, the pages, the exports).
Occupancy figures come from ``coworking.reports.figures`` (docs/figures.md); this module adds
what the budget needs (docs/budget.md):

- **cost per desk-day** = costs ÷ desk-days (none when no desk-day was used);
- **variance** = actual − plan (negative: under plan), of the exact figures;
- **projection** to year end = the closed months (year to date) + the months that are over but
  not closed, at their live figures + each month still to come (not over) at the *recent
  trend*, the mean of the last three closed months (fewer if fewer are closed);
- **desks needed** at current demand = booked desk-hours ÷ (target occupancy × opening hours
  of one desk), over the same recent months, rounded up: the fewest desks that carry the
  demand without running above the target.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from coworking import errors
from coworking.rounding import decimal_places

COST_CATEGORIES = ("rent", "service_charges", "staff", "equipment", "other")
INCOME_CATEGORIES = ("desk_fees", "partner_contributions", "subsidies")
MONTHS = 12
TREND_MONTHS = 3
CENT = Decimal("0.01")
MAX_MONEY = Decimal("9999999999.99")  # Numeric(12, 2)
FIRST_YEAR, LAST_YEAR = 2000, 2100
PROJECTION_METHOD = (
    "Year to date (the closed months), plus the months that are over but not closed at their live "
    "figures, plus each month still to come at the recent trend: the mean of the last three closed "
    "months (fewer if fewer are closed)."
)


# --- values ----------------------------------------------------------------------------------


def money(value: Fraction | Decimal | int) -> Decimal:
    """Rounded to cents, halves away from zero (2.625 → 2.63), exactly (no float, no
    intermediate rounding)."""
    return decimal_places(value, 2)


def exact(value: Decimal | int | Fraction) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def money_text(value: Decimal | Fraction | None) -> str | None:
    """Money as JSON carries it: a string with exactly two decimals ("1234.50"), the exact
    value rounded once."""
    return None if value is None else f"{money(value):.2f}"


def parse_money(text, name: str = "amount") -> Decimal:
    """A money amount from a person or a file: "1234.5", "1234,50", "-12"; at most 2 decimals."""
    if isinstance(text, (int, Decimal)) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        raise errors.ValidationFailed(f"'{name}' must be an amount such as 1234.50.", field=name, reason="not_money")
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"-?\d{1,10}(,\d{1,2})", cleaned):
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d{1,10}(\.\d{1,2})?", cleaned):
        raise errors.ValidationFailed(
            f"'{name}' must be an amount such as 1234.50 (at most 2 decimals).", field=name, reason="not_money"
        )
    try:
        value = Decimal(cleaned).quantize(CENT)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes it
        raise errors.ValidationFailed(f"'{name}' is not an amount.", field=name, reason="not_money") from None
    if abs(value) > MAX_MONEY:
        raise errors.ValidationFailed(f"'{name}' is too large.", field=name, reason="too_large")
    return value


def parse_month(text) -> tuple[int, int]:
    """ "YYYY-MM" → (year, month)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", text or "") if isinstance(text, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12 or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        raise errors.ValidationFailed("'month' must be a month as YYYY-MM.", field="month", reason="not_a_month")
    return int(match.group(1)), int(match.group(2))


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise errors.ValidationFailed(
            f"The year must be from {FIRST_YEAR} to {LAST_YEAR}.", field="year", reason="out_of_range"
        )
    return year


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and last local date of a month."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def month_finished(year: int, month: int, local_today: date) -> bool:
    """A month is finished once its last local day is over (never the current or a future one)."""
    return local_today > month_bounds(year, month)[1]


def monthly_plans(annual: dict[str, Decimal]) -> dict[str, list[Decimal]]:
    """Annual amounts (by category) spread over the twelve months, to the cent, so that each
    category's months add up to its annual amount and each month's row is the sum of its
    categories: every month takes the twelfth rounded down to cents, and the cents left over
    (0–11 for each category) go one to a month, January first, each category carrying on from
    the month where the previous one stopped. A month's row is then its total's twelfth rounded
    down or up to the cent, and nothing is ever negative for a positive amount."""
    out, start = {}, 0
    for category, amount in annual.items():
        base, extra = divmod(int(Decimal(amount).scaleb(2).to_integral_value()), MONTHS)
        cents = [base + ((i - start) % MONTHS < extra) for i in range(MONTHS)]
        out[category] = [Decimal(c).scaleb(-2) for c in cents]
        start = (start + extra) % MONTHS
    return out


def month_rows(plans: dict[str, list[Decimal]]) -> list[Decimal]:
    """The twelve monthly rows of ``monthly_plans``: the sum of the categories of each month."""
    return [sum((months[i] for months in plans.values()), Decimal("0.00")) for i in range(MONTHS)]


def monthly_plan(annual: Decimal) -> list[Decimal]:
    """One annual amount spread over the months as ``monthly_plans`` spreads a category."""
    return monthly_plans({"": annual})[""]


def cost_per_desk_day(costs: Decimal | Fraction, desk_days: Fraction | Decimal) -> Fraction | None:
    """Costs ÷ desk-days, exact (not rounded: a variance subtracts it first)."""
    desk_days = exact(desk_days)
    return exact(costs) / desk_days if desk_days else None


def variance(actual: Decimal | Fraction | None, plan: Decimal | Fraction | None) -> Fraction | None:
    """Actual − plan on the exact values: round the result (``money``), never the operands."""
    return None if actual is None or plan is None else exact(actual) - exact(plan)


# --- plan ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    costs: dict[str, Decimal]
    income: dict[str, Decimal]
    target_occupancy: Decimal
    planned_desks: int
    desk_day_price: Decimal

    @property
    def total_costs(self) -> Decimal:
        return sum(self.costs.values(), Decimal("0.00"))

    @property
    def total_income(self) -> Decimal:
        return sum(self.income.values(), Decimal("0.00"))

    @property
    def monthly_costs(self) -> dict[str, list[Decimal]]:
        """Each cost category's twelve monthly shares; their rows are the month's planned costs."""
        return monthly_plans(self.costs)

    @property
    def desk_days(self) -> Fraction | None:
        """The desk-days the planned desk fees stand for: desk fees ÷ desk-day price."""
        if not self.desk_day_price:
            return None
        return exact(self.income["desk_fees"]) / exact(self.desk_day_price)

    @property
    def cost_per_desk_day(self) -> Fraction | None:
        desk_days = self.desk_days
        return cost_per_desk_day(self.total_costs, desk_days) if desk_days else None


# --- months ------------------------------------------------------------------------------------


class _Ratios:
    """Occupancy and cost per desk-day, derived the same way for a month and for a span of
    months (needs ``booked_seconds``, ``capacity_seconds``, ``cost`` and ``desk_days``)."""

    @property
    def occupancy(self) -> Fraction:
        return Fraction(self.booked_seconds, self.capacity_seconds) if self.capacity_seconds else Fraction(0)

    @property
    def cost_per_desk_day(self) -> Fraction | None:
        return cost_per_desk_day(self.cost, self.desk_days)


@dataclass
class Month(_Ratios):
    """One month of a budget line: frozen figures when closed, live ones when open."""

    year: int
    month: int
    closed: bool
    capacity_seconds: int = 0
    booked_seconds: int = 0
    open_seconds: int = 0  # opening time of one desk in the month
    desk_days: Fraction = Fraction(0)
    members: int = 0
    visiting_members: int = 0
    cancellations: int = 0
    desk_day_price: Decimal = Decimal("0.00")
    income: Decimal = Decimal("0.00")
    costs: dict[str, Decimal] = field(default_factory=dict)
    finished: bool = False  # its last local day is over (``month_finished``); a closed one always is
    # A closed month's no-shows and settled check-ins (docs/figures.md), from its close's report
    # snapshot; None for open months and for months closed before check-in was recorded.
    no_shows: int | None = None
    settled: int | None = None

    @property
    def no_show_rate(self) -> Fraction | None:
        if self.no_shows is None or not self.settled:
            return None
        return Fraction(self.no_shows, self.settled)

    @property
    def key(self) -> str:
        return month_key(self.year, self.month)

    @property
    def not_closed(self) -> bool:
        """Over but not closed: counted at its live figures, shown as such (docs/budget.md)."""
        return self.finished and not self.closed

    @property
    def cost(self) -> Decimal:
        return sum(self.costs.values(), Decimal("0.00"))


def income_for(desk_days: Fraction, price: Decimal) -> Decimal:
    """Income at the desk-day price: desk-days (exact) × price, rounded to cents."""
    return money(exact(desk_days) * exact(price))


@dataclass
class Sums(_Ratios):
    months: int = 0
    capacity_seconds: int = 0
    booked_seconds: int = 0
    open_seconds: int = 0
    desk_days: Fraction = Fraction(0)
    income: Decimal = Decimal("0.00")
    cost: Decimal = Decimal("0.00")
    costs: dict[str, Decimal] = field(default_factory=lambda: {c: Decimal("0.00") for c in COST_CATEGORIES})

    def add(self, month: Month) -> None:
        self.months += 1
        self.capacity_seconds += month.capacity_seconds
        self.booked_seconds += month.booked_seconds
        self.open_seconds += month.open_seconds
        self.desk_days += month.desk_days
        self.income += month.income
        self.cost += month.cost
        for category, amount in month.costs.items():
            self.costs[category] += amount


def total(months: Sequence[Month]) -> Sums:
    sums = Sums()
    for month in months:
        sums.add(month)
    return sums


@dataclass(frozen=True)
class Projection:
    method: str
    basis: tuple[str, ...]  # the months of the recent trend, "YYYY-MM"
    remaining_months: int
    desk_days: Fraction | None
    income: Fraction | None  # exact: rounded where shown
    costs: Fraction | None
    open_months: tuple[str, ...] = ()  # over but not closed: counted at their live figures

    @property
    def cost_per_desk_day(self) -> Fraction | None:
        if self.costs is None or not self.desk_days:
            return None
        return cost_per_desk_day(self.costs, self.desk_days)


def projection(months: Sequence[Month]) -> Projection:
    """Year to date (closed months) + the months over but not closed, at their live figures +
    each month still to come × the mean of the last three closed months. A month missing from
    ``months`` is still to come. Nothing to project from before the first close."""
    ordered = sorted(months, key=lambda m: (m.year, m.month))
    closed = [m for m in ordered if m.closed]
    over = [m for m in ordered if m.not_closed]
    remaining = MONTHS - len(closed) - len(over)
    open_keys = tuple(m.key for m in over)
    if not closed:
        return Projection(PROJECTION_METHOD, (), remaining, None, None, None, open_keys)
    known, trend = total(closed + over), closed[-TREND_MONTHS:]
    recent = total(trend)
    n = len(trend)
    return Projection(
        PROJECTION_METHOD,
        tuple(m.key for m in trend),
        remaining,
        known.desk_days + recent.desk_days / n * remaining,
        exact(known.income) + exact(recent.income) / n * remaining,
        exact(known.cost) + exact(recent.cost) / n * remaining,
        open_keys,
    )


def desks_needed(booked_seconds: int, open_seconds: int, target: Decimal) -> tuple[int, Fraction] | None:
    """(desks, exact value): booked desk-time ÷ (target × one desk's opening time), rounded up.
    None without a target or opening time."""
    if not target or not open_seconds:
        return None
    value = Fraction(booked_seconds) / (exact(target) * open_seconds)
    return math.ceil(value), value


def recent(months: Sequence[Month]) -> list[Month]:
    """The months the recent trend is taken from: the last three closed ones."""
    closed = sorted((m for m in months if m.closed), key=lambda m: (m.year, m.month))
    return closed[-TREND_MONTHS:]
