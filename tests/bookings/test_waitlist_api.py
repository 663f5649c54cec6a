"""The waitlist through real API requests, on every backend: join when no desk is free, the
place in line, leave, and being served when a desk frees up (a cancellation, in the
cancelling request's own transaction; the worker's pass), never past a booking rule."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from coworking.bookings import services
from coworking.bookings.models import CONFIRMED, RELEASED, Booking
from coworking.bookings.signals import booking_released
from coworking.bookings.waitlist import run_pass
from tests.support.app import mail_text, outbox
from tests.support.clock import BRUSSELS, TUESDAY, at
from tests.support.factories import gent_team
from tests.support.http import problem_code

WEDNESDAY = TUESDAY + timedelta(days=1)


@pytest.fixture
def full(clock, factories, api_as, db):
    """Workspace ``gent`` (A1, A2) full on Tuesday morning: the manager's colleagues Cy and Di
    hold both desks 09:00–13:00; Ana, Bo and Ed want one."""
    s = gent_team(factories)
    s.cy = factories.user(email="cy@example.org", name="Cy", workspaces=[s.ws])
    s.di = factories.user(email="di@example.org", name="Di", workspaces=[s.ws])
    s.ed = factories.user(email="ed@example.org", name="Ed", workspaces=[s.ws])
    for who in ("ana", "bo", "cy", "di", "ed", "manager"):
        setattr(s, f"as_{who}", api_as(getattr(s, who)))
    s.held = [
        s.as_cy.book(s.desk, TUESDAY, "09:00", "13:00").json["id"],
        s.as_di.book(s.desk2, TUESDAY, "09:00", "13:00").json["id"],
    ]
    s.clock = clock
    return s


def join(api, start="09:00", end="12:00", day=TUESDAY, **extra):
    return api.post(
        "/api/v1/waitlist",
        json={"workspace": "gent", "start": f"{day.isoformat()}T{start}", "end": f"{day.isoformat()}T{end}", **extra},
    )


def bookings_of(db, member) -> list[Booking]:
    db.session.expire_all()
    return db.session.scalars(
        select(Booking).where(Booking.member_id == member.id, Booking.status == CONFIRMED).order_by(Booking.starts_at)
    ).all()


def test_join_when_full_then_list_and_leave(full):
    r = join(full.as_ana)
    assert r.status_code == 201, r.json
    body = r.json
    assert body["workspace"] == "gent"
    assert body["start"] == "2027-03-02T09:00:00+01:00"
    assert body["end"] == "2027-03-02T12:00:00+01:00"
    assert body["desk_kind"] is None
    assert body["position"] == 1
    assert body["status"] == "waiting"
    assert body["booking"] is None
    assert full.as_ana.get("/api/v1/waitlist").json == [body]
    assert full.as_bo.get("/api/v1/waitlist").json == []
    # Someone else's entry is not found; the member's own is left.
    assert full.as_bo.delete(f"/api/v1/waitlist/{body['id']}").status_code == 404
    assert full.as_bo.delete("/api/v1/waitlist/not-a-uuid").status_code == 404
    left = full.as_ana.delete(f"/api/v1/waitlist/{body['id']}")
    assert left.status_code == 200
    assert left.json["status"] == "left"
    assert left.json["position"] is None
    assert full.as_ana.get("/api/v1/waitlist").json[0]["status"] == "left"


def test_a_free_desk_is_409_desk_available(full):
    # The afternoon is free: book it instead.
    r = join(full.as_ana, "13:00", "15:00")
    assert r.status_code == 409
    assert problem_code(r) == "desk_available"
    # Only meeting rooms were asked for and there is none free (nor any at all).
    assert join(full.as_ana, "13:00", "15:00", desk_kind="meeting_room").status_code == 201
    assert full.as_ana.get("/api/v1/waitlist").json[0]["desk_kind"] == "meeting_room"


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        ("12:00", "09:00", "invalid_interval"),
        ("09:10", "10:00", "misaligned"),
        ("07:00", "10:00", "outside_opening_hours"),
    ],
)
def test_the_period_follows_the_booking_rules(full, start, end, code):
    r = join(full.as_ana, start, end)
    assert r.status_code == 422
    assert problem_code(r) == code


def test_position_counts_earlier_waiting_entries_whose_period_overlaps(full):
    assert join(full.as_ana, "09:00", "11:00").json["position"] == 1
    full.clock.shift(60)
    assert join(full.as_bo, "10:00", "12:00").json["position"] == 2
    full.clock.shift(60)
    # 11:00–13:00 overlaps Bo's entry only (Ana's ends at 11:00).
    ed = join(full.as_ed, "11:00", "13:00").json
    assert ed["position"] == 2
    # Once Bo leaves, Ed moves up.
    bo_entry = full.as_bo.get("/api/v1/waitlist").json[0]["id"]
    full.as_bo.delete(f"/api/v1/waitlist/{bo_entry}")
    assert full.as_ed.get("/api/v1/waitlist").json[0]["position"] == 1


def test_a_cancellation_books_the_first_in_line_in_its_own_transaction(full, db, app):
    ana = join(full.as_ana).json
    full.clock.shift(60)
    bo = join(full.as_bo).json
    outbox(app)  # nothing queued so far but the holders' confirmations
    app.extensions.pop("mail_outbox", None)

    r = full.as_cy.delete(f"/api/v1/bookings/{full.held[0]}")
    assert r.status_code == 200
    # Committed with the cancellation: no worker ran.
    served = full.as_ana.get("/api/v1/waitlist").json[0]
    assert served["status"] == "booked"
    assert served["position"] is None
    booking = full.as_ana.get(f"/api/v1/bookings/{served['booking']}").json
    assert booking["status"] == "confirmed"
    assert booking["desk"]["code"] == "A1"
    assert (booking["start"], booking["end"]) == (ana["start"], ana["end"])
    # Bo is now first in line.
    assert full.as_bo.get("/api/v1/waitlist").json[0] == {**bo, "position": 1}

    mails = {(m["To"], m["Subject"]) for m in outbox(app)}
    assert ("ana@example.org", "A desk became free: you are booked at Workspace 1 (desk A1)") in mails
    assert ("ana@example.org", "Booked: desk A1 at Workspace 1") in mails
    told = next(m for m in outbox(app) if m["Subject"].startswith("A desk became free"))
    assert "you are booked" in mail_text(told)


def test_limit_and_busy_members_are_skipped(full, db, factories):
    other = factories.workspace(slug="elsewhere")
    far_desk = factories.desk(other, code="Z1")
    full.as_manager.patch("/api/v1/workspaces/gent", json={"policy": {"max_active_bookings": 1}})
    ana_entry = join(full.as_ana).json
    full.clock.shift(60)
    bo_entry = join(full.as_bo).json
    full.clock.shift(60)
    ed_entry = join(full.as_ed).json
    # Ana is busy elsewhere at that time; Bo has reached this workspace's limit of one.
    factories.booking(far_desk, full.ana, at(BRUSSELS, TUESDAY, 10), at(BRUSSELS, TUESDAY, 11))
    assert full.as_bo.book(full.desk, WEDNESDAY, "09:00", "10:00").status_code == 201

    assert full.as_cy.delete(f"/api/v1/bookings/{full.held[0]}").status_code == 200

    states = {
        e["id"]: e["status"]
        for who in ("ana", "bo", "ed")
        for e in getattr(full, f"as_{who}").get("/api/v1/waitlist").json
    }
    assert states == {ana_entry["id"]: "waiting", bo_entry["id"]: "waiting", ed_entry["id"]: "booked"}
    assert [b.desk.code for b in bookings_of(db, full.ed)] == ["A1"]
    assert len(bookings_of(db, full.bo)) == 1  # still only the one of Wednesday
    assert [b.desk.code for b in bookings_of(db, full.ana)] == ["Z1"]
    # Never two people on one desk at one instant.
    assert no_overlaps(db) == 0


def no_overlaps(db) -> int:
    return db.session.execute(
        text(
            "SELECT count(*) FROM bookings a JOIN bookings b ON a.id < b.id AND a.status = 'confirmed' "
            "AND b.status = 'confirmed' AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
            "AND (a.desk_id = b.desk_id OR a.member_id = b.member_id)"
        )
    ).scalar()


def test_the_worker_serves_frees_without_a_signal_and_expires_started_entries(full, db, factories):
    ana = join(full.as_ana).json
    bo = join(full.as_bo, "09:00", "10:00", day=WEDNESDAY, desk_kind="meeting_room").json
    # A desk appears (no signal): the next pass serves Ana.
    factories.desk(full.ws, code="A3")
    assert run_pass(at(BRUSSELS, TUESDAY - timedelta(days=1), 10)) == 1
    db.session.commit()
    assert full.as_ana.get("/api/v1/waitlist").json[0]["status"] == "booked"
    assert ana["status"] == "waiting"
    # Bo's period starts: his entry expires.
    run_pass(at(BRUSSELS, WEDNESDAY, 9))
    db.session.commit()
    assert full.as_bo.get("/api/v1/waitlist").json[0] == {**bo, "status": "expired", "position": None}


def test_a_release_serves_the_line_when_its_transaction_commits(full, db):
    """A booking released for want of a check-in (``booking_released``, sent by the check-in
    feature) frees its desk: the line is served in that same transaction, at its commit."""
    ana = join(full.as_ana, "10:00", "12:00").json
    now = at(BRUSSELS, TUESDAY, 9, 30)
    held = db.session.scalar(select(Booking).where(Booking.uuid == uuid.UUID(full.held[0])))
    held.status, held.released_at, held.updated_at = RELEASED, now, now
    db.session.flush()
    booking_released.send(held, now=now)
    db.session.commit()
    served = full.as_ana.get("/api/v1/waitlist").json[0]
    assert served["status"] == "booked"
    booking = full.as_ana.get(f"/api/v1/bookings/{served['booking']}").json
    assert (booking["desk"]["code"], booking["start"], booking["end"]) == ("A1", ana["start"], ana["end"])


def test_a_closure_cancelling_bookings_serves_nobody(full, db, factories):
    join(full.as_ana)
    r = full.as_manager.post(
        "/api/v1/workspaces/gent/closures",
        json={"start_date": "2027-03-02", "end_date": "2027-03-02", "reason": "Works"},
    )
    assert r.status_code == 201, r.json
    assert full.as_ana.get("/api/v1/waitlist").json[0]["status"] == "waiting"
    assert bookings_of(db, full.ana) == []


def test_a_desk_released_while_a_member_books_it_goes_to_that_member(full, db):
    """Booking a desk held by a no-show releases that booking first (check-in required): the
    member booking gets the desk; the line is served only with what is left at the commit."""
    full.as_manager.patch("/api/v1/workspaces/gent", json={"policy": {"check_in_required": True}})
    di = db.session.scalar(select(Booking).where(Booking.uuid == uuid.UUID(full.held[1])))
    di.checked_in_at = at(BRUSSELS, TUESDAY, 9)  # Di is there; Cy on A1 never came
    db.session.commit()
    ana = join(full.as_ana, "11:00", "13:00").json
    full.clock.move_to(at(BRUSSELS, TUESDAY, 9, 45))
    r = full.as_bo.book(full.desk, TUESDAY, "11:00", "12:00")
    assert r.status_code == 201, r.json
    assert full.as_ana.get("/api/v1/waitlist").json[0] == ana
    db.session.expire_all()
    cy = db.session.scalar(select(Booking).where(Booking.uuid == uuid.UUID(full.held[0])))
    assert cy.status == RELEASED
    assert no_overlaps(db) == 0


def test_a_savepoint_rolled_back_after_a_cancellation_still_serves_the_line(full, db):
    """A refused booking later in the same unit of work (a savepoint rolled back, as a series
    does) does not make the unit forget the desk it freed."""
    join(full.as_ana)
    now = at(BRUSSELS, TUESDAY - timedelta(days=1), 10)
    held = db.session.scalar(select(Booking).where(Booking.uuid == uuid.UUID(full.held[0])))
    services.cancel_booking(held.member, held, now=now)
    savepoint = db.session.begin_nested()
    savepoint.rollback()
    db.session.commit()
    assert full.as_ana.get("/api/v1/waitlist").json[0]["status"] == "booked"


def test_the_export_holds_the_waitlist_and_erasure_takes_the_member_out_of_line(full, api_as, db):
    entry = join(full.as_ana).json["id"]
    assert join(full.as_bo).status_code == 201
    exported = full.as_ana.get("/api/v1/me/data").json["waitlist"]
    assert [(e["id"], e["workspace"], e["status"], e["booking"]) for e in exported] == [
        (entry, "gent", "waiting", None)
    ]
    assert exported[0]["start"].startswith("2027-03-02T08:00")  # 09:00 in Brussels, in UTC
    assert api_as(full.admin).post(f"/api/v1/users/{full.ana.id}/erase").status_code == 200
    # Ana is out of the line: Bo is first now, and a freed desk goes to him.
    assert full.as_bo.get("/api/v1/waitlist").json[0]["position"] == 1
    assert full.as_cy.delete(f"/api/v1/bookings/{full.held[0]}").status_code == 200
    assert [b.desk_id for b in bookings_of(db, full.bo)] == [full.desk.id]
    assert bookings_of(db, full.ana) == []
