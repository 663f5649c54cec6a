"""Workspace administration through the API (issue 19): change a desk, take it out of service
(its bookings on those days are cancelled and their members mailed), list and lift closures
(the waitlist is served for the days that open again). Days already past never change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from coworking.audit.models import AuditEvent
from coworking.bookings.models import Booking
from coworking.bookings.waitlist_models import WaitlistEntry
from tests.support.app import mail_text, outbox
from tests.support.clock import MONDAY, TUESDAY
from tests.support.factories import gent_team
from tests.support.http import problem_code

WEDNESDAY = TUESDAY + timedelta(days=1)
THURSDAY = TUESDAY + timedelta(days=2)


@pytest.fixture
def team(clock, factories, api_as):
    """``gent`` (A1, A2) with Ana, Bo, its manager and an admin; ``lille`` (L1) with its own
    manager; each as an API client (``as_<who>``)."""
    s = gent_team(factories)
    s.lille = factories.workspace(slug="lille", timezone="Europe/Paris")
    s.lille_desk = factories.desk(s.lille, code="L1")
    s.lille_manager = factories.user(role="manager", email="lille@example.org", workspaces=[s.lille])
    for who in ("ana", "bo", "manager", "admin", "lille_manager"):
        setattr(s, f"as_{who}", api_as(getattr(s, who)))
    return s


def desk_url(s, desk, slug="gent"):
    return f"/api/v1/workspaces/{slug}/desks/{desk.id}"


def test_a_manager_changes_a_desk(team):
    r = team.as_manager.patch(
        desk_url(team, team.desk),
        json={"code": "W1", "kind": "fixed_desk", "zone": "Window", "amenities": ["screen", " screen", "dock"]},
    )
    assert r.status_code == 200, r.json
    assert r.json["code"] == "W1" and r.json["kind"] == "fixed_desk" and r.json["zone"] == "Window"
    assert r.json["amenities"] == ["screen", "dock"]  # trimmed, each once
    assert r.json["in_service"] is True and r.json["cancelled_bookings"] == 0
    listed = {d["id"]: d for d in team.as_ana.get("/api/v1/workspaces/gent/desks").json}
    assert listed[team.desk.id]["code"] == "W1"


def test_desk_changes_are_validated_as_on_the_pages(team):
    taken = team.as_manager.patch(desk_url(team, team.desk), json={"code": "A2"})
    assert taken.status_code == 409 and problem_code(taken) == "desk_code_taken"
    assert team.as_manager.patch(desk_url(team, team.desk), json={"kind": "sofa"}).status_code == 422
    assert team.as_manager.patch(desk_url(team, team.desk), json={"code": "   "}).status_code == 422
    backwards = team.as_manager.patch(
        desk_url(team, team.desk), json={"in_service_from": "2027-04-02", "in_service_until": "2027-04-01"}
    )
    assert backwards.status_code == 422


def test_another_workspaces_manager_changes_nothing(team):
    r = team.as_lille_manager.patch(desk_url(team, team.desk), json={"zone": "Hacked"})
    assert r.status_code == 403 and problem_code(r) == "forbidden"
    # Lille's desk through gent's address: not found there, and not changed.
    r = team.as_manager.patch(desk_url(team, team.lille_desk), json={"zone": "Hacked"})
    assert r.status_code == 404
    r = team.as_ana.patch(desk_url(team, team.desk), json={"zone": "Hacked"})
    assert r.status_code == 403
    zones = {d["code"]: d["zone"] for d in team.as_admin.get("/api/v1/workspaces/gent/desks").json}
    assert "Hacked" not in zones.values()
    assert {d["zone"] for d in team.as_admin.get("/api/v1/workspaces/lille/desks").json} == {"Open space"}


def test_out_of_service_cancels_the_bookings_on_those_days_and_tells_the_members(team, app, db):
    kept = team.as_ana.book(team.desk, TUESDAY, "09:00", "12:00").json["id"]
    lost = team.as_bo.book(team.desk, THURSDAY, "09:00", "12:00").json["id"]
    other_desk = team.as_ana.book(team.desk2, THURSDAY, "13:00", "15:00").json["id"]
    outbox(app).clear()
    r = team.as_manager.patch(
        desk_url(team, team.desk), json={"in_service_until": WEDNESDAY.isoformat(), "reason": "Broken chair"}
    )
    assert r.status_code == 200, r.json
    assert r.json["in_service_until"] == WEDNESDAY.isoformat() and r.json["cancelled_bookings"] == 1
    statuses = {str(b.uuid): b.status for b in db.session.scalars(select(Booking))}
    assert statuses == {kept: "confirmed", lost: "cancelled", other_desk: "confirmed"}
    mails = [m for m in outbox(app) if m["To"] == "bo@example.org"]
    assert len(mails) == 1
    assert "Broken chair" in mail_text(mails[0]) and "cancelled by" in mail_text(mails[0])
    # Thursday's availability no longer offers the desk.
    day = team.as_ana.get(f"/api/v1/workspaces/gent/availability?date={THURSDAY}").json
    assert [d["code"] for d in day["desks"]] == ["A2"]
    # The desk keeps the reason; the audit trail has the change with its before and after.
    entry = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "desk.updated")).one()
    assert entry.details["reason"] == "Broken chair" and entry.details["cancelled_bookings"] == 1


def test_the_past_keeps_its_desks(team):
    # In service since 2020: starting it on Wednesday would take it out of years of figures.
    r = team.as_manager.patch(desk_url(team, team.desk), json={"in_service_from": WEDNESDAY.isoformat()})
    assert r.status_code == 422 and problem_code(r) == "past_is_kept"
    r = team.as_manager.patch(
        desk_url(team, team.desk), json={"in_service_until": (MONDAY - timedelta(days=2)).isoformat()}
    )
    assert r.status_code == 422 and problem_code(r) == "past_is_kept"
    # Out of service from today on is allowed (the last day in service: yesterday).
    r = team.as_manager.patch(
        desk_url(team, team.desk), json={"in_service_until": (MONDAY - timedelta(days=1)).isoformat()}
    )
    assert r.status_code == 200 and r.json["in_service"] is False


def test_closures_are_listed_and_lifted(team, factories, db):
    factories.closure(team.ws, date(2027, 2, 1), date(2027, 2, 2), reason="Over")
    factories.closure(team.ws, date(2027, 2, 27), date(2027, 3, 3), reason="Under way")
    factories.closure(team.ws, date(2027, 5, 5), reason="Liberation Day")
    listed = team.as_ana.get("/api/v1/workspaces/gent/closures").json
    assert [(c["start_date"], c["end_date"], c["reason"]) for c in listed] == [
        ("2027-02-01", "2027-02-02", "Over"),
        ("2027-02-27", "2027-03-03", "Under way"),
        ("2027-05-05", "2027-05-05", "Liberation Day"),
    ]
    ids = {c["reason"]: c["id"] for c in listed}
    assert [c["reason"] for c in team.as_ana.get("/api/v1/workspaces/gent/closures?since=2027-03-01").json] == [
        "Under way",
        "Liberation Day",
    ]
    # Members read; only managers lift; the other workspace's manager neither.
    assert team.as_ana.delete(f"/api/v1/workspaces/gent/closures/{ids['Liberation Day']}").status_code == 403
    assert team.as_lille_manager.delete(f"/api/v1/workspaces/gent/closures/{ids['Liberation Day']}").status_code == 403
    assert team.as_manager.delete(f"/api/v1/workspaces/lille/closures/{ids['Liberation Day']}").status_code == 403
    assert team.as_admin.delete(f"/api/v1/workspaces/lille/closures/{ids['Liberation Day']}").status_code == 404

    future = team.as_manager.delete(f"/api/v1/workspaces/gent/closures/{ids['Liberation Day']}")
    assert future.status_code == 200, future.json
    assert future.json == {
        "id": ids["Liberation Day"],
        "lifted": True,
        "start_date": None,
        "end_date": None,
        "reason": "Liberation Day",
        "open_from": "2027-05-05",
    }
    running = team.as_manager.delete(f"/api/v1/workspaces/gent/closures/{ids['Under way']}")
    assert running.status_code == 200
    assert (running.json["start_date"], running.json["end_date"], running.json["open_from"]) == (
        "2027-02-27",
        "2027-02-28",  # the past stays closed: figures already reported never shift
        "2027-03-01",
    )
    over = team.as_manager.delete(f"/api/v1/workspaces/gent/closures/{ids['Over']}")
    assert over.status_code == 409 and problem_code(over) == "closure_over"
    assert [(c["start_date"], c["end_date"]) for c in team.as_ana.get("/api/v1/workspaces/gent/closures").json] == [
        ("2027-02-01", "2027-02-02"),
        ("2027-02-27", "2027-02-28"),
    ]
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action == "closure.lifted")).all()
    assert len(actions) == 2
    # Open again today: Ana can book.
    assert team.as_ana.book(team.desk, MONDAY, "10:00", "11:00").status_code == 201


def test_lifting_a_closure_serves_the_waitlist(team, db, app):
    """Both desks taken on Wednesday morning; Ana waits. A closure of Wednesday cancels the two
    bookings (a closure serves nobody); lifting it books Ana in the lifting request."""
    team.as_bo.book(team.desk, WEDNESDAY, "09:00", "13:00")
    team.as_manager.book(team.desk2, WEDNESDAY, "09:00", "13:00")
    joined = team.as_ana.post(
        "/api/v1/waitlist", json={"workspace": "gent", "start": f"{WEDNESDAY}T09:00", "end": f"{WEDNESDAY}T12:00"}
    )
    assert joined.status_code == 201, joined.json
    closure = team.as_manager.post(
        "/api/v1/workspaces/gent/closures",
        json={"start_date": WEDNESDAY.isoformat(), "end_date": WEDNESDAY.isoformat(), "reason": "Strike"},
    ).json
    assert closure["cancelled_bookings"] == 2
    assert db.session.scalar(select(WaitlistEntry.status)) == "waiting"
    outbox(app).clear()
    assert team.as_manager.delete(f"/api/v1/workspaces/gent/closures/{closure['id']}").status_code == 200
    entry = db.session.scalars(select(WaitlistEntry)).one()
    assert entry.status == "booked"
    booking = db.session.get(Booking, entry.booking_id)
    assert booking.member_id == team.ana.id and booking.status == "confirmed"
    assert any(m["To"] == "ana@example.org" for m in outbox(app))


def test_a_desk_back_in_service_serves_the_waitlist(team, db):
    team.as_manager.patch(desk_url(team, team.desk2), json={"in_service_until": MONDAY.isoformat()})
    team.as_bo.book(team.desk, WEDNESDAY, "09:00", "13:00")
    joined = team.as_ana.post(
        "/api/v1/waitlist", json={"workspace": "gent", "start": f"{WEDNESDAY}T09:00", "end": f"{WEDNESDAY}T12:00"}
    )
    assert joined.status_code == 201, joined.json
    r = team.as_manager.patch(desk_url(team, team.desk2), json={"in_service_until": None})
    assert r.status_code == 200, r.json
    entry = db.session.scalars(select(WaitlistEntry)).one()
    assert entry.status == "booked"
    assert db.session.get(Booking, entry.booking_id).desk_id == team.desk2.id


def test_workspace_details_change_through_the_api(team):
    r = team.as_manager.patch(
        "/api/v1/workspaces/gent",
        json={"name": "Dok Noord", "city": "Ghent", "address": "Dok 1", "default_language": "nl"},
    )
    assert r.status_code == 200, r.json
    assert (r.json["name"], r.json["city"], r.json["address"], r.json["default_language"]) == (
        "Dok Noord",
        "Ghent",
        "Dok 1",
        "nl",
    )
    assert team.as_manager.patch("/api/v1/workspaces/gent", json={"name": ""}).status_code == 422
    assert team.as_lille_manager.patch("/api/v1/workspaces/gent", json={"name": "Mine"}).status_code == 403
