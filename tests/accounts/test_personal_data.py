"""Personal data: a member downloads everything held about them; an admin erases a
member, which keeps their bookings so figures and closed months stay identical — on SQLite
and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.support.budget import YEAR, build_example
from tests.support.clock import MONDAY
from tests.support.factories import PASSWORD, gent_team
from tests.support.http import problem_code

TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
def people(clock, factories, api_as):
    """factories.gent_team, Ana with a full name and a member number."""
    team = gent_team(factories, ana={"name": "Ana Lopes", "member_number": "M-17"})
    return {**vars(team), "api": api_as}


def test_the_export_holds_the_members_bookings_and_no_secrets(people, db):
    from coworking.accounts.models import ApiToken, User

    ana, bo = people["api"](people["ana"]), people["api"](people["bo"])
    mine = ana.book(people["desk"], TUESDAY, "09:00", "10:00", note="by the window").json["id"]
    cancelled = ana.book(people["desk"], TUESDAY, "11:00", "12:00").json["id"]
    assert ana.delete(f"/api/v1/bookings/{cancelled}").status_code == 200
    theirs = bo.book(people["desk2"], TUESDAY, "09:00", "10:00", note="bo's secret plan").json["id"]

    r = ana.get("/api/v1/me/data")
    assert r.status_code == 200
    body = r.json
    assert body["profile"] == {
        "id": people["ana"].id,
        "email": "ana@example.org",
        "name": "Ana Lopes",
        "member_number": "M-17",
        "role": "member",
        "language": None,
        "active": True,
        "home_workspace": "gent",
        "home_workspace_asked_at": None,  # has a home: never asked
        "managed_workspaces": [],
        "created_at": body["profile"]["created_at"],
        "email_verified": True,  # made by an admin
        "has_password": True,
    }
    by_id = {b["id"]: b for b in body["bookings"]}
    assert set(by_id) == {mine, cancelled}
    assert by_id[mine]["note"] == "by the window" and by_id[mine]["desk"] == "A1"
    assert by_id[mine]["workspace"] == "gent" and by_id[mine]["start"] == "2027-03-02T08:00:00+00:00"
    assert by_id[mine]["status"] == "confirmed" and by_id[cancelled]["status"] == "cancelled"
    assert [e["action"] for e in body["audit_events"]] == ["booking.created", "booking.created", "booking.cancelled"]
    assert len(body["api_tokens"]) == 1 and set(body["api_tokens"][0]) == {
        "kind",
        "created_at",
        "expires_at",
        "last_used_at",
    }

    text = r.get_data(as_text=True)
    db.session.rollback()
    user = db.session.get(User, people["ana"].id)
    hashes = db.session.scalars(sa.select(ApiToken.token_hash)).all()
    for secret in (user.password_hash, user.calendar_secret, *hashes, ana.headers["Authorization"][7:]):
        assert secret not in text
    assert theirs not in text and "bo's secret plan" not in text and "bo@example.org" not in text
    assert "password" not in text.replace("has_password", "")


def test_the_export_page_is_a_download_for_the_logged_in_member(people, client):
    people["api"](people["ana"]).book(people["desk"], TUESDAY, "09:00", "10:00")
    anonymous = client.get("/me/data")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert client.post("/login", data={"email": "ana@example.org", "password": PASSWORD}).status_code == 302
    r = client.get("/me/data")
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert r.headers["Content-Disposition"].startswith("attachment;")
    body = json.loads(r.get_data(as_text=True))
    assert body["profile"]["email"] == "ana@example.org" and len(body["bookings"]) == 1
    assert "/me/data" in client.get("/profile").get_data(as_text=True)
    # The API's document has every section the page's download has: none is dropped by the
    # answer's schema (a feature adding a section must declare it there too).
    api_body = people["api"](people["ana"]).get("/api/v1/me/data").json
    assert set(api_body) == set(body)


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("ana", 403), ("bo", 403), ("manager", 403)])
def test_only_admins_erase(people, client, who, status):
    url = f"/api/v1/users/{people['ana'].id}/erase"
    r = client.post(url) if who == "anonymous" else people["api"](people[who]).post(url)
    assert r.status_code == status and r.mimetype == "application/problem+json"


def test_erasing_unknown_users_or_oneself(people):
    admin = people["api"](people["admin"])
    assert problem_code(admin.post("/api/v1/users/999999/erase")) == "not_found"
    assert admin.post(f"/api/v1/users/{people['admin'].id}/erase").status_code == 422


def test_erasure_keeps_bookings_and_a_closed_month_identical(db, factories, make_user, api_as, clock):
    from coworking.accounts.models import ApiToken, User
    from coworking.audit.models import AuditEvent
    from coworking.bookings.models import Booking

    build_example(db, factories)
    admin_user = make_user(role="admin", email="admin@example.org", name="Admin")
    ana_user = db.session.scalar(sa.select(User).where(User.email == "ana@example.org"))
    db.session.execute(sa.update(Booking).where(Booking.member_id == ana_user.id).values(note="ring the bell twice"))
    ana_user.member_number = "C-0042"  # so that the check below that erasure clears it can fail
    db.session.commit()
    admin, ana = api_as(admin_user), api_as(ana_user)
    old_version, old_secret = ana_user.session_version, ana_user.calendar_secret
    clock.move_to(datetime(YEAR, 3, 5, 12, tzinfo=UTC))  # February over, March running
    assert admin.post("/api/v1/budget/close", json={"month": "2027-02"}).status_code == 201

    feed = ana.get("/api/v1/me/calendar").json["feed_url"]
    feed_path = feed.split("://", 1)[1].split("/", 1)[1]
    assert api_as(ana_user).client.get("/" + feed_path).status_code == 200

    def bookings():
        db.session.rollback()
        rows = db.session.execute(
            sa.select(
                Booking.uuid, Booking.member_id, Booking.desk_id, Booking.starts_at, Booking.ends_at, Booking.status
            ).order_by(Booking.id)
        ).all()
        return [tuple(r) for r in rows]

    budget_url = f"/api/v1/workspaces/canal/budget/{YEAR}"
    before_budget = admin.get(budget_url).json
    before_bookings = bookings()
    before_occupancy = admin.get("/api/v1/workspaces/canal/occupancy?from=2027-01-01&to=2027-03-31").json
    assert next(m for m in before_budget["months"] if m["month"] == "2027-02")["closed"] is True

    r = admin.post(f"/api/v1/users/{ana_user.id}/erase")
    assert r.status_code == 200, r.json
    assert r.json == {
        "id": ana_user.id,
        "name": f"Erased member #{ana_user.id}",
        "email": f"erased-{ana_user.id}@invalid",
        "active": False,
    }

    # Figures, closed months and the bookings themselves are what they were.
    assert admin.get(budget_url).json == before_budget
    assert bookings() == before_bookings
    assert admin.get("/api/v1/workspaces/canal/occupancy?from=2027-01-01&to=2027-03-31").json == before_occupancy

    db.session.rollback()
    user = db.session.get(User, ana_user.id)
    assert (user.name, user.email, user.member_number) == (
        f"Erased member #{user.id}",
        f"erased-{user.id}@invalid",
        None,
    )
    assert (user.password_hash, user.language, user.active) == (None, None, False)
    assert user.session_version == old_version + 1
    assert user.calendar_secret != old_secret
    assert db.session.scalar(sa.select(sa.func.count()).where(ApiToken.user_id == user.id)) == 0
    notes = db.session.scalars(sa.select(Booking.note).where(Booking.member_id == user.id)).all()
    assert notes and set(notes) == {""}

    # The erased member cannot log in, their token and feed are gone, the erasure is audited.
    assert client_login(ana.client, "ana@example.org") != 302
    assert ana.client.post("/api/v1/tokens", json={"email": "ana@example.org", "password": PASSWORD}).status_code == 401
    assert ana.get("/api/v1/me/data").status_code == 401
    assert ana.client.get("/" + feed_path).status_code == 404
    (erased,) = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user.erased")).all()
    assert (erased.actor_id, erased.object_type, erased.object_id) == (admin_user.id, "user", str(user.id))
    assert "ana" not in json.dumps(erased.details)


def client_login(client, email) -> int:
    return client.post("/login", data={"email": email, "password": PASSWORD}).status_code


def test_the_cli_erases_by_email(people, app, db):
    from coworking.accounts.models import User
    from coworking.audit.models import AuditEvent

    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "erase", "ana@example.org", "--yes"])
    assert result.exit_code == 0, result.output
    assert f"erased-{people['ana'].id}@invalid" in result.output
    db.session.rollback()
    assert db.session.get(User, people["ana"].id).name == f"Erased member #{people['ana'].id}"
    (event,) = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user.erased")).all()
    assert event.actor_id is None
    missing = runner.invoke(args=["users", "erase", "nobody@example.org", "--yes"])
    assert missing.exit_code != 0 and "No user" in missing.output
    refused = runner.invoke(args=["users", "erase", "bo@example.org"], input="n\n")
    assert refused.exit_code != 0
    assert db.session.get(User, people["bo"].id).email == "bo@example.org"


def test_an_erased_member_is_out_of_every_later_export(people, app, db):
    """Every export made after the erasure, by anyone: another member's own export, the
    managers' usage and occupancy downloads (CSV and XLSX) and workspace feed, the admins'
    audit, bookings and usage API. The erased member's own export is gone with their tokens."""
    from tests.support.downloads import sheet_text

    ana = people["api"](people["ana"])
    assert ana.book(people["desk"], TUESDAY, "09:00", "10:00", note="hello").status_code == 201
    admin = people["api"](people["admin"])
    assert admin.post(f"/api/v1/users/{people['ana'].id}/erase").status_code == 200
    # Erasing twice is harmless.
    assert admin.post(f"/api/v1/users/{people['ana'].id}/erase").status_code == 200
    assert date(2027, 3, 2) == TUESDAY
    body = people["api"](people["bo"]).get("/api/v1/me/data").json
    assert body["bookings"] == []
    assert ana.get("/api/v1/me/data").status_code == 401

    manager = people["api"](people["manager"])
    feed = manager.get("/api/v1/me/calendar").json["workspace_feeds"]["gent"].split("://", 1)[1].split("/", 1)[1]
    office = app.test_client()
    assert client_login(office, "manager@example.org") == 302
    span = "from=2027-03-01&to=2027-03-31"
    exports = {"bo's own export": json.dumps(body)}
    for url in (f"/reports/gent/{what}.{fmt}?{span}" for what in ("usage", "occupancy") for fmt in ("csv", "xlsx")):
        r = office.get(url)
        assert r.status_code == 200, url
        exports[url] = sheet_text(r.data) if url.split("?")[0].endswith("xlsx") else r.get_data(as_text=True)
    r = office.get("/" + feed)
    assert r.status_code == 200 and "BEGIN:VEVENT" in r.get_data(as_text=True)
    exports["workspace feed"] = r.get_data(as_text=True)
    for url in ("/api/v1/audit", "/api/v1/bookings?workspace=gent", f"/api/v1/workspaces/gent/usage?{span}"):
        r = admin.get(url)
        assert r.status_code == 200, url
        exports[url] = json.dumps(r.json)
    assert f"Erased member #{people['ana'].id}" in exports[f"/reports/gent/usage.csv?{span}"]
    for name, text in exports.items():
        for secret in ("Lopes", "ana@example.org", "M-17", "hello"):
            assert secret not in text, (name, secret)
