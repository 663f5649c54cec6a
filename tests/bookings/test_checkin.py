"""Check-in and the release of no-shows (issue 18), on every backend: the window (422, 409,
404), release at the grace's end with the clock passed in, by the worker's job and by a new
booking's unit of work (no worker run), the API, availability, the mail and the feed."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from coworking.bookings.models import Booking
from tests.support.app import mail_text, outbox
from tests.support.calendar import feed_urls, fetch, path_of
from tests.support.clock import BRUSSELS, TUESDAY, at
from tests.support.factories import gent_team
from tests.support.http import logged_in, problem_code, visible

CHECK_IN = {"check_in_required": True, "check_in_opens_minutes": 15, "check_in_grace_minutes": 30}
START = at(BRUSSELS, TUESDAY, 9)  # Tuesday 2 March 2027, 09:00 in Brussels
GRACE_END = START + timedelta(minutes=30)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def team(clock, factories, api_as):
    """``gent_team`` with check-in required (opens 15 minutes before, grace 30 minutes) and Ana's
    booking of A1 on Tuesday 09:00–12:00, made through the API on Monday."""
    s = gent_team(factories, policy=CHECK_IN)
    s.clock = clock
    s.as_ana, s.as_bo, s.as_manager = api_as(s.ana), api_as(s.bo), api_as(s.manager)
    r = s.as_ana.book(s.desk, TUESDAY, "09:00", "12:00")
    assert r.status_code == 201, r.json
    s.booking_id = r.json["id"]
    assert r.json["checked_in_at"] is None
    return s


def _row(db, booking_id) -> Booking:
    db.session.expire_all()
    return db.session.scalar(select(Booking).where(Booking.uuid == uuid.UUID(booking_id)))


def _run_jobs(app, db, clock, now) -> None:
    """A pass of the worker's jobs at ``now`` (the test's own session ends its read first)."""
    from coworking.mail import worker

    db.session.rollback()
    clock.move_to(now)
    with app.app_context():
        worker.run_jobs(app, now)


def _page(client, url) -> str:
    r = client.get(url)
    assert r.status_code == 200
    return visible(r.get_data(as_text=True))


def _check_in(s, who=None):
    return (who or s.as_ana).post(f"/api/v1/bookings/{s.booking_id}/check-in")


def test_check_in_opens_before_the_start_and_closes_at_the_grace_end(team, db):
    team.clock.move_to(START - timedelta(minutes=16))
    assert problem_code(_check_in(team)) == "check_in_closed"
    team.clock.move_to(GRACE_END)
    assert problem_code(_check_in(team)) == "check_in_closed"
    team.clock.move_to(GRACE_END - timedelta(seconds=1))
    r = _check_in(team)
    assert r.status_code == 200, r.json
    assert r.json["status"] == "confirmed"
    assert r.json["checked_in_at"].startswith("2027-03-02T09:29:59")
    again = _check_in(team)  # harmless twice
    assert again.status_code == 200 and again.json["checked_in_at"] == r.json["checked_in_at"]


def test_only_the_member_checks_in_and_only_an_active_booking(team, db):
    team.clock.move_to(START)
    assert _check_in(team, team.as_bo).status_code == 404
    assert _check_in(team, team.as_manager).status_code == 404
    team.clock.move_to(START - timedelta(hours=2))
    assert team.as_ana.delete(f"/api/v1/bookings/{team.booking_id}").status_code == 200
    team.clock.move_to(START)
    assert problem_code(_check_in(team)) == "not_active"


def test_a_booking_not_checked_in_is_released_at_the_grace_end_by_the_worker(team, db, app):
    _run_jobs(app, db, team.clock, GRACE_END - timedelta(seconds=1))
    assert _row(db, team.booking_id).status == "confirmed"
    _run_jobs(app, db, team.clock, GRACE_END)
    row = _row(db, team.booking_id)
    assert (row.status, row.released_at, row.sequence) == ("released", GRACE_END, 1)
    team.clock.move_to(GRACE_END + timedelta(minutes=5))
    assert problem_code(_check_in(team)) == "not_active"
    assert team.as_ana.get(f"/api/v1/bookings/{team.booking_id}").json["status"] == "released"
    mails = [m for m in outbox(app) if m["To"] == team.ana.email and "Released" in m["Subject"]]
    assert len(mails) == 1
    assert "did not check in within 30 minutes" in mail_text(mails[0])
    assert "METHOD:CANCEL" in mails[0].as_string()


def test_a_checked_in_booking_is_never_released(team, db, app):
    team.clock.move_to(START + timedelta(minutes=10))
    assert _check_in(team).status_code == 200
    _run_jobs(app, db, team.clock, START + timedelta(hours=2))
    assert _row(db, team.booking_id).status == "confirmed"


def test_where_check_in_is_not_required_it_is_recorded_and_nothing_is_released(clock, factories, api_as, db, app):
    s = gent_team(factories)
    as_ana = api_as(s.ana)
    booking_id = as_ana.book(s.desk, TUESDAY, "09:00", "12:00").json["id"]
    _run_jobs(app, db, clock, START + timedelta(hours=2))
    assert _row(db, booking_id).status == "confirmed"
    r = as_ana.post(f"/api/v1/bookings/{booking_id}/check-in")
    assert r.status_code == 200 and r.json["checked_in_at"]


def test_a_booking_on_a_released_slot_succeeds_with_no_worker_run(team, db):
    team.clock.move_to(GRACE_END - timedelta(minutes=1))
    assert problem_code(team.as_bo.book(team.desk, TUESDAY, "09:30", "11:00")) == "desk_taken"
    team.clock.move_to(GRACE_END)
    # Availability already shows A1 free from the grace's end.
    day = team.as_bo.get(f"/api/v1/workspaces/gent/availability?date={TUESDAY.isoformat()}").json
    a1 = next(d for d in day["desks"] if d["code"] == "A1")
    assert a1["booked"] == [{"start": "2027-03-02T09:00:00+01:00", "end": "2027-03-02T09:30:00+01:00", "mine": False}]
    r = team.as_bo.book(team.desk, TUESDAY, "09:30", "11:00")
    assert r.status_code == 201, r.json
    row = _row(db, team.booking_id)
    assert (row.status, row.released_at) == ("released", GRACE_END)


def test_the_feed_shows_a_released_booking_cancelled(team, db, client):
    from coworking.bookings.release import release_overdue

    url = path_of(feed_urls(team.as_ana)["feed_url"])
    assert b"STATUS:CONFIRMED" in fetch(client, url).data
    release_overdue(GRACE_END)
    db.session.commit()
    team.clock.move_to(GRACE_END + timedelta(minutes=1))
    body = fetch(client, url).data
    assert b"STATUS:CANCELLED" in body and b"STATUS:CONFIRMED" not in body


def test_my_bookings_offers_check_in_while_the_window_is_open(team, db, client):
    logged_in(client, team.ana)
    team.clock.move_to(START - timedelta(minutes=20))
    assert "Check in" not in _page(client, "/bookings")
    team.clock.move_to(START - timedelta(minutes=10))
    assert "Check in" in _page(client, "/bookings")
    r = client.post(f"/bookings/{team.booking_id}/check-in", data={})
    assert r.status_code == 302
    page = _page(client, "/bookings")
    assert "Checked in" in page and "Check in:" not in page
    assert "Checked in" in _page(client, f"/bookings/{team.booking_id}")


def test_a_released_booking_says_so_on_its_page(team, db, client):
    from coworking.bookings.release import release_overdue

    release_overdue(GRACE_END)
    db.session.commit()
    logged_in(client, team.ana)
    team.clock.move_to(GRACE_END + timedelta(minutes=1))
    assert "Released: not checked in in time" in _page(client, f"/bookings/{team.booking_id}")
    assert "Released: not checked in in time" in _page(client, "/bookings")


def test_the_reminder_says_when_check_in_opens(team, db, app):
    _run_jobs(app, db, team.clock, at(BRUSSELS, TUESDAY - timedelta(days=1), 18))
    reminders = [m for m in outbox(app) if m["To"] == team.ana.email and "Reminder" in m["Subject"]]
    assert len(reminders) == 1
    assert "Check in from 08:45 and at the latest 30 minutes after the start" in " ".join(
        mail_text(reminders[0]).split()
    )


def test_managers_set_the_check_in_policy_through_the_api(clock, factories, api_as, db):
    s = gent_team(factories)
    as_manager = api_as(s.manager)
    body = as_manager.get("/api/v1/workspaces/gent").json["policy"]
    assert (body["check_in_required"], body["check_in_opens_minutes"], body["check_in_grace_minutes"]) == (
        False,
        15,
        30,
    )
    r = as_manager.patch(
        "/api/v1/workspaces/gent", json={"policy": {"check_in_required": True, "check_in_grace_minutes": 20}}
    )
    assert r.status_code == 200, r.json
    assert r.json["policy"]["check_in_required"] is True and r.json["policy"]["check_in_grace_minutes"] == 20
    assert as_manager.patch("/api/v1/workspaces/gent", json={"policy": {"check_in_required": "yes"}}).status_code == 422
    assert (
        api_as(s.bo).patch("/api/v1/workspaces/gent", json={"policy": {"check_in_required": False}}).status_code == 403
    )


def test_the_workspaces_list_counts_an_overdue_desk_free(team, db):
    from coworking.bookings.queries import workspaces_now

    def free_now(now):
        db.session.expire_all()
        return next(row.free_now for row in workspaces_now(now) if row.workspace.slug == "gent")

    assert free_now(GRACE_END - MINUTE) == 1  # A2 only: Ana may still come
    assert free_now(GRACE_END) == 2  # A1 too, release written or not


def test_the_managers_today_board_shows_check_ins_and_frees_a_no_show_at_the_grace_end(team, app):
    manager = logged_in(app.test_client(), team.manager)

    def a1_row() -> str:
        page = _page(manager, "/reports/gent/today")
        return page[page.index(" A1 ") : page.index(" A2 ")]

    team.clock.move_to(START + timedelta(minutes=10))
    assert f"{team.ana.name} until 12:00" in a1_row() and "Not checked in yet" in a1_row()
    team.clock.move_to(GRACE_END)  # not checked in: from here the desk is free on the board too
    assert team.ana.name not in a1_row() and "free" in a1_row()


def test_the_today_board_marks_a_checked_in_member(team, app):
    team.clock.move_to(START + timedelta(minutes=10))
    assert _check_in(team).status_code == 200
    manager = logged_in(app.test_client(), team.manager)
    team.clock.move_to(START + timedelta(hours=1))
    page = _page(manager, "/reports/gent/today")
    row = page[page.index(" A1 ") : page.index(" A2 ")]
    assert f"{team.ana.name} until 12:00" in row and "Checked in" in row
