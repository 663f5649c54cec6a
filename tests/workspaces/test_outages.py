"""A desk out of service from–until with a reason (issue 19): its outages. No member books it
on an outage day, every read of availability leaves it out then, the figures count no capacity
for it on those days, its bookings then are cancelled (members mailed with the reason), lifting
frees the days for the waitlist, and only the workspace's managers (admins) change them. The
clock stands at Monday 1 March 2027, 09:00 in Brussels; ``gent`` is open Monday to Friday
09:00–18:00 with desks A1 and A2."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from coworking.audit.models import AuditEvent
from coworking.bookings.models import Booking
from coworking.bookings.waitlist_models import WaitlistEntry
from coworking.workspaces.models import DeskOutage
from tests.support.app import mail_text, outbox
from tests.support.clock import MONDAY, TUESDAY
from tests.support.factories import gent_team
from tests.support.http import logged_in, problem_code, visible

WEDNESDAY = TUESDAY + timedelta(days=1)
THURSDAY = TUESDAY + timedelta(days=2)
FRIDAY = TUESDAY + timedelta(days=3)


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


def outages_url(desk, slug="gent"):
    return f"/api/v1/workspaces/{slug}/desks/{desk.id}/outages"


def take_out(client, desk, first, last, reason="New chair", slug="gent"):
    return client.post(
        outages_url(desk, slug), json={"first_day": first.isoformat(), "last_day": last.isoformat(), "reason": reason}
    )


def available_codes(client, day) -> list[str]:
    return [d["code"] for d in client.get(f"/api/v1/workspaces/gent/availability?date={day}").json["desks"]]


def test_an_outage_cancels_the_bookings_on_its_days_and_refuses_new_ones(team, app, db):
    lost = team.as_bo.book(team.desk, WEDNESDAY, "09:00", "12:00").json["id"]
    after = team.as_ana.book(team.desk, THURSDAY, "09:00", "12:00").json["id"]
    other_desk = team.as_ana.book(team.desk2, WEDNESDAY, "13:00", "15:00").json["id"]
    outbox(app).clear()
    r = take_out(team.as_manager, team.desk, TUESDAY, WEDNESDAY, "Broken chair, a new one comes Thursday")
    assert r.status_code == 201, r.json
    assert (r.json["first_day"], r.json["last_day"], r.json["cancelled_bookings"]) == ("2027-03-02", "2027-03-03", 1)
    statuses = {str(b.uuid): b.status for b in db.session.scalars(select(Booking))}
    assert statuses == {lost: "cancelled", after: "confirmed", other_desk: "confirmed"}
    mails = [m for m in outbox(app) if m["To"] == "bo@example.org"]
    assert len(mails) == 1 and "Broken chair" in mail_text(mails[0])
    # Not offered on its days, offered again the day after.
    assert available_codes(team.as_ana, TUESDAY) == ["A2"]
    assert available_codes(team.as_ana, WEDNESDAY) == ["A2"]
    assert available_codes(team.as_ana, THURSDAY) == ["A1", "A2"]
    refused = team.as_ana.book(team.desk, WEDNESDAY, "15:00", "16:00")
    assert refused.status_code == 422 and problem_code(refused) == "desk_out_of_service"
    assert team.as_ana.book(team.desk, THURSDAY, "14:00", "16:00").status_code == 201
    # The week counts it out on Tuesday and Wednesday only (two desks, nothing else booked then).
    week = team.as_ana.get(f"/api/v1/workspaces/gent/week?start={MONDAY}").json
    mornings = {d["date"]: d["parts"][0]["free_desks"] for d in week["days"] if d["parts"]}
    assert mornings["2027-03-02"] == 1 and mornings["2027-03-03"] == 1 and mornings["2027-03-05"] == 2
    # The desk's JSON lists its outage (current and coming) and says it is in service today.
    desk = next(d for d in team.as_ana.get("/api/v1/workspaces/gent/desks").json if d["code"] == "A1")
    assert desk["in_service"] is True
    assert [(o["first_day"], o["last_day"], o["reason"]) for o in desk["outages"]] == [
        ("2027-03-02", "2027-03-03", "Broken chair, a new one comes Thursday")
    ]
    assert [o["first_day"] for o in team.as_ana.get(outages_url(team.desk)).json] == ["2027-03-02"]
    entry = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "desk.outage_added")).one()
    assert entry.details["cancelled_bookings"] == 1 and entry.details["reason"].startswith("Broken chair")


def test_an_outage_from_today_takes_the_desk_out_of_today_everywhere(team, app):
    r = take_out(team.as_manager, team.desk, MONDAY, MONDAY, "Cleaning the carpet")
    assert r.status_code == 201, r.json
    listed = {w["slug"]: w["desk_count"] for w in team.as_ana.get("/api/v1/workspaces").json}
    assert listed["gent"] == 1
    assert team.as_ana.get("/api/v1/workspaces/gent").json["desk_count"] == 1
    desk = next(d for d in team.as_ana.get("/api/v1/workspaces/gent/desks").json if d["code"] == "A1")
    assert desk["in_service"] is False
    # The manager's Today board lists the desk in service only.
    board = visible(logged_in(app.test_client(), team.manager).get("/reports/gent/today").get_data(as_text=True))
    assert "A2" in board and "A1" not in board
    # Its scan page offers nothing; the other desk's does.
    ana = logged_in(app.test_client(), team.ana)
    scan = ana.get(f"/workspaces/gent/desks/{team.desk.id}/scan")
    assert scan.status_code == 200 and "Book it" not in scan.get_data(as_text=True)
    assert "Book it" in ana.get(f"/workspaces/gent/desks/{team.desk2.id}/scan").get_data(as_text=True)


def test_the_figures_count_no_capacity_for_a_desk_on_its_outage_days(team, db):
    """Monday 1 to Friday 5 March, two desks open 9 h a day: 2 × 9 × 5 = 90 desk-hours. A1 out on
    Tuesday and Wednesday: 90 − 2 × 9 = 72. Bo books A2 all Wednesday (9 h): Wednesday's
    occupancy 9 ÷ 9 = 1, the week's 9 ÷ 72 = 0.125."""
    assert take_out(team.as_manager, team.desk, TUESDAY, WEDNESDAY).status_code == 201
    assert team.as_bo.book(team.desk2, WEDNESDAY, "09:00", "18:00").status_code == 201
    body = team.as_manager.get(f"/api/v1/workspaces/gent/occupancy?from={MONDAY}&to={FRIDAY}&granularity=day").json
    capacity = {s["period_start"]: s["capacity_hours"] for s in body["series"]}
    assert capacity == {
        "2027-03-01": 18.0,
        "2027-03-02": 9.0,
        "2027-03-03": 9.0,
        "2027-03-04": 18.0,
        "2027-03-05": 18.0,
    }
    wednesday = next(s for s in body["series"] if s["period_start"] == "2027-03-03")
    assert wednesday["occupancy"] == 1.0 and wednesday["peak"] == 1.0
    assert body["totals"]["capacity_hours"] == 72.0 and body["totals"]["booked_hours"] == 9.0
    assert body["totals"]["occupancy"] == 0.125
    # The member's own usage counts the same hours.
    assert team.as_bo.get(f"/api/v1/me/usage?from={MONDAY}&to={FRIDAY}").status_code == 200


def test_outages_refuse_the_past_overlaps_and_a_missing_reason(team):
    past = take_out(team.as_manager, team.desk, MONDAY - timedelta(days=1), TUESDAY)
    assert past.status_code == 422 and problem_code(past) == "past_is_kept"
    backwards = take_out(team.as_manager, team.desk, WEDNESDAY, TUESDAY)
    assert backwards.status_code == 422
    blank = take_out(team.as_manager, team.desk, TUESDAY, WEDNESDAY, "   ")
    assert blank.status_code == 422 and problem_code(blank) == "validation_error"
    assert take_out(team.as_manager, team.desk, TUESDAY, WEDNESDAY).status_code == 201
    overlap = take_out(team.as_manager, team.desk, WEDNESDAY, FRIDAY)
    assert overlap.status_code == 409 and problem_code(overlap) == "outage_overlaps"
    # The day after is another outage; another desk is free to have its own.
    assert take_out(team.as_manager, team.desk, THURSDAY, FRIDAY).status_code == 201
    assert take_out(team.as_manager, team.desk2, TUESDAY, WEDNESDAY).status_code == 201


def test_only_the_workspaces_managers_change_outages(team, db):
    assert take_out(team.as_lille_manager, team.desk, TUESDAY, WEDNESDAY).status_code == 403
    assert take_out(team.as_ana, team.desk, TUESDAY, WEDNESDAY).status_code == 403
    # Lille's desk through gent's address: not found there.
    assert take_out(team.as_manager, team.lille_desk, TUESDAY, WEDNESDAY).status_code == 404
    assert take_out(team.as_admin, team.lille_desk, TUESDAY, WEDNESDAY, slug="lille").status_code == 201
    outage = take_out(team.as_manager, team.desk, TUESDAY, WEDNESDAY).json
    for client in (team.as_lille_manager, team.as_ana, team.as_bo):
        assert client.delete(f"{outages_url(team.desk)}/{outage['id']}").status_code == 403
    assert team.as_manager.delete(f"{outages_url(team.desk2)}/{outage['id']}").status_code == 404
    assert db.session.scalar(select(DeskOutage.id).where(DeskOutage.id == outage["id"])) is not None


def test_lifting_an_outage_frees_its_days_and_serves_the_waitlist(team, db, app):
    """A2 is taken on Wednesday morning and A1 is out: Ana waits. Lifting A1's outage books her."""
    outage = take_out(team.as_manager, team.desk, TUESDAY, WEDNESDAY).json
    assert team.as_bo.book(team.desk2, WEDNESDAY, "09:00", "13:00").status_code == 201
    joined = team.as_ana.post(
        "/api/v1/waitlist", json={"workspace": "gent", "start": f"{WEDNESDAY}T09:00", "end": f"{WEDNESDAY}T12:00"}
    )
    assert joined.status_code == 201, joined.json
    outbox(app).clear()
    r = team.as_manager.delete(f"{outages_url(team.desk)}/{outage['id']}")
    assert r.status_code == 200, r.json
    assert r.json == {
        "id": outage["id"],
        "lifted": True,
        "first_day": None,
        "last_day": None,
        "reason": "New chair",
        "back_in_service_from": "2027-03-02",
    }
    assert db.session.scalar(select(DeskOutage.id)) is None  # not started: deleted
    entry = db.session.scalars(select(WaitlistEntry)).one()
    assert entry.status == "booked" and db.session.get(Booking, entry.booking_id).desk_id == team.desk.id
    assert any(m["To"] == "ana@example.org" for m in outbox(app))
    assert available_codes(team.as_bo, TUESDAY) == ["A1", "A2"]
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "desk.outage_lifted")).one()


def test_lifting_an_outage_under_way_keeps_the_past_days(team, db):
    started = DeskOutage(
        desk_id=team.desk.id,
        first_day=date(2027, 2, 25),
        last_day=WEDNESDAY,
        reason="Flooded",
        created_at=datetime(2027, 2, 25, tzinfo=UTC),
    )
    db.session.add(started)
    db.session.commit()
    assert available_codes(team.as_ana, MONDAY) == ["A2"]
    r = team.as_manager.delete(f"{outages_url(team.desk)}/{started.id}")
    assert r.status_code == 200, r.json
    assert (r.json["first_day"], r.json["last_day"], r.json["back_in_service_from"]) == (
        "2027-02-25",
        "2027-02-28",
        "2027-03-01",
    )
    assert available_codes(team.as_ana, MONDAY) == ["A1", "A2"]
    # The days kept are past: lifting again changes nothing.
    again = team.as_manager.delete(f"{outages_url(team.desk)}/{started.id}")
    assert again.status_code == 409 and problem_code(again) == "outage_over"
    assert [o["first_day"] for o in team.as_ana.get(outages_url(team.desk) + "?all=true").json] == ["2027-02-25"]


def test_a_days_reads_cost_as_many_statements_whatever_the_outages(team, sql_statements):
    def count() -> int:
        with sql_statements() as seen:
            assert team.as_ana.get(f"/api/v1/workspaces/gent/availability?date={THURSDAY}").status_code == 200
            assert team.as_ana.get(f"/api/v1/workspaces/gent/week?start={MONDAY}").status_code == 200
            assert team.as_ana.get("/api/v1/workspaces").status_code == 200
        return len(seen)

    count()  # the first requests of a token read more (its holder, once)
    small = count()
    for n in range(4):
        day = THURSDAY + timedelta(days=7 * n)
        assert take_out(team.as_manager, team.desk, day, day).status_code == 201
        assert take_out(team.as_manager, team.desk2, day, day).status_code == 201
    assert count() == small
    assert available_codes(team.as_ana, THURSDAY) == []


def test_the_day_page_says_until_when_a_desk_is_out(team, app):
    assert take_out(team.as_manager, team.desk, TUESDAY, WEDNESDAY, "Painting").status_code == 201
    ana = logged_in(app.test_client(), team.ana)
    tuesday = visible(ana.get(f"/workspaces/gent?date={TUESDAY}").get_data(as_text=True))
    assert "Desk A1 is out of service until 3 Mar 2027." in tuesday
    thursday = visible(ana.get(f"/workspaces/gent?date={THURSDAY}").get_data(as_text=True))
    assert "out of service" not in thursday


def test_the_database_refuses_two_overlapping_outages_of_a_desk(team, db):
    """Whatever code writes the rows: an exclusion constraint (PostgreSQL), triggers (SQLite)."""
    from sqlalchemy.exc import IntegrityError

    def outage(desk, first, last):
        return DeskOutage(
            desk_id=desk.id, first_day=first, last_day=last, reason="x", created_at=datetime(2027, 3, 1, tzinfo=UTC)
        )

    db.session.add(outage(team.desk, TUESDAY, THURSDAY))
    db.session.commit()
    db.session.add(outage(team.desk, THURSDAY, FRIDAY))
    with pytest.raises(IntegrityError, match="desk_outages_no_overlap"):
        db.session.commit()
    db.session.rollback()
    # Touching (the day after) and on another desk: allowed.
    db.session.add_all([outage(team.desk, FRIDAY, FRIDAY), outage(team.desk2, TUESDAY, THURSDAY)])
    db.session.commit()
    moved = db.session.scalars(select(DeskOutage).where(DeskOutage.first_day == FRIDAY)).one()
    moved.first_day = WEDNESDAY
    with pytest.raises(IntegrityError, match="desk_outages_no_overlap"):
        db.session.commit()
    db.session.rollback()
