"""Booking rules and error codes through real API requests, on every backend."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from coworking.bookings.models import Booking
from tests.support.clock import MONDAY
from tests.support.factories import gent_team
from tests.support.http import problem_code

TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
def setting(clock, factories, api_as):
    """A Brussels workspace open Mon–Fri 09:00–18:00, two desks, two members, a manager, an
    admin (factories.gent_team), each with an API client."""
    s = gent_team(factories)
    s.as_ana = api_as(s.ana)
    s.as_bo = api_as(s.bo)
    s.as_manager = api_as(s.manager)
    s.as_admin = api_as(s.admin)
    s.clock = clock
    return s


def set_policy(s, **policy):
    r = s.as_manager.patch(f"/api/v1/workspaces/{s.ws.slug}", json={"policy": policy})
    assert r.status_code == 200, r.json


def test_booking_is_created_with_local_offsets(setting, db):
    r = setting.as_ana.book(setting.desk, TUESDAY, "09:00", "12:30", note="quiet please")
    assert r.status_code == 201, r.json
    body = r.json
    assert body["start"] == "2027-03-02T09:00:00+01:00"
    assert body["end"] == "2027-03-02T12:30:00+01:00"
    assert body["status"] == "confirmed"
    assert body["sequence"] == 0
    assert body["desk"] == {"id": setting.desk.id, "code": "A1"}
    assert body["workspace"] == "gent"
    assert body["note"] == "quiet please"
    assert body["cancelled_at"] is None
    row = db.session.scalar(select(Booking))
    assert str(row.uuid) == body["id"]
    assert row.starts_at == datetime(2027, 3, 2, 8, 0, tzinfo=UTC)
    # The booking can be read back by its UUID.
    assert setting.as_ana.get(f"/api/v1/bookings/{body['id']}").json == body


def test_explicit_offset_is_an_instant(setting):
    r = setting.as_ana.post(
        "/api/v1/bookings",
        json={"desk_id": setting.desk.id, "start": "2027-03-02T08:00:00Z", "end": "2027-03-02T10:00:00+01:00"},
    )
    assert r.status_code == 201, r.json
    assert r.json["start"] == "2027-03-02T09:00:00+01:00"


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        ("10:00", "09:00", "invalid_interval"),
        ("10:00", "10:00", "invalid_interval"),
        ("09:10", "10:00", "misaligned"),
        ("09:00", "10:15", "misaligned"),
        ("07:00", "09:30", "outside_opening_hours"),
        ("17:00", "18:30", "outside_opening_hours"),
    ],
)
def test_interval_rules(setting, start, end, code):
    r = setting.as_ana.book(setting.desk, TUESDAY, start, end)
    assert r.status_code == 422
    assert problem_code(r) == code
    body = r.json
    assert body["status"] == 422 and body["title"] and body["detail"]


def test_weekend_and_multi_day_bookings_are_outside_opening_hours(setting):
    r = setting.as_ana.book(setting.desk, date(2027, 3, 6), "10:00", "11:00")  # Saturday
    assert problem_code(r) == "outside_opening_hours"
    set_policy(setting, max_length_minutes=1440)
    r = setting.as_ana.post(
        "/api/v1/bookings",
        json={"desk_id": setting.desk.id, "start": "2027-03-02T17:00", "end": "2027-03-03T10:00"},
    )
    assert problem_code(r) == "outside_opening_hours"
    # Without the longer limit the same request is simply too long.
    set_policy(setting, max_length_minutes=600)
    r = setting.as_ana.post(
        "/api/v1/bookings",
        json={"desk_id": setting.desk.id, "start": "2027-03-02T17:00", "end": "2027-03-03T10:00"},
    )
    assert problem_code(r) == "too_long"


def test_touching_windows_are_one_window(setting):
    hours = [{"weekday": 1, "open": "09:00", "close": "12:00"}, {"weekday": 1, "open": "12:00", "close": "18:00"}]
    r = setting.as_manager.patch("/api/v1/workspaces/gent", json={"opening_hours": hours})
    assert r.json["opening_hours"] == [{"weekday": 1, "open": "09:00", "close": "18:00"}]
    assert setting.as_ana.book(setting.desk, TUESDAY, "11:00", "13:00").status_code == 201


def test_several_opening_windows_a_day(setting):
    hours = [{"weekday": 1, "open": "08:00", "close": "12:00"}, {"weekday": 1, "open": "13:00", "close": "17:00"}]
    assert setting.as_manager.patch("/api/v1/workspaces/gent", json={"opening_hours": hours}).status_code == 200
    assert setting.as_ana.book(setting.desk, TUESDAY, "08:00", "12:00").status_code == 201
    assert problem_code(setting.as_ana.book(setting.desk2, TUESDAY, "11:30", "13:30")) == "outside_opening_hours"
    assert setting.as_bo.book(setting.desk, TUESDAY, "13:00", "17:00").status_code == 201


def test_in_the_past_and_too_soon(setting):
    assert problem_code(setting.as_ana.book(setting.desk, date(2027, 2, 26), "09:00", "10:00")) == "in_the_past"
    # Today, a slot that already started (now is 09:00 local; 08:30 is past).
    r = setting.as_ana.post(
        "/api/v1/bookings", json={"desk_id": setting.desk.id, "start": "2027-03-01T08:30", "end": "2027-03-01T10:00"}
    )
    assert problem_code(r) == "in_the_past"  # checked before the opening hours
    set_policy(setting, min_notice_minutes=120)
    assert problem_code(setting.as_ana.book(setting.desk, MONDAY, "10:00", "11:00")) == "too_soon"
    assert setting.as_ana.book(setting.desk, MONDAY, "11:00", "12:00").status_code == 201


def test_too_far_ahead_and_too_long(setting):
    set_policy(setting, max_advance_days=30, max_length_minutes=240)
    assert setting.as_ana.book(setting.desk, date(2027, 3, 31), "09:00", "10:00").status_code == 201
    assert problem_code(setting.as_ana.book(setting.desk, date(2027, 4, 1), "09:00", "10:00")) == "too_far_ahead"
    assert problem_code(setting.as_ana.book(setting.desk, TUESDAY, "09:00", "13:30")) == "too_long"
    assert setting.as_ana.book(setting.desk, TUESDAY, "09:00", "13:00").status_code == 201


def test_limit_on_active_bookings(setting):
    set_policy(setting, max_active_bookings=2)
    assert setting.as_ana.book(setting.desk, TUESDAY, "09:00", "10:00").status_code == 201
    second = setting.as_ana.book(setting.desk, TUESDAY, "10:00", "11:00")
    assert second.status_code == 201
    r = setting.as_ana.book(setting.desk, TUESDAY, "11:00", "12:00")
    assert r.status_code == 422 and problem_code(r) == "limit_reached"
    # Cancelling one frees a place.
    assert setting.as_ana.delete(f"/api/v1/bookings/{second.json['id']}").status_code == 200
    assert setting.as_ana.book(setting.desk, TUESDAY, "11:00", "12:00").status_code == 201
    # Other members are not limited by Ana's bookings.
    assert setting.as_bo.book(setting.desk2, TUESDAY, "11:00", "12:00").status_code == 201


def test_desk_out_of_service(setting, make_desk):
    retired = make_desk(setting.ws, code="OLD", in_service_until=date(2027, 3, 3))
    future = make_desk(setting.ws, code="NEW", in_service_from=date(2027, 3, 8))
    assert setting.as_ana.book(retired, date(2027, 3, 3), "09:00", "10:00").status_code == 201
    assert problem_code(setting.as_ana.book(retired, date(2027, 3, 4), "09:00", "10:00")) == "desk_out_of_service"
    assert problem_code(setting.as_ana.book(future, date(2027, 3, 5), "09:00", "10:00")) == "desk_out_of_service"
    assert setting.as_ana.book(future, date(2027, 3, 8), "09:00", "10:00").status_code == 201


def test_closure_refuses_bookings_and_cancels_existing_ones(setting, db):
    keep = setting.as_ana.book(setting.desk, date(2027, 3, 4), "09:00", "10:00").json
    hit1 = setting.as_ana.book(setting.desk, date(2027, 3, 5), "09:00", "10:00").json
    hit2 = setting.as_bo.book(setting.desk2, date(2027, 3, 8), "09:00", "18:00").json
    r = setting.as_manager.post(
        "/api/v1/workspaces/gent/closures",
        json={"start_date": "2027-03-05", "end_date": "2027-03-08", "reason": "Works"},
    )
    assert r.status_code == 201, r.json
    assert r.json["cancelled_bookings"] == 2
    assert r.json["id"] and r.json["start_date"] == "2027-03-05" and r.json["end_date"] == "2027-03-08"
    assert setting.as_ana.get(f"/api/v1/bookings/{keep['id']}").json["status"] == "confirmed"
    cancelled = setting.as_ana.get(f"/api/v1/bookings/{hit1['id']}").json
    assert cancelled["status"] == "cancelled" and cancelled["sequence"] == 1
    assert "Works" in cancelled["cancel_reason"]
    assert setting.as_bo.get(f"/api/v1/bookings/{hit2['id']}").json["status"] == "cancelled"
    assert problem_code(setting.as_ana.book(setting.desk, date(2027, 3, 5), "09:00", "10:00")) == "closed"
    assert problem_code(setting.as_ana.book(setting.desk, date(2027, 3, 8), "11:00", "12:00")) == "closed"
    assert db.session.query(Booking).count() == 3  # nothing deleted


def test_closure_needs_a_manager_and_ordered_dates(setting):
    body = {"start_date": "2027-03-05", "end_date": "2027-03-05", "reason": "x"}
    assert problem_code(setting.as_ana.post("/api/v1/workspaces/gent/closures", json=body)) == "forbidden"
    body = {"start_date": "2027-03-06", "end_date": "2027-03-05", "reason": "x"}
    assert problem_code(setting.as_manager.post("/api/v1/workspaces/gent/closures", json=body)) == "validation_error"


def test_half_open_intervals_and_conflicts(setting, db):
    assert setting.as_ana.book(setting.desk, TUESDAY, "09:00", "12:00").status_code == 201
    # Touching is fine: [09:00, 12:00) and [12:00, 13:00) do not clash.
    assert setting.as_bo.book(setting.desk, TUESDAY, "12:00", "13:00").status_code == 201
    r = setting.as_bo.book(setting.desk, TUESDAY, "11:30", "12:00")
    assert r.status_code == 409 and problem_code(r) == "desk_taken"
    # Ana on another desk at an overlapping time: she cannot sit at two desks.
    r = setting.as_ana.book(setting.desk2, TUESDAY, "10:00", "11:00")
    assert r.status_code == 409 and problem_code(r) == "member_busy"
    assert db.session.query(Booking).count() == 2


def test_cancel_twice_is_harmless_and_slot_can_be_booked_again(setting, db):
    made = setting.as_ana.book(setting.desk, TUESDAY, "09:00", "10:00").json
    first = setting.as_ana.delete(f"/api/v1/bookings/{made['id']}")
    assert first.status_code == 200
    assert first.json["status"] == "cancelled" and first.json["sequence"] == 1
    assert first.json["cancelled_at"] == "2027-03-01T09:00:00+01:00"
    again = setting.as_ana.delete(f"/api/v1/bookings/{made['id']}")
    assert again.status_code == 200 and again.json == first.json
    rebook = setting.as_bo.book(setting.desk, TUESDAY, "09:00", "10:00")
    assert rebook.status_code == 201
    assert db.session.query(Booking).count() == 2  # the cancelled one is kept


def test_cancellation_cutoff(setting):
    made = setting.as_ana.book(setting.desk, TUESDAY, "10:00", "11:00").json
    other = setting.as_ana.book(setting.desk, TUESDAY, "11:00", "12:00").json
    # Cut-off 60 minutes: until 09:00 local on Tuesday (08:00 UTC).
    setting.clock.move_to("2027-03-02T08:00:00+00:00")
    assert setting.as_ana.delete(f"/api/v1/bookings/{made['id']}").status_code == 200
    setting.clock.move_to("2027-03-02T09:01:00+00:00")  # 10:01 local, 59 min before 11:00
    r = setting.as_ana.delete(f"/api/v1/bookings/{other['id']}")
    assert r.status_code == 422 and problem_code(r) == "cancellation_closed"
    assert setting.as_ana.get(f"/api/v1/bookings/{other['id']}").json["status"] == "confirmed"
    # The workspace's manager may still cancel before the start (e.g. the desk broke).
    r = setting.as_manager.delete(f"/api/v1/bookings/{other['id']}")
    assert r.status_code == 200 and r.json["status"] == "cancelled"


def test_a_managers_own_booking_follows_the_member_cut_off(setting):
    own = setting.as_manager.book(setting.desk, TUESDAY, "10:00", "11:00").json
    setting.clock.move_to("2027-03-02T08:30:00+00:00")  # 09:30 local, 30 min before the start
    assert problem_code(setting.as_manager.delete(f"/api/v1/bookings/{own['id']}")) == "cancellation_closed"


def test_started_booking_cannot_be_cancelled_by_anyone(setting):
    made = setting.as_ana.book(setting.desk, TUESDAY, "10:00", "11:00").json
    setting.clock.move_to("2027-03-02T09:30:00+00:00")  # 10:30 local
    assert problem_code(setting.as_manager.delete(f"/api/v1/bookings/{made['id']}")) == "cancellation_closed"


def test_members_never_see_each_others_bookings(setting, make_workspace, make_user, api_as):
    mine = setting.as_ana.book(setting.desk, TUESDAY, "09:00", "10:00").json
    url = f"/api/v1/bookings/{mine['id']}"
    other_ws = make_workspace(slug="lille")
    stranger_manager = api_as(make_user(role="manager", workspaces=[other_ws]))
    for outsider in (setting.as_bo, stranger_manager):
        for response in (outsider.get(url), outsider.delete(url)):
            assert response.status_code == 404 and problem_code(response) == "not_found"
        listed = outsider.get("/api/v1/bookings").json
        assert mine["id"] not in {b["id"] for b in listed}
    # Bo's failed cancel changed nothing.
    assert setting.as_ana.get(url).json["status"] == "confirmed"
    # A manager of another workspace cannot list this one.
    assert problem_code(stranger_manager.get("/api/v1/bookings?workspace=gent")) == "forbidden"
    assert problem_code(setting.as_bo.get("/api/v1/bookings?workspace=gent")) == "forbidden"
    # Its manager and admins can read it, and see whose it is.
    for insider in (setting.as_manager, setting.as_admin):
        got = insider.get(url)
        assert got.status_code == 200 and got.json["member"]["name"] == setting.ana.name
        assert [b["id"] for b in insider.get("/api/v1/bookings?workspace=gent").json] == [mine["id"]]


def test_unknown_and_malformed_booking_ids_are_404(setting):
    for booking_id in ("00000000-0000-0000-0000-000000000000", "not-a-uuid", "1"):
        assert problem_code(setting.as_ana.get(f"/api/v1/bookings/{booking_id}")) == "not_found"
        assert problem_code(setting.as_ana.delete(f"/api/v1/bookings/{booking_id}")) == "not_found"


def test_list_filters_by_local_date_and_status(setting):
    a = setting.as_ana.book(setting.desk, TUESDAY, "09:00", "10:00").json
    b = setting.as_ana.book(setting.desk, date(2027, 3, 3), "09:00", "10:00").json
    c = setting.as_ana.book(setting.desk, date(2027, 3, 4), "09:00", "10:00").json
    setting.as_ana.delete(f"/api/v1/bookings/{c['id']}")

    def ids(query):
        r = setting.as_ana.get(f"/api/v1/bookings{query}")
        assert r.status_code == 200, r.json
        return [x["id"] for x in r.json]

    assert ids("") == [a["id"], b["id"], c["id"]]
    assert ids("?from=2027-03-03&to=2027-03-03") == [b["id"]]
    assert ids("?from=2027-03-03") == [b["id"], c["id"]]
    assert ids("?status=cancelled") == [c["id"]]
    assert ids("?status=confirmed&to=2027-03-02") == [a["id"]]
    assert problem_code(setting.as_ana.get("/api/v1/bookings?from=2027-03-04&to=2027-03-03")) == "validation_error"
    assert problem_code(setting.as_ana.get("/api/v1/bookings?status=maybe")) == "validation_error"
    assert problem_code(setting.as_ana.get("/api/v1/bookings?from=yesterday")) == "validation_error"
    assert problem_code(setting.as_ana.get("/api/v1/bookings?from=0001-01-01")) == "validation_error"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"desk_id": "one", "start": "2027-03-02T09:00", "end": "2027-03-02T10:00"},
        {"desk_id": 1.5, "start": "2027-03-02T09:00", "end": "2027-03-02T10:00"},
        {"desk_id": 999999, "start": "2027-03-02T09:00", "end": "2027-03-02T10:00"},
        {"desk_id": None, "start": "2027-03-02T09:00", "end": "2027-03-02T10:00"},
        {"start": "2027-03-02T09:00", "end": "2027-03-02T10:00"},
        {"desk_id": 1, "start": "tomorrow at nine", "end": "2027-03-02T10:00"},
        {"desk_id": 1, "start": 20270302, "end": "2027-03-02T10:00"},
        {"desk_id": 1, "start": "2027-03-02T09:00", "end": "2027-03-02T10:00", "colour": "red"},
        ["not", "an", "object"],
        {"desk_id": 10**20, "start": "2027-03-02T09:00", "end": "2027-03-02T10:00"},
        {"desk_id": -1, "start": "2027-03-02T09:00", "end": "2027-03-02T10:00"},
        {"desk_id": 1, "start": "9999-12-31T23:30:00-05:00", "end": "2027-03-02T10:00"},
        {"desk_id": 1, "start": "0001-01-01T00:00", "end": "0001-01-01T01:00"},
        {"desk_id": 1, "start": "2027-03-02T09:00+25:00", "end": "2027-03-02T10:00"},
        {"desk_id": 1, "start": "2027-03-02T09:00", "end": "2027-03-02T10:00", "note": "x" * 501},
        {"desk_id": 1, "start": "2027-03-02T09:00", "end": "2027-03-02T10:00", "note": "\ud800"},
        {"desk_id": 1, "start": "2027-03-02T09:00", "end": "2027-03-02T10:00", "note": "a\u0000b"},
        {"desk_id": 1, "start": "2027-03-02T09:00\u0000", "end": "2027-03-02T10:00"},
    ],
)
def test_bad_input_is_a_clear_422_and_writes_nothing(setting, db, payload):
    if isinstance(payload, dict) and payload.get("desk_id") == 1:
        payload["desk_id"] = setting.desk.id
    r = setting.as_ana.post("/api/v1/bookings", json=payload)
    assert r.status_code == 422, r.json
    assert problem_code(r) == "validation_error"
    assert db.session.query(Booking).count() == 0


def test_malformed_json_is_a_4xx_problem(setting, client, db):
    for body, content_type in [
        ("{not json", "application/json"),
        ("desk_id=1", "application/x-www-form-urlencoded"),
        ("[" * 100_000 + "]" * 100_000, "application/json"),
        ('{"desk_id": ' + "9" * 5000 + "}", "application/json"),
        ('{"desk_id": 1, "start": "\\ud800"}', "application/json"),
        ("x" * 2_000_000, "application/json"),
    ]:
        r = client.post("/api/v1/bookings", data=body, content_type=content_type, headers=setting.as_ana.headers)
        assert 400 <= r.status_code < 500, r.get_data(as_text=True)
        assert r.mimetype == "application/problem+json"
        assert r.json["code"] in {"bad_request", "validation_error", "unsupported_media_type", "payload_too_large"}
    assert db.session.query(Booking).count() == 0


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic YWxhZGRpbjpvcGVuc2VzYW1l"}, {"Authorization": ""}],
)
def test_every_endpoint_needs_a_valid_token(setting, client, headers):
    """Every operation of the OpenAPI document except the token login itself."""
    document = client.get("/api/v1/openapi.json").json
    assert document["security"] == [{"bearerAuth": []}]
    nil = "00000000-0000-0000-0000-000000000000"
    values = {
        "slug": "gent",
        "user_id": "1",
        "booking_id": nil,
        "series_id": nil,
        "entry_id": nil,
        "year": "2027",
        "desk_id": "1",
        "closure_id": "1",
        "outage_id": "1",
        "floor_id": "1",
    }
    operations, public = [], []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            if operation.get("security") == []:
                public.append((method, path))
                continue
            operations.append((method, re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)))
    assert public == [("post", "/api/v1/tokens")]
    assert len(operations) >= 26 and ("get", "/api/v1/audit") in operations
    for method, url in operations:
        r = getattr(client, method)(url, headers=headers, json={} if method != "get" else None)
        assert r.status_code == 401, (method, url, r.status_code)
        assert problem_code(r) == "unauthorized"
        assert r.headers["WWW-Authenticate"].startswith("Bearer")


def test_tokens_expire_and_deactivated_users_lose_access(setting, db, api_as):
    api_token = api_as(setting.ana, kind="api")
    cli_token = api_as(setting.ana, kind="cli")
    assert api_token.get("/api/v1/workspaces").status_code == 200
    setting.clock.shift(timedelta(hours=1))
    assert api_token.get("/api/v1/workspaces").status_code == 200  # API logins last over an hour
    setting.clock.shift(timedelta(hours=11, seconds=1))
    assert problem_code(api_token.get("/api/v1/workspaces")) == "unauthorized"
    setting.clock.shift(timedelta(days=29))
    assert cli_token.get("/api/v1/workspaces").status_code == 200  # CLI tokens last over 30 days
    setting.bo.active = False
    db.session.commit()
    assert problem_code(setting.as_bo.get("/api/v1/workspaces")) == "unauthorized"
