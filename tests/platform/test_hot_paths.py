"""The hot paths keep their answers: bounded index reads still find every
overlapping booking, and the payloads built without a second marshmallow pass are exactly what
their documented schemas would produce."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coworking.bookings.models import MAX_LENGTH
from coworking.bookings.schemas import AvailabilitySchema, BookingDetailSchema, BookingSchema
from coworking.workspaces.rules import BookingPolicy
from tests.support.clock import MONDAY
from tests.support.factories import gent_team
from tests.support.http import problem_code

TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
def setting(clock, factories, api_as):
    """factories.gent_team, bookings up to a day long."""
    s = gent_team(factories, policy={"max_length_minutes": 24 * 60})
    s.as_ana = api_as(s.ana)
    s.as_manager = api_as(s.manager)
    return s


def test_no_booking_can_be_longer_than_the_bound_the_queries_rely_on(setting):
    # The largest policy a workspace may have is the day the database enforces (migration 0007's
    # CHECK and triggers say 24 hours: raising the policy limit needs a migration too)…
    assert timedelta(minutes=BookingPolicy.LIMITS["max_length_minutes"][1]) == MAX_LENGTH == timedelta(hours=24)
    # …and one slot more is refused as too long.
    r = setting.as_ana.post(
        "/api/v1/bookings",
        json={"desk_id": setting.desk.id, "start": f"{TUESDAY}T09:00", "end": f"{TUESDAY + timedelta(days=1)}T09:30"},
    )
    assert problem_code(r) == "too_long"


def test_a_booking_of_the_longest_length_is_found_on_the_day_it_ends(setting, make_booking):
    """Started 24 hours earlier: the bounded read (starts_at > day start − 24 h) still sees it."""
    start = datetime(2027, 3, 2, 9, 30, tzinfo=UTC)  # Tuesday 10:30 in Brussels
    end = start + MAX_LENGTH  # Wednesday 10:30
    make_booking(setting.desk, setting.ana, start, end, made=start - timedelta(days=3))
    body = setting.as_ana.get("/api/v1/workspaces/gent/availability?date=2027-03-03").json
    a1 = next(d for d in body["desks"] if d["code"] == "A1")
    assert a1["booked"] == [{"start": "2027-03-02T10:30:00+01:00", "end": "2027-03-03T10:30:00+01:00", "mine": True}]
    assert a1["free"][0]["start"] == "2027-03-03T10:30:00+01:00"
    # The active-booking count and a closure see it too.
    r = setting.as_manager.post(
        "/api/v1/workspaces/gent/closures", json={"start_date": "2027-03-03", "end_date": "2027-03-03", "reason": "x"}
    )
    assert r.status_code == 201, r.json
    assert r.json["cancelled_bookings"] == 1


def test_a_booking_that_ended_exactly_at_the_start_of_the_day_is_not_on_it(setting, make_booking):
    start = datetime(2027, 3, 1, 23, 0, tzinfo=UTC)  # Tuesday 00:00 local, minus 24 h
    make_booking(setting.desk, setting.ana, start - MAX_LENGTH, start, made=start - MAX_LENGTH - timedelta(days=3))
    body = setting.as_ana.get("/api/v1/workspaces/gent/availability?date=2027-03-02").json
    assert all(d["booked"] == [] for d in body["desks"])


def documented_keys(schema) -> set[str]:
    return {field.data_key or name for name, field in schema.fields.items()}


def test_fast_payloads_equal_their_schema_dump(setting):
    created = setting.as_ana.book(setting.desk, TUESDAY, "09:00", "12:00", note="n")
    assert created.status_code == 201
    assert BookingDetailSchema().dump(created.json) == created.json
    assert set(created.json) == documented_keys(BookingDetailSchema()) - {"member"}  # shown to managers only
    assert created.json["guests"] == []  # one booking's answers have its guests, lists do not
    listed = setting.as_ana.get("/api/v1/bookings").json
    assert listed == [{k: v for k, v in created.json.items() if k != "guests"}]
    assert BookingSchema(many=True).dump(listed) == listed
    managed = setting.as_manager.get("/api/v1/bookings?workspace=gent").json
    assert managed[0]["member"] == {"id": setting.ana.id, "name": setting.ana.name}
    assert BookingSchema(many=True).dump(managed) == managed
    assert set(managed[0]) == documented_keys(BookingSchema())
    day = setting.as_ana.get(f"/api/v1/workspaces/gent/availability?date={TUESDAY}").json
    assert AvailabilitySchema().dump(AvailabilitySchema().load(day)) == day
    assert set(day) == documented_keys(AvailabilitySchema())
    assert day["date"] == TUESDAY.isoformat() and isinstance(date.fromisoformat(day["date"]), date)
