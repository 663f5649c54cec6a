"""The account pages through real requests: logging in and out, registering, passwords
(change, reset by mail, stronger hashes), remembered and ended sessions, the profile."""

from __future__ import annotations

import re

import pytest

from tests.support.app import mail_text, make_app, outbox
from tests.support.factories import PASSWORD
from tests.support.http import log_in


@pytest.fixture(autouse=True)
def _empty_outbox(app):
    outbox(app).clear()


def test_pages_need_a_login_and_come_back_after_it(client, place):
    r = client.get("/bookings")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login?next=")
    r = log_in(client, "ana@example.org", next_url="/bookings")
    assert r.status_code == 302 and r.headers["Location"] == "/bookings"
    assert client.get("/bookings").status_code == 200


def test_login_starts_a_new_session(client, place):
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    log_in(client, "ana@example.org")
    with client.session_transaction() as after:
        assert "planted" not in after and after.get("_user_id")


def test_wrong_password_and_unknown_email_look_the_same(client, place):
    wrong = log_in(client, "ana@example.org", "not the password")
    unknown = log_in(client, "nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 200

    def strip(r):
        return (
            re.sub(r'name="csrf_token"[^>]*>', "", r.get_data(as_text=True))
            .replace("ana@", "X@")
            .replace("nobody@", "X@")
        )

    assert strip(wrong) == strip(unknown)
    assert "The email or password is not right." in wrong.get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%5Cevil.example",
        "%252F%252Fevil.example",
        "/%2F%2Fevil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        " //evil.example",
        "/%09/evil.example",
    ],
)
def test_next_never_leaves_the_site(client, place, target):
    r = log_in(client, "ana@example.org", next_url=target)
    assert r.status_code == 302
    location = r.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location
    assert "evil" not in location and "javascript" not in location


def test_registration_answers_the_same_for_known_and_new_addresses(client, app, place):
    form = {
        "name": "Chris",
        "email": "chris@example.org",
        "password": "a long passphrase",
        "confirm": "a long passphrase",
    }
    new = client.post("/register", data=form)
    known = client.post("/register", data={**form, "email": "ana@example.org"})
    assert new.status_code == known.status_code == 302
    assert new.headers["Location"] == known.headers["Location"] == "/login"
    first = client.get("/login").get_data(as_text=True)
    assert "If the address can be used" in first
    mails = outbox(app)
    assert [m["To"] for m in mails] == ["chris@example.org", "ana@example.org"]
    assert "already has one" in mail_text(mails[1])
    # The new member can log in (and is welcomed: language, home workspace, mails); Ana's password was not
    # touched (she lands on her home workspace's day).
    assert log_in(client, "chris@example.org", "a long passphrase").headers["Location"] == "/welcome"
    client.post("/logout")
    assert log_in(client, "ana@example.org").headers["Location"] == "/workspaces/gent"


def test_registration_refuses_weak_passwords_with_a_field_message(client, place, db):
    from coworking.accounts.models import User

    r = client.post("/register", data={"name": "D", "email": "d@example.org", "password": "short", "confirm": "short"})
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert 'aria-invalid="true"' in page and "at least 10 characters" in page
    assert db.session.query(User).filter_by(email="d@example.org").count() == 0


def test_remember_me_sets_a_lasting_httponly_cookie(client, place):
    r = log_in(client, "ana@example.org", remember=True)
    cookies = r.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0] and "Expires=" in remember[0]
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def test_changing_the_password_ends_other_sessions(app, place):
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone, "ana@example.org", remember=True)
    log_in(laptop, "ana@example.org")
    assert phone.get("/bookings").status_code == 200
    r = laptop.post(
        "/password",
        data={"current_password": PASSWORD, "password": "a brand new secret", "confirm": "a brand new secret"},
    )
    assert r.status_code == 302
    assert laptop.get("/bookings").status_code == 200  # this session continues
    assert phone.get("/bookings").status_code == 302  # the other one (even remembered) is over
    assert log_in(app.test_client(), "ana@example.org", "a brand new secret").headers["Location"] == "/workspaces/gent"


def test_change_password_needs_the_current_one(client, place):
    log_in(client, "ana@example.org")
    r = client.post(
        "/password",
        data={"current_password": "wrong wrong", "password": "a fresh passphrase", "confirm": "a fresh passphrase"},
    )
    assert r.status_code == 200 and "The current password is not right." in r.get_data(as_text=True)


def test_password_reset_by_mail_works_once(client, app, place, clock):
    r = client.post("/password/forgot", data={"email": "ana@example.org"})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.org"})
    assert r.status_code == unknown.status_code == 302 and r.headers["Location"] == unknown.headers["Location"]
    mails = outbox(app)
    assert [m["To"] for m in mails] == ["ana@example.org", "nobody@example.org"]
    # The unknown address is told no account uses it (the same work, so the same timing): no link.
    assert "no account uses it" in mail_text(mails[1]) and "/password/reset/" not in mail_text(mails[1])
    link = re.search(r"(/password/reset/\S+)", mail_text(mails[0])).group(1)
    assert client.get(link).status_code == 200
    r = client.post(link, data={"password": "my new passphrase", "confirm": "my new passphrase"})
    assert r.status_code == 302 and r.headers["Location"] == "/login"
    assert log_in(client, "ana@example.org", "my new passphrase").headers["Location"] == "/workspaces/gent"
    client.post("/logout")
    # Used once: the same link now refuses.
    again = client.post(link, data={"password": "another passphrase", "confirm": "another passphrase"})
    assert again.status_code == 302 and again.headers["Location"] == "/password/forgot"
    assert log_in(client, "ana@example.org", "another passphrase").status_code == 200  # not changed


def test_password_reset_link_expires(client, app, place, clock):
    client.post("/password/forgot", data={"email": "ana@example.org"})
    link = re.search(r"(/password/reset/\S+)", mail_text(outbox(app)[0])).group(1)
    clock.shift(app.config["PASSWORD_RESET_HOURS"] * 3600 + 1)
    assert client.get(link).headers["Location"] == "/password/forgot"


def test_profile_saves_name_language_and_home(client, place, make_workspace, db):
    from coworking.accounts.models import User

    other = make_workspace(slug="lille", city="Lille")
    log_in(client, "ana@example.org")
    r = client.post("/profile", data={"name": "Ana Lopes", "language": "fr", "home_workspace": "lille"})
    assert r.status_code == 302
    db.session.expire_all()
    ana = db.session.query(User).filter_by(email="ana@example.org").one()
    assert (ana.name, ana.language, ana.home_workspace_id) == ("Ana Lopes", "fr", other.id)
    r = client.post("/profile", data={"name": "Ana", "language": "xx", "home_workspace": ""})
    assert r.status_code == 200  # not a language we offer: the form says so


def test_weaker_password_hashes_are_upgraded_at_login(database_url, place, db):
    from coworking.accounts.models import User
    from coworking.extensions import db as _db

    ana = db.session.query(User).filter_by(email="ana@example.org").one()
    assert ana.password_hash.startswith("pbkdf2:")  # the cheap test method
    app = make_app(database_url, PASSWORD_HASH_METHOD="argon2id")
    try:
        client = app.test_client()
        assert log_in(client, "ana@example.org", "wrong password!").status_code == 200
        db.session.expire_all()
        assert db.session.get(User, ana.id).password_hash.startswith("pbkdf2:")  # no upgrade on failure
        assert log_in(client, "ana@example.org").headers["Location"] == "/workspaces/gent"
        db.session.expire_all()
        assert db.session.get(User, ana.id).password_hash.startswith("$argon2id$")
        client.post("/logout")
        assert log_in(client, "ana@example.org").headers["Location"] == "/workspaces/gent"  # still works
    finally:
        with app.app_context():
            _db.engine.dispose()


def test_log_out_everywhere_ends_every_session(app, place):
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone, "ana@example.org", remember=True)
    log_in(laptop, "ana@example.org")
    r = laptop.post("/logout/everywhere")
    assert r.status_code == 302 and r.headers["Location"] == "/login"
    assert laptop.get("/bookings").status_code == 302
    assert phone.get("/bookings").status_code == 302
    assert log_in(phone, "ana@example.org").headers["Location"] == "/workspaces/gent"  # a new login works


def test_too_many_logins_get_a_translated_page(database_url, place):
    from coworking.extensions import db, limiter

    was = limiter.enabled
    app = make_app(database_url, RATELIMIT_ENABLED=True, AUTH_RATE_LIMIT="2 per minute")
    try:
        client = app.test_client()
        codes = [log_in(client, "ana@example.org", "wrong password!").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        page = client.post(
            "/login", data={"email": "x@example.org", "password": "y"}, headers={"Accept-Language": "de"}
        )
        assert (
            page.status_code == 429
            and page.mimetype == "text/html"
            and '<html lang="de">' in page.get_data(as_text=True)
        )
    finally:
        limiter.reset()
        limiter.enabled = was
        with app.app_context():
            db.engine.dispose()
