"""The budget's arithmetic (``coworking/budget/rules.py``) on plain values: no Flask, no
database, so ``make mutmut`` can run it for every mutant. Every expected figure is worked out by
hand from the definitions in docs/budget.md (the worked example's Canal line, January to March
2027, and small cases chosen so that rounding too early, or the wrong way, shows).

Money: ``Decimal`` with two places, rounded half away from zero only at the end; exact
``Fraction`` in between. Results are compared as strings too, so a lost or extra decimal place
("5" or "5.000" instead of "5.00") is noticed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coworking import errors
from coworking.budget.rules import (
    COST_CATEGORIES,
    PROJECTION_METHOD,
    Month,
    Plan,
    Projection,
    Sums,
    check_year,
    cost_per_desk_day,
    desks_needed,
    exact,
    income_for,
    money,
    money_text,
    month_bounds,
    month_finished,
    month_key,
    monthly_plan,
    parse_money,
    parse_month,
    projection,
    recent,
    total,
    variance,
)
from coworking.rounding import decimal_places

D = Decimal
HOUR = 3600


def same(value: Decimal, text: str) -> None:
    """``value`` is exactly ``text``: the same number and the same number of decimals."""
    assert isinstance(value, Decimal)
    assert str(value) == text


def shown(value: Fraction, text: str) -> None:
    """``value`` is an exact figure (cost per desk-day, variance, projection money: never rounded
    on the way) and ``text`` is how it is shown: rounded once, half up, to cents."""
    assert isinstance(value, Fraction)
    same(money(value), text)


def refusal(call) -> errors.DomainError:
    with pytest.raises(errors.ValidationFailed) as caught:
        call()
    assert caught.value.code == "validation_error"
    return caught.value


# --- the worked example (docs/budget.md): Canal, Brussels, 2027 ---------------------------------


def canal_month(month: int, *, days: int, booked_hours: float, costs: dict[str, str], closed: bool = True) -> Month:
    """One Canal month: 4 desks × 8 h × ``days`` open days; desk-days = booked hours ÷ 8; income
    at 20.00 a desk-day."""
    booked_seconds = int(booked_hours * HOUR)
    desk_days = Fraction(booked_seconds, 8 * HOUR)
    return Month(
        2027,
        month,
        closed,
        capacity_seconds=4 * 8 * days * HOUR,
        booked_seconds=booked_seconds,
        open_seconds=8 * days * HOUR,
        desk_days=desk_days,
        desk_day_price=D("20.00"),
        income=D(desk_days.numerator * 20) / desk_days.denominator,
        costs={k: D(v) for k, v in costs.items()},
    )


JAN = canal_month(
    1,
    days=20,
    booked_hours=240,
    costs={
        "rent": "2000.00",
        "service_charges": "300.00",
        "staff": "1000.00",
        "equipment": "500.00",
        "other": "100.00",
    },
)
FEB = canal_month(
    2,
    days=20,
    booked_hours=320,
    costs={"rent": "2000.00", "service_charges": "300.00", "staff": "1000.00", "other": "100.00"},
)
MAR = canal_month(
    3,
    days=23,
    booked_hours=460,
    costs={"rent": "2000.00", "service_charges": "300.00", "staff": "1000.00", "other": "140.00"},
)
APR_OPEN = canal_month(4, days=22, booked_hours=100, costs={"rent": "2000.00"}, closed=False)

CANAL_PLAN = Plan(
    costs={
        "rent": D("24000.00"),
        "service_charges": D("3600.00"),
        "staff": D("12000.00"),
        "equipment": D("2400.00"),
        "other": D("1200.00"),
    },
    income={"desk_fees": D("19200.00"), "partner_contributions": D("6000.00"), "subsidies": D("12000.00")},
    target_occupancy=D("0.75"),
    planned_desks=4,
    desk_day_price=D("20.00"),
)


def test_the_worked_example_months():
    assert [m.key for m in (JAN, FEB, MAR)] == ["2027-01", "2027-02", "2027-03"]
    assert [m.occupancy for m in (JAN, FEB, MAR)] == [Fraction(3, 8), Fraction(1, 2), Fraction(5, 8)]
    assert [m.desk_days for m in (JAN, FEB, MAR)] == [30, 40, Fraction(115, 2)]
    for month, cost in ((JAN, "3900.00"), (FEB, "3400.00"), (MAR, "3440.00")):
        same(month.cost, cost)
    # 3 900 ÷ 30 = 130; 3 400 ÷ 40 = 85; 3 440 ÷ 57.5 = 59.826… = 59.83
    for month, per_day in ((JAN, "130.00"), (FEB, "85.00"), (MAR, "59.83")):
        shown(month.cost_per_desk_day, per_day)
    same(income_for(MAR.desk_days, D("20.00")), "1150.00")


def test_the_worked_example_plan():
    same(CANAL_PLAN.total_costs, "43200.00")
    same(CANAL_PLAN.total_income, "37200.00")
    assert CANAL_PLAN.desk_days == 960  # 19 200 ÷ 20
    shown(CANAL_PLAN.cost_per_desk_day, "45.00")  # 43 200 ÷ 960
    assert [str(m) for m in monthly_plan(CANAL_PLAN.total_costs)] == ["3600.00"] * 12
    assert [str(m) for m in monthly_plan(CANAL_PLAN.income["desk_fees"])] == ["1600.00"] * 12


def test_the_worked_example_year_to_date():
    ytd = total([JAN, FEB, MAR])
    assert ytd.months == 3
    assert ytd.capacity_seconds == 2016 * HOUR
    assert ytd.booked_seconds == 1020 * HOUR
    assert ytd.open_seconds == 504 * HOUR
    assert ytd.occupancy == Fraction(1020, 2016)
    same(decimal_places(ytd.occupancy, 3), "0.506")  # 0.50595…
    assert ytd.desk_days == Fraction(255, 2)
    same(ytd.income, "2550.00")
    same(ytd.cost, "10740.00")
    assert {k: str(v) for k, v in ytd.costs.items()} == {
        "rent": "6000.00",
        "service_charges": "900.00",
        "staff": "3000.00",
        "equipment": "500.00",
        "other": "340.00",
    }
    shown(ytd.cost_per_desk_day, "84.24")  # 10 740 ÷ 127.5 = 84.235…
    # variance against three twelfths of the plan
    shown(variance(ytd.cost, 3 * monthly_plan(CANAL_PLAN.total_costs)[0]), "-60.00")
    shown(variance(ytd.income, sum(monthly_plan(CANAL_PLAN.income["desk_fees"])[:3])), "-2250.00")
    shown(variance(ytd.cost_per_desk_day, CANAL_PLAN.cost_per_desk_day), "39.24")


def test_the_worked_example_projection():
    got = projection([APR_OPEN, MAR, JAN, FEB])  # any order; an open month is not counted
    assert got.method == PROJECTION_METHOD
    assert got.basis == ("2027-01", "2027-02", "2027-03")
    assert got.remaining_months == 9
    assert got.desk_days == 510  # 127.5 + 9 × 42.5
    shown(got.income, "10200.00")  # 2 550 + 9 × 850
    shown(got.costs, "42960.00")  # 10 740 + 9 × 3 580
    shown(got.cost_per_desk_day, "84.24")  # 42 960 ÷ 510 = 84.235…
    shown(variance(got.costs, CANAL_PLAN.total_costs), "-240.00")
    shown(variance(got.income, CANAL_PLAN.income["desk_fees"]), "-9000.00")


def test_the_worked_example_desks_needed():
    # one desk open 504 h; at 0.75 it carries 378 h; 1 020 ÷ 378 = 2.698… → 3 desks
    trend = recent([APR_OPEN, JAN, MAR, FEB])
    assert trend == [JAN, FEB, MAR]
    sums = total(trend)
    assert desks_needed(sums.booked_seconds, sums.open_seconds, D("0.75")) == (3, Fraction(170, 63))
    same(decimal_places(Fraction(170, 63), 2), "2.70")


# --- rounding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("2.625"), "2.63"),  # a half: away from zero
        (D("-2.625"), "-2.63"),
        (D("2.615"), "2.62"),  # not to even
        (D("2.6249999"), "2.62"),
        (D("-2.6249999"), "-2.62"),
        (D("2.62"), "2.62"),
        (D("2.6"), "2.60"),
        (D("0.005"), "0.01"),
        (D("-0.005"), "-0.01"),
        (D("0.004"), "0.00"),
        (D("0"), "0.00"),
        (Fraction(1, 3), "0.33"),
        (Fraction(2, 3), "0.67"),
        (Fraction(-2, 3), "-0.67"),
        (Fraction(1, 200), "0.01"),  # exactly half a cent
        (Fraction(1, 200) - Fraction(1, 10**30), "0.00"),  # a hair below: no float could tell
        (5, "5.00"),
        (-7, "-7.00"),
        (D("9999999999.994"), "9999999999.99"),
        (D("123456789.125"), "123456789.13"),
    ],
)
def test_money_rounds_half_away_from_zero_exactly(value, text):
    same(money(value), text)


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Fraction(1020, 2016), 3, "0.506"),
        (Fraction(1, 3), 4, "0.3333"),
        (Fraction(2, 3), 4, "0.6667"),
        (Fraction(5, 2), 0, "3"),
        (Fraction(-5, 2), 0, "-3"),
        (Fraction(3, 2), 1, "1.5"),
        (D("0.00005"), 4, "0.0001"),
        (0, 4, "0.0000"),
        (Fraction(1, 8), 2, "0.13"),
    ],
)
def test_decimal_places(value, places, text):
    same(decimal_places(value, places), text)


def test_exact():
    third = Fraction(1, 3)
    assert exact(third) is third
    assert exact(D("0.1")) == Fraction(1, 10)  # not the float 0.1000000000000000055…
    assert exact(7) == Fraction(7)
    assert isinstance(exact(D("2.50")), Fraction)


def test_money_text():
    assert money_text(None) is None
    assert money_text(D("1234.5")) == "1234.50"
    assert money_text(D("2.625")) == "2.63"
    assert money_text(D("-0.005")) == "-0.01"
    assert money_text(D("0")) == "0.00"


@given(st.integers(min_value=-(10**14), max_value=10**14), st.integers(min_value=1, max_value=10**6))
def test_money_is_within_half_a_cent(numerator, denominator):
    value = Fraction(numerator, denominator)
    rounded = money(value)
    assert rounded.as_tuple().exponent == -2
    assert abs(Fraction(rounded) - value) <= Fraction(1, 200)
    assert money(-value) == -rounded  # symmetric: halves go away from zero on both sides


# --- parsing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1234.5", "1234.50"),
        ("1234.50", "1234.50"),
        ("1234,50", "1234.50"),
        ("1234,5", "1234.50"),
        ("-1,25", "-1.25"),
        ("-12", "-12.00"),
        ("0", "0.00"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234.5", "1234.50"),
        ("\t 12.5\n", "12.50"),
        ("9999999999.99", "9999999999.99"),  # the largest Numeric(12, 2)
        ("-9999999999.99", "-9999999999.99"),
        ("0000000001", "1.00"),
        (12, "12.00"),
        (-3, "-3.00"),
        (D("3.1"), "3.10"),
        (D("-0.5"), "-0.50"),
    ],
)
def test_parse_money_accepts(text, amount):
    same(parse_money(text), amount)


NOT_MONEY = "'{}' must be an amount such as 1234.50."
TOO_MANY_DECIMALS = "'{}' must be an amount such as 1234.50 (at most 2 decimals)."


@pytest.mark.parametrize("value", [None, True, False, 1.5, ["1"], b"12"])
def test_parse_money_refuses_what_is_not_text_or_a_number(value):
    refused = refusal(lambda: parse_money(value))
    assert refused.detail == NOT_MONEY.format("amount")
    assert refused.extra == {"field": "amount", "reason": "not_money"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "abc",
        "1.234",  # three decimals
        "1,234",  # a thousands separator, or three decimals: neither is taken
        "1.2,3",
        "1,2.3",
        "12.",
        ".5",
        ",5",
        "+12",
        "--12",
        "1e3",
        "12345678901",  # 11 digits: more than Numeric(12, 2) holds
        "99999999999.99",
        "1 234,567",
        "1,,5",
        "12-",
    ],
)
def test_parse_money_refuses_text(text):
    refused = refusal(lambda: parse_money(text))
    assert refused.detail == TOO_MANY_DECIMALS.format("amount")
    assert refused.extra == {"field": "amount", "reason": "not_money"}


def test_parse_money_names_the_field():
    refused = refusal(lambda: parse_money("1.234", "rent"))
    assert refused.detail == TOO_MANY_DECIMALS.format("rent")
    assert refused.extra == {"field": "rent", "reason": "not_money"}
    refused = refusal(lambda: parse_money(None, name="staff"))
    assert refused.detail == NOT_MONEY.format("staff")
    assert refused.extra == {"field": "staff", "reason": "not_money"}


def test_parse_money_refuses_integers_too_large():
    refused = refusal(lambda: parse_money(10**10))
    assert refused.detail == TOO_MANY_DECIMALS.format("amount")
    assert refused.extra["reason"] == "not_money"


@given(st.integers(min_value=-(10**12) + 1, max_value=10**12 - 1))
def test_parse_money_reads_back_what_money_text_writes(cents):
    amount = D(cents).scaleb(-2)
    assert parse_money(money_text(amount)) == amount
    assert parse_money(money_text(amount).replace(".", ",")) == amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2027-03", (2027, 3)), ("2027-12", (2027, 12)), ("2000-01", (2000, 1)), ("2100-12", (2100, 12))],
)
def test_parse_month_accepts(text, expected):
    got = parse_month(text)
    assert got == expected
    assert all(type(part) is int for part in got)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        202703,
        "2027-13",
        "2027-00",
        "1999-12",
        "2101-01",
        "2027-3",
        "27-03",
        "2027-03-01",
        " 2027-03",
        "2027/03",
        "2027-1a",
        ["2027-03"],
    ],
)
def test_parse_month_refuses(text):
    refused = refusal(lambda: parse_month(text))
    assert refused.detail == "'month' must be a month as YYYY-MM."
    assert refused.extra == {"field": "month", "reason": "not_a_month"}


def test_check_year():
    assert check_year(2000) == 2000
    assert check_year(2100) == 2100
    assert check_year(2027) == 2027
    for year in (1999, 2101):
        refused = refusal(lambda year=year: check_year(year))
        assert refused.detail == "The year must be from 2000 to 2100."
        assert refused.extra == {"field": "year", "reason": "out_of_range"}


def test_month_key():
    assert month_key(2027, 3) == "2027-03"
    assert month_key(2027, 12) == "2027-12"
    assert month_key(999, 1) == "0999-01"


# --- months ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [
        (2027, 1, date(2027, 1, 31)),
        (2027, 2, date(2027, 2, 28)),
        (2028, 2, date(2028, 2, 29)),  # leap year
        (2000, 2, date(2000, 2, 29)),  # divisible by 400: leap
        (2100, 2, date(2100, 2, 28)),  # divisible by 100: not
        (2027, 4, date(2027, 4, 30)),
        (2027, 11, date(2027, 11, 30)),
        (2027, 12, date(2027, 12, 31)),  # the next month is in the next year
        (2100, 12, date(2100, 12, 31)),
    ],
)
def test_month_bounds(year, month, last):
    assert month_bounds(year, month) == (date(year, month, 1), last)


@pytest.mark.parametrize(
    ("year", "month", "today", "finished"),
    [
        (2027, 3, date(2027, 3, 1), False),
        (2027, 3, date(2027, 3, 31), False),  # its last day is not over yet
        (2027, 3, date(2027, 4, 1), True),
        (2027, 3, date(2027, 2, 15), False),  # a future month
        (2027, 3, date(2028, 1, 1), True),
        (2027, 12, date(2027, 12, 31), False),
        (2027, 12, date(2028, 1, 1), True),
        (2028, 2, date(2028, 2, 29), False),
        (2028, 2, date(2028, 3, 1), True),
    ],
)
def test_month_finished_by_local_date(year, month, today, finished):
    assert month_finished(year, month, today) is finished


# --- plan ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("annual", "first", "extra", "rest"),
    [
        # a twelfth rounded down to the cent; the cents left over go to the first months
        ("43200.00", "-", 0, "3600.00"),
        ("1000.00", "83.34", 4, "83.33"),  # 100 000 cents = 12 × 8 333 + 4
        ("100.00", "8.34", 4, "8.33"),
        ("1000.06", "83.34", 10, "83.33"),  # 100 006 = 12 × 8 333 + 10
        ("-1000.00", "-83.33", 8, "-83.34"),  # −100 000 = 12 × −8 334 + 8
        ("0.00", "-", 0, "0.00"),
        ("0.06", "0.01", 6, "0.00"),  # never December −0.05 as before
        ("11.94", "1.00", 6, "0.99"),
    ],
)
def test_monthly_plan(annual, first, extra, rest):
    months = monthly_plan(D(annual))
    assert [str(m) for m in months] == [first] * extra + [rest] * (12 - extra)
    assert sum(months) == D(annual)


@given(st.integers(min_value=-(10**12) + 1, max_value=10**12 - 1))
def test_monthly_plan_adds_up_to_the_year(cents):
    annual = D(cents).scaleb(-2)
    months = monthly_plan(annual)
    assert len(months) == 12
    assert sum(months, D("0.00")) == annual
    # each month is the twelfth rounded down or up to the cent
    assert all(abs(Fraction(m) - Fraction(cents, 1200)) < Fraction(1, 100) for m in months)


def test_plan_without_price_or_fees():
    no_price = Plan(
        costs={"rent": D("100.00")},
        income={"desk_fees": D("50.00")},
        target_occupancy=D("0.5"),
        planned_desks=1,
        desk_day_price=D("0.00"),
    )
    assert no_price.desk_days is None
    assert no_price.cost_per_desk_day is None
    no_fees = Plan(
        costs={"rent": D("100.00")},
        income={"desk_fees": D("0.00")},
        target_occupancy=D("0.5"),
        planned_desks=1,
        desk_day_price=D("20.00"),
    )
    assert no_fees.desk_days == 0
    assert no_fees.cost_per_desk_day is None
    empty = Plan(costs={}, income={}, target_occupancy=D("0"), planned_desks=0, desk_day_price=D("0"))
    same(empty.total_costs, "0.00")
    same(empty.total_income, "0.00")


def test_plan_desk_days_are_exact():
    # 1 000 ÷ 3 = 333.33… desk-days; 1 000 ÷ (1 000 ÷ 3) = 3.00 exactly (333.33 would give 3.00003 → 3.00,
    # but 100 ÷ 33.33 = 3.0003: see the second plan)
    plan = Plan(
        costs={"rent": D("1000.00")},
        income={"desk_fees": D("1000.00"), "subsidies": D("5.00")},
        target_occupancy=D("0.5"),
        planned_desks=1,
        desk_day_price=D("3.00"),
    )
    assert plan.desk_days == Fraction(1000, 3)
    shown(plan.cost_per_desk_day, "3.00")
    same(plan.total_income, "1005.00")
    small = Plan(
        costs={"rent": D("0.50")},
        income={"desk_fees": D("1.00")},
        target_occupancy=D("0.5"),
        planned_desks=1,
        desk_day_price=D("0.03"),
    )
    assert small.desk_days == Fraction(100, 3)
    shown(small.cost_per_desk_day, "0.02")  # 0.50 × 3 ÷ 100 = 0.015 → 0.02


# --- figures ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("costs", "desk_days", "expected"),
    [
        (D("3900.00"), Fraction(30), "130.00"),
        (D("3440.00"), Fraction(115, 2), "59.83"),
        (D("3440.00"), D("57.5"), "59.83"),
        (D("21.00"), 8, "2.63"),  # 2.625: half up
        (D("-21.00"), 8, "-2.63"),
        (D("1.00"), Fraction(3), "0.33"),
        (D("2.00"), Fraction(3), "0.67"),
        (D("0.00"), Fraction(5), "0.00"),  # no costs: 0, not None
        (D("10.00"), Fraction(1, 3), "30.00"),
    ],
)
def test_cost_per_desk_day(costs, desk_days, expected):
    shown(cost_per_desk_day(costs, desk_days), expected)


@pytest.mark.parametrize("desk_days", [Fraction(0), D("0"), D("0.00"), 0])
def test_cost_per_desk_day_without_a_desk_day_is_none(desk_days):
    assert cost_per_desk_day(D("3900.00"), desk_days) is None


def test_variance():
    shown(variance(D("10740.00"), D("10800.00")), "-60.00")
    shown(variance(D("120.50"), D("100.00")), "20.50")
    shown(variance(D("100.00"), D("100.00")), "0.00")
    assert variance(None, D("1.00")) is None
    assert variance(D("1.00"), None) is None
    assert variance(None, None) is None


@given(st.integers(-(10**9), 10**9), st.integers(-(10**9), 10**9))
def test_variance_sign(actual_cents, plan_cents):
    actual, plan = D(actual_cents).scaleb(-2), D(plan_cents).scaleb(-2)
    got = variance(actual, plan)
    assert (got < 0) == (actual < plan)
    assert (got > 0) == (actual > plan)
    assert exact(plan) + got == exact(actual)


@pytest.mark.parametrize(
    ("desk_days", "price", "income"),
    [
        (Fraction(115, 2), D("20.00"), "1150.00"),
        (Fraction(1, 3), D("10.00"), "3.33"),
        (Fraction(1, 8), D("0.20"), "0.03"),  # 0.025: half up
        (Fraction(1, 3), D("0.05"), "0.02"),  # 0.01666…
        (Fraction(0), D("20.00"), "0.00"),
    ],
)
def test_income_for(desk_days, price, income):
    same(income_for(desk_days, price), income)


def test_month_ratios_without_capacity():
    empty = Month(2027, 1, True)
    assert empty.occupancy == 0
    assert isinstance(empty.occupancy, Fraction)
    assert empty.cost_per_desk_day is None
    same(empty.cost, "0.00")
    assert empty.key == "2027-01"


def test_total_of_nothing():
    sums = total([])
    assert sums == Sums()
    assert sums.months == 0
    assert sums.occupancy == 0
    assert sums.cost_per_desk_day is None
    assert {k: str(v) for k, v in sums.costs.items()} == dict.fromkeys(COST_CATEGORIES, "0.00")
    same(sums.income, "0.00")
    same(sums.cost, "0.00")


def test_sums_add_every_field():
    sums = Sums()
    sums.add(
        Month(
            2027,
            1,
            True,
            capacity_seconds=10,
            booked_seconds=4,
            open_seconds=3,
            desk_days=Fraction(1, 3),
            income=D("1.10"),
            costs={"rent": D("2.00"), "other": D("0.50")},
        )
    )
    sums.add(
        Month(
            2027,
            2,
            False,
            capacity_seconds=20,
            booked_seconds=5,
            open_seconds=7,
            desk_days=Fraction(1, 6),
            income=D("0.90"),
            costs={"rent": D("1.00"), "staff": D("4.00")},
        )
    )
    assert (sums.months, sums.capacity_seconds, sums.booked_seconds, sums.open_seconds) == (2, 30, 9, 10)
    assert sums.desk_days == Fraction(1, 2)
    same(sums.income, "2.00")
    same(sums.cost, "7.50")
    assert sums.costs == {"rent": 3, "service_charges": 0, "staff": 4, "equipment": 0, "other": D("0.5")}
    assert sums.occupancy == Fraction(9, 30)
    shown(sums.cost_per_desk_day, "15.00")  # 7.50 ÷ 0.5


# --- projection -----------------------------------------------------------------------------------


def month(y: int, m: int, *, closed: bool = True, desk_days=0, income="0.00", cost="0.00") -> Month:
    return Month(y, m, closed, desk_days=Fraction(desk_days), income=D(income), costs={"other": D(cost)})


def test_projection_before_the_first_close():
    got = projection([month(2027, 1, closed=False, desk_days=5, income="100.00", cost="50.00")])
    assert got == Projection(PROJECTION_METHOD, (), 12, None, None, None)
    assert got.cost_per_desk_day is None
    assert projection([]) == Projection(PROJECTION_METHOD, (), 12, None, None, None)


def test_projection_from_one_closed_month():
    got = projection([month(2027, 1, desk_days=10, income="200.00", cost="300.00"), month(2027, 2, closed=False)])
    assert got.basis == ("2027-01",)
    assert got.remaining_months == 11
    assert got.desk_days == 120  # 10 + 11 × 10
    shown(got.income, "2400.00")
    shown(got.costs, "3600.00")
    shown(got.cost_per_desk_day, "30.00")


def test_projection_rounds_only_at_the_end():
    # two closed months: the trend is their mean (0.015 income, 100.5 costs, 1.5 desk-days), not rounded
    got = projection(
        [
            month(2027, 2, desk_days=2, income="0.02", cost="101.00"),
            month(2027, 1, desk_days=1, income="0.01", cost="100.00"),
        ]
    )
    assert got.basis == ("2027-01", "2027-02")
    assert got.remaining_months == 10
    assert got.desk_days == 18  # 3 + 10 × 1.5
    shown(got.income, "0.18")  # 0.03 + 10 × 0.015 (rounding the trend first: 0.23)
    shown(got.costs, "1206.00")  # 201 + 10 × 100.5
    shown(got.cost_per_desk_day, "67.00")  # 1 206 ÷ 18
    # three months: costs 100, 100, 101 → trend 100.333…; 301 + 9 × 100.333… = 1 204 exactly
    got = projection([month(2027, m, desk_days=3, cost=c) for m, c in ((1, "100.00"), (2, "100.00"), (3, "101.00"))])
    shown(got.costs, "1204.00")  # rounding the trend first: 301 + 9 × 100.33 = 1 203.97
    assert got.desk_days == 36


def test_projection_takes_the_last_three_closed_months():
    months = [
        month(2027, 5, desk_days=50, income="5.00", cost="500.00"),
        month(2027, 1, desk_days=10, income="1.00", cost="100.00"),
        month(2027, 6, closed=False, desk_days=1000, income="999.00", cost="999.00"),
        month(2027, 4, desk_days=40, income="4.00", cost="400.00"),
        month(2027, 2, desk_days=20, income="2.00", cost="200.00"),
        month(2027, 3, desk_days=30, income="3.00", cost="300.00"),
    ]
    got = projection(months)
    assert got.basis == ("2027-03", "2027-04", "2027-05")
    assert got.remaining_months == 7
    # year to date 150 desk-days, 15.00, 1 500.00; trend 40, 4.00, 400.00 a month
    assert got.desk_days == 150 + 7 * 40
    shown(got.income, "43.00")
    shown(got.costs, "4300.00")
    shown(got.cost_per_desk_day, "10.00")
    assert recent(months) == [months[5], months[3], months[0]]


def test_projection_orders_by_year_then_month():
    months = [
        month(2027, 1, desk_days=1),
        month(2026, 12, desk_days=2),
        month(2026, 11, desk_days=3),
        month(2026, 2, desk_days=4),
    ]
    assert projection(months).basis == ("2026-11", "2026-12", "2027-01")
    assert [m.key for m in recent(months)] == ["2026-11", "2026-12", "2027-01"]


def test_projection_without_desk_days_has_no_cost_per_desk_day():
    got = projection([month(2027, 1, cost="10.00")])
    assert got.desk_days == 0
    shown(got.costs, "120.00")
    assert got.cost_per_desk_day is None
    assert Projection(PROJECTION_METHOD, (), 1, Fraction(2), None, None).cost_per_desk_day is None
    shown(Projection(PROJECTION_METHOD, (), 1, Fraction(3), None, D("1.00")).cost_per_desk_day, "0.33")


def test_projection_of_a_full_year():
    got = projection([month(2027, m, desk_days=1, income="1.00", cost="2.00") for m in range(1, 13)])
    assert got.remaining_months == 0
    assert got.basis == ("2027-10", "2027-11", "2027-12")
    assert got.desk_days == 12
    shown(got.income, "12.00")
    shown(got.costs, "24.00")


def test_recent():
    assert recent([]) == []
    assert recent([month(2027, 1, closed=False)]) == []
    two = [month(2027, 2), month(2027, 1), month(2027, 3, closed=False)]
    assert recent(two) == [two[1], two[0]]


# --- desks needed ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("booked_hours", "open_hours", "target", "desks", "value"),
    [
        (1020, 504, "0.75", 3, Fraction(170, 63)),
        (378, 504, "0.75", 1, Fraction(1)),  # exactly one desk: not rounded up to two
        (379, 504, "0.75", 2, Fraction(379, 378)),  # a little more: a second desk
        (0, 504, "0.75", 0, Fraction(0)),
        (100, 100, "1", 1, Fraction(1)),
        (150, 100, "0.5", 3, Fraction(3)),
        (1, 3, "0.1", 4, Fraction(10, 3)),  # exact: 1 ÷ 0.3, not a float
    ],
)
def test_desks_needed_rounds_up(booked_hours, open_hours, target, desks, value):
    got = desks_needed(booked_hours * HOUR, open_hours * HOUR, D(target))
    assert got == (desks, value)
    assert type(got[0]) is int
    assert isinstance(got[1], Fraction)


@pytest.mark.parametrize(("open_seconds", "target"), [(0, D("0.75")), (504 * HOUR, D("0")), (504 * HOUR, D("0.00"))])
def test_desks_needed_without_a_target_or_opening_time(open_seconds, target):
    assert desks_needed(1020 * HOUR, open_seconds, target) is None
