"""Budget totals like with like, or nothing (docs/budget.md, "Totals and comparisons").

Three workspaces in euros, January 2027 closed: Canal (a plan with other income, costs),
Alfama (a plan, no costs entered), Dock (no plan, costs). The worked example's tables in the
docs are checked against the API; the pages and the assembly pack say what the totals cover,
show other income as "not recorded" and a plan-less line as "no plan"."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tests.support.budget import ZERO, doc_table, import_costs, plan_body, value
from tests.support.clock import at, weekdays
from tests.support.factories import booking_row, insert_bookings
from tests.support.http import logged_in

YEAR = 2027
HOURS_9_TO_17 = [{"weekday": d, "open": "09:00", "close": "17:00"} for d in range(5)]
# slug: (time zone, price, plan (rent, desk fees, partner contributions, subsidies) or None,
#        January rent or None, full days booked in January)
LINES = {
    "canal": ("Europe/Brussels", "20.00", ("1200.00", "600.00", "240.00", "360.00"), "100.00", 5),
    "alfama": ("Europe/Lisbon", "15.00", ("1000.00", "400.00", ZERO, ZERO), None, 3),
    "dock": ("Europe/Amsterdam", "10.00", None, "30.00", 4),
}


@pytest.fixture
def three_lines(db, make_workspace, make_desk, make_user, api_as, clock):
    admin = make_user(role="admin", email="admin@example.org", name="Admin")
    api = api_as(admin)
    rows = []
    for slug, (tz, price, plan, rent, days) in LINES.items():
        ws = make_workspace(
            slug=slug,
            name=slug.title(),
            timezone=tz,
            currency="EUR",
            opening_hours=HOURS_9_TO_17,
            price_per_desk_day=Decimal(price),
        )
        desk = make_desk(ws, code="A1")
        member = make_user(email=f"member@{slug}.example.org", workspaces=[ws])
        if plan is not None:
            rent_plan, fees, partners, subsidies = plan
            body = plan_body(rent_plan, fees, price, partners=partners, subsidies=subsidies)
            r = api._call("put", f"/api/v1/workspaces/{slug}/budget/{YEAR}", json=body)
            assert r.status_code == 201, r.json
        if rent is not None:
            assert import_costs(db, admin, slug, f"month,category,amount\n{YEAR}-01,rent,{rent}\n") == 1
        zone = ZoneInfo(tz)
        for day in weekdays(date(YEAR, 1, 4), date(YEAR, 1, 8))[:days]:
            rows.append(booking_row(desk, member, at(zone, day, 9), at(zone, day, 17)))
    insert_bookings(db, rows)
    clock.move_to(datetime(YEAR, 2, 10, 12, tzinfo=UTC))
    r = api.post("/api/v1/budget/close", json={"month": f"{YEAR}-01"})
    assert r.status_code == 201, r.json
    return admin, api


def check(body: dict, table: str) -> None:
    """Every row of a docs table: money as the API's string, the rest as JSON."""
    rows = doc_table(table)
    assert rows, table
    for row in rows:
        got, want = value(body, row["field"]), row["value"]
        if isinstance(got, str):
            assert got == want, row["field"]
        else:
            assert got == json.loads(want), row["field"]


def year_body(api) -> dict:
    body = api.get(f"/api/v1/budget/{YEAR}").json
    assert [line["workspace"] for line in body["lines"]] and len(body["totals"]) == 1
    return body


def line_of(body: dict, slug: str) -> dict:
    return next(line for line in body["lines"] if line["workspace"] == slug)


# --- item 4: totals divide like by like ------------------------------------------------------------


def test_the_totals_cost_per_desk_day_covers_only_the_lines_with_costs(three_lines):
    _admin, api = three_lines
    totals = year_body(api)["totals"][0]
    assert totals["currency"] == "EUR"
    check(totals, "totals")
    # 130.00 ÷ 9 desk-days of Canal and Dock, not ÷ the 12 of every line (10.83).
    assert totals["cost_per_desk_day"] == "14.44"
    assert (totals["lines"], totals["lines_with_costs"]) == (3, 2)


def cooperative_footer(page: str) -> str:
    footer = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S)
    assert footer, "the cooperative table has no footer"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", footer.group(1)))


@pytest.mark.parametrize("path", [f"/budget/{YEAR}", f"/budget/{YEAR}/pack"])
def test_the_pages_say_how_many_lines_the_cost_per_desk_day_covers(three_lines, client, path):
    admin, _api = three_lines
    logged_in(client, admin)
    page = client.get(path).get_data(as_text=True)
    footer = cooperative_footer(page)
    assert "14.44 (2 of 3 lines, with costs)" in footer
    assert "10.83" not in footer


# --- item 5: desk fees apart from other income ------------------------------------------------------


def test_income_is_compared_per_category_desk_fees_apart_from_other_income(three_lines):
    _admin, api = three_lines
    body = year_body(api)
    check(line_of(body, "canal"), "income")
    # The totals: desk fees against desk fees; other income planned, the actual not recorded.
    totals = body["totals"][0]
    assert (totals["plan_desk_fees"], totals["actual_desk_fees"]) == ("1000.00", "185.00")
    assert (totals["plan_other_income"], totals["actual_other_income"]) == ("600.00", None)
    assert totals["other_income_recorded"] is False


@pytest.mark.parametrize("path", [f"/budget/canal/{YEAR}", f"/budget/{YEAR}/pack"])
def test_the_pages_show_other_income_as_planned_and_not_recorded(three_lines, client, path):
    admin, _api = three_lines
    logged_in(client, admin)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(path).get_data(as_text=True)))
    assert "Other income (partner contributions, subsidies) not recorded plan 600.00 (for the year)" in page
    assert "Variance of desk fees 50.00" in page
    assert "Variance of other income none: not recorded" in page


# --- item 6: no plan, no variance ---------------------------------------------------------------------


def test_a_line_without_a_plan_has_no_variance_in_the_api(three_lines):
    _admin, api = three_lines
    body = year_body(api)
    dock = line_of(body, "dock")
    check(dock, "noplan")
    assert dock == api.get(f"/api/v1/workspaces/dock/budget/{YEAR}").json
    # A planned line keeps its variances (Alfama: no costs entered, desk fees 45.00 against
    # January's plan; January's twelfths take the leftover cents first: 1 000.00 → 83.34 and
    # 400.00 → 33.34, see "A twelfth per category" in docs/budget.md).
    alfama = line_of(body, "alfama")
    assert alfama["variance"]["no_plan"] is False
    assert (alfama["variance"]["costs"], alfama["variance"]["desk_fees"]) == ("-83.34", "11.66")


@pytest.mark.parametrize("path", [f"/budget/dock/{YEAR}", f"/budget/{YEAR}/pack"])
def test_the_pages_and_the_pack_say_no_plan_instead_of_a_variance(three_lines, client, path):
    admin, _api = three_lines
    logged_in(client, admin)
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(path).get_data(as_text=True)))
    assert "Variance of costs no plan" in page
    assert "Variance of desk fees no plan" in page
    assert "Variance of costs 30.00" not in page and "Variance of desk fees 40.00" not in page
    assert "Costs 30.00 no plan" in page


def test_the_cooperative_table_says_no_plan_for_the_planless_line(three_lines, client):
    admin, _api = three_lines
    logged_in(client, admin)
    page = client.get(f"/budget/{YEAR}").get_data(as_text=True)
    row = re.search(r'<tr>\s*<th scope="row"><a href="/budget/dock/2027">Dock</a></th>(.*?)</tr>', page, re.S)
    assert row, "no row for Dock"
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
    # Target, planned desk fees, planned costs, planned cost per desk-day, planned other income.
    assert cells.count("no plan") == 5, cells


def test_the_xlsx_lines_sheet_says_no_plan_and_not_recorded(three_lines, client):
    import openpyxl

    admin, _api = three_lines
    logged_in(client, admin)
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/budget/{YEAR}/export.xlsx").data))
    sheet = book["Lines"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert rows["dock"]["plan"] == "no plan" and rows["dock"]["variance_costs"] == "no plan"
    assert rows["canal"]["variance_desk_fees"] == 50 and rows["canal"]["plan_other_income"] == 600
    assert {r["actual_other_income"] for r in rows.values()} == {"not recorded"}
    months = book["Months"]
    header = [c.value for c in months[1]]
    dock = [dict(zip(header, r, strict=True)) for r in months.iter_rows(2, values_only=True) if r[0] == "dock"]
    assert {(r["plan_cost"], r["plan_desk_fees"]) for r in dock} == {("no plan", "no plan")}


def test_the_csv_gives_a_planless_line_no_planned_figures(three_lines, client):
    import csv

    admin, _api = three_lines
    logged_in(client, admin)
    rows = list(csv.DictReader(io.StringIO(client.get(f"/budget/{YEAR}/export.csv").get_data(as_text=True))))
    dock = [r for r in rows if r["workspace"] == "dock"]
    assert len(dock) == 12 and {(r["plan_cost"], r["plan_desk_fees"]) for r in dock} == {("no plan", "no plan")}
    assert [r["cost"] for r in dock if r["closed"] == "yes"] == ["30.00"]
    canal = [r for r in rows if r["workspace"] == "canal"]
    assert canal[0]["plan_cost"] == "100.00" and canal[0]["plan_desk_fees"] == "50.00"
