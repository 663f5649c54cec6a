"""The welcome page: after an accepted invitation (or the first login of a member without a home
workspace) the member sets language, home workspace and booking mails on one page."""

from __future__ import annotations

import re

import pytest

from coworking.accounts.models import User
from coworking.notifications import services as notifications
from tests.support.app import mail_text, outbox
from tests.support.clock import TUESDAY
from tests.support.http import log_in, logged_in

PASSWORD = "a garden of forking paths"


@pytest.fixture
def invited(app, client, place, factories, api_as):
    """Noor, invited to Dok Noord (gent) in Dutch, has just chosen her password: logged in."""
    _ws, desks, _ana, _bo = place
    factories.workspace(slug="brugge", name="Brugge Hub", city="Bruges", opening_hours=[])
    admin = factories.user(role="admin", email="admin@example.org")
    body = {"email": "noor@example.org", "name": "Noor", "role": "member", "workspaces": ["gent"], "language": "nl"}
    noor = api_as(admin).post("/api/v1/users/invite", json=body).json
    (mail,) = outbox(app)
    (link,) = [x for x in re.findall(r"https?://\S+", mail_text(mail)) if "/invitation/" in x]
    r = client.post("/" + link.split("/", 3)[3], data={"password": PASSWORD, "confirm": PASSWORD})
    assert r.headers["Location"] == "/welcome"
    return noor["id"], desks


def test_the_welcome_page_shows_the_member_s_present_choices(client, invited):
    page = client.get("/welcome").get_data(as_text=True)
    assert '<html lang="nl">' in page  # the language the admin gave is already hers
    assert re.search(r'<option selected value="nl">|<option value="nl" selected>', page)
    assert re.search(r'checked[^>]*type="radio" value="gent"|type="radio" value="gent"[^>]*checked', page)
    assert re.search(r'id="confirmations"[^>]*checked|checked[^>]*id="confirmations"', page)
    assert re.search(r'<option selected value="day_before">|<option value="day_before" selected>', page)


def test_saving_sets_language_home_and_mails_in_one_go(client, db, invited, api_as):
    noor_id, desks = invited
    r = client.post(
        "/welcome",
        data={"language": "fr", "home_workspace": "gent", "reminders": "none", "cancellations": "y", "save": "y"},
    )
    assert r.status_code == 302 and r.headers["Location"] == "/workspaces/gent"
    noor = db.session.get(User, noor_id)
    assert noor.language == "fr" and noor.home_workspace.slug == "gent"
    assert noor.visible_to_members is False  # not ticked: stays hidden
    prefs = notifications.get_preferences(noor)
    assert (prefs.confirmations, prefs.cancellations, prefs.reminders) == (False, True, "none")
    assert '<html lang="fr">' in client.get("/workspaces/gent").get_data(as_text=True)
    # What she chose is what she gets: a booking queues no confirmation mail.
    assert api_as(noor).book(desks[0], TUESDAY, "09:00", "12:00").status_code == 201
    assert [m for m in outbox(client.application) if m["To"] == "noor@example.org" and "Book" in m["Subject"]] == []


def test_automatic_language_and_a_wrong_reminder(client, db, invited):
    noor_id, _desks = invited
    r = client.post("/welcome", data={"language": "", "home_workspace": "brugge", "reminders": "hourly", "save": "y"})
    assert r.status_code == 422
    assert 'id="reminders-error"' in r.get_data(as_text=True)  # the message beside the field
    assert db.session.get(User, noor_id).home_workspace.slug == "gent"  # nothing saved
    r = client.post("/welcome", data={"language": "", "home_workspace": "brugge", "reminders": "same_morning"})
    assert r.headers["Location"] == "/workspaces/brugge"
    noor = db.session.get(User, noor_id)
    assert noor.language is None and notifications.get_preferences(noor).reminders == "same_morning"


def test_later_changes_nothing_and_the_page_is_not_shown_again_at_login(client, db, invited):
    noor_id, _desks = invited
    r = client.post("/welcome", data={"later": "y", "language": "de", "reminders": "none"})
    assert r.headers["Location"] == "/workspaces/gent"
    noor = db.session.get(User, noor_id)
    assert noor.language == "nl" and notifications.get_preferences(noor).reminders == "day_before"
    client.post("/logout")
    assert log_in(client, "noor@example.org", PASSWORD).headers["Location"] == "/workspaces/gent"


def test_a_self_registered_member_is_welcomed_after_the_first_login_only(client, db, place):
    form = {"name": "Chris", "email": "chris@example.org", "password": PASSWORD, "confirm": PASSWORD}
    assert client.post("/register", data=form).status_code == 302
    assert log_in(client, "chris@example.org", PASSWORD).headers["Location"] == "/welcome"
    client.post("/welcome", data={"home_workspace": "gent", "reminders": "day_before", "save": "y"})
    client.post("/logout")
    assert log_in(client, "chris@example.org", PASSWORD).headers["Location"] == "/workspaces/gent"


def test_the_welcome_page_is_the_member_s_own(client, place):
    r = client.get("/welcome")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login")
    _ws, _desks, ana, _bo = place
    logged_in(client, ana)
    assert client.get("/welcome").status_code == 200  # any member may open it again


def test_choosing_to_be_visible_on_the_welcome_page(client, db, invited, api_as):
    noor_id, _desks = invited
    assert 'id="visible_to_members"' in client.get("/welcome").get_data(as_text=True)
    data = {"home_workspace": "gent", "reminders": "none", "visible_to_members": "y", "save": "y"}
    assert client.post("/welcome", data=data).status_code == 302
    noor = db.session.get(User, noor_id)
    assert noor.visible_to_members is True
    # Audited as the profile's switch is, and shown on the page the next time.
    actions = [e["action"] for e in api_as(noor).get("/api/v1/me/data").json["audit_events"]]
    assert "user.visibility_changed" in actions
    assert re.search(
        r'id="visible_to_members"[^>]*checked|checked[^>]*id="visible_to_members"',
        client.get("/welcome").get_data(as_text=True),
    )
