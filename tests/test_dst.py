"""Bookings around the 2027 DST changes in Europe/Brussels (CET/CEST)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from coworking.bookings.models import Booking
from tests.conftest import problem_code

ALL_DAYS_ALL_HOURS = [{"weekday": d, "open": "00:00", "close": "23:30"} for d in range(7)]


@pytest.fixture
def brussels(make_workspace, make_desk, make_user, api_as):
    with time_machine.travel("2027-03-01T08:00:00+00:00", tick=False):
        ws = make_workspace(slug="brussels", timezone="Europe/Brussels", opening_hours=ALL_DAYS_ALL_HOURS)
        desk = make_desk(ws)
        member = api_as(make_user(workspaces=[ws]))
        yield ws, desk, member


@pytest.mark.parametrize(
    ("day", "utc_start", "utc_end"),
    [
        (date(2027, 3, 26), datetime(2027, 3, 26, 8, tzinfo=UTC), datetime(2027, 3, 26, 16, tzinfo=UTC)),  # Fri, CET
        (date(2027, 3, 29), datetime(2027, 3, 29, 7, tzinfo=UTC), datetime(2027, 3, 29, 15, tzinfo=UTC)),  # Mon, CEST
        (date(2027, 10, 29), datetime(2027, 10, 29, 7, tzinfo=UTC), datetime(2027, 10, 29, 15, tzinfo=UTC)),  # CEST
        (date(2027, 11, 1), datetime(2027, 11, 1, 8, tzinfo=UTC), datetime(2027, 11, 1, 16, tzinfo=UTC)),  # CET
    ],
)
def test_nine_to_five_lands_on_the_right_instant(brussels, db, day, utc_start, utc_end):
    _ws, desk, member = brussels
    with time_machine.travel("2027-03-01T08:00:00+00:00", tick=False):
        r = member.book(desk, day, "09:00", "17:00")
    assert r.status_code == 201, r.json
    row = db.session.scalar(select(Booking))
    assert (row.starts_at, row.ends_at) == (utc_start, utc_end)
    # Shown back in local time with that day's offset.
    assert r.json["start"].startswith(f"{day.isoformat()}T09:00:00+0")
    assert r.json["end"].startswith(f"{day.isoformat()}T17:00:00+0")


def test_spring_forward_gap_is_refused_before_any_other_rule(brussels, db):
    _ws, desk, member = brussels
    with time_machine.travel("2027-03-01T08:00:00+00:00", tick=False):
        # 02:30 does not exist on Sunday 28 March 2027 (02:00 CET → 03:00 CEST).
        r = member.book(desk, date(2027, 3, 28), "02:30", "04:00")
        assert r.status_code == 422 and problem_code(r) == "nonexistent_local_time"
        # ... even when the request also breaks other rules (misaligned end, in the past if the
        # clock were later, end before start): local time is resolved first.
        r = member.book(desk, date(2027, 3, 28), "02:30", "01:10")
        assert problem_code(r) == "nonexistent_local_time"
    with time_machine.travel("2027-04-01T08:00:00+00:00", tick=False):
        assert problem_code(member.book(desk, date(2027, 3, 28), "02:30", "04:00")) == "nonexistent_local_time"
    assert db.session.query(Booking).count() == 0


def test_fall_back_repeat_needs_an_offset(brussels, db):
    _ws, desk, member = brussels
    with time_machine.travel("2027-03-01T08:00:00+00:00", tick=False):
        r = member.book(desk, date(2027, 10, 31), "02:30", "04:00")
        assert r.status_code == 422 and problem_code(r) == "ambiguous_local_time"
        assert "+02:00" in r.json["detail"] and "+01:00" in r.json["detail"]
        # The first 02:30 (CEST) to the second 02:30 (CET): one hour, stated with offsets.
        r = member.post(
            "/api/v1/bookings",
            json={"desk_id": desk.id, "start": "2027-10-31T02:30:00+02:00", "end": "2027-10-31T02:30:00+01:00"},
        )
        assert r.status_code == 201, r.json
    row = db.session.scalar(select(Booking))
    assert row.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert row.ends_at == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert r.json["start"] == "2027-10-31T02:30:00+02:00" and r.json["end"] == "2027-10-31T02:30:00+01:00"


def test_a_whole_dst_day_is_23_or_25_hours_of_availability(brussels):
    _ws, _desk, member = brussels
    with time_machine.travel("2027-03-01T08:00:00+00:00", tick=False):
        spring = member.get("/api/v1/workspaces/brussels/availability?date=2027-03-28").json
        autumn = member.get("/api/v1/workspaces/brussels/availability?date=2027-10-31").json
    assert spring["open"] == [{"start": "2027-03-28T00:00:00+01:00", "end": "2027-03-28T23:30:00+02:00"}]
    assert autumn["open"] == [{"start": "2027-10-31T00:00:00+02:00", "end": "2027-10-31T23:30:00+01:00"}]
