"""Budget lines: the worked example of docs/budget.md, monthly close (frozen figures,
409 on a second close, reopen with a reason, audit), the plan's audit trail, CSV import, the
CLI, exports and authorization over every route — on SQLite and, with TEST_DATABASE_URL, on
PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from tests.support.budget import YEAR, costs_csv, doc_plan_body, doc_table, import_costs, value
from tests.support.docs import number
from tests.support.http import logged_in, problem_code, visible


def test_the_worked_example_in_the_docs_is_what_the_api_says(example, admin, api_as, db, clock):
    api = api_as(admin)
    r = api._call(
        "put", f"/api/v1/workspaces/canal/budget/{YEAR}", json=doc_plan_body(approved=True, approved_on="2026-12-12")
    )
    assert r.status_code == 201, r.json
    assert import_costs(db, admin, "canal", costs_csv()) == 13
    clock.move_to(datetime(YEAR, 4, 10, 12, tzinfo=UTC))
    for month in ("2027-01", "2027-02", "2027-03"):
        r = api.post("/api/v1/budget/close", json={"month": month})
        assert r.status_code == 201, r.json
        assert [c["workspace"] for c in r.json["closed"]] == ["alfama", "canal"]

    body = api.get(f"/api/v1/workspaces/canal/budget/{YEAR}").json
    assert (body["workspace"], body["currency"], body["year"]) == ("canal", "EUR", YEAR)
    months = {m["month"]: m for m in body["months"]}
    assert list(months) == [f"{YEAR}-{m:02d}" for m in range(1, 13)]
    for row in doc_table("months"):
        got = months[row.pop("month")]
        assert got["closed"] is True
        want = {
            k: v
            if "." in v and len(v.split(".")[1]) == 2 and k in {"income", "cost", "cost_per_desk_day"}
            else number(v)
            for k, v in row.items()
        }
        assert {k: got[k] for k in want} == want
    for row in doc_table("line"):
        expected = row["value"]
        got = value(body, row["field"])
        if isinstance(got, str):
            assert got == expected, row["field"]
        else:
            assert got == number(expected), row["field"]
    for item, amount in ((r["item"], r["amount"]) for r in doc_table("plan")):
        if item in ("rent", "service_charges", "staff", "equipment", "other"):
            assert body["plan"]["costs"][item] == amount
        elif item in ("desk_fees", "partner_contributions", "subsidies"):
            assert body["plan"]["income"][item] == amount
    assert body["plan"]["approved"] is True and body["plan"]["approved_on"] == "2026-12-12"
    assert body["projection"]["basis"] == ["2027-01", "2027-02", "2027-03"]
    assert "mean of the last three closed months" in body["projection"]["method"]
    assert [(m["members"], m["visiting_members"], m["cancellations"]) for m in body["months"][:3]] == [
        (2, 0, 0),
        (2, 0, 1),
        (3, 1, 0),
    ]

    # The cooperative view carries the same line, and totals per currency.
    year = api.get(f"/api/v1/budget/{YEAR}").json
    assert year["year"] == YEAR
    assert [line["workspace"] for line in year["lines"]] == ["canal", "alfama"]  # by country, city, name
    canal = next(line for line in year["lines"] if line["workspace"] == "canal")
    assert canal == body
    assert year["totals"] == [
        {
            "currency": "EUR",
            "plan_costs": "43200.00",
            "plan_income": "37200.00",
            "actual_costs": "10740.00",
            "actual_income": "2550.00",
            "desk_days": 127.5,
            "cost_per_desk_day": "84.24",
            "projected_costs": "42960.00",
            "projected_income": "10200.00",
            # What the cost per desk-day covers, and income
            # per category (Alfama has no plan and no costs: outside the cost per desk-day).
            "lines": 2,
            "lines_with_costs": 1,
            "desk_days_with_costs": 127.5,
            "plan_desk_fees": "19200.00",
            "plan_other_income": "18000.00",
            "actual_desk_fees": "2550.00",
            "actual_other_income": None,
            "other_income_recorded": False,
        }
    ]


def test_a_closed_month_equals_the_occupancy_endpoint_and_never_moves_until_reopened(
    example, admin, api_as, db, clock, make_desk
):
    from coworking.workspaces.models import OpeningHours, Workspace
    from coworking.workspaces.rules import parse_hhmm

    canal, _, _ = example
    api = api_as(admin)
    clock.move_to(datetime(YEAR, 3, 5, 12, tzinfo=UTC))  # February over, March running
    assert api.post("/api/v1/budget/close", json={"month": "2027-02"}).status_code == 201

    def occupancy(first, last):
        return api.get(f"/api/v1/workspaces/canal/occupancy?from={first}&to={last}&granularity=month").json["totals"]

    def month(key):
        return next(m for m in api.get(f"/api/v1/workspaces/canal/budget/{YEAR}").json["months"] if m["month"] == key)

    keys = ("capacity_hours", "booked_hours", "occupancy", "desk_days")
    february = month("2027-02")
    assert february["closed"] is True
    assert {k: february[k] for k in keys} == {k: occupancy("2027-02-01", "2027-02-28")[k] for k in keys}
    march_before = month("2027-03")
    assert march_before["closed"] is False
    assert {k: march_before[k] for k in keys} == {k: occupancy("2027-03-01", "2027-03-31")[k] for k in keys}

    # Shorter hours, a new desk, a higher price.
    ws = db.session.get(Workspace, canal.id)
    ws.price_per_desk_day = Decimal("35.00")
    for hours in ws.opening_hours:
        hours.closes_at = parse_hhmm("13:00")
    db.session.add(
        OpeningHours(workspace_id=ws.id, weekday=5, opens_at=parse_hhmm("10:00"), closes_at=parse_hhmm("12:00"))
    )
    db.session.commit()
    make_desk(canal, code="A5")

    after = month("2027-02")
    assert after == february
    march_after = month("2027-03")
    assert march_after != march_before
    assert {k: march_after[k] for k in keys} == {k: occupancy("2027-03-01", "2027-03-31")[k] for k in keys}
    assert march_after["desk_day_price"] == "35.00" and february["desk_day_price"] == "20.00"
    # Reports read a closed month from its close: February has not moved there either, alone or
    # inside a longer period (docs/figures.md, "Closed months").
    assert {k: february[k] for k in keys} == {k: occupancy("2027-02-01", "2027-02-28")[k] for k in keys}
    both = occupancy("2027-02-01", "2027-03-31")
    assert both["capacity_hours"] == february["capacity_hours"] + march_after["capacity_hours"]

    # Reopened, February is live again: its figures have moved with the new hours and desk.
    r = api.post("/api/v1/budget/reopen", json={"month": "2027-02", "workspace": "canal", "reason": "New hours"})
    assert r.status_code == 200, r.json
    reopened = month("2027-02")
    assert reopened["closed"] is False
    assert occupancy("2027-02-01", "2027-02-28")["capacity_hours"] != february["capacity_hours"]
    assert {k: reopened[k] for k in keys} == {k: occupancy("2027-02-01", "2027-02-28")[k] for k in keys}


def test_closing_twice_is_409_reopening_needs_a_reason_and_both_are_audited(example, admin, api_as, db, clock):
    from sqlalchemy import select

    from coworking.budget.models import BudgetAudit, MonthClose

    api = api_as(admin)
    clock.move_to(datetime(YEAR, 2, 1, 0, 30, tzinfo=UTC))  # 01:30 in Brussels, 00:30 in Lisbon
    r = api.post("/api/v1/budget/close", json={"month": "2027-01"})
    assert r.status_code == 201, r.json
    again = api.post("/api/v1/budget/close", json={"month": "2027-01"})
    assert again.status_code == 409 and problem_code(again) == "month_closed"

    no_reason = api.post("/api/v1/budget/reopen", json={"month": "2027-01", "workspace": "canal", "reason": "  "})
    assert no_reason.status_code == 422 and problem_code(no_reason) == "validation_error"
    assert db.session.scalars(select(MonthClose.state).where(MonthClose.month == 1)).all() == ["closed", "closed"]
    r = api.post("/api/v1/budget/reopen", json={"month": "2027-01", "workspace": "canal", "reason": "Late booking fix"})
    assert r.status_code == 200, r.json
    again = api.post("/api/v1/budget/reopen", json={"month": "2027-01", "workspace": "canal", "reason": "Again"})
    assert again.status_code == 409
    # The next close closes only the reopened workspace.
    r = api.post("/api/v1/budget/close", json={"month": "2027-01"})
    assert [c["workspace"] for c in r.json["closed"]] == ["canal"]

    audit = db.session.scalars(select(BudgetAudit).order_by(BudgetAudit.id)).all()
    assert [(a.action, a.month, a.user_email) for a in audit] == [
        ("month_closed", 1, "admin@example.org"),
        ("month_closed", 1, "admin@example.org"),
        ("month_reopened", 1, "admin@example.org"),
        ("month_closed", 1, "admin@example.org"),
    ]
    reopened = audit[2]
    assert reopened.reason == "Late booking fix" and reopened.before["booked_seconds"] == 240 * 3600


def test_the_current_and_future_months_cannot_be_closed_in_any_local_time(example, admin, api_as, clock):
    api = api_as(admin)
    # 31 January 23:30 UTC: already February in Brussels, still January in Lisbon.
    clock.move_to(datetime(YEAR, 1, 31, 23, 30, tzinfo=UTC))
    for month in ("2027-01", "2027-02", "2027-06"):
        r = api.post("/api/v1/budget/close", json={"month": month})
        assert r.status_code == 422 and problem_code(r) == "month_not_finished", month
    assert "alfama" in api.post("/api/v1/budget/close", json={"month": "2027-01"}).json["workspaces"]
    bad = api.post("/api/v1/budget/close", json={"month": "2027-13"})
    assert bad.status_code == 422


def test_the_cli_closes_every_workspace_once(example, app, clock):
    clock.move_to(datetime(YEAR, 4, 1, 12, tzinfo=UTC))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["budget", "close-month", "2027-03"])
    assert result.exit_code == 0, result.output
    assert (
        "canal: closed 2027-03 — 460.00 of 736.00 desk-hours, 57.500000 desk-days, income 1150.00 EUR" in result.output
    )
    assert "2 workspace(s) closed" in result.output
    again = runner.invoke(args=["budget", "close-month", "2027-03"])
    assert again.exit_code != 0 and "month_closed" in again.output
    current = runner.invoke(args=["budget", "close-month", "2027-04"])
    assert current.exit_code != 0 and "month_not_finished" in current.output


def test_a_partial_plan_is_refused_and_changes_nothing(example, admin, api_as):
    api = api_as(admin)
    url = f"/api/v1/workspaces/canal/budget/{YEAR}"
    assert api._call("put", url, json=doc_plan_body(approved=True, approved_on="2026-12-12")).status_code == 201
    before = api.get(url).json
    for partial in ({"planned_desks": 3, "reason": "x"}, {**doc_plan_body(), "costs": {"rent": "1.00"}}):
        r = api._call("put", url, json=partial)
        assert r.status_code == 422 and r.json["code"] == "validation_error"
    assert api.get(url).json == before
    old_vote = api._call("put", url, json=doc_plan_body(approved=True, approved_on="0001-01-01", reason="typo"))
    assert old_vote.status_code == 422


def test_an_approved_plan_changes_only_with_a_reason_and_is_audited(example, admin, api_as, db):
    from sqlalchemy import select

    from coworking.budget.models import BudgetAudit

    api = api_as(admin)
    url = f"/api/v1/workspaces/canal/budget/{YEAR}"
    assert api._call("put", url, json=doc_plan_body()).status_code == 201
    assert api._call("put", url, json=doc_plan_body(target_occupancy="0.7")).status_code == 200  # not approved: free
    assert db.session.scalars(select(BudgetAudit)).all() == []
    assert api._call("put", url, json=doc_plan_body(approved=True, approved_on="2026-12-12")).status_code == 200
    # A cost outside "costs" is an unknown field, not a change.
    unknown = api._call("put", url, json=doc_plan_body(approved=True, approved_on="2026-12-12", staff="1"))
    assert unknown.status_code == 422 and unknown.json["errors"] == {"json": {"staff": ["Unknown field."]}}
    # Any change to an approved plan needs a reason: staff, then rent.
    more_staff = {**doc_plan_body()["costs"], "staff": "1.00"}
    refused = api._call(
        "put", url, json={**doc_plan_body(approved=True, approved_on="2026-12-12"), "costs": more_staff}
    )
    assert refused.status_code == 422 and refused.json["field"] == "reason"
    more_rent = {**doc_plan_body()["costs"], "rent": "25000.00"}
    refused = api._call("put", url, json={**doc_plan_body(approved=True, approved_on="2026-12-12"), "costs": more_rent})
    assert refused.status_code == 422 and refused.json["field"] == "reason"
    ok = api._call(
        "put",
        url,
        json={
            **doc_plan_body(approved=True, approved_on="2026-12-12"),
            "costs": {**doc_plan_body()["costs"], "rent": "25000.10"},
            "reason": "New lease",
        },
    )
    assert ok.status_code == 200 and ok.json["plan"]["costs"]["rent"] == "25000.10"
    audit = db.session.scalars(select(BudgetAudit).order_by(BudgetAudit.id)).all()
    assert [a.action for a in audit] == ["approved", "plan_changed"]
    assert audit[1].reason == "New lease"
    assert (audit[1].before["rent"], audit[1].after["rent"]) == ("24000.00", "25000.10")
    # Money must be a string: a JSON number (a float) is refused.
    assert api._call("put", url, json={**doc_plan_body(), "costs": {"rent": 12.5}}).status_code == 422
    assert api._call("put", url, json={**doc_plan_body(), "costs": {"rent": "12.505"}}).status_code == 422


def test_csv_import_reads_old_mac_line_ends_and_refuses_unreadable_files(example, admin, db):
    from sqlalchemy import func, select

    from coworking import errors
    from coworking.budget import costs
    from coworking.budget.models import ActualCost

    assert import_costs(db, admin, "canal", "month,category,amount\r2027-01,rent,1000\r2027-02,rent,900\r") == 2
    with pytest.raises(errors.ValidationFailed) as info:
        costs.import_costs(
            admin, "canal", "month,category,amount\n2027-03,rent," + "9" * 200_000 + "\n", datetime.now(UTC)
        )
    db.session.rollback()
    assert "cannot be read as CSV" in info.value.detail
    assert db.session.scalar(select(func.count()).select_from(ActualCost)) == 2


def test_csv_import_reports_every_bad_line_and_imports_nothing(example, admin, db, clock):
    from sqlalchemy import func, select

    from coworking import errors
    from coworking.budget import close as budget_close
    from coworking.budget import costs
    from coworking.budget.models import ActualCost

    text = (
        "month;category;amount\n2027-01;rent;2000,00\n2027-13;rent;1\n2027-02;coffee;3\n"
        "2027-02;staff;12.345\n2027-02;staff\n"
    )
    with pytest.raises(errors.ValidationFailed) as info:
        costs.import_costs(admin, "canal", text, datetime.now(UTC))
    db.session.rollback()
    assert [e["line"] for e in info.value.extra["errors"]] == [3, 4, 5, 6]
    assert "Nothing was imported. Line 3" in info.value.detail
    assert db.session.scalar(select(func.count()).select_from(ActualCost)) == 0
    # Rows of the same month and category add up, and a closed month is locked.
    assert import_costs(db, admin, "canal", "month,category,amount\n2027-01,rent,1000\n2027-01,Rent,1000.50\n") == 2
    assert db.session.scalar(select(ActualCost.amount)) == Decimal("2000.50")
    clock.move_to(datetime(YEAR, 2, 10, tzinfo=UTC))
    budget_close.close_month(admin, "2027-01", datetime.now(UTC))
    db.session.commit()
    with pytest.raises(errors.ValidationFailed) as info:
        costs.import_costs(admin, "canal", "month,category,amount\n2027-01,rent,5\n", datetime.now(UTC))
    problems = info.value.extra["errors"]
    assert [(e["line"], e["reason"], e["month"]) for e in problems] == [(2, "month_closed", "2027-01")]
    db.session.rollback()
    with pytest.raises(errors.MonthClosed):
        costs.set_costs(admin, "canal", "2027-01", {"rent": "5"}, datetime.now(UTC))


# --- pages, exports and authorization ------------------------------------------------------------


@pytest.fixture
def people(example, make_user, make_workspace):
    canal, alfama, _ = example
    return {
        "member": make_user(email="member@example.org", workspaces=[canal]),
        "manager_here": make_user(role="manager", email="here@example.org", workspaces=[canal]),
        "manager_elsewhere": make_user(role="manager", email="there@example.org", workspaces=[alfama]),
        "admin": make_user(role="admin", email="boss@example.org"),
    }


READ_LINE = {"anonymous": 401, "member": 403, "manager_here": 200, "manager_elsewhere": 403, "admin": 200}
ADMIN_ONLY = {"anonymous": 401, "member": 403, "manager_here": 403, "manager_elsewhere": 403, "admin": None}

API_ROUTES = [
    ("get", f"/api/v1/workspaces/canal/budget/{YEAR}", None, READ_LINE),
    ("get", f"/api/v1/budget/{YEAR}", None, {**ADMIN_ONLY, "admin": 200}),
    ("put", f"/api/v1/workspaces/canal/budget/{YEAR}", doc_plan_body(), {**ADMIN_ONLY, "admin": 201}),
    ("post", "/api/v1/budget/close", {"month": "2027-01"}, {**ADMIN_ONLY, "admin": 201}),
    (
        "post",
        "/api/v1/budget/reopen",
        {"month": "2027-01", "workspace": "canal", "reason": "x"},
        {**ADMIN_ONLY, "admin": 200},
    ),
]


@pytest.mark.parametrize("role", list(READ_LINE))
def test_api_authorization_over_every_route(role, people, client, auth, clock):
    clock.move_to(datetime(YEAR, 3, 1, 12, tzinfo=UTC))
    headers = {} if role == "anonymous" else auth(people[role])
    for method, url, body, expected in API_ROUTES:
        r = getattr(client, method)(url, headers=headers, json=body)
        assert r.status_code == expected[role], (role, method, url, r.get_json())


PAGE_ROUTES = [
    ("get", f"/budget/canal/{YEAR}", None, {**READ_LINE, "anonymous": 302}),
    (
        "get",
        "/budget/",
        None,
        {"anonymous": 302, "member": 403, "manager_here": 200, "manager_elsewhere": 200, "admin": 302},
    ),
    ("get", f"/budget/{YEAR}", None, {**ADMIN_ONLY, "anonymous": 302, "admin": 200}),
    ("get", f"/budget/{YEAR}/pack", None, {**ADMIN_ONLY, "anonymous": 302, "admin": 200}),
    ("get", f"/budget/{YEAR}/export.csv", None, {**ADMIN_ONLY, "anonymous": 302, "admin": 200}),
    ("get", f"/budget/{YEAR}/export.xlsx", None, {**ADMIN_ONLY, "anonymous": 302, "admin": 200}),
    ("get", f"/budget/canal/{YEAR}/plan", None, {**ADMIN_ONLY, "anonymous": 302, "admin": 200}),
    ("post", f"/budget/canal/{YEAR}/plan", {"rent": "1.00"}, {**ADMIN_ONLY, "anonymous": 302, "admin": 302}),
    ("post", f"/budget/canal/{YEAR}/costs", {}, {**ADMIN_ONLY, "anonymous": 302, "admin": 302}),
    ("post", "/budget/close", {"month": "2027-01"}, {**ADMIN_ONLY, "anonymous": 302, "admin": 200}),
    (
        "post",
        "/budget/close",
        {"month": "2027-01", "confirmed": "yes"},
        {**ADMIN_ONLY, "anonymous": 302, "admin": 302},
    ),
    (
        "post",
        f"/budget/canal/{YEAR}/reopen",
        {"month": "2027-01", "reason": "x"},
        {**ADMIN_ONLY, "anonymous": 302, "admin": 302},
    ),
]


@pytest.mark.parametrize("role", list(READ_LINE))
def test_page_authorization_over_every_route(role, people, client, clock, db):
    from sqlalchemy import func, select

    from coworking.budget.models import BudgetLine, MonthClose

    clock.move_to(datetime(YEAR, 3, 1, 12, tzinfo=UTC))
    if role != "anonymous":
        logged_in(client, people[role])
    for method, url, data, expected in PAGE_ROUTES:
        r = getattr(client, method)(url, data=data)
        assert r.status_code == expected[role], (role, method, url)
        if role == "anonymous" and r.status_code == 302:
            assert "/login" in r.headers["Location"]
    if role != "admin":
        assert db.session.scalar(select(func.count()).select_from(BudgetLine)) == 0
        assert db.session.scalar(select(func.count()).select_from(MonthClose)) == 0


def test_the_pages_and_exports_show_the_worked_example(example, admin, api_as, db, client, clock):
    import openpyxl

    api = api_as(admin)
    api._call(
        "put", f"/api/v1/workspaces/canal/budget/{YEAR}", json=doc_plan_body(approved=True, approved_on="2026-12-12")
    )
    import_costs(db, admin, "canal", costs_csv())
    clock.move_to(datetime(YEAR, 4, 10, 12, tzinfo=UTC))
    logged_in(client, admin)
    for month in ("2027-01", "2027-02", "2027-03"):
        r = client.post("/budget/close", data={"month": month, "slug": "canal", "year": YEAR, "confirmed": "yes"})
        assert r.status_code == 302 and r.headers["Location"].endswith(f"/budget/canal/{YEAR}")
    page = client.get(f"/budget/canal/{YEAR}").get_data(as_text=True)
    for text in (
        "84.24",
        "45.00",
        "50.6",
        "10,740.00",
        "42,960.00",
        "10,200.00",
        "2.7",
        "mean of the last three closed months",
        "<svg",
    ):
        assert text in page, text
    pack = client.get(f"/budget/{YEAR}/pack").get_data(as_text=True)
    assert "Assembly pack 2027" in pack and "84.24" in pack

    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/budget/{YEAR}/export.xlsx").data))
    sheet = book["Months"]
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2" and header[:3] == ["workspace", "currency", "month"]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    canal = [r for r in rows if r["workspace"] == "canal"]
    assert len(canal) == 12
    closed = [r for r in canal if r["closed"] == "yes"]
    assert all(isinstance(r["cost"], (int, float)) and isinstance(r["income"], (int, float)) for r in canal)
    assert round(sum(r["cost"] for r in closed), 2) == 10740.00  # the page's year-to-date costs
    assert round(sum(r["income"] for r in closed), 2) == 2550.00
    assert round(sum(r["desk_days"] for r in closed), 2) == 127.5
    assert round(sum(r["plan_cost"] for r in canal), 2) == 43200.00
    lines = book["Lines"]
    assert [c.value for c in lines[1]][:3] == ["workspace", "currency", "plan_costs"]

    text = client.get(f"/budget/{YEAR}/export.csv").get_data(as_text=True)
    parsed = list(csv.DictReader(io.StringIO(text)))
    canal_rows = [r for r in parsed if r["workspace"] == "canal" and r["closed"] == "yes"]
    assert [r["cost"] for r in canal_rows] == ["3900.00", "3400.00", "3440.00"]
    assert sum(Decimal(r["cost"]) for r in canal_rows) == Decimal("10740.00")
    assert [r["cost_per_desk_day"] for r in canal_rows] == ["130.00", "85.00", "59.83"]


def test_admin_page_actions_reopen_needs_a_reason_and_bad_csv_is_refused(example, admin, client, db, clock):
    from sqlalchemy import func, select

    from coworking.budget.models import ActualCost, BudgetLine, MonthClose

    clock.move_to(datetime(YEAR, 2, 10, 12, tzinfo=UTC))
    logged_in(client, admin)
    r = client.post(
        f"/budget/canal/{YEAR}/plan", data={"rent": "24000", "target_occupancy": "75", "planned_desks": "4"}
    )
    assert r.status_code == 302
    assert db.session.scalar(select(BudgetLine.target_occupancy)) == Decimal("0.7500")
    bad = client.post(f"/budget/canal/{YEAR}/plan", data={"rent": "12.345"})
    assert bad.status_code == 422
    client.post("/budget/close", data={"month": "2027-01", "confirmed": "yes"})
    r = client.post(f"/budget/canal/{YEAR}/reopen", data={"month": "2027-01", "reason": ""}, follow_redirects=True)
    assert "Give a reason" in r.get_data(as_text=True)
    assert db.session.scalar(select(MonthClose.state).where(MonthClose.workspace_id == example[0].id)) == "closed"
    upload = {"file": (io.BytesIO(b"month,category,amount\n2027-02,rent,10\n2027-02,coffee,1\n"), "export.csv")}
    r = client.post(
        f"/budget/canal/{YEAR}/costs", data=upload, content_type="multipart/form-data", follow_redirects=True
    )
    assert "Line 3: unknown category" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ActualCost)) == 0


def test_the_line_says_its_occupancy_is_booked_and_shows_the_no_show_rate(example, admin, api_as, db, clock, client):
    """Beside the (booked) occupancy, the no-show rate of the closed months; a month closed
    before check-in was recorded makes it not available (null, "–"), never 0."""
    from sqlalchemy import select

    from coworking.bookings.models import Booking
    from coworking.budget.models import MonthClose

    canal, _, _ = example
    february = db.session.scalars(
        select(Booking)
        .where(Booking.workspace_id == canal.id, Booking.status == "confirmed")
        .where(Booking.starts_at >= datetime(YEAR, 2, 1, tzinfo=UTC))
        .where(Booking.starts_at < datetime(YEAR, 3, 1, tzinfo=UTC))
        .order_by(Booking.starts_at)
    ).all()
    assert len(february) >= 2
    first, *rest = february
    first.status, first.released_at = "released", first.starts_at + timedelta(minutes=30)
    for booking in rest:
        booking.checked_in_at = booking.starts_at
    db.session.commit()
    api = api_as(admin)
    clock.move_to(datetime(YEAR, 3, 5, 12, tzinfo=UTC))
    assert api.post("/api/v1/budget/close", json={"month": "2027-02"}).status_code == 201

    line = api.get(f"/api/v1/workspaces/canal/budget/{YEAR}").json
    assert line["actual"]["occupancy_basis"] == "booked"
    assert line["actual"]["no_show_rate"] == round(1 / len(february), 4)
    month = next(m for m in line["months"] if m["month"] == "2027-02")
    assert (month["no_shows"], month["no_show_rate"]) == (1, round(1 / len(february), 4))
    logged_in(client, admin.email)
    page = visible(client.get(f"/budget/canal/{YEAR}").get_data(as_text=True))
    assert "booked occupancy: booked ÷ capacity" in page and "Year-to-date no-show rate" in page
    export = list(csv.DictReader(io.StringIO(client.get(f"/budget/{YEAR}/export.csv").get_data(as_text=True))))
    feb = next(r for r in export if r["workspace"] == "canal" and r["month"] == "2027-02")
    assert (feb["no_shows"], float(feb["no_show_rate"])) == ("1", round(1 / len(february), 4))

    # As if closed before check-in was recorded: the rate is not available, the occupancy stays.
    close = db.session.scalars(select(MonthClose).where(MonthClose.workspace_id == canal.id)).one()
    close.report_snapshot = {k: v for k, v in close.report_snapshot.items() if k not in ("no_shows", "settled")}
    db.session.commit()
    old = api.get(f"/api/v1/workspaces/canal/budget/{YEAR}").json
    assert old["actual"]["no_show_rate"] is None and old["actual"]["occupancy"] == line["actual"]["occupancy"]
    assert "Year-to-date no-show rate –" in visible(client.get(f"/budget/canal/{YEAR}").get_data(as_text=True))
