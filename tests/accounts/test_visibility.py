"""A member's own profile through the API (``/api/v1/me/profile``) and the "who's in" switch:
visible to other members is off by default, the member turns it on and off (profile page,
API), each change is in the audit trail, the personal-data export carries it and erasure
turns it off."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.support.factories import gent_team
from tests.support.http import logged_in, problem_code, visible


@pytest.fixture
def team(clock, factories, api_as):
    s = gent_team(factories, ana={"name": "Ana Peeters"})
    s.as_ana = api_as(s.ana)
    return s


def _events(db, action="user.visibility_changed"):
    from coworking.audit.models import AuditEvent

    db.session.rollback()
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def test_a_new_member_is_not_visible_and_reads_their_profile(team):
    r = team.as_ana.get("/api/v1/me/profile")
    assert r.status_code == 200
    assert r.json == {
        "name": "Ana Peeters",
        "email": "ana@example.org",
        "member_number": None,
        "language": None,
        "home_workspace": "gent",
        "visible_to_members": False,
    }


def test_the_member_turns_visibility_on_and_off_and_each_change_is_audited(team, db):
    r = team.as_ana.patch("/api/v1/me/profile", json={"visible_to_members": True})
    assert r.status_code == 200 and r.json["visible_to_members"] is True
    assert r.json["name"] == "Ana Peeters" and r.json["home_workspace"] == "gent"  # the rest stays
    assert team.as_ana.get("/api/v1/me/profile").json["visible_to_members"] is True
    # The same choice again changes nothing and records nothing.
    assert team.as_ana.patch("/api/v1/me/profile", json={"visible_to_members": True}).status_code == 200
    assert team.as_ana.patch("/api/v1/me/profile", json={"visible_to_members": False}).status_code == 200
    events = _events(db)
    assert [(e.actor_id, e.object_type, e.object_id, e.details) for e in events] == [
        (team.ana.id, "user", str(team.ana.id), {"visible": True}),
        (team.ana.id, "user", str(team.ana.id), {"visible": False}),
    ]


def test_language_home_workspace_and_name_change_one_at_a_time(team, factories):
    factories.workspace(slug="brugge", name="Brugge")
    r = team.as_ana.patch("/api/v1/me/profile", json={"language": "nl"})
    assert r.status_code == 200 and r.json["language"] == "nl" and r.json["home_workspace"] == "gent"
    r = team.as_ana.patch("/api/v1/me/profile", json={"home_workspace": "brugge", "name": "Ana P."})
    assert (r.json["home_workspace"], r.json["name"], r.json["language"]) == ("brugge", "Ana P.", "nl")
    r = team.as_ana.patch("/api/v1/me/profile", json={"home_workspace": None, "language": None})
    assert (r.json["home_workspace"], r.json["language"], r.json["visible_to_members"]) == (None, None, False)
    assert team.as_ana.patch("/api/v1/me/profile", json={}).json == r.json


@pytest.mark.parametrize(
    "body",
    [
        {"visible_to_members": "yes"},
        {"visible_to_members": None},
        {"language": "xx"},
        {"home_workspace": "nowhere"},
        {"home_workspace": ""},
        {"name": ""},
        {"name": "   "},
        {"email": "other@example.org"},  # not the profile's to change
    ],
)
def test_a_bad_change_is_refused_and_changes_nothing(team, body):
    r = team.as_ana.patch("/api/v1/me/profile", json=body)
    assert r.status_code == 422 and problem_code(r) == "validation_error", r.json
    assert team.as_ana.get("/api/v1/me/profile").json == {
        "name": "Ana Peeters",
        "email": "ana@example.org",
        "member_number": None,
        "language": None,
        "home_workspace": "gent",
        "visible_to_members": False,
    }


def test_the_profile_api_needs_a_token(client):
    assert client.get("/api/v1/me/profile").status_code == 401
    assert client.patch("/api/v1/me/profile", json={"visible_to_members": True}).status_code == 401


def test_the_profile_page_has_the_switch_and_saves_it(team, client, db):
    logged_in(client, "ana@example.org")
    html = client.get("/profile").get_data(as_text=True)
    assert 'id="visibility"' in html and "Show my first name to other members on the desks I book" in html
    assert 'name="visible" value="1" role="switch">' in html  # not checked
    r = client.post("/profile/visibility", data={"visible": "1"})
    assert r.status_code == 302 and r.headers["Location"] == "/profile#visibility"
    html = client.get("/profile").get_data(as_text=True)
    assert "Other members now see your first name on the desks you book." in visible(html)
    assert 'name="visible" value="1" role="switch" checked>' in html
    assert team.as_ana.get("/api/v1/me/profile").json["visible_to_members"] is True
    r = client.post("/profile/visibility", data={})  # an unticked box sends nothing
    assert r.status_code == 302
    assert team.as_ana.get("/api/v1/me/profile").json["visible_to_members"] is False
    assert len(_events(db)) == 2


def test_the_switch_goes_back_only_to_a_page_of_this_site(team, client):
    logged_in(client, "ana@example.org")
    r = client.post("/profile/visibility", data={"visible": "1", "next": "https://evil.example/"})
    assert r.headers["Location"] == "/profile#visibility"
    r = client.post("/profile/visibility", data={"visible": "1", "next": "/workspaces/gent/presence"})
    assert r.headers["Location"] == "/workspaces/gent/presence"


def test_the_switch_needs_the_form_token(app, team, client):
    logged_in(client, "ana@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        r = client.post("/profile/visibility", data={"visible": "1"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert r.status_code in (302, 400)
    assert team.as_ana.get("/api/v1/me/profile").json["visible_to_members"] is False


def test_the_export_carries_the_choice(team, client):
    assert team.as_ana.get("/api/v1/me/data").json["profile"]["visible_to_members"] is False
    team.as_ana.patch("/api/v1/me/profile", json={"visible_to_members": True})
    assert team.as_ana.get("/api/v1/me/data").json["profile"]["visible_to_members"] is True
    logged_in(client, "ana@example.org")
    download = json.loads(client.get("/me/data").get_data(as_text=True))
    assert download["profile"]["visible_to_members"] is True
    assert [e["action"] for e in download["audit_events"]] == ["user.visibility_changed"]


def test_erasure_turns_visibility_off(team, api_as, db):
    from coworking.accounts.models import User

    team.as_ana.patch("/api/v1/me/profile", json={"visible_to_members": True})
    assert api_as(team.admin).post(f"/api/v1/users/{team.ana.id}/erase").status_code == 200
    db.session.rollback()
    assert db.session.get(User, team.ana.id).visible_to_members is False


def test_the_audit_page_names_the_change(team, client):
    team.as_ana.patch("/api/v1/me/profile", json={"visible_to_members": True})
    logged_in(client, "admin@example.org")
    assert "Visibility to other members changed" in visible(client.get("/admin/audit/").get_data(as_text=True))
