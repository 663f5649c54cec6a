"""An admin invites a new member by email: the mail's link (from BASE_URL, never the request's
Host) lets them choose a password once, within 7 days, and logs them in on the welcome page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from coworking.accounts.models import Invitation, User
from coworking.audit.models import AuditEvent
from tests.support.app import mail_text, make_app, outbox
from tests.support.factories import PASSWORD
from tests.support.http import log_in, logged_in, problem_code, visible
from tests.support.mails import sent_to

BASE = "http://127.0.0.1:5000"  # the testing BASE_URL (the development default)
NEW_PASSWORD = "a garden of forking paths"
NOOR = {"email": "Noor@Example.org", "name": "Noor Jansen", "role": "member", "workspaces": ["gent"]}


@pytest.fixture
def team(place, factories):
    ws, desks, ana, _bo = place
    admin = factories.user(role="admin", email="admin@example.org", name="Alex Admin")
    return ws, desks, ana, admin


def invitation_link(app, email: str) -> str:
    (mail,) = [m for m in sent_to(app, email) if "invited" in m["Subject"]][-1:]
    (link,) = [x for x in re.findall(r"https?://\S+", mail_text(mail)) if "/invitation/" in x]
    return link


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_an_admin_invites_through_the_api_and_the_member_gets_a_link_valid_seven_days(app, db, team, api_as):
    _ws, _desks, _ana, admin = team
    r = api_as(admin).post("/api/v1/users/invite", json={**NOOR, "member_number": "M-77"})
    assert r.status_code == 201, r.json
    body = r.json
    assert body["email"] == "noor@example.org" and body["name"] == "Noor Jansen"
    assert body["role"] == "member" and body["home_workspace"] == "gent" and body["managed_workspaces"] == []
    assert body["status"] == "invited" and body["member_number"] == "M-77" and body["active"] is True
    assert datetime.fromisoformat(body["invitation_expires_at"]) == datetime(2027, 3, 8, 8, tzinfo=UTC)
    assert "token" not in body and "link" not in body  # the link goes to the mailbox only

    (mail,) = sent_to(app, "noor@example.org")
    assert mail["Subject"] == "You are invited to the cooperative's desk booking"
    text = mail_text(mail)
    assert "Hello Noor Jansen," in text and "Alex Admin invites you" in text and "Dok Noord" in text
    assert "within 7 days. It works once." in text
    link = invitation_link(app, "noor@example.org")
    assert link.startswith(BASE + "/invitation/")
    assert link in mail.get_body(("html",)).get_content()
    # Only the token's SHA-256 is stored.
    token = link.rsplit("/", 1)[1]
    (stored,) = db.session.scalars(sa.select(Invitation)).all()
    assert stored.token_hash != token and len(stored.token_hash) == 64 and token not in stored.token_hash
    assert db.session.scalars(sa.select(AuditEvent.action)).all() == ["user.invited"]


def test_the_link_comes_from_base_url_whatever_host_the_request_names(database_url, team):
    from coworking.extensions import db

    app = make_app(
        database_url, BASE_URL="https://desks.example.coop", ALLOWED_HOSTS="localhost,admin.internal", TRUSTED_PROXIES=0
    )
    try:
        client = app.test_client()
        r = client.post(
            "/login",
            data={"email": "admin@example.org", "password": PASSWORD},
            base_url="http://admin.internal",
        )
        assert r.status_code == 302
        r = client.post(
            "/admin/members/invite",
            data={"name": "Noor", "email": "noor@example.org", "role": "member", "home_workspace": "gent"},
            headers={"Host": "admin.internal", "X-Forwarded-Host": "evil.example"},
            base_url="http://admin.internal",
        )
        assert r.status_code == 302 and r.headers["Location"].startswith("/admin/members/")
        link = invitation_link(app, "noor@example.org")
        assert link.startswith("https://desks.example.coop/invitation/")
        assert "admin.internal" not in mail_text(outbox(app)[-1]) and "evil" not in mail_text(outbox(app)[-1])
    finally:
        with app.app_context():
            db.engine.dispose()


def test_following_the_link_sets_the_password_logs_in_and_welcomes(app, client, db, team, api_as):
    _ws, _desks, _ana, admin = team
    api_as(admin).post("/api/v1/users/invite", json=NOOR)
    path = path_of(invitation_link(app, "noor@example.org"))

    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer" and "no-store" in page.headers["Cache-Control"]
    assert "Welcome, Noor Jansen" in visible(page.get_data(as_text=True))
    assert "noor@example.org" in page.get_data(as_text=True)

    r = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert r.status_code == 302 and r.headers["Location"] == "/welcome"
    welcome = client.get("/welcome")
    assert welcome.status_code == 200  # logged in
    assert "Welcome, Noor Jansen! Your password is set." in welcome.get_data(as_text=True)

    noor = db.session.scalar(sa.select(User).where(User.email == "noor@example.org"))
    assert noor.email_verified and noor.password_hash
    assert db.session.scalar(sa.select(Invitation.used_at)) is not None
    assert "user.invitation_accepted" in db.session.scalars(sa.select(AuditEvent.action)).all()
    client.post("/logout")
    assert log_in(client, "noor@example.org", NEW_PASSWORD).headers["Location"] == "/workspaces/gent"


def test_the_link_works_once(app, client, team, api_as):
    _ws, _desks, _ana, admin = team
    api_as(admin).post("/api/v1/users/invite", json=NOOR)
    path = path_of(invitation_link(app, "noor@example.org"))
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    client.post("/logout")
    again = client.get(path)
    assert again.status_code == 404
    assert "This invitation link no longer works" in again.get_data(as_text=True)
    # Someone holding the link later cannot choose another password.
    r = client.post(path, data={"password": "somebody else's pass", "confirm": "somebody else's pass"})
    assert r.status_code == 404
    assert log_in(client, "noor@example.org", "somebody else's pass").status_code == 200  # refused
    assert log_in(client, "noor@example.org", NEW_PASSWORD).status_code == 302


def test_the_link_expires_after_seven_days(app, client, clock, team, api_as):
    _ws, _desks, _ana, admin = team
    api_as(admin).post("/api/v1/users/invite", json=NOOR)
    path = path_of(invitation_link(app, "noor@example.org"))
    clock.shift(timedelta(days=7) - timedelta(seconds=1))
    assert client.get(path).status_code == 200
    clock.shift(timedelta(seconds=1))
    assert client.get(path).status_code == 404
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 404
    assert log_in(client, "noor@example.org", NEW_PASSWORD).status_code == 200  # no password was set


def test_a_forged_or_unknown_token_opens_nothing(client, team):
    for token in ("not-a-token", "A" * 43, "x" * 500):
        r = client.get(f"/invitation/{token}")
        assert r.status_code == 404
        assert r.headers["Referrer-Policy"] == "no-referrer"


def test_a_weak_password_is_refused_and_the_link_still_works(app, client, db, team, api_as):
    _ws, _desks, _ana, admin = team
    api_as(admin).post("/api/v1/users/invite", json=NOOR)
    path = path_of(invitation_link(app, "noor@example.org"))
    r = client.post(path, data={"password": "short", "confirm": "short"})
    assert r.status_code == 422
    assert "Use at least 10 characters" in r.get_data(as_text=True)
    r = client.post(path, data={"password": NEW_PASSWORD, "confirm": "something else entirely"})
    assert r.status_code == 422 and "The passwords differ." in r.get_data(as_text=True)
    assert db.session.scalar(sa.select(Invitation.used_at)) is None
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_inviting_again_replaces_the_earlier_link(app, client, team, api_as):
    _ws, _desks, _ana, admin = team
    noor = api_as(admin).post("/api/v1/users/invite", json=NOOR).json
    first = path_of(invitation_link(app, "noor@example.org"))
    r = api_as(admin).post(f"/api/v1/users/{noor['id']}/invitation")
    assert r.status_code == 201 and r.json["status"] == "invited"
    second = path_of(invitation_link(app, "noor@example.org"))
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    # Once the password is chosen, there is nothing to invite to.
    client.post(second, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    r = api_as(admin).post(f"/api/v1/users/{noor['id']}/invitation")
    assert r.status_code == 422 and problem_code(r) == "validation_error"


def test_a_deactivated_or_erased_invitee_cannot_use_the_link(app, client, db, team, api_as):
    _ws, _desks, _ana, admin = team
    as_admin = api_as(admin)
    noor = as_admin.post("/api/v1/users/invite", json=NOOR).json
    path = path_of(invitation_link(app, "noor@example.org"))
    assert as_admin.patch(f"/api/v1/users/{noor['id']}", json={"active": False}).status_code == 200
    assert client.get(path).status_code == 404
    assert as_admin.patch(f"/api/v1/users/{noor['id']}", json={"active": True}).status_code == 200
    assert client.get(path).status_code == 200
    assert as_admin.post(f"/api/v1/users/{noor['id']}/erase").status_code == 200
    assert client.get(path).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({**NOOR, "email": "ANA@example.org"}, 409, "conflict"),  # an account uses it
        ({**NOOR, "email": "not an email"}, 422, "validation_error"),
        ({**NOOR, "role": "manager", "workspaces": []}, 422, "validation_error"),
        ({**NOOR, "workspaces": ["gent", "atlantis"]}, 422, "validation_error"),
        ({**NOOR, "role": "admin"}, 422, "validation_error"),  # admins manage every workspace: none given
        ({**NOOR, "role": "owner"}, 422, "validation_error"),
        ({"email": "noor@example.org", "role": "member"}, 422, "validation_error"),  # no name
        ({**NOOR, "language": "xx"}, 422, "validation_error"),
    ],
)
def test_an_invitation_that_breaks_a_rule_is_refused_and_mails_nobody(app, db, team, api_as, body, status, code):
    _ws, _desks, _ana, admin = team
    r = api_as(admin).post("/api/v1/users/invite", json=body)
    assert r.status_code == status and problem_code(r) == code
    assert outbox(app) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 0


def test_only_admins_invite(app, team, api_as, factories):
    ws, _desks, ana, _admin = team
    manager = factories.user(role="manager", email="manager@example.org", workspaces=[ws])
    for caller in (ana, manager):
        r = api_as(caller).post("/api/v1/users/invite", json=NOOR)
        assert r.status_code == 403 and problem_code(r) == "forbidden"
    assert outbox(app) == []


def test_a_manager_is_invited_with_the_workspaces_they_manage_in_their_language(app, db, team, api_as):
    _ws, _desks, _ana, admin = team
    r = api_as(admin).post(
        "/api/v1/users/invite",
        json={"email": "kim@example.org", "name": "Kim", "role": "manager", "workspaces": ["gent"], "language": "nl"},
    )
    assert r.status_code == 201
    assert r.json["managed_workspaces"] == ["gent"] and r.json["language"] == "nl"
    from coworking.mail.models import OutboxMessage

    assert db.session.scalars(sa.select(OutboxMessage.language)).all() == ["nl"]
    (mail,) = sent_to(app, "kim@example.org")
    assert "/invitation/" in mail_text(mail)


def test_the_invite_page_invites_and_shows_the_member(app, client, db, team):
    logged_in(client, "admin@example.org")
    page = client.get("/admin/members/invite").get_data(as_text=True)
    for label in ("Name", "Email", "Member number", "Role", "Home workspace", "Workspaces they manage"):
        assert label in page
    r = client.post(
        "/admin/members/invite",
        data={"name": "Noor", "email": "noor@example.org", "role": "member", "home_workspace": "gent"},
    )
    assert r.status_code == 302
    detail = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Noor is invited: we mailed noor@example.org a link to choose a password, valid for 7 days." in detail
    text = visible(detail)
    assert "Invited, no password yet" in text and "Invitation link valid until" in text
    assert "Send a new invitation" in text
    assert sent_to(app, "noor@example.org")


def test_the_invite_page_shows_a_refusal_beside_its_field(app, client, team):
    logged_in(client, "admin@example.org")
    r = client.post("/admin/members/invite", data={"name": "Ana again", "email": "ana@example.org", "role": "member"})
    assert r.status_code == 200
    assert "already exists" in r.get_data(as_text=True)
    r = client.post("/admin/members/invite", data={"name": "Kim", "email": "kim@example.org", "role": "manager"})
    assert "A manager needs at least one workspace." in r.get_data(as_text=True)
    assert outbox(app) == []


def test_the_same_link_submitted_at_once_sets_one_password(app, db, team, api_as):
    """Eight submissions of one link at the same instant (threads, each its own connection):
    exactly one sets its password; the others find the link used."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    _ws, _desks, _ana, admin = team
    api_as(admin).post("/api/v1/users/invite", json=NOOR)
    path = path_of(invitation_link(app, "noor@example.org"))
    db.session.rollback()
    barrier = threading.Barrier(8)

    def submit(n: int) -> int:
        client = app.test_client()
        password = f"candidate password {n}"
        barrier.wait(timeout=30)
        return client.post(path, data={"password": password, "confirm": password}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(submit, range(8)))
    # The others: "no longer works" (404), or, when they read the link before the winner's
    # commit, refused at the guarded UPDATE (422, the same message beside the password).
    assert statuses.count(302) == 1 and set(statuses) <= {302, 404, 422}, statuses
    winner = statuses.index(302)
    client = app.test_client()
    for n in range(8):
        assert log_in(client, "noor@example.org", f"candidate password {n}").status_code == (
            302 if n == winner else 200
        )
        client.post("/logout")
    assert [e for e in db.session.scalars(sa.select(AuditEvent.action)) if e == "user.invitation_accepted"] == [
        "user.invitation_accepted"
    ]


def test_the_operator_invites_from_the_command_line(app, db, team):
    r = app.test_cli_runner().invoke(
        args=["users", "invite", "kim@example.org", "--name", "Kim", "--role", "manager", "--workspace", "gent"]
    )
    assert r.exit_code == 0, r.output
    assert "Invited manager kim@example.org" in r.output and "expires 2027-03-08 08:00 UTC" in r.output
    assert invitation_link(app, "kim@example.org").startswith(BASE + "/invitation/")
    (event,) = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user.invited")).all()
    assert event.actor_id is None  # the server's console
    again = app.test_cli_runner().invoke(args=["users", "invite", "kim@example.org", "--name", "Kim"])
    assert again.exit_code != 0 and "already exists" in again.output
