"""A member's home workspace: first in the list of workspaces, where a login lands, and asked
once (the welcome page: "Where do you usually work?", language, mails) right after the login of
a member who has none."""

from __future__ import annotations

import re

import pytest

from coworking.accounts.models import User
from tests.support.app import make_app
from tests.support.factories import PASSWORD
from tests.support.http import log_in


@pytest.fixture
def places(clock, factories):
    """Three workspaces whose order by name differs from their order by country (BE, NL)."""
    zee = factories.workspace(slug="zeebrugge", name="Zeebrugge Hub", country="BE")
    ams = factories.workspace(slug="amsterdam", name="Amsterdam Lab", country="NL", timezone="Europe/Amsterdam")
    bxl = factories.workspace(slug="brussels", name="brussels desk", country="BE")
    return zee, ams, bxl


def listed(client) -> list[str]:
    html = client.get("/workspaces").get_data(as_text=True)
    return re.findall(r'<h2><a href="/workspaces/([\w-]+)">', html)


def test_the_list_shows_the_home_workspace_first_then_by_name(client, places, factories):
    factories.user(email="zoe@example.org", workspaces=["zeebrugge"])
    factories.user(email="nohome@example.org")
    log_in(client, "zoe@example.org")
    assert listed(client) == ["zeebrugge", "amsterdam", "brussels"]
    assert "Your home workspace" in client.get("/workspaces").get_data(as_text=True)
    client.post("/logout")
    log_in(client, "nohome@example.org")
    assert listed(client) == ["amsterdam", "brussels", "zeebrugge"]


def test_a_login_lands_on_the_home_workspace_day(client, places, factories):
    factories.user(email="zoe@example.org", workspaces=["zeebrugge"])
    assert log_in(client, "zoe@example.org").headers["Location"] == "/workspaces/zeebrugge"
    client.post("/logout")
    # A safe ``next`` wins; one to another site does not.
    assert log_in(client, "zoe@example.org", next_url="/bookings").headers["Location"] == "/bookings"
    client.post("/logout")
    assert log_in(client, "zoe@example.org", next_url="//evil.example").headers["Location"] == "/workspaces/zeebrugge"
    # Already logged in, /login sends the member on the same way.
    assert client.get("/login").headers["Location"] == "/workspaces/zeebrugge"


def test_a_member_without_a_home_is_welcomed_once(client, places, factories, db):
    member = factories.user(email="nohome@example.org")
    assert log_in(client, "nohome@example.org").headers["Location"] == "/welcome"
    assert db.session.get(User, member.id).home_workspace_asked_at is not None
    client.post("/logout")
    assert log_in(client, "nohome@example.org").headers["Location"] == "/workspaces"  # welcomed already


def test_the_welcome_keeps_a_safe_next(client, places, factories):
    factories.user(email="nohome@example.org")
    r = log_in(client, "nohome@example.org", next_url="/bookings")
    assert r.headers["Location"] == "/welcome?next=/bookings"
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/bookings"' in page
    r = client.post(
        "/welcome", data={"home_workspace": "amsterdam", "reminders": "none", "save": "y", "next": "/bookings"}
    )
    assert r.headers["Location"] == "/bookings"
    r = client.post("/welcome", data={"later": "y", "reminders": "none", "next": "https://evil.example/"})
    assert r.headers["Location"] == "/workspaces/amsterdam"


def test_the_former_question_leads_to_the_welcome_page(client, places, factories):
    factories.user(email="nohome@example.org")
    log_in(client, "nohome@example.org")
    r = client.get("/welcome/home?next=/bookings")
    assert r.status_code == 301 and r.headers["Location"] == "/welcome?next=/bookings"
    assert client.get("/welcome/home?next=//evil.example").headers["Location"] == "/welcome"


def test_choosing_a_home_on_the_welcome_page_lands_on_it(client, places, factories, db):
    member = factories.user(email="nohome@example.org")
    log_in(client, "nohome@example.org")
    page = client.get("/welcome").get_data(as_text=True)
    assert "Where do you usually work?" in page
    for slug in ("amsterdam", "brussels", "zeebrugge"):
        assert f'type="radio" value="{slug}"' in page
    r = client.post("/welcome", data={"home_workspace": "brussels", "reminders": "day_before", "save": "y"})
    assert r.status_code == 302 and r.headers["Location"] == "/workspaces/brussels"
    assert db.session.get(User, member.id).home_workspace.slug == "brussels"
    assert listed(client)[0] == "brussels"
    client.post("/logout")
    assert log_in(client, "nohome@example.org").headers["Location"] == "/workspaces/brussels"


def test_later_sets_nothing_and_is_not_asked_again(client, places, factories, db):
    member = factories.user(email="nohome@example.org")
    log_in(client, "nohome@example.org")
    r = client.post("/welcome", data={"later": "y", "reminders": "day_before"})
    assert r.headers["Location"] == "/workspaces"
    user = db.session.get(User, member.id)
    assert user.home_workspace is None and user.home_workspace_asked_at is not None


def test_an_unknown_workspace_is_refused_beside_the_question(client, places, factories, db):
    member = factories.user(email="nohome@example.org")
    log_in(client, "nohome@example.org")
    r = client.post("/welcome", data={"home_workspace": "atlantis", "reminders": "none", "save": "y"})
    assert r.status_code == 422
    assert 'aria-describedby="home_workspace-error"' in r.get_data(as_text=True)
    assert db.session.get(User, member.id).home_workspace is None


def test_the_welcome_page_carries_a_csrf_token(database_url, places, factories):
    from coworking.extensions import db

    factories.user(email="nohome@example.org")
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    try:
        client = app.test_client()
        login = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
        r = client.post("/login", data={"email": "nohome@example.org", "password": PASSWORD, "csrf_token": token})
        assert r.headers["Location"] == "/welcome"
        page = client.get("/welcome").get_data(as_text=True)
        assert re.search(r'name="csrf_token" type="hidden" value="[^"]+"', page)
        assert client.post("/welcome", data={"later": "y", "reminders": "none"}).status_code == 400  # refused
    finally:
        with app.app_context():
            db.engine.dispose()
