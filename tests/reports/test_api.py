"""The reports API (issue 5): the three endpoints' contract, who may call them, refused
periods, and a constant number of SQL statements whatever the number of bookings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.support.clock import BRUSSELS, at
from tests.support.factories import booking_row, insert_bookings
from tests.support.http import problem_code

OCCUPANCY = "/api/v1/workspaces/dansaert/occupancy?from=2027-03-22&to=2027-03-28&granularity=week"
USAGE = "/api/v1/workspaces/dansaert/usage?from=2027-03-22&to=2027-03-28"
ME = "/api/v1/me/usage?from=2027-03-22&to=2027-03-28"
FIGURES = {"capacity_hours", "booked_hours", "occupancy", "desk_days", "peak"}
USAGE_FIGURES = {"bookings", "desk_hours", "desk_days", "cancellations", "late_cancellations"}


@pytest.fixture
def callers(example, make_user, make_workspace, api_as):
    elsewhere = make_workspace(slug="elsewhere")
    return {
        "admin": api_as(make_user(role="admin")),
        "manager": api_as(make_user(role="manager", workspaces=[example.workspace])),
        "other_manager": api_as(make_user(role="manager", workspaces=[elsewhere])),
        "member": api_as(example.members["Ana"]),
        "cy": api_as(example.members["Cy"]),
    }


# --- contract --------------------------------------------------------------------------------


def test_occupancy_contract(callers):
    r = callers["manager"].get(OCCUPANCY)
    assert r.status_code == 200 and r.mimetype == "application/json", r.json
    body = r.json
    assert {"workspace", "from", "to", "granularity", "series", "totals"} <= set(body)
    assert (body["workspace"], body["from"], body["to"], body["granularity"]) == (
        "dansaert",
        "2027-03-22",
        "2027-03-28",
        "week",
    )
    assert body["series"] and all({"period_start", *FIGURES} <= set(item) for item in body["series"])
    assert set(body["totals"]) >= FIGURES
    for item in [*body["series"], body["totals"]]:
        assert all(isinstance(item[key], int | float) for key in FIGURES)
        assert 0 <= item["occupancy"] <= 1 and 0 <= item["peak"] <= 1
    assert body["series"][0]["period_start"] == "2027-03-22"
    # `to` is inclusive: one day is a one-day series.
    one = (
        callers["manager"]
        .get("/api/v1/workspaces/dansaert/occupancy?from=2027-03-22&to=2027-03-22&granularity=day")
        .json
    )
    assert [s["period_start"] for s in one["series"]] == ["2027-03-22"] and one["totals"]["capacity_hours"] == 24.0
    # Without granularity: monthly.
    monthly = callers["manager"].get("/api/v1/workspaces/dansaert/occupancy?from=2027-01-15&to=2027-04-02").json
    assert monthly["granularity"] == "month"
    assert [(s["period_start"], s["period_end"]) for s in monthly["series"]] == [
        ("2027-01-15", "2027-01-31"),
        ("2027-02-01", "2027-02-28"),
        ("2027-03-01", "2027-03-31"),
        ("2027-04-01", "2027-04-02"),
    ]


def test_weeks_are_iso_weeks_starting_on_monday(callers):
    body = (
        callers["manager"]
        .get("/api/v1/workspaces/dansaert/occupancy?from=2027-03-17&to=2027-04-01&granularity=week")
        .json
    )
    assert [(s["period_start"], s["period_end"]) for s in body["series"]] == [
        ("2027-03-17", "2027-03-21"),  # Wednesday: the period's first day
        ("2027-03-22", "2027-03-28"),
        ("2027-03-29", "2027-04-01"),
    ]
    assert sum(s["booked_hours"] for s in body["series"]) == body["totals"]["booked_hours"] == 21.0


def test_usage_contract(callers, example):
    body = callers["manager"].get(USAGE).json
    assert {"members", "totals"} <= set(body)
    for row in body["members"]:
        assert {"member", "home_workspace", *USAGE_FIGURES} <= set(row)
        assert set(row["member"]) >= {"id", "name", "email"}
    cy = next(m for m in body["members"] if m["member"]["name"] == "Cy")
    assert cy["member"] == {"id": example.members["Cy"].id, "name": "Cy", "email": "cy@example.org"}
    assert cy["home_workspace"] == "alfama" and cy["visiting"] is True
    assert set(body["totals"]) >= USAGE_FIGURES
    assert body["totals"]["desk_hours"] == 21.0 == sum(m["desk_hours"] for m in body["members"])
    assert (
        body["totals"]["bookings"] == 5 and body["totals"]["members"] == 3 and body["totals"]["visiting_members"] == 1
    )
    occupancy = callers["manager"].get(OCCUPANCY).json
    assert body["totals"]["desk_hours"] == occupancy["totals"]["booked_hours"]
    assert body["totals"]["desk_days"] == occupancy["totals"]["desk_days"]
    # Sent as built (no marshmallow pass): exactly what the documented schema produces.
    from coworking.reports.schemas import UsageSchema

    assert body["from"] == "2027-03-22" and "from_" not in body
    assert UsageSchema().dump(UsageSchema().load(body)) == body
    schema = UsageSchema()
    assert set(body) == {field.data_key or name for name, field in schema.fields.items()}


def test_me_usage_contract(callers):
    body = callers["cy"].get(ME).json
    assert {"workspaces", "totals"} <= set(body)
    assert [w["workspace"] for w in body["workspaces"]] == ["alfama", "dansaert"]
    for row in body["workspaces"]:
        assert {"workspace", *USAGE_FIGURES} <= set(row)
    assert set(body["totals"]) >= USAGE_FIGURES
    # Only the caller's own: Ana sees hers, not Cy's.
    ana = callers["member"].get(ME).json
    assert [w["workspace"] for w in ana["workspaces"]] == ["dansaert"]
    assert ana["workspaces"][0]["desk_hours"] == 12.0 and ana["totals"]["cancellations"] == 1
    # Nothing booked: empty, with zero totals.
    empty = callers["other_manager"].get(ME).json
    assert empty == {
        "from": "2027-03-22",
        "to": "2027-03-28",
        "workspaces": [],
        "totals": {
            "bookings": 0,
            "desk_hours": 0.0,
            "desk_days": 0.0,
            "cancellations": 0,
            "late_cancellations": 0,
            "used_hours": 0.0,
            "no_shows": 0,
            "settled_check_ins": 0,
            "no_show_rate": None,
        },
    }


def test_reports_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in (
        "/api/v1/workspaces/{slug}/occupancy",
        "/api/v1/workspaces/{slug}/usage",
        "/api/v1/me/usage",
        "/api/v1/me/calendar",  # the calendar blueprint's routes still work beside ours
    ):
        assert "get" in paths[path], path


# --- who may ask -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "workspace_status", "me_status"),
    [
        ("admin", 200, 200),
        ("manager", 200, 200),
        ("other_manager", 403, 200),
        ("member", 403, 200),
    ],
)
def test_who_may_read_what(callers, who, workspace_status, me_status):
    for url in (OCCUPANCY, USAGE):
        r = callers[who].get(url)
        assert r.status_code == workspace_status, (url, r.json)
        if workspace_status == 403:
            assert problem_code(r) == "forbidden"
            # Forbidden before the dates are even read: no hint from a validation error.
            assert callers[who].get(url.replace("2027-03-28", "nonsense")).status_code == 403
    assert callers[who].get(ME).status_code == me_status


def test_anonymous_and_unknown(client, callers):
    for url in (OCCUPANCY, USAGE, ME):
        r = client.get(url)
        assert r.status_code == 401 and problem_code(r) == "unauthorized"
        assert client.get(url, headers={"Authorization": "Bearer nope"}).status_code == 401
    r = callers["admin"].get("/api/v1/workspaces/nowhere/occupancy?from=2027-03-22&to=2027-03-28")
    assert r.status_code == 404 and problem_code(r) == "not_found"


# --- refused periods ---------------------------------------------------------------------------------

BAD_PERIODS = [
    "from=2027-W12-1&to=2027-03-28",  # an ISO week date, not YYYY-MM-DD
    "from=2027-02-30&to=2027-03-28",  # no such date
    "from=2027-3-1&to=2027-03-28",  # not YYYY-MM-DD
    "from=yesterday&to=2027-03-28",
    "from=2027-03-22",  # no `to`
    "to=2027-03-28",  # no `from`
    "",
    "from=2027-03-29&to=2027-03-28",  # from > to
    "from=2022-01-01&to=2027-01-01",  # more than five years
    "from=1999-12-31&to=2000-01-05",  # outside the years the app handles
    "from=2027-03-22&to=9999-12-31",
    "from=2027-03-22T00:00&to=2027-03-28",
]


@pytest.mark.parametrize("query", BAD_PERIODS)
def test_bad_periods_are_422(callers, query):
    for url in ("/api/v1/workspaces/dansaert/occupancy", "/api/v1/workspaces/dansaert/usage", "/api/v1/me/usage"):
        r = callers["admin"].get(f"{url}?{query}")
        assert r.status_code == 422, (url, query, r.json)
        assert problem_code(r) == "validation_error"


def test_five_years_exactly_is_allowed_and_granularity_is_checked(callers):
    ok = callers["admin"].get("/api/v1/workspaces/dansaert/occupancy?from=2023-01-01&to=2027-12-31")
    assert ok.status_code == 200 and len(ok.json["series"]) == 60
    for granularity in ("year", "", "DAY"):
        r = callers["admin"].get(
            f"/api/v1/workspaces/dansaert/occupancy?from=2027-03-22&to=2027-03-28&granularity={granularity}"
        )
        assert r.status_code == 422 and problem_code(r) == "validation_error", granularity


# --- a constant number of statements ----------------------------------------------------------------

YEAR = "from=2027-01-01&to=2027-12-31"
DESKS = 20


def weekdays(first: date, count: int) -> list[date]:
    out, day = [], first
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def many_bookings(desks, members, days: list[date]) -> list[dict]:
    """Two bookings a day per desk, member i always at desk i: valid and never overlapping."""
    rows = []
    for day in days:
        for desk, member in zip(desks, members, strict=True):
            rows.append(booking_row(desk, member, at(BRUSSELS, day, 9), at(BRUSSELS, day, 13)))
            rows.append(booking_row(desk, member, at(BRUSSELS, day, 13), at(BRUSSELS, day, 17)))
    return rows


def count_statements(sql_statements, api, url) -> int:
    with sql_statements() as seen:
        r = api.get(url)
        assert r.status_code == 200, r.json
    return len(seen)


def test_same_number_of_statements_with_10_and_10000_bookings(
    sql_statements, db, make_workspace, make_desk, make_user, api_as
):
    import time

    ws = make_workspace(
        slug="busy", opening_hours=[{"weekday": d, "open": "09:00", "close": "17:00"} for d in range(5)]
    )
    desks = [make_desk(ws, code=f"B{i:02d}") for i in range(DESKS)]
    members = [make_user(workspaces=[ws]) for _ in range(DESKS)]
    manager = api_as(make_user(role="manager", workspaces=[ws]))
    admin = api_as(make_user(role="admin"))
    member = api_as(members[0])
    urls = [
        (manager, f"/api/v1/workspaces/busy/occupancy?{YEAR}&granularity=day"),
        (manager, f"/api/v1/workspaces/busy/occupancy?{YEAR}&granularity=week"),
        (manager, f"/api/v1/workspaces/busy/occupancy?{YEAR}&granularity=month"),
        (manager, f"/api/v1/workspaces/busy/usage?{YEAR}"),
        (admin, f"/api/v1/workspaces/busy/usage?{YEAR}"),
        (member, f"/api/v1/me/usage?{YEAR}"),
    ]
    days = weekdays(date(2027, 1, 4), 250)
    insert_bookings(db, many_bookings(desks[:5], members[:5], days[:1]))  # 10 bookings
    for api, url in urls:
        count_statements(sql_statements, api, url)  # warm-up: first-use statements are not what we measure
    small = [count_statements(sql_statements, api, url) for api, url in urls]

    rows = many_bookings(desks, members, days[1:])
    rows += many_bookings(desks[5:], members[5:], days[:1])
    insert_bookings(db, rows)  # one Core bulk insert
    from coworking.bookings.models import Booking

    assert db.session.query(Booking).count() == 10_000
    started = time.perf_counter()
    big = [count_statements(sql_statements, api, url) for api, url in urls]
    elapsed = time.perf_counter() - started
    assert big == small
    # Auth and the workspace with hours and closures, then the snapshots of closed months (1),
    # the desks (1), the live bookings (1), and the members' names for the usage (1).
    assert max(small) <= 10
    body = manager.get(f"/api/v1/workspaces/busy/occupancy?{YEAR}&granularity=month").json
    assert body["totals"]["booked_hours"] == 10_000 * 4.0
    assert body["totals"]["occupancy"] == round(10_000 * 4 / (DESKS * 8 * 261), 4)  # 261 weekdays in 2027
    print(f"six report requests over 10,000 bookings: {elapsed:.2f} s")
