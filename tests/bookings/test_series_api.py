"""Series of bookings through the API, on every backend: weekly across a DST change, several
dates, fail and skip, the limits, who may read a series, cancelling from a date on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from coworking.bookings.models import Booking, BookingSeries
from coworking.bookings.schemas import BookingDetailSchema, BookingSchema, SeriesSchema
from tests.support.app import outbox
from tests.support.clock import TUESDAY
from tests.support.factories import gent_team
from tests.support.http import problem_code


@pytest.fixture
def setting(clock, factories, api_as):
    """factories.gent_team (Brussels, open Monday to Friday 09:00–18:00), bookable two years
    ahead, up to 100 upcoming bookings a member."""
    s = gent_team(factories, policy={"max_active_bookings": 100})
    s.as_ana = api_as(s.ana)
    s.as_bo = api_as(s.bo)
    s.as_manager = api_as(s.manager)
    s.as_admin = api_as(s.admin)
    s.clock = clock
    return s


def series(api, desk, day: date, start="09:00", end="12:00", **extra):
    return api.post(
        "/api/v1/series",
        json={"desk_id": desk.id, "start": f"{day}T{start}", "end": f"{day}T{end}", **extra},
    )


def test_a_weekly_series_keeps_nine_oclock_across_the_spring_change(setting, db):
    """Mondays 15 March to 5 April 2027: Brussels moves its clocks on Sunday 28 March, so the
    UTC hour of the booking changes while the local one stays 09:00."""
    first = date(2027, 3, 15)
    r = series(setting.as_ana, setting.desk, first, repeat={"weekdays": [0], "until": "2027-04-05"})
    assert r.status_code == 201, r.json
    assert SeriesSchema().dump(r.json) == r.json
    starts = [b["start"] for b in r.json["bookings"]]
    assert starts == [
        "2027-03-15T09:00:00+01:00",
        "2027-03-22T09:00:00+01:00",
        "2027-03-29T09:00:00+02:00",
        "2027-04-05T09:00:00+02:00",
    ]
    assert [b["end"][11:] for b in r.json["bookings"]] == ["12:00:00+01:00"] * 2 + ["12:00:00+02:00"] * 2
    assert r.json["skipped"] == []
    utc_hours = [
        b.starts_at.astimezone(UTC).hour for b in db.session.scalars(select(Booking).order_by(Booking.starts_at))
    ]
    assert utc_hours == [8, 8, 7, 7]
    # Each occurrence is an ordinary booking that names its series, with its own id.
    assert {b["series"] for b in r.json["bookings"]} == {r.json["id"]}
    assert len({b["id"] for b in r.json["bookings"]}) == 4
    one = setting.as_ana.get(f"/api/v1/bookings/{r.json['bookings'][2]['id']}").json
    assert one["series"] == r.json["id"]
    assert BookingDetailSchema().dump(one) == one
    listed = setting.as_ana.get("/api/v1/bookings").json
    assert [b["series"] for b in listed] == [r.json["id"]] * 4
    assert BookingSchema(many=True).dump(listed) == listed


def test_a_single_booking_names_no_series(setting):
    r = setting.as_ana.book(setting.desk, TUESDAY, "09:00", "10:00")
    assert r.status_code == 201
    assert r.json["series"] is None


def test_fail_books_nothing_when_one_date_is_taken(setting, db):
    taken = series(setting.as_bo, setting.desk, date(2027, 3, 9), start="10:00", end="11:00")
    assert taken.status_code == 201, taken.json
    dates = ["2027-03-09", "2027-03-10"]
    r = series(setting.as_ana, setting.desk, TUESDAY, dates=dates)
    assert r.status_code == 409
    assert problem_code(r) == "desk_taken"
    assert r.json["conflicts"] == [
        {"date": "2027-03-09", "code": "desk_taken", "detail": "Someone booked this desk for an overlapping time."}
    ]
    assert db.session.scalars(select(Booking.member_id)).all() == [setting.bo.id]
    assert len(db.session.scalars(select(BookingSeries)).all()) == 1  # Bo's


def test_fail_answers_the_first_problem_and_lists_every_refused_date(setting):
    """Saturday the workspace does not open (422) and comes before a taken Monday: the answer
    is the first refusal, its conflicts list both."""
    assert setting.as_bo.book(setting.desk, date(2027, 3, 8), "11:00", "12:00").status_code == 201
    r = series(setting.as_ana, setting.desk, TUESDAY, dates=["2027-03-06", "2027-03-08"])
    assert r.status_code == 422
    assert problem_code(r) == "outside_opening_hours"
    assert [(c["date"], c["code"]) for c in r.json["conflicts"]] == [
        ("2027-03-06", "outside_opening_hours"),
        ("2027-03-08", "desk_taken"),
    ]


def test_skip_books_the_other_dates_and_lists_the_taken_one(setting, db, app):
    assert setting.as_bo.book(setting.desk, date(2027, 3, 9), "09:00", "09:30").status_code == 201
    r = series(
        setting.as_ana,
        setting.desk,
        TUESDAY,
        repeat={"weekdays": [1], "until": "2027-03-23"},
        on_conflict="skip",
        note="standing desk",
    )
    assert r.status_code == 201, r.json
    assert [b["start"][:10] for b in r.json["bookings"]] == ["2027-03-02", "2027-03-16", "2027-03-23"]
    assert {b["note"] for b in r.json["bookings"]} == {"standing desk"}
    assert [(s["date"], s["code"]) for s in r.json["skipped"]] == [("2027-03-09", "desk_taken")]
    mine = db.session.scalars(select(Booking).where(Booking.member_id == setting.ana.id)).all()
    assert len(mine) == 3
    # One confirmation per booking made.
    assert sorted(m["To"] for m in outbox(app)) == ["ana@example.org"] * 3 + ["bo@example.org"]


def test_skip_with_nothing_bookable_answers_like_fail(setting):
    r = series(setting.as_ana, setting.desk, date(2027, 3, 6), dates=["2027-03-07"], on_conflict="skip")
    assert r.status_code == 422
    assert problem_code(r) == "outside_opening_hours"
    assert [c["date"] for c in r.json["conflicts"]] == ["2027-03-06", "2027-03-07"]


def test_a_member_busy_elsewhere_is_a_conflict_of_that_date(setting):
    assert setting.as_ana.book(setting.desk2, date(2027, 3, 3), "11:00", "12:00").status_code == 201
    r = series(setting.as_ana, setting.desk, TUESDAY, dates=["2027-03-03"], on_conflict="skip")
    assert r.status_code == 201
    assert [(s["date"], s["code"]) for s in r.json["skipped"]] == [("2027-03-03", "member_busy")]


def test_dates_beyond_the_advance_window_are_conflicts(setting):
    r = setting.as_manager.patch("/api/v1/workspaces/gent", json={"policy": {"max_advance_days": 10}})
    assert r.status_code == 200
    r = series(setting.as_ana, setting.desk, TUESDAY, dates=["2027-03-11", "2027-03-12"], on_conflict="skip")
    assert r.status_code == 201
    assert [b["start"][:10] for b in r.json["bookings"]] == ["2027-03-02", "2027-03-11"]
    assert [(s["date"], s["code"]) for s in r.json["skipped"]] == [("2027-03-12", "too_far_ahead")]


def test_more_than_sixty_bookings_is_refused(setting, db):
    r = series(setting.as_ana, setting.desk, TUESDAY, repeat={"weekdays": [0, 1, 2, 3, 4], "until": "2028-03-01"})
    assert r.status_code == 422
    assert problem_code(r) == "validation_error"
    dates = [str(TUESDAY + timedelta(days=i)) for i in range(1, 61)]
    r = series(setting.as_ana, setting.desk, TUESDAY, dates=dates)
    assert r.status_code == 422
    assert problem_code(r) == "validation_error"
    assert db.session.scalars(select(Booking)).all() == []
    # Exactly sixty is allowed (weekdays only, none refused).
    r = series(setting.as_ana, setting.desk, TUESDAY, repeat={"weekdays": [0, 1, 2, 3, 4], "until": "2027-05-24"})
    assert r.status_code == 201, r.json
    assert len(r.json["bookings"]) == 60


def test_dates_and_repeat_together_are_refused(setting):
    r = series(
        setting.as_ana, setting.desk, TUESDAY, dates=["2027-03-03"], repeat={"weekdays": [1], "until": "2027-03-30"}
    )
    assert r.status_code == 422
    assert problem_code(r) == "validation_error"


def test_a_time_the_spring_change_skips_is_a_conflict_of_that_date(setting):
    """02:30 on Sunday 28 March 2027 does not exist in Brussels (a workspace open at night)."""
    s = setting
    r = s.as_manager.patch(
        "/api/v1/workspaces/gent",
        json={"opening_hours": [{"weekday": d, "open": "00:00", "close": "23:30"} for d in range(7)]},
    )
    assert r.status_code == 200, r.json
    r = series(s.as_ana, s.desk, date(2027, 3, 21), "02:30", "04:00", dates=["2027-03-28"], on_conflict="skip")
    assert r.status_code == 201, r.json
    assert [(x["date"], x["code"]) for x in r.json["skipped"]] == [("2027-03-28", "nonexistent_local_time")]


def test_who_may_read_a_series(setting):
    made = series(setting.as_ana, setting.desk, TUESDAY, dates=["2027-03-03"]).json
    url = f"/api/v1/series/{made['id']}"
    assert setting.as_bo.get(url).status_code == 404
    assert setting.as_ana.get(url).status_code == 200
    seen = setting.as_manager.get(url)
    assert seen.status_code == 200
    assert [b["id"] for b in seen.json["bookings"]] == [b["id"] for b in made["bookings"]]
    assert seen.json["member"] == {"id": setting.ana.id, "name": setting.ana.name}
    assert SeriesSchema().dump(seen.json) == seen.json
    assert setting.as_admin.get(url).status_code == 200
    assert setting.as_ana.get("/api/v1/series/not-a-uuid").status_code == 404
    assert setting.as_bo.delete(url).status_code == 404


def test_cancelling_from_a_date_cancels_only_those_on_or_after_it(setting, db, app):
    made = series(setting.as_ana, setting.desk, TUESDAY, repeat={"weekdays": [1], "until": "2027-03-30"}).json
    assert len(made["bookings"]) == 5
    outbox(app)  # the confirmations
    r = setting.as_ana.delete(f"/api/v1/series/{made['id']}?from=2027-03-16")
    assert r.status_code == 200, r.json
    assert [b["status"] for b in r.json["bookings"]] == ["confirmed"] * 2 + ["cancelled"] * 3
    assert r.json["cancelled"] == [b["id"] for b in made["bookings"][2:]]
    # One CANCEL mail per booking cancelled.
    cancels = [m for m in outbox(app) if "cancel" in m["Subject"].lower()]
    assert len(cancels) == 3
    # Without a date: every one not started yet. Tuesday 2 March has started by then.
    setting.clock.move_to(datetime(2027, 3, 2, 9, 30, tzinfo=UTC))
    r = setting.as_ana.delete(f"/api/v1/series/{made['id']}")
    assert r.status_code == 200
    assert [b["status"] for b in r.json["bookings"]] == ["confirmed"] + ["cancelled"] * 4
    assert len(r.json["cancelled"]) == 1
