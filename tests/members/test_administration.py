"""Admins run the members: roles and managed workspaces, deactivate (every session and token
ends at once) and reactivate, erase with a typed confirmation, search by name, email or
member number, a page at a time. Pages and API share the rules."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from coworking.accounts.models import User
from coworking.audit.models import AuditEvent
from tests.support.factories import PASSWORD
from tests.support.http import log_in, logged_in, problem_code, visible


@pytest.fixture
def team(place, factories):
    ws, _desks, ana, bo = place
    brugge = factories.workspace(slug="brugge", name="Brugge Hub", city="Bruges")
    admin = factories.user(role="admin", email="admin@example.org", name="Alex Admin")
    return ws, brugge, ana, bo, admin


def _events(db, action):
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()


# --- roles and managed workspaces ---------------------------------------------------------


def test_making_a_member_a_manager_opens_that_workspace_s_reports_and_only_that(app, client, db, team):
    _ws, _brugge, ana, _bo, admin = team
    admin_client = app.test_client()
    logged_in(admin_client, admin)
    r = admin_client.post(f"/admin/members/{ana.id}/role", data={"role": "manager", "workspaces": ["gent"]})
    assert r.status_code == 302 and r.headers["Location"] == f"/admin/members/{ana.id}"
    assert "The role is saved." in admin_client.get(r.headers["Location"]).get_data(as_text=True)

    logged_in(client, ana)
    assert client.get("/reports/gent/today").status_code == 200
    assert client.get("/reports/brugge/today").status_code == 403
    (event,) = _events(db, "user.role_changed")
    assert event.actor_id == admin.id and event.object_id == str(ana.id)
    assert event.details == {
        "before": {"role": "member", "workspaces": []},
        "after": {"role": "manager", "workspaces": ["gent"]},
    }

    # Back to member: the reports close again, for the session she already has.
    admin_client.post(f"/admin/members/{ana.id}/role", data={"role": "member"})
    assert client.get("/reports/gent/today").status_code == 403
    assert db.session.get(User, ana.id).managed_workspaces == []


def test_the_role_form_refuses_a_manager_without_workspaces_and_workspaces_for_others(client, db, team):
    _ws, _brugge, ana, _bo, admin = team
    logged_in(client, admin)
    r = client.post(f"/admin/members/{ana.id}/role", data={"role": "manager"})
    assert r.status_code == 422
    assert "A manager needs at least one workspace." in r.get_data(as_text=True)
    assert 'aria-describedby="workspaces-error"' in r.get_data(as_text=True)
    r = client.post(f"/admin/members/{ana.id}/role", data={"role": "admin", "workspaces": ["gent"]})
    assert r.status_code == 422 and "Only managers have workspaces to manage" in r.get_data(as_text=True)
    r = client.post(f"/admin/members/{ana.id}/role", data={"role": "overlord"})
    assert r.status_code == 422
    assert db.session.get(User, ana.id).role == "member"
    assert _events(db, "user.role_changed") == []


def test_an_admin_does_not_change_their_own_role_or_deactivate_themselves(client, db, team, api_as):
    *_, admin = team
    logged_in(client, admin)
    page = visible(client.get(f"/admin/members/{admin.id}").get_data(as_text=True))
    assert "This is you" in page and "Deactivate" not in page
    r = client.post(f"/admin/members/{admin.id}/role", data={"role": "member"})
    assert r.status_code == 422 and "You cannot change your own role" in r.get_data(as_text=True)
    r = api_as(admin).patch(f"/api/v1/users/{admin.id}", json={"active": False})
    assert r.status_code == 422 and problem_code(r) == "validation_error"
    assert db.session.get(User, admin.id).role == "admin" and db.session.get(User, admin.id).active


def test_the_api_changes_role_and_workspaces(db, team, api_as):
    _ws, _brugge, ana, _bo, admin = team
    as_admin = api_as(admin)
    r = as_admin.patch(f"/api/v1/users/{ana.id}", json={"role": "manager", "workspaces": ["gent", "brugge"]})
    assert r.status_code == 200
    assert r.json["role"] == "manager" and r.json["managed_workspaces"] == ["brugge", "gent"]
    r = as_admin.patch(f"/api/v1/users/{ana.id}", json={"workspaces": ["brugge"]})
    assert r.json["managed_workspaces"] == ["brugge"] and r.json["home_workspace"] == "gent"
    r = as_admin.patch(f"/api/v1/users/{ana.id}", json={"workspaces": ["atlantis"]})
    assert r.status_code == 422 and problem_code(r) == "validation_error"
    assert as_admin.patch("/api/v1/users/2000000000", json={"role": "member"}).status_code == 404
    r = as_admin.get(f"/api/v1/users/{ana.id}")
    assert r.json["managed_workspaces"] == ["brugge"] and r.json["status"] == "active"


# --- deactivation -------------------------------------------------------------------------


def test_deactivation_ends_sessions_and_tokens_at_once_and_reactivation_lets_them_back(app, client, db, team, auth):
    _ws, _brugge, ana, _bo, admin = team
    logged_in(client, ana)  # Ana's phone, logged in
    token = auth(ana)
    assert client.get("/bookings").status_code == 200
    assert client.get("/api/v1/bookings", headers=token).status_code == 200

    admin_client = app.test_client()
    logged_in(admin_client, admin)
    r = admin_client.post(f"/admin/members/{ana.id}/deactivate")
    assert r.status_code == 302
    page = visible(admin_client.get(r.headers["Location"]).get_data(as_text=True))
    assert "The member is deactivated and logged out everywhere." in page and "Deactivated" in page

    r = client.get("/bookings")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    assert client.get("/api/v1/bookings", headers=token).status_code == 401
    assert log_in(client, ana).status_code == 200  # refused, with the usual message
    assert client.post("/api/v1/tokens", json={"email": ana.email, "password": PASSWORD}).status_code == 401
    assert [e.actor_id for e in _events(db, "user.deactivated")] == [admin.id]

    r = admin_client.post(f"/admin/members/{ana.id}/reactivate")
    assert "The member is active again." in admin_client.get(r.headers["Location"]).get_data(as_text=True)
    assert log_in(client, ana).status_code == 302  # her password still works
    assert client.get("/api/v1/bookings", headers=token).status_code == 401  # the old token stays revoked
    assert len(_events(db, "user.reactivated")) == 1


def test_the_api_deactivates_and_reactivates(db, team, api_as, auth, client):
    _ws, _brugge, ana, _bo, admin = team
    token = auth(ana)
    r = api_as(admin).patch(f"/api/v1/users/{ana.id}", json={"active": False})
    assert r.status_code == 200 and r.json["active"] is False and r.json["status"] == "deactivated"
    assert client.get("/api/v1/me/data", headers=token).status_code == 401
    r = api_as(admin).patch(f"/api/v1/users/{ana.id}", json={"active": "no"})
    assert r.status_code == 422  # a boolean, nothing else
    r = api_as(admin).patch(f"/api/v1/users/{ana.id}", json={"active": True})
    assert r.json["status"] == "active"


# --- erasure ------------------------------------------------------------------------------


def test_erasure_needs_the_member_s_email_typed_and_then_erases(app, client, db, team):
    _ws, _brugge, ana, _bo, admin = team
    logged_in(client, admin)
    page = client.get(f"/admin/members/{ana.id}/erase").get_data(as_text=True)
    assert "This cannot be undone." in page and "It is ana@example.org." in page

    r = client.post(f"/admin/members/{ana.id}/erase", data={"confirm_email": "bo@example.org"})
    assert r.status_code == 422
    assert "That is not this member's email address: nothing was erased." in visible(r.get_data(as_text=True))
    assert db.session.get(User, ana.id).email == "ana@example.org"

    r = client.post(f"/admin/members/{ana.id}/erase", data={"confirm_email": " ANA@example.org "})
    assert r.status_code == 302 and r.headers["Location"] == "/admin/members"
    erased = db.session.get(User, ana.id)
    assert erased.name == f"Erased member #{ana.id}" and not erased.active
    assert len(_events(db, "user.erased")) == 1
    detail = visible(client.get(f"/admin/members/{ana.id}").get_data(as_text=True))
    assert "Erased" in detail and "Save the role" not in detail
    assert client.get(f"/admin/members/{ana.id}/erase").status_code == 302  # nothing left to erase
    assert log_in(app.test_client(), "ana@example.org").status_code == 200  # refused


# --- search -------------------------------------------------------------------------------


def _names(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/admin/members/\d+">([^<]+)</a></h2>', html)


def test_search_by_name_email_or_member_number_in_any_case(client, team, factories):
    *_, admin = team
    factories.user(email="zoe.peeters@example.org", name="Zoë Peeters", member_number="COOP-0042")
    factories.user(email="jan@studio.example", name="Jan de Vries", member_number="COOP-0100")
    factories.user(email="percent@example.org", name="100% Wool")
    logged_in(client, admin)
    assert _names(client.get("/admin/members?q=peeters").get_data(as_text=True)) == ["Zoë Peeters"]
    assert _names(client.get("/admin/members?q=STUDIO.example").get_data(as_text=True)) == ["Jan de Vries"]
    assert _names(client.get("/admin/members?q=coop-0042").get_data(as_text=True)) == ["Zoë Peeters"]
    assert _names(client.get("/admin/members?q=%25").get_data(as_text=True)) == ["100% Wool"]  # % is literal
    assert _names(client.get("/admin/members?q=_").get_data(as_text=True)) == []
    page = client.get("/admin/members?q=nobody-like-this").get_data(as_text=True)
    assert "No member matches." in page and "0 members match “nobody-like-this”." in page
    everyone = _names(client.get("/admin/members").get_data(as_text=True))
    assert everyone == sorted(everyone, key=str.lower) and len(everyone) == 6


def test_the_list_pages_by_25_with_a_constant_number_of_statements(client, team, factories, sql_statements):
    *_, admin = team
    for n in range(30):
        factories.user(email=f"m{n:02d}@example.org", name=f"Member {n:02d}", member_number=f"N-{n:02d}")
    logged_in(client, admin)
    with sql_statements() as first:
        page1 = client.get("/admin/members?q=member").get_data(as_text=True)
    with sql_statements() as second:
        page2 = client.get("/admin/members?q=member&page=2").get_data(as_text=True)
    assert _names(page1) == [f"Member {n:02d}" for n in range(25)]
    assert _names(page2) == [f"Member {n:02d}" for n in range(25, 30)]
    assert "Page 1 of 2" in page1 and 'rel="next"' in page1 and 'rel="prev"' not in page1
    assert "Page 2 of 2" in page2 and 'rel="prev"' in page2
    assert len(first) == len(second)
    assert _names(client.get("/admin/members?q=member&page=99").get_data(as_text=True))[-1] == "Member 29"


def test_the_api_searches_and_pages(team, api_as, factories):
    *_, admin = team
    factories.user(email="zoe@example.org", name="Zoë Peeters", member_number="COOP-0042")
    r = api_as(admin).get("/api/v1/users?q=coop-00")
    assert r.status_code == 200
    assert r.json["total"] == 1 and r.json["page"] == 1 and r.json["pages"] == 1
    (zoe,) = r.json["users"]
    assert zoe["name"] == "Zoë Peeters" and zoe["member_number"] == "COOP-0042" and zoe["status"] == "active"
    assert api_as(admin).get("/api/v1/users?page=0").status_code == 422


def test_members_pages_are_for_admins_only(client, team, factories):
    ws, _brugge, ana, _bo, _admin = team
    manager = factories.user(role="manager", email="manager@example.org", workspaces=[ws])
    for who in (ana, manager):
        logged_in(client, who)
        for url in ("/admin/members", "/admin/members/invite", f"/admin/members/{ana.id}"):
            assert client.get(url).status_code == 403
        assert client.post(f"/admin/members/{ana.id}/deactivate").status_code == 403
        assert "/admin/members" not in client.get("/workspaces").get_data(as_text=True)  # no nav link
        client.post("/logout")
    assert db_active(ana)


def db_active(user) -> bool:
    from coworking.extensions import db

    return db.session.get(User, user.id).active


def test_deactivation_cancels_upcoming_bookings_and_frees_their_desks(app, client, db, team, api_as, make_booking):
    from datetime import UTC, datetime

    from coworking.bookings.models import Booking
    from coworking.workspaces.models import Desk
    from tests.support.app import mail_text
    from tests.support.clock import TUESDAY
    from tests.support.mails import sent_to

    ws, _brugge, ana, bo, admin = team
    desk = db.session.scalar(sa.select(Desk).where(Desk.workspace_id == ws.id, Desk.code == "A1"))
    past = make_booking(desk, ana, datetime(2027, 2, 26, 9, tzinfo=UTC), datetime(2027, 2, 26, 12, tzinfo=UTC))
    as_bo = api_as(bo)
    assert api_as(ana).book(desk, TUESDAY, "09:00", "12:00").status_code == 201
    assert as_bo.book(desk, TUESDAY, "09:00", "12:00").status_code == 409  # Ana has it

    logged_in(client, admin)
    before = visible(client.get(f"/admin/members/{ana.id}").get_data(as_text=True))
    assert "They have 1 upcoming booking." in before  # the past one does not count
    r = client.post(f"/admin/members/{ana.id}/deactivate")
    page = visible(client.get(r.headers["Location"]).get_data(as_text=True))
    assert "1 upcoming booking is cancelled." in page

    statuses = dict(
        db.session.execute(sa.select(Booking.starts_at, Booking.status).where(Booking.member_id == ana.id)).all()
    )
    assert statuses[past.starts_at] == "confirmed"  # history stays
    assert sorted(statuses.values()) == ["cancelled", "confirmed"]
    (notice,) = [m for m in sent_to(app, "ana@example.org") if m["Subject"].startswith("Cancelled:")]
    assert "Membership deactivated" in mail_text(notice)
    assert as_bo.book(desk, TUESDAY, "09:00", "12:00").status_code == 201  # the desk is free
    (event,) = _events(db, "user.deactivated")
    assert event.details == {"cancelled_bookings": 1}


def test_a_deactivated_member_leaves_the_waitlist_and_the_next_moves_up(db, team, api_as, client, factories):
    from coworking.bookings.waitlist_models import WaitlistEntry
    from coworking.workspaces.models import Desk
    from tests.support.clock import TUESDAY

    ws, _brugge, ana, bo, admin = team
    cy = factories.user(email="cy@example.org", name="Cy", workspaces=[ws])
    dan = factories.user(email="dan@example.org", name="Dan", workspaces=[ws])
    a1, a2 = db.session.scalars(sa.select(Desk).where(Desk.workspace_id == ws.id).order_by(Desk.code)).all()
    as_ana, as_cy = api_as(ana), api_as(cy)
    as_bo, as_dan = api_as(bo), api_as(dan)
    assert as_bo.book(a1, TUESDAY, "13:00", "15:00").status_code == 201  # the afternoon is full
    assert as_dan.book(a2, TUESDAY, "13:00", "15:00").status_code == 201
    afternoon = {"workspace": "gent", "start": f"{TUESDAY}T13:00", "end": f"{TUESDAY}T15:00"}
    assert as_ana.post("/api/v1/waitlist", json=afternoon).status_code == 201
    assert as_cy.post("/api/v1/waitlist", json=afternoon).status_code == 201
    assert [e["position"] for e in as_cy.get("/api/v1/waitlist").json] == [2]

    logged_in(client, admin)
    client.post(f"/admin/members/{ana.id}/deactivate")
    statuses = dict(db.session.execute(sa.select(WaitlistEntry.member_id, WaitlistEntry.status)).all())
    assert statuses == {ana.id: "left", cy.id: "waiting"}
    assert [e["position"] for e in as_cy.get("/api/v1/waitlist").json] == [1]


@pytest.fixture
def csrf_client(database_url):
    from coworking.extensions import db
    from tests.support.app import make_app

    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


def test_every_members_form_carries_a_csrf_token_and_refuses_a_post_without_it(csrf_client, db, team):
    _ws, _brugge, ana, _bo, _admin = team
    client = csrf_client
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    r = client.post("/login", data={"email": "admin@example.org", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302
    for url in (f"/admin/members/{ana.id}", "/admin/members/invite", f"/admin/members/{ana.id}/erase"):
        assert re.search(r'name="csrf_token" (type="hidden" )?value="[^"]+"', client.get(url).get_data(as_text=True))
    for action in ("deactivate", "role", "erase", "invitation"):
        r = client.post(f"/admin/members/{ana.id}/{action}", data={"role": "admin", "confirm_email": ana.email})
        assert r.status_code == 400, action
    r = client.post("/admin/members/invite", data={"name": "X", "email": "x@example.org", "role": "member"})
    assert r.status_code == 400
    db.session.expire_all()
    still = db.session.get(User, ana.id)
    assert still.active and still.role == "member" and still.email == "ana@example.org"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 3  # nobody invited
