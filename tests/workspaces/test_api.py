"""Workspaces, desks and availability through the API."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.factories import WEEKDAYS_9_TO_18
from tests.support.http import problem_code

NEW_WORKSPACE = {
    "slug": "porto-ribeira",
    "name": "Ribeira",
    "city": "Porto",
    "country": "pt",
    "timezone": "Europe/Lisbon",
    "currency": "eur",
    "opening_hours": [
        {"weekday": 0, "open": "08:00", "close": "12:00"},
        {"weekday": 0, "open": "13:00", "close": "19:00"},
    ],
    "policy": {"slot_minutes": 15, "max_length_minutes": 480},
}


@pytest.fixture
def people(clock, make_workspace, make_user, api_as):
    ws = make_workspace(slug="gent", opening_hours=WEEKDAYS_9_TO_18)
    other = make_workspace(slug="lille", timezone="Europe/Paris")
    return {
        "ws": ws,
        "admin": api_as(make_user(role="admin")),
        "manager": api_as(make_user(role="manager", workspaces=[ws])),
        "other_manager": api_as(make_user(role="manager", workspaces=[other])),
        "member": api_as(make_user(workspaces=[ws])),
    }


def test_admin_creates_a_workspace(people):
    r = people["admin"].post("/api/v1/workspaces", json=NEW_WORKSPACE)
    assert r.status_code == 201, r.json
    body = r.json
    assert body["id"] and body["slug"] == "porto-ribeira"
    assert body["country"] == "PT" and body["currency"] == "EUR" and body["timezone"] == "Europe/Lisbon"
    assert body["opening_hours"] == NEW_WORKSPACE["opening_hours"]
    assert body["policy"]["slot_minutes"] == 15 and body["policy"]["max_length_minutes"] == 480
    assert body["policy"]["cancel_cutoff_minutes"] == 60  # default kept
    assert body["desk_count"] == 0
    listed = people["member"].get("/api/v1/workspaces").json
    assert {w["slug"] for w in listed} == {"gent", "lille", "porto-ribeira"}
    assert set(listed[0]) >= {"slug", "name", "city", "country", "timezone", "currency", "desk_count"}
    assert people["admin"].post("/api/v1/workspaces", json=NEW_WORKSPACE).status_code == 409


def test_only_admins_create_workspaces(people):
    for who in ("manager", "member"):
        r = people[who].post("/api/v1/workspaces", json=NEW_WORKSPACE)
        assert r.status_code == 403 and problem_code(r) == "forbidden"


@pytest.mark.parametrize(
    "change",
    [
        {"timezone": "Europe/Atlantis"},
        {"currency": "XYZ"},
        {"country": "QQ"},
        {"slug": "Not A Slug"},
        {"opening_hours": [{"weekday": 7, "open": "08:00", "close": "12:00"}]},
        {"opening_hours": [{"weekday": 0, "open": "12:00", "close": "08:00"}]},
        {"opening_hours": [{"weekday": 0, "open": "8am", "close": "12:00"}]},
        {
            "opening_hours": [
                {"weekday": 0, "open": "08:00", "close": "12:00"},
                {"weekday": 0, "open": "11:00", "close": "14:00"},
            ]
        },
        {"policy": {"slot_minutes": 0}},
        {"policy": {"slot_minutes": 7}},
        {"policy": {"slot_minutes": 30, "max_length_minutes": 45}},
        {"policy": {"max_active_bookings": "many"}},
        {"policy": {"unknown": 1}},
        {"opening_hours": [{"weekday": 0, "open": "09:10", "close": "17:00"}]},
        {"name": "   "},
        {"timezone": "localtime"},
        {"country": "EU"},
        {"city": "Gh\u0000ent"},
    ],
)
def test_invalid_workspace_values_are_422(people, change):
    r = people["admin"].post("/api/v1/workspaces", json={**NEW_WORKSPACE, **change})
    assert r.status_code == 422, r.json
    assert problem_code(r) == "validation_error"
    assert people["admin"].get("/api/v1/workspaces/porto-ribeira").status_code == 404


def test_managers_change_hours_and_policy_of_their_workspace_only(people):
    patch = {"opening_hours": [{"weekday": 5, "open": "10:00", "close": "14:00"}], "policy": {"max_active_bookings": 3}}
    r = people["manager"].patch("/api/v1/workspaces/gent", json=patch)
    assert r.status_code == 200, r.json
    assert r.json["opening_hours"] == patch["opening_hours"]
    assert r.json["policy"]["max_active_bookings"] == 3
    assert r.json["policy"]["slot_minutes"] == 30
    for who in ("other_manager", "member"):
        assert problem_code(people[who].patch("/api/v1/workspaces/gent", json=patch)) == "forbidden"
    assert problem_code(people["admin"].patch("/api/v1/workspaces/nowhere", json=patch)) == "not_found"
    assert problem_code(people["manager"].patch("/api/v1/workspaces/gent", json={"policy": {"slot_minutes": -5}})) == (
        "validation_error"
    )
    # Nothing changed by the refused requests.
    assert people["member"].get("/api/v1/workspaces/gent").json["policy"]["max_active_bookings"] == 3


def test_desks_are_added_by_managers_with_service_dates(people):
    r = people["manager"].post(
        "/api/v1/workspaces/gent/desks", json={"code": "B1", "kind": "fixed_desk", "zone": "North"}
    )
    assert r.status_code == 201, r.json
    assert r.json["id"] and r.json["in_service"] is True and r.json["in_service_from"] == "2027-03-01"
    old = people["admin"].post(
        "/api/v1/workspaces/gent/desks",
        json={
            "code": "B0",
            "kind": "hot_desk",
            "zone": "",
            "in_service_from": "2020-01-01",
            "in_service_until": "2026-12-31",
        },
    )
    assert old.status_code == 201 and old.json["in_service"] is False
    assert (
        people["manager"].post("/api/v1/workspaces/gent/desks", json={"code": "B1", "kind": "hot_desk"}).status_code
        == 409
    )
    assert problem_code(
        people["manager"].post("/api/v1/workspaces/gent/desks", json={"code": "B2", "kind": "sofa"})
    ) == ("validation_error")
    assert (
        problem_code(
            people["manager"].post(
                "/api/v1/workspaces/gent/desks",
                json={
                    "code": "B3",
                    "kind": "hot_desk",
                    "in_service_from": "2027-05-01",
                    "in_service_until": "2027-04-01",
                },
            )
        )
        == "validation_error"
    )
    for who in ("other_manager", "member"):
        assert (
            people[who].post("/api/v1/workspaces/gent/desks", json={"code": "X", "kind": "hot_desk"}).status_code == 403
        )
    desks = people["member"].get("/api/v1/workspaces/gent/desks").json
    assert [(d["code"], d["kind"], d["in_service"]) for d in desks] == [
        ("B0", "hot_desk", False),
        ("B1", "fixed_desk", True),
    ]
    assert set(desks[0]) >= {"id", "code", "kind", "zone", "in_service"}
    assert people["member"].get("/api/v1/workspaces/gent").json["desk_count"] == 1


def test_unknown_workspace_is_404(people):
    for url in (
        "/api/v1/workspaces/nope",
        "/api/v1/workspaces/nope/desks",
        "/api/v1/workspaces/nope/availability?date=2027-03-02",
    ):
        assert problem_code(people["member"].get(url)) == "not_found"


def test_availability_shows_free_booked_and_mine(people, make_desk, make_user, api_as):
    ws = people["ws"]
    a1 = make_desk(ws, code="A1")
    a2 = make_desk(ws, code="A2")
    make_desk(ws, code="GONE", in_service_until=date(2027, 3, 1))
    member = people["member"]
    other = api_as(make_user(workspaces=[ws]))
    assert member.book(a1, date(2027, 3, 2), "10:00", "12:00").status_code == 201
    assert other.book(a1, date(2027, 3, 2), "14:00", "15:30").status_code == 201
    r = member.get("/api/v1/workspaces/gent/availability?date=2027-03-02")
    assert r.status_code == 200, r.json
    body = r.json
    assert body["date"] == "2027-03-02" and body["timezone"] == "Europe/Brussels"
    assert body["open"] == [{"start": "2027-03-02T09:00:00+01:00", "end": "2027-03-02T18:00:00+01:00"}]
    desks = {d["code"]: d for d in body["desks"]}
    assert set(desks) == {"A1", "A2"}  # the retired desk is not offered
    assert desks["A1"]["id"] == a1.id
    assert desks["A1"]["booked"] == [
        {"start": "2027-03-02T10:00:00+01:00", "end": "2027-03-02T12:00:00+01:00", "mine": True},
        {"start": "2027-03-02T14:00:00+01:00", "end": "2027-03-02T15:30:00+01:00", "mine": False},
    ]
    assert desks["A1"]["free"] == [
        {"start": "2027-03-02T09:00:00+01:00", "end": "2027-03-02T10:00:00+01:00"},
        {"start": "2027-03-02T12:00:00+01:00", "end": "2027-03-02T14:00:00+01:00"},
        {"start": "2027-03-02T15:30:00+01:00", "end": "2027-03-02T18:00:00+01:00"},
    ]
    assert desks["A2"]["free"] == body["open"] and desks["A2"]["booked"] == []
    assert a2.id == desks["A2"]["id"]
    # Weekend: no opening hours, nothing free.
    sunday = member.get("/api/v1/workspaces/gent/availability?date=2027-03-07").json
    assert sunday["open"] == [] and all(d["free"] == [] for d in sunday["desks"])
    assert problem_code(member.get("/api/v1/workspaces/gent/availability?date=2027-02-30")) == "validation_error"
    assert problem_code(member.get("/api/v1/workspaces/gent/availability")) == "validation_error"
    assert problem_code(member.get("/api/v1/workspaces/gent/availability?date=9999-12-31")) == "validation_error"


def test_reads_run_a_constant_number_of_queries(people, make_desk, make_user, api_as, sql_statements):
    ws = people["ws"]
    urls = [
        "/api/v1/workspaces",
        "/api/v1/workspaces/gent",
        "/api/v1/workspaces/gent/desks",
        "/api/v1/workspaces/gent/availability?date=2027-03-02",
        "/api/v1/bookings?workspace=gent",
    ]

    def count(url):
        with sql_statements() as statements:
            assert people["manager"].get(url).status_code == 200
        return len(statements)

    first = make_desk(ws, code="S1")
    assert api_as(make_user(workspaces=[ws])).book(first, date(2027, 3, 2), "09:00", "10:00").status_code == 201
    for url in urls:
        count(url)  # warm-up: first-use statements are not what we measure
    small = {url: count(url) for url in urls}
    for n in range(12):
        desk = make_desk(ws, code=f"L{n}")
        assert api_as(make_user(workspaces=[ws])).book(desk, date(2027, 3, 2), "09:00", "10:00").status_code == 201
    assert {url: count(url) for url in urls} == small
