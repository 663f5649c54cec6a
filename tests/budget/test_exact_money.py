"""Every money figure of a budget line is computed exactly and rounded once,
half up (halves away from zero), where it is shown — never rounded and then subtracted.

- the shape of the demo's case by hand: 34.066964… − 27.212755… = 6.854… → 6.85, where rounding
  both sides first gave 34.07 − 27.21 = 6.86;
- a hypothesis property over the API's answer for a line (``budget.api.line_json``): no shown
  money figure — cost per desk-day, variance, income, projection — differs from the exact figure,
  computed here from the raw inputs, rounded once;
- the worked example of docs/budget.md with a plan whose cost per desk-day is not a whole cent,
  through the API, the page and the exports, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from coworking.budget.rules import COST_CATEGORIES, INCOME_CATEGORIES, Month, Plan, income_for, money_text, total
from coworking.budget.rules import variance as variance_of
from tests.support.budget import YEAR, costs_csv, doc_plan_body, import_costs
from tests.support.http import logged_in

D = Decimal


def once(value: Fraction) -> str:
    """The exact value rounded once to cents, halves away from zero — written independently of
    the app's ``rules.money``."""
    cents = math.floor(abs(value) * 100 + Fraction(1, 2))
    sign = "-" if value < 0 and cents else ""
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def plan_of(costs: dict, fees: Decimal, price: Decimal) -> Plan:
    income = dict.fromkeys(INCOME_CATEGORIES, D("0.00"))
    income["desk_fees"] = fees
    return Plan(costs, income, D("0.75"), 4, price)


# --- the demo's shape, by hand -----------------------------------------------------------------


def test_variance_of_cost_per_desk_day_rounds_only_the_result():
    # Actual: 3 815.50 of costs over 112 desk-days = 34.0669642…; plan: 26 668.50 of costs,
    # 19 600.00 of desk fees at 20.00 = 980 desk-days, 27.2127551… a desk-day.
    month = Month(2026, 11, True, desk_days=Fraction(112), costs={"rent": D("3815.50")})
    actual = total([month])
    plan = plan_of({c: D("0.00") for c in COST_CATEGORIES} | {"rent": D("26668.50")}, D("19600.00"), D("20.00"))
    # 34.0669642… − 27.2127551… = 6.8542091… → 6.85 (rounding both sides first gave 6.86).
    assert money_text(variance_of(actual.cost_per_desk_day, plan.cost_per_desk_day)) == "6.85"
    assert (money_text(actual.cost_per_desk_day), money_text(plan.cost_per_desk_day)) == ("34.07", "27.21")
    assert actual.cost_per_desk_day == Fraction(381550, 11200)  # exact, not rounded on the way
    assert plan.cost_per_desk_day == Fraction(2666850, 98000)


def test_half_a_cent_rounds_away_from_zero_once():
    assert money_text(Fraction(6845, 1000)) == "6.85" and money_text(Fraction(-6845, 1000)) == "-6.85"
    # A variance of two exact figures whose difference is exactly half a cent.
    assert money_text(variance_of(Fraction(21, 8), Fraction(0))) == "2.63"  # 2.625
    assert money_text(variance_of(Fraction(0), Fraction(21, 8))) == "-2.63"


# --- property: the API's line, every money figure rounded once -----------------------------------

cents = st.integers(min_value=0, max_value=5_000_000).map(lambda c: D(c).scaleb(-2))


@st.composite
def lines(draw):
    price = draw(st.integers(min_value=1, max_value=20_000).map(lambda c: D(c).scaleb(-2)))
    plan_costs = {c: draw(cents) for c in COST_CATEGORIES}
    fees = draw(cents)
    months = []
    for m in range(1, 13):
        # desk-days: booked seconds over the opening seconds of a day (7 h 30, 8 h, 9 h, 10 h 45)
        length = draw(st.sampled_from([27000, 28800, 32400, 38700]))
        desk_days = Fraction(draw(st.integers(min_value=0, max_value=2_000_000)), length)
        costs = {
            c: draw(st.integers(min_value=0, max_value=400_000).map(lambda c: D(c).scaleb(-2)))
            for c in ("rent", "other")
        }
        month = Month(YEAR, m, draw(st.booleans()), desk_days=desk_days, desk_day_price=price, costs=costs)
        month.income = income_for(desk_days, price)
        months.append(month)
    return plan_of(plan_costs, fees, price), months


@settings(max_examples=300, deadline=None)
@given(lines())
def test_no_shown_money_figure_differs_from_the_exact_one_rounded_once(line):
    from coworking.budget.api import line_json
    from coworking.budget.lines import LineView
    from coworking.budget.models import BudgetLine
    from coworking.workspaces.models import Workspace

    plan, months = line
    # A line with a plan (a line without one shows no variance at all).
    stored = BudgetLine(year=YEAR, currency="EUR", approved=False)
    view = LineView(Workspace(slug="canal", name="Canal", currency="EUR"), YEAR, stored, plan, months)
    body = line_json(view)

    def cost(m: Month) -> Fraction:
        return sum((Fraction(v) for v in m.costs.values()), Fraction(0))

    price = Fraction(plan.desk_day_price)
    for m, shown in zip(months, body["months"], strict=True):
        assert shown["income"] == once(m.desk_days * price)  # a month's income: rounded once, stored so
        assert shown["cost_per_desk_day"] == (once(cost(m) / m.desk_days) if m.desk_days else None)

    plan_costs = sum((Fraction(v) for v in plan.costs.values()), Fraction(0))
    fees = Fraction(plan.income["desk_fees"])
    plan_cpd = plan_costs * price / fees if fees else None
    assert body["plan"]["cost_per_desk_day"] == (None if plan_cpd is None else once(plan_cpd))

    closed = [m for m in months if m.closed]
    ytd_cost = sum((cost(m) for m in closed), Fraction(0))
    ytd_days = sum((m.desk_days for m in closed), Fraction(0))
    ytd_income = sum((Fraction(m.income) for m in closed), Fraction(0))  # Σ of the months' incomes
    actual_cpd = ytd_cost / ytd_days if ytd_days else None
    assert body["actual"]["income"] == once(ytd_income)
    assert body["actual"]["cost_per_desk_day"] == (None if actual_cpd is None else once(actual_cpd))
    both = actual_cpd is not None and plan_cpd is not None
    assert body["variance"]["cost_per_desk_day"] == (once(actual_cpd - plan_cpd) if both else None)

    projection = body["projection"]
    if not projection["basis"]:
        assert projection["costs"] is None and projection["income"] is None
        return
    trend = [m for m in months if m.key in projection["basis"]]
    left = projection["remaining_months"]
    costs = ytd_cost + sum((cost(m) for m in trend), Fraction(0)) / len(trend) * left
    income = ytd_income + sum((Fraction(m.income) for m in trend), Fraction(0)) / len(trend) * left
    days = ytd_days + sum((m.desk_days for m in trend), Fraction(0)) / len(trend) * left
    assert projection["costs"] == once(costs)
    assert projection["income"] == once(income)
    assert projection["cost_per_desk_day"] == (once(costs / days) if days else None)
    assert projection["variance_costs"] == once(costs - plan_costs)
    assert projection["variance_desk_fees"] == once(income - fees)


# --- the worked example with a plan not a whole cent a desk-day: API, page, exports ----------------


def test_the_line_rounds_once_in_the_api_the_page_and_the_exports(example, admin, api_as, db, client, clock):
    import openpyxl

    api = api_as(admin)
    # Rent 24 003.84 instead of 24 000.00: planned costs 43 203.84 ÷ 960 desk-days = 45.004 a
    # desk-day (shown 45.00). Actual: 10 740 ÷ 127.5 = 84.2352941… (shown 84.24).
    body = doc_plan_body(approved=False)
    body["costs"] = {**body["costs"], "rent": "24003.84"}
    assert api._call("put", f"/api/v1/workspaces/canal/budget/{YEAR}", json=body).status_code == 201
    import_costs(db, admin, "canal", costs_csv())
    clock.move_to(datetime(YEAR, 4, 10, 12, tzinfo=UTC))
    for month in ("2027-01", "2027-02", "2027-03"):
        assert api.post("/api/v1/budget/close", json={"month": month}).status_code == 201
    line = api.get(f"/api/v1/workspaces/canal/budget/{YEAR}").json
    assert (line["actual"]["cost_per_desk_day"], line["plan"]["cost_per_desk_day"]) == ("84.24", "45.00")
    # 84.2352941… − 45.004 = 39.2312941… → 39.23 (rounding both first: 84.24 − 45.00 = 39.24).
    assert line["variance"]["cost_per_desk_day"] == "39.23"
    assert line["projection"]["cost_per_desk_day"] == "84.24"  # 42 960 ÷ 510
    year = api.get(f"/api/v1/budget/{YEAR}").json
    assert year["totals"][0]["cost_per_desk_day"] == "84.24"
    assert (year["totals"][0]["projected_costs"], year["totals"][0]["projected_income"]) == ("42960.00", "10200.00")

    logged_in(client, admin)
    page = client.get(f"/budget/canal/{YEAR}").get_data(as_text=True)
    assert "84.24" in page and "45.00" in page and "42,960.00" in page
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/budget/{YEAR}/export.xlsx").data))
    sheet = book["Lines"]
    header = [c.value for c in sheet[1]]
    canal = next(dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2))
    assert canal["workspace"] == "canal"
    assert (canal["cost_per_desk_day"], canal["projected_costs"], canal["projected_income"]) == (84.24, 42960, 10200)
    months = book["Months"]
    header = [c.value for c in months[1]]
    march = next(
        r
        for r in (dict(zip(header, (c.value for c in row), strict=True)) for row in months.iter_rows(min_row=2))
        if r["workspace"] == "canal" and r["month"] == "2027-03"
    )
    assert march["cost_per_desk_day"] == 59.83  # 3 440 ÷ 57.5 = 59.826…
    text = client.get(f"/budget/{YEAR}/export.csv").get_data(as_text=True)
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["workspace"] == "canal" and r["closed"] == "yes"]
    assert [r["cost_per_desk_day"] for r in rows] == ["130.00", "85.00", "59.83"]
