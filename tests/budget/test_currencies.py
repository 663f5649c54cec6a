"""Budget totals per currency: the cooperative view, its API and its
exports never add amounts in different currencies. Two workspaces in euros (Brussels, Lisbon)
and one in pounds (London, as the demo's Hackney Wick), each with a plan, a month of costs and
bookings, January closed: the totals are one per currency, each the sum of that currency's
lines only, and every exported row carries its own line's currency."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.support.budget import import_costs, plan_body
from tests.support.clock import at, weekdays
from tests.support.factories import booking_row, insert_bookings
from tests.support.http import logged_in

YEAR = 2027
HOURS_9_TO_17 = [{"weekday": d, "open": "09:00", "close": "17:00"} for d in range(5)]
# slug: (currency, time zone, desk-day price, annual rent, annual desk fees, January rent)
LINES = {
    "canal": ("EUR", "Europe/Brussels", "20.00", "1200.00", "600.00", "100.00"),
    "alfama": ("EUR", "Europe/Lisbon", "15.00", "1000.00", "400.00", "50.00"),
    "hackney": ("GBP", "Europe/London", "32.00", "5000.00", "3000.00", "700.00"),
}
MONEY = ("plan_costs", "plan_income", "actual_costs", "actual_income", "projected_costs", "projected_income")


@pytest.fixture
def three_lines(db, make_workspace, make_desk, make_user, api_as, clock):
    """Plans, January's costs and bookings for the three workspaces; January closed."""
    admin = make_user(role="admin", email="admin@example.org", name="Admin")
    api = api_as(admin)
    rows = []
    for n, (slug, (currency, tz, price, rent, fees, january)) in enumerate(LINES.items()):
        ws = make_workspace(
            slug=slug,
            name=slug.title(),
            timezone=tz,
            currency=currency,
            opening_hours=HOURS_9_TO_17,
            price_per_desk_day=Decimal(price),
        )
        desk = make_desk(ws, code="A1")
        member = make_user(email=f"member@{slug}.example.org", workspaces=[ws])
        r = api._call("put", f"/api/v1/workspaces/{slug}/budget/{YEAR}", json=plan_body(rent, fees, price, desks=2))
        assert r.status_code == 201, r.json
        assert import_costs(db, admin, slug, f"month,category,amount\n{YEAR}-01,rent,{january}\n") == 1
        zone = ZoneInfo(tz)
        # A different number of full days in each workspace: 5, 3 and 4 weekdays from 4 January.
        days = weekdays(date(YEAR, 1, 4), date(YEAR, 1, 8))[: (5, 3, 4)[n]]
        rows += [booking_row(desk, member, at(zone, day, 9), at(zone, day, 17)) for day in days]
    insert_bookings(db, rows)
    clock.move_to(datetime(YEAR, 2, 10, 12, tzinfo=UTC))
    r = api.post("/api/v1/budget/close", json={"month": f"{YEAR}-01"})
    assert r.status_code == 201, r.json
    return admin, api


def sums(lines: list[dict], currency: str) -> dict:
    """What a currency's totals must be: the sums over that currency's lines only."""
    mine = [line for line in lines if line["currency"] == currency]

    def add(values) -> str:
        return str(sum((Decimal(v) for v in values), Decimal("0.00")))

    return {
        "plan_costs": add(line["plan"]["total_costs"] for line in mine),
        "plan_income": add(line["plan"]["total_income"] for line in mine),
        "actual_costs": add(line["actual"]["total_costs"] for line in mine),
        "actual_income": add(line["actual"]["income"] for line in mine),
        "projected_costs": add(line["projection"]["costs"] for line in mine),
        "projected_income": add(line["projection"]["income"] for line in mine),
    }


def test_the_api_totals_are_per_currency_and_never_add_across(three_lines):
    _admin, api = three_lines
    body = api.get(f"/api/v1/budget/{YEAR}").json
    lines = body["lines"]
    assert {line["workspace"]: line["currency"] for line in lines} == {s: v[0] for s, v in LINES.items()}
    totals = {t["currency"]: t for t in body["totals"]}
    assert list(totals) == ["EUR", "GBP"]
    for currency in ("EUR", "GBP"):
        assert {k: totals[currency][k] for k in MONEY} == sums(lines, currency), currency
    # The figures themselves: euros are Canal + Alfama, pounds Hackney alone.
    assert (totals["EUR"]["plan_costs"], totals["GBP"]["plan_costs"]) == ("2200.00", "5000.00")
    assert (totals["EUR"]["plan_income"], totals["GBP"]["plan_income"]) == ("1000.00", "3000.00")
    assert (totals["EUR"]["actual_costs"], totals["GBP"]["actual_costs"]) == ("150.00", "700.00")
    # Desk-days: 5 + 3 full days in euros, 4 in pounds; income at each line's own price.
    assert (totals["EUR"]["desk_days"], totals["GBP"]["desk_days"]) == (8, 4)
    assert (totals["EUR"]["actual_income"], totals["GBP"]["actual_income"]) == ("145.00", "128.00")
    assert totals["EUR"]["cost_per_desk_day"] == "18.75" and totals["GBP"]["cost_per_desk_day"] == "175.00"


def footer_rows(page: str) -> list[list[str]]:
    """The cells of the cooperative table's footer (the totals), row by row."""
    footer = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S)
    assert footer, "the cooperative table has no footer"
    cells = []
    for row in re.findall(r"<tr>(.*?)</tr>", footer.group(1), re.S):
        cells.append([re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)])
    return cells


@pytest.mark.parametrize("path", [f"/budget/{YEAR}", f"/budget/{YEAR}/pack"])
def test_the_cooperative_pages_show_one_total_row_per_currency(three_lines, client, path):
    admin, _api = three_lines
    logged_in(client, admin)
    page = client.get(path)
    assert page.status_code == 200
    rows = footer_rows(page.get_data(as_text=True))
    assert [(r[0], r[1]) for r in rows] == [("Total", "EUR"), ("Total", "GBP")]
    eur, gbp = rows
    # Desk-days, income, costs: each currency's own (never 850.00 costs in one row).
    assert (eur[5], eur[6], eur[8]) == ("8", "145.00", "150.00")
    assert (gbp[5], gbp[6], gbp[8]) == ("4", "128.00", "700.00")


def test_the_exports_give_every_row_its_own_lines_currency(three_lines, client):
    import openpyxl

    admin, _api = three_lines
    logged_in(client, admin)
    want = {slug: spec[0] for slug, spec in LINES.items()}
    text = client.get(f"/budget/{YEAR}/export.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 36 and {(r["workspace"], r["currency"]) for r in rows} == set(want.items())
    january = {r["workspace"]: r["cost"] for r in rows if r["month"] == f"{YEAR}-01"}
    assert january == {slug: spec[5] for slug, spec in LINES.items()}

    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/budget/{YEAR}/export.xlsx").data))
    for name in ("Months", "Lines"):
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        got = {
            (r[header.index("workspace")], r[header.index("currency")]) for r in sheet.iter_rows(2, values_only=True)
        }
        assert got == set(want.items()), name
    lines = book["Lines"]
    header = [c.value for c in lines[1]]
    plan_costs = {r[0]: r[header.index("plan_costs")] for r in lines.iter_rows(2, values_only=True)}
    assert plan_costs == {"canal": 1200, "alfama": 1000, "hackney": 5000}
