"""GET /api/v1/workspaces/<slug>/week: seven days from ``start``, each day's opening hours (local
times) and, for its morning and afternoon, how many desks are free for the whole part. The
small week of tests/support/week.py is counted by hand."""

from __future__ import annotations

import pytest

from coworking.bookings.schemas import WeekSchema
from tests.support.factories import EVERY_DAY_8_TO_18
from tests.support.http import problem_code
from tests.support.week import small_week


@pytest.fixture
def week(clock, factories):
    return small_week(factories)


def part(day: str, start: str, end: str, free: int, offset: str = "+01:00") -> dict:
    return {"start": f"{day}T{start}:00{offset}", "end": f"{day}T{end}:00{offset}", "free_desks": free}


def test_a_week_counts_free_desks_part_by_part(week, api_as):
    r = api_as(week.ana).get("/api/v1/workspaces/gent/week?start=2027-03-01")
    assert r.status_code == 200, r.json
    office = [{"start": "08:00", "end": "18:00"}]
    assert r.json == {
        "start": "2027-03-01",
        "days": [
            # Monday: A1, A2 and A3 all free
            {
                "date": "2027-03-01",
                "open": office,
                "parts": [part("2027-03-01", "08:00", "13:00", 3), part("2027-03-01", "13:00", "18:00", 3)],
            },
            # Tuesday: A1 booked 09–11, A2 12:30–14 (both parts); A3 in service its last day
            {
                "date": "2027-03-02",
                "open": office,
                "parts": [part("2027-03-02", "08:00", "13:00", 1), part("2027-03-02", "13:00", "18:00", 2)],
            },
            # Wednesday: A3 out of service; A1 booked from 13:00 (touching the morning)
            {
                "date": "2027-03-03",
                "open": office,
                "parts": [part("2027-03-03", "08:00", "13:00", 2), part("2027-03-03", "13:00", "18:00", 1)],
            },
            # Thursday: closed (a closure)
            {"date": "2027-03-04", "open": [], "parts": []},
            # Friday: the cancelled booking frees nothing it did not already free
            {
                "date": "2027-03-05",
                "open": office,
                "parts": [part("2027-03-05", "08:00", "13:00", 2), part("2027-03-05", "13:00", "18:00", 2)],
            },
            # Saturday: 09:00–12:00, a morning and no afternoon
            {
                "date": "2027-03-06",
                "open": [{"start": "09:00", "end": "12:00"}],
                "parts": [part("2027-03-06", "09:00", "12:00", 2)],
            },
            # Sunday: not open
            {"date": "2027-03-07", "open": [], "parts": []},
        ],
    }
    assert WeekSchema().dump(WeekSchema().load(r.json)) == r.json


def test_start_is_taken_as_given(week, api_as):
    r = api_as(week.bo).get("/api/v1/workspaces/gent/week?start=2027-03-03")
    assert r.json["start"] == "2027-03-03"
    assert [d["date"] for d in r.json["days"]] == [f"2027-03-{n:02d}" for n in range(3, 10)]
    # Monday 8 March, the next week: Ana's A2 09–11 leaves A1 free in the morning.
    assert [p["free_desks"] for p in r.json["days"][5]["parts"]] == [1, 2]


def test_the_dst_week_keeps_local_times(clock, factories, api_as):
    """Sunday 28 March 2027 Brussels moves to summer time: the same 08:00 is an hour earlier in UTC."""
    factories.workspace(slug="gent", opening_hours=EVERY_DAY_8_TO_18)
    member = factories.user(workspaces=["gent"])
    days = api_as(member).get("/api/v1/workspaces/gent/week?start=2027-03-22").json["days"]
    assert [d["open"] for d in days] == [[{"start": "08:00", "end": "18:00"}]] * 7
    assert days[5]["parts"][0] == part("2027-03-27", "08:00", "13:00", 0)
    assert days[6]["parts"] == [
        part("2027-03-28", "08:00", "13:00", 0, "+02:00"),
        part("2027-03-28", "13:00", "18:00", 0, "+02:00"),
    ]


@pytest.mark.parametrize("start", ["2027-02-30", "monday", "", "2100-12-30", "1999-12-31"])
def test_a_bad_start_is_a_422_problem(week, api_as, start):
    r = api_as(week.ana).get(f"/api/v1/workspaces/gent/week?start={start}")
    assert r.status_code == 422 and problem_code(r) == "validation_error"


def test_start_is_required(week, api_as):
    r = api_as(week.ana).get("/api/v1/workspaces/gent/week")
    assert r.status_code == 422 and problem_code(r) == "validation_error"


def test_access_is_the_availability_apis(week, api_as, factories, client):
    """Any member reads any workspace's week, as its day's availability; an unknown workspace is
    a 404; without a token a 401."""
    factories.workspace(slug="brugge")
    stranger = api_as(factories.user(workspaces=["brugge"]))
    for slug, expected in (("gent", 200), ("brugge", 200), ("nowhere", 404)):
        week_answer = stranger.get(f"/api/v1/workspaces/{slug}/week?start=2027-03-01")
        day_answer = stranger.get(f"/api/v1/workspaces/{slug}/availability?date=2027-03-01")
        assert week_answer.status_code == day_answer.status_code == expected, slug
    assert problem_code(stranger.get("/api/v1/workspaces/nowhere/week?start=2027-03-01")) == "not_found"
    assert client.get("/api/v1/workspaces/gent/week?start=2027-03-01").status_code == 401


def test_a_week_costs_the_statements_of_one_day(week, api_as, sql_statements):
    ana = api_as(week.ana)
    ana.get("/api/v1/workspaces/gent/availability?date=2027-03-01")  # the token's first use is stamped
    with sql_statements() as day:
        ana.get("/api/v1/workspaces/gent/availability?date=2027-03-01")
    with sql_statements() as seven:
        ana.get("/api/v1/workspaces/gent/week?start=2027-03-01")
    assert 4 <= len(seven) == len(day) <= 6, seven
