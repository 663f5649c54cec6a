"""The audit trail: each audited action writes a row with its actor and details,
the database refuses to change audit rows, and only admins read the trail — on SQLite and,
with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.support.clock import MONDAY
from tests.support.factories import PASSWORD, gent_team
from tests.support.http import problem_code

TUESDAY = MONDAY + timedelta(days=1)
WEDNESDAY = MONDAY + timedelta(days=2)

NEW_WORKSPACE = {
    "slug": "porto-ribeira",
    "name": "Ribeira",
    "city": "Porto",
    "country": "pt",
    "timezone": "Europe/Lisbon",
    "currency": "eur",
    "opening_hours": [{"weekday": 0, "open": "08:00", "close": "12:00"}],
    "policy": {"slot_minutes": 15},
}


@pytest.fixture
def people(clock, factories, api_as):
    """factories.gent_team, and Lille with its own manager."""
    team = gent_team(factories)
    other = factories.workspace(slug="lille", city="Lille", country="FR", timezone="Europe/Paris")
    return {
        **vars(team),
        "other": other,
        "manager_elsewhere": factories.user(role="manager", email="far@example.org", workspaces=[other]),
        "api": api_as,
    }


def events(db, **where):
    from coworking.audit.models import AuditEvent

    query = sa.select(AuditEvent).order_by(AuditEvent.id)
    for key, value in where.items():
        query = query.where(getattr(AuditEvent, key) == value)
    db.session.rollback()
    return list(db.session.scalars(query))


def test_every_audited_action_writes_a_row_with_actor_and_details(people, db):
    api = people["api"]
    admin, manager, ana, bo = (api(people[k]) for k in ("admin", "manager", "ana", "bo"))
    ws = people["ws"]

    assert admin.post("/api/v1/workspaces", json=NEW_WORKSPACE).status_code == 201
    (created,) = events(db, action="workspace.created")
    assert created.actor_id == people["admin"].id and created.object_type == "workspace"
    assert created.details["slug"] == "porto-ribeira" and created.details["policy"]["slot_minutes"] == 15
    assert created.details["opening_hours"] == [{"weekday": 0, "open": "08:00", "close": "12:00"}]

    assert manager.patch("/api/v1/workspaces/gent", json={"policy": {"max_active_bookings": 3}}).status_code == 200
    (policy,) = events(db, action="workspace.policy_changed")
    assert policy.actor_id == people["manager"].id and policy.workspace_id == ws.id
    assert policy.details["after"] == {"max_active_bookings": 3}
    assert set(policy.details["before"]) == {"max_active_bookings"}
    assert events(db, action="workspace.hours_changed") == []  # unchanged hours: no event

    hours = [{"weekday": d, "open": "08:00", "close": "18:00"} for d in range(5)]
    assert manager.patch("/api/v1/workspaces/gent", json={"opening_hours": hours}).status_code == 200
    (changed,) = events(db, action="workspace.hours_changed")
    assert changed.details["after"] == hours and changed.details["before"][0] == {
        "weekday": 0,
        "open": "09:00",
        "close": "18:00",
    }
    assert len(events(db, action="workspace.policy_changed")) == 1

    r = manager.post("/api/v1/workspaces/gent/desks", json={"code": "B1", "kind": "fixed_desk"})
    assert r.status_code == 201
    (desk,) = events(db, action="desk.created")
    assert (desk.object_type, desk.object_id, desk.workspace_id) == ("desk", str(r.json["id"]), ws.id)
    assert desk.details["code"] == "B1" and desk.details["kind"] == "fixed_desk"

    made = ana.book(people["desk"], TUESDAY, "09:00", "10:00", note="private words")
    assert made.status_code == 201
    (booked,) = events(db, action="booking.created")
    assert (booked.actor_id, booked.object_type, booked.object_id) == (people["ana"].id, "booking", made.json["id"])
    assert booked.details["desk"] == "A1" and booked.details["member_id"] == people["ana"].id
    assert booked.details["starts_at"] == "2027-03-02T08:00:00+00:00"
    assert "private words" not in str(booked.details)  # member-written text stays out of the trail

    assert ana.delete(f"/api/v1/bookings/{made.json['id']}").status_code == 200
    (cancelled,) = events(db, action="booking.cancelled")
    assert cancelled.actor_id == people["ana"].id and cancelled.object_id == made.json["id"]
    assert cancelled.details["by_manager"] is False

    theirs = bo.book(people["desk2"], WEDNESDAY, "09:00", "10:00")
    assert theirs.status_code == 201
    r = manager.post(
        "/api/v1/workspaces/gent/closures",
        json={"start_date": WEDNESDAY.isoformat(), "end_date": WEDNESDAY.isoformat(), "reason": "Works"},
    )
    assert r.status_code == 201 and r.json["cancelled_bookings"] == 1
    (closure,) = events(db, action="closure.created")
    assert closure.actor_id == people["manager"].id and closure.object_id == str(r.json["id"])
    assert closure.details == {
        "start_date": WEDNESDAY.isoformat(),
        "end_date": WEDNESDAY.isoformat(),
        "reason": "Works",
        "cancelled_bookings": 1,
    }
    by_closure = events(db, action="booking.cancelled", object_id=theirs.json["id"])
    assert len(by_closure) == 1 and by_closure[0].details["closure_id"] == r.json["id"]
    assert by_closure[0].actor_id == people["manager"].id

    # The admins' API lists all of it, newest first, with the actor's email and the slug.
    body = admin.get("/api/v1/audit").json
    actions = [e["action"] for e in body["events"]]
    assert actions == [
        "booking.cancelled",
        "closure.created",
        "booking.created",
        "booking.cancelled",
        "booking.created",
        "desk.created",
        "workspace.hours_changed",
        "workspace.policy_changed",
        "workspace.created",
    ]
    assert body["events"][1]["actor"] == "manager@example.org" and body["events"][1]["workspace"] == "gent"
    assert body["next_before"] is None


def test_the_audit_api_filters_and_pages(people, db):
    api = people["api"]
    admin, ana = api(people["admin"]), api(people["ana"])
    for start in ("09:00", "10:00", "11:00"):
        assert ana.book(people["desk"], TUESDAY, start, f"{int(start[:2]) + 1}:00").status_code == 201
    assert admin.post("/api/v1/workspaces", json=NEW_WORKSPACE).status_code == 201

    only = admin.get("/api/v1/audit?action=booking.created").json["events"]
    assert len(only) == 3 and {e["actor"] for e in only} == {"ana@example.org"}
    assert len(admin.get("/api/v1/audit?action=booking.").json["events"]) == 3
    assert len(admin.get("/api/v1/audit?action=booking.cancelled").json["events"]) == 0
    assert [e["action"] for e in admin.get("/api/v1/audit?workspace=porto-ribeira").json["events"]] == [
        "workspace.created"
    ]
    assert len(admin.get("/api/v1/audit?from=2027-03-01&to=2027-03-01").json["events"]) == 4
    assert admin.get("/api/v1/audit?from=2027-03-02").json["events"] == []
    assert admin.get("/api/v1/audit?to=2027-03-01T08:00:00%2B00:00").json["events"] == []  # `to` excludes

    first = admin.get("/api/v1/audit?limit=3").json
    assert len(first["events"]) == 3 and first["next_before"] == first["events"][-1]["id"]
    rest = admin.get(f"/api/v1/audit?limit=3&before={first['next_before']}").json
    assert len(rest["events"]) == 1 and rest["next_before"] is None

    assert admin.get("/api/v1/audit?limit=500").status_code == 200
    assert admin.get("/api/v1/audit?limit=501").status_code == 422
    assert problem_code(admin.get("/api/v1/audit?from=yesterday")) == "validation_error"
    assert problem_code(admin.get("/api/v1/audit?from=2027-03-01T09:00")) == "validation_error"  # no offset
    assert problem_code(admin.get("/api/v1/audit?workspace=nowhere")) == "not_found"


def test_the_database_refuses_to_change_audit_rows(people, db):
    from coworking.extensions import db as database

    assert people["api"](people["ana"]).book(people["desk"], TUESDAY, "09:00", "10:00").status_code == 201
    assert len(events(db)) == 1
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        database.session.execute(sa.text("UPDATE audit_events SET action = 'booking.nothing'"))
    database.session.rollback()
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        database.session.execute(sa.text("UPDATE audit_events SET details = '{}', actor_id = NULL"))
    database.session.rollback()
    if database.engine.dialect.name == "postgresql":
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            database.session.execute(sa.text("DELETE FROM audit_events"))
        database.session.rollback()
        assert len(events(db)) == 1
        # TRUNCATE is not a row operation: the test suite's cleanup still works.
        database.session.execute(sa.text("TRUNCATE audit_events"))
        database.session.rollback()
    assert [e.action for e in events(db)] == ["booking.created"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("ana", 403), ("manager", 403), ("manager_elsewhere", 403), ("admin", 200)],
)
def test_only_admins_read_the_audit_api(people, client, who, status):
    if who == "anonymous":
        r = client.get("/api/v1/audit")
    else:
        r = people["api"](people[who]).get("/api/v1/audit")
    assert r.status_code == status
    if status != 200:
        assert r.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("ana", 403), ("manager", 403), ("admin", 200)],
)
def test_only_admins_see_the_audit_page(people, client, who, status):
    people["api"](people["ana"]).book(people["desk"], TUESDAY, "09:00", "10:00")
    if who != "anonymous":
        assert client.post("/login", data={"email": people[who].email, "password": PASSWORD}).status_code == 302
    r = client.get("/admin/audit/")
    assert r.status_code == status
    if who == "anonymous":
        assert "/login" in r.headers["Location"]
    if status == 200:
        page = r.get_data(as_text=True)
        assert "booking.created" in page and "ana@example.org" in page
        filtered = client.get("/admin/audit/?action=desk.created&from=2027-03-01&to=2027-03-02&workspace=gent")
        assert filtered.status_code == 200 and "booking.created" not in filtered.get_data(as_text=True)
        assert client.get("/admin/audit/?from=nonsense").status_code == 422
        assert client.get("/admin/audit/?action=%00").status_code in (400, 422)
        assert client.get("/admin/audit/?before=99999999999999999999").status_code == 200


def test_the_audit_page_is_in_the_admin_navigation_in_local_time_and_translated(people, client, db):
    """Admins reach the page from the navigation (managers do not see it);
    a booking made at 08:00 UTC in Brussels shows 09:00 and names Europe/Brussels."""
    people["api"](people["ana"]).book(people["desk"], TUESDAY, "09:00", "10:00")  # at 08:00 UTC
    assert client.post("/login", data={"email": people["admin"].email, "password": PASSWORD}).status_code == 302
    nav = client.get("/workspaces").get_data(as_text=True).split("</nav>")[0]
    assert 'href="/admin/audit/"' in nav and "Audit trail" in nav

    page = client.get("/admin/audit/").get_data(as_text=True)
    row = next(r for r in page.split("<tr>") if "booking.created" in r)
    assert "09:00:00" in row and "Europe/Brussels" in row
    assert "08:00:00<" not in row  # the UTC time is only in the machine-readable datetime
    assert "Booking made" in row

    client.post("/language", data={"language": "fr", "next": "/admin/audit/"})
    french = client.get("/admin/audit").get_data(as_text=True)  # no trailing slash: the same page
    assert "Journal d’audit" in french.split("</nav>")[0]
    assert "<h1>Journal d’audit</h1>" in french

    client.post("/logout")
    assert client.post("/login", data={"email": people["manager"].email, "password": PASSWORD}).status_code == 302
    assert "/admin/audit" not in client.get("/workspaces").get_data(as_text=True)
