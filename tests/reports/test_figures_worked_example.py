"""The check-in worked example of docs/figures.md (issue 18): its bookings are read from the
page's own table and built in the database, and every number of its tables is what the API
answers — on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.clock import BRUSSELS, LISBON, at
from tests.support.docs import marked_table, number
from tests.support.factories import booking_row, hours, insert_bookings
from tests.support.http import logged_in, visible

PERIOD = "from=2027-04-05&to=2027-04-11"


def table(name: str) -> list[dict[str, str]]:
    return marked_table("figures.md", f"worked-example-check-in:{name}")


def figure(text: str):
    """A number as the page writes it; "–" is not available (null)."""
    return None if text == "–" else number(text)


def clock(text: str) -> tuple[int, int]:
    hh, mm = text.split(":")
    return int(hh), int(mm)


@pytest.fixture
def ledeberg(db, factories):
    """Ledeberg (check-in required) and Alfama (not), with the bookings of the page's table."""
    workspaces = {
        "ledeberg": factories.workspace(
            slug="ledeberg",
            name="Ledeberg",
            city="Ghent",
            opening_hours=hours(range(5), "09:00", "17:00"),
            policy={"check_in_required": True, "check_in_opens_minutes": 15, "check_in_grace_minutes": 30},
        ),
        "alfama": factories.workspace(
            slug="alfama",
            name="Alfama",
            city="Lisbon",
            country="PT",
            timezone="Europe/Lisbon",
            opening_hours=hours(range(5), "09:00", "18:00"),
        ),
    }
    zones = {"ledeberg": BRUSSELS, "alfama": LISBON}
    desks = {
        "B1": factories.desk(workspaces["ledeberg"], code="B1"),
        "B2": factories.desk(workspaces["ledeberg"], code="B2"),
        "L1": factories.desk(workspaces["alfama"], code="L1"),
    }
    members = {
        name: factories.user(name=name, email=f"{name.lower()}@example.org", workspaces=[workspaces["ledeberg"]])
        for name in ("Ana", "Bo", "Cy")
    }
    rows = []
    for row in table("bookings"):
        tz, day = zones[row["workspace"]], date.fromisoformat(row["day"])
        extra = {"checked_in_at": None, "released_at": None}
        if row["checked_in_at"]:
            extra["checked_in_at"] = at(tz, day, *clock(row["checked_in_at"]))
        if row["released_at"]:
            extra.update(status="released", released_at=at(tz, day, *clock(row["released_at"])))
        rows.append(
            booking_row(
                desks[row["desk"]],
                members[row["member"]],
                at(tz, day, *clock(row["from"])),
                at(tz, day, *clock(row["to"])),
                **extra,
            )
        )
    insert_bookings(db, rows)
    return members


def test_the_check_in_example_is_what_the_api_says(ledeberg, make_user, api_as):
    admin = api_as(make_user(role="admin"))
    body = admin.get(f"/api/v1/workspaces/ledeberg/occupancy?{PERIOD}&granularity=day").json
    want = {row["total"]: figure(row["value"]) for row in table("totals")}
    assert {key: body["totals"][key] for key in want} == want
    days = [{k: v if k == "period_start" else figure(v) for k, v in row.items()} for row in table("days")]
    assert [{key: item[key] for key in days[0]} for item in body["series"]] == days

    usage = admin.get(f"/api/v1/workspaces/ledeberg/usage?{PERIOD}").json
    got = {m["member"]["name"]: m for m in usage["members"]}
    for row in table("members"):
        name = row.pop("member")
        want = {k: figure(v) for k, v in row.items()}
        assert {k: got[name][k] for k in want} == want, name
    # Σ per member = the workspace, for used hours and no-shows as for booked hours.
    assert usage["totals"]["used_hours"] == body["totals"]["used_hours"] == sum(m["used_hours"] for m in got.values())
    assert usage["totals"]["no_shows"] == body["totals"]["no_shows"] == sum(m["no_shows"] for m in got.values())
    assert usage["totals"]["desk_hours"] == body["totals"]["booked_hours"]

    # The weekly series is one bucket equal to the totals.
    week = admin.get(f"/api/v1/workspaces/ledeberg/occupancy?{PERIOD}&granularity=week").json
    (bucket,) = week["series"]
    assert (bucket["used_hours"], bucket["used_occupancy"]) == (
        body["totals"]["used_hours"],
        body["totals"]["used_occupancy"],
    )


def test_the_check_in_example_own_usage(ledeberg, api_as):
    body = api_as(ledeberg["Cy"]).get(f"/api/v1/me/usage?{PERIOD}").json
    rows = {w["workspace"]: w for w in body["workspaces"]}
    for row in table("own"):
        slug = row.pop("workspace")
        want = {k: figure(v) for k, v in row.items()}
        assert {k: rows[slug][k] for k in want} == want, slug
    assert body["totals"]["used_hours"] == 3.0 and body["totals"]["desk_hours"] == 6.0


def test_the_check_in_example_on_the_pages_and_in_the_download(ledeberg, app, make_user):
    admin = make_user(role="admin", email="admin@example.org")
    client = logged_in(app.test_client(), admin.email)
    page = visible(client.get(f"/reports/ledeberg/occupancy?{PERIOD}&granularity=day").get_data(as_text=True))
    # Booked 24.4 %, used 23.8 %; one no-show of five settled check-ins.
    assert "Occupancy 24.4%" in page and "Used occupancy 23.8%" in page and "Used desk-hours 19" in page
    assert "No-shows 1 (no-show rate 20%)" in page
    usage = visible(client.get(f"/reports/ledeberg/usage?{PERIOD}").get_data(as_text=True))
    assert "bo@example.org 2 4.5 0.56 4 1 0 0" in usage  # bookings, desk-h, desk-days, used h, no-shows
    csv_text = client.get(f"/reports/ledeberg/usage.csv?{PERIOD}").get_data(as_text=True)
    header, *rows = [line.split(",") for line in csv_text.strip().splitlines()]
    bo = dict(zip(header, next(r for r in rows if r[2] == "Bo"), strict=True))
    assert (bo["used_hours"], bo["no_shows"], bo["no_show_rate"]) == ("4.0", "1", "0.5")
