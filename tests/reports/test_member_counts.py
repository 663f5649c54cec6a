"""Issue 14, item 1: one definition of "members counted in a period" (docs/figures.md, distinct
members: a booking or booked time in the period) for the usage API, the usage page, the
cooperative overview and the monthly close.

The worked example of docs/figures.md plus the demo's shape: Dee (home Dansaert) and Eve (home
Alfama, from elsewhere) whose only activity in the week is a cancellation. They are listed
among the per-member rows, with their cancellation, but not counted: 3 members, 1 from
elsewhere (Ana, Bo; Cy from Alfama) — not 5 and 2. Real database, SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.support.clock import BRUSSELS, at
from tests.support.factories import booking_row, cancelled, insert_bookings
from tests.support.figures import MON, SUN, TUE, WED, build_worked_example
from tests.support.http import logged_in, visible

USAGE = "/api/v1/workspaces/dansaert/usage?from=2027-03-22&to=2027-03-28"


@pytest.fixture
def example(db, factories, make_user):
    ex = build_worked_example(db, factories)
    dee = make_user(name="Dee", email="dee@example.org", workspaces=[ex.workspace])
    eve = make_user(name="Eve", email="eve@example.org", workspaces=[ex.alfama])
    b = BRUSSELS
    a1, a2 = ex.desks["A1"], ex.desks["A2"]
    insert_bookings(
        db,
        [
            cancelled(booking_row(a2, dee, at(b, TUE, 10), at(b, TUE, 12), made=at(b, MON, 9)), at(b, MON, 11), dee),
            cancelled(booking_row(a1, eve, at(b, WED, 9), at(b, WED, 12), made=at(b, MON, 9)), at(b, TUE, 9), eve),
        ],
    )
    ex.members.update(Dee=dee, Eve=eve)
    return ex


def by_definition(rows: list[dict]) -> tuple[int, int]:
    """docs/figures.md's definition applied to the API's own per-member rows."""
    used = [r for r in rows if r["bookings"] or r["desk_hours"]]
    return len(used), sum(1 for r in used if r["home_workspace"] != "dansaert")


def test_usage_api_counts_members_who_booked_not_those_who_only_cancelled(example, make_user, api_as):
    manager = make_user(role="manager", workspaces=[example.workspace])
    body = api_as(manager).get(USAGE).json
    rows = {r["member"]["name"]: r for r in body["members"]}
    # Dee and Eve are listed, with their cancellation, as docs/figures.md's per-member rows say ...
    assert set(rows) == {"Ana", "Bo", "Cy", "Dee", "Eve"}
    assert (rows["Dee"]["bookings"], rows["Dee"]["desk_hours"], rows["Dee"]["cancellations"]) == (0, 0.0, 1)
    assert (rows["Eve"]["visiting"], rows["Eve"]["bookings"], rows["Eve"]["cancellations"]) == (True, 0, 1)
    # ... but a cancellation is not a use: 3 members (Ana, Bo, Cy), 1 from elsewhere (Cy).
    totals = body["totals"]
    assert (totals["members"], totals["visiting_members"]) == (3, 1) == by_definition(body["members"])
    assert totals["cancellations"] == 4


def test_usage_page_says_the_same_count(app, example, make_user):
    make_user(role="manager", email="manager@example.org", workspaces=[example.workspace])
    page = logged_in(app.test_client(), "manager@example.org").get(
        "/reports/dansaert/usage?from=2027-03-22&to=2027-03-28"
    )
    assert page.status_code == 200
    text = visible(page.get_data(as_text=True))
    assert "3 members used this workspace; 1 of them has another home workspace (or none)." in text
    assert re.search(r"\bDee\b", text) and re.search(r"\bEve\b", text)  # still listed


def test_overview_and_close_count_the_same_members(example, make_user, api_as, db, clock):
    from coworking.reports.queries import cooperative

    admin = make_user(role="admin")
    overview = cooperative.overview(admin, MON, SUN)
    row = next(r for r in overview.rows if r.workspace.slug == "dansaert")
    assert (row.members, row.visitors) == (3, 1)
    assert overview.members == 3  # Ana, Bo, Cy; Cy also used Alfama, counted once

    api = api_as(admin)
    clock.move_to(datetime(2027, 4, 10, 12, tzinfo=UTC))
    assert api.post("/api/v1/budget/close", json={"month": "2027-03"}).status_code == 201
    march = api.get("/api/v1/workspaces/dansaert/budget/2027").json["months"][2]
    assert (march["month"], march["closed"]) == ("2027-03", True)
    assert (march["members"], march["visiting_members"], march["cancellations"]) == (3, 1, 4)
    # The usage API over the whole closed month agrees with the close.
    usage = api.get("/api/v1/workspaces/dansaert/usage?from=2027-03-01&to=2027-03-31").json["totals"]
    assert (usage["members"], usage["visiting_members"]) == (3, 1)


def test_the_definition_itself():
    from fractions import Fraction

    from coworking.reports.counting import count_members
    from coworking.reports.figures.results import Usage

    usage = {
        1: Usage(bookings=1, booked=3600, desk_days=Fraction(1, 8)),
        2: Usage(bookings=1),  # a booking wholly outside opening hours: a booking, so counted
        3: Usage(booked=1800, desk_days=Fraction(1, 16)),  # booked time from a booking started before
        4: Usage(cancellations=1),  # only cancelled: not counted
        5: Usage(cancellations=2, late_cancellations=1),  # from elsewhere, only cancelled
    }
    homes = {1: "here", 2: "here", 3: None, 4: "here", 5: "there"}
    counted = count_members(usage, homes, "here")
    assert (counted.ids, counted.from_elsewhere) == ({1, 2, 3}, {3})
    assert (counted.members, counted.visiting) == (3, 1)
