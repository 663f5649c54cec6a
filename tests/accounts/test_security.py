"""Account security: mail links from BASE_URL and the Host check, API tokens that die with
the password, logout that ends the session on the server, registration that proves the
address."""

from __future__ import annotations

import contextlib
import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.support.app import mail_text, make_app, outbox
from tests.support.clock import MONDAY
from tests.support.factories import PASSWORD, dok_noord
from tests.support.http import log_in, problem_code

TUESDAY = MONDAY + timedelta(days=1)
BASE = "https://desks.example.coop"


@contextlib.contextmanager
def another_app(database_url, **config):
    """An app with other settings on the test database; the shared limiter and the engine are
    put back as they were."""
    from coworking.extensions import db, limiter

    was = limiter.enabled
    app = make_app(database_url, **config)
    try:
        yield app
    finally:
        with app.app_context():
            limiter.reset()
            db.engine.dispose()
        limiter.enabled = was


@pytest.fixture(autouse=True)
def _empty_outbox(app):
    outbox(app).clear()


@pytest.fixture
def place(clock, factories):
    """Dok Noord (tests/support/factories.py) with one desk, A1."""
    ws, (desk,), ana, bo = dok_noord(factories, desks=("A1",))
    return ws, desk, ana, bo


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", mail_text(message))


# --- 1. links in mails come from configuration; other hosts get a 400 -----------------------


def test_a_forged_host_gets_400_and_no_reset_mail(client, app, place):
    r = client.post("/password/forgot", data={"email": "ana@example.org"}, headers={"Host": "evil.example"})
    assert r.status_code == 400
    assert outbox(app) == []
    # Also with a port, on the API and on pages.
    assert client.get("/login", headers={"Host": "evil.example:5000"}).status_code == 400
    assert client.get("/api/v1/workspaces", headers={"Host": "evil.example"}).status_code == 400


def test_the_mailed_reset_link_starts_with_base_url_whatever_allowed_host_was_used(client, app, place, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", BASE)
    monkeypatch.setitem(app.config, "ALLOWED_HOSTS", ("desks.example.coop", "localhost", "desks.internal"))
    for host in ("desks.example.coop", "desks.internal:8443", "localhost"):
        r = client.post("/password/forgot", data={"email": "ana@example.org"}, headers={"Host": host})
        assert r.status_code == 302
    assert len(outbox(app)) == 3
    for message in outbox(app):
        (link,) = links(message)
        assert link.startswith(BASE + "/password/reset/")
    # The link works.
    path = links(outbox(app)[0])[0].removeprefix(BASE)
    assert client.get(path).status_code == 200


def test_registration_mails_link_to_base_url(client, app, place, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", BASE + "/coworking")
    form = {"name": "Chris", "email": "chris@example.org", "password": "a long passphrase"}
    client.post("/register", data={**form, "confirm": form["password"]})
    client.post("/register", data={**form, "email": "ana@example.org", "confirm": form["password"]})
    new, known = outbox(app)
    assert [link.split("/coworking/")[1].split("/")[0] for link in links(new)] == ["verify"]
    assert links(known) == [BASE + "/coworking/password/forgot"]


def test_host_check_ignores_the_port_and_knows_ipv6_and_trailing_dots():
    from coworking.security import host_allowed

    allowed = ("desks.example.coop", "127.0.0.1", "::1")
    for host in ("desks.example.coop", "DESKS.example.coop:443", "desks.example.coop.", "127.0.0.1:5123", "[::1]:80"):
        assert host_allowed(host, allowed), host
    for host in ("", "evil.example", "desks.example.coop.evil.example", "desks.example.coop@evil", "[::2]", ":80"):
        assert not host_allowed(host, allowed), host


def test_production_refuses_to_start_without_base_url(monkeypatch, tmp_path):
    from coworking import create_app

    for name in ("COWORKING_ENVIRONMENT", "COWORKING_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    db_url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    with pytest.raises(RuntimeError, match="COWORKING_BASE_URL"):
        create_app({"SQLALCHEMY_DATABASE_URI": db_url})
    monkeypatch.setenv("COWORKING_BASE_URL", "https://desks.example.coop/")
    monkeypatch.setenv("COWORKING_ALLOWED_HOSTS", "Desks.internal, other.example")
    app = create_app({"SQLALCHEMY_DATABASE_URI": db_url})
    assert app.config["BASE_URL"] == "https://desks.example.coop"
    assert app.config["ALLOWED_HOSTS"] == ("desks.example.coop", "desks.internal", "other.example")
    monkeypatch.setenv("COWORKING_BASE_URL", "desks.example.coop")
    with pytest.raises(RuntimeError, match="http"):
        create_app({"SQLALCHEMY_DATABASE_URI": db_url})


def test_external_url_works_outside_a_request(app, monkeypatch):
    from coworking.mail.links import external_url

    monkeypatch.setitem(app.config, "BASE_URL", BASE)
    with app.app_context():
        assert external_url("accounts.reset_password", token="t.k") == BASE + "/password/reset/t.k"


# --- 2. API tokens die with the password ---------------------------------------------------


def token_for(client, email="ana@example.org", password=PASSWORD) -> dict:
    r = client.post("/api/v1/tokens", json={"email": email, "password": password})
    assert r.status_code == 201, r.json
    return {"Authorization": f"Bearer {r.json['token']}"}


def works(client, headers) -> bool:
    return client.get("/api/v1/me/data", headers=headers).status_code == 200


def test_changing_the_password_revokes_every_api_token(client, app, place):
    script, bo_script = token_for(client), token_for(client, "bo@example.org")
    log_in(client, "ana@example.org")
    r = client.post(
        "/password", data={"current_password": PASSWORD, "password": "a new passphrase", "confirm": "a new passphrase"}
    )
    assert r.status_code == 302
    assert not works(client, script)
    assert works(client, bo_script)  # someone else's tokens stay


def test_resetting_the_password_revokes_every_api_token(client, app, place):
    script = token_for(client)
    client.post("/password/forgot", data={"email": "ana@example.org"})
    path = "/" + links(outbox(app)[0])[0].split("/", 3)[3]
    r = client.post(path, data={"password": "a new passphrase", "confirm": "a new passphrase"})
    assert r.status_code == 302 and r.headers["Location"] == "/login"
    assert not works(client, script)


def test_logging_out_everywhere_revokes_every_api_token(client, place):
    script = token_for(client)
    log_in(client, "ana@example.org")
    assert client.post("/logout/everywhere").status_code == 302
    assert not works(client, script)


def test_erasure_revokes_every_api_token(client, place, make_user, api_as):
    _ws, _desk, ana, _bo = place
    script = token_for(client)
    admin = api_as(make_user(role="admin"))
    assert admin.post(f"/api/v1/users/{ana.id}/erase").status_code == 200
    assert not works(client, script)


def test_delete_current_token_revokes_only_that_token(client, place):
    first, second = token_for(client), token_for(client)
    r = client.delete("/api/v1/tokens/current", headers=first)
    assert r.status_code == 204 and r.get_data() == b""
    assert not works(client, first) and works(client, second)
    assert problem_code(client.delete("/api/v1/tokens/current", headers=first)) == "unauthorized"


def test_profile_lists_tokens_and_revokes_only_the_members_own(client, place, db, clock):
    from coworking.accounts.models import ApiToken

    mine, bos = token_for(client), token_for(client, "bo@example.org")
    assert works(client, mine)
    log_in(client, "ana@example.org")
    page = client.get("/profile").get_data(as_text=True)
    assert 'id="api-tokens"' in page and page.count("/revoke") == 1 and "Never" not in page
    ana_token, bo_token = db.session.scalars(sa.select(ApiToken).order_by(ApiToken.id)).all()
    # Bo's token: "not found" to Ana, and it keeps working.
    assert client.post(f"/profile/tokens/{bo_token.id}/revoke").status_code == 404
    assert client.post("/profile/tokens/99999999999/revoke").status_code == 404
    assert works(client, bos)
    r = client.post(f"/profile/tokens/{ana_token.id}/revoke")
    assert r.status_code == 302 and r.headers["Location"] == "/profile"
    assert not works(client, mine)
    assert "No program holds an API token" in client.get("/profile").get_data(as_text=True)


def test_revoking_from_the_profile_needs_the_csrf_token(database_url, place, db):
    from coworking.accounts.models import ApiToken

    with another_app(database_url, WTF_CSRF_ENABLED=True) as app:
        client = app.test_client()
        mine = token_for(client)
        page = client.get("/login").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        client.post("/login", data={"email": "ana@example.org", "password": PASSWORD, "csrf_token": csrf})
        token_id = db.session.scalar(sa.select(ApiToken.id))
        assert client.post(f"/profile/tokens/{token_id}/revoke").status_code == 400
        assert works(client, mine)


def test_last_use_is_stamped_at_most_every_few_minutes(client, place, db, clock):
    from coworking.accounts.models import ApiToken

    headers = token_for(client)

    def last_used():
        db.session.rollback()
        return db.session.scalar(sa.select(ApiToken.last_used_at))

    assert last_used() is None
    works(client, headers)
    first = last_used()
    assert first == datetime.fromisoformat("2027-03-01T08:00:00+00:00")
    clock.shift(60)
    works(client, headers)
    assert last_used() == first  # a minute later: no write
    clock.shift(5 * 60)
    works(client, headers)
    assert last_used() == first + timedelta(minutes=6)


# --- 3. logout ends the session on the server --------------------------------------------


def copy_cookies(source, target, names=("session", "remember_token")) -> None:
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def test_a_session_cookie_copied_before_logout_is_refused_after_it(app, place):
    laptop, thief = app.test_client(), app.test_client()
    log_in(laptop, "ana@example.org")
    copy_cookies(laptop, thief, names=("session",))
    assert thief.get("/bookings").status_code == 200
    laptop.post("/logout")
    assert thief.get("/bookings").status_code == 302


def test_a_remember_cookie_copied_before_logout_is_refused_after_it(app, place):
    laptop, thief = app.test_client(), app.test_client()
    log_in(laptop, "ana@example.org", remember=True)
    copy_cookies(laptop, thief, names=("remember_token",))
    assert thief.get("/bookings").status_code == 200  # the remember cookie alone logs in
    laptop.post("/logout")
    fresh = app.test_client()
    copy_cookies(thief, fresh, names=("remember_token",))
    assert fresh.get("/bookings").status_code == 302


def test_logout_keeps_the_members_other_devices(app, place):
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone, "ana@example.org", remember=True)
    log_in(laptop, "ana@example.org")
    laptop.post("/logout")
    assert laptop.get("/bookings").status_code == 302
    assert phone.get("/bookings").status_code == 200


def test_sessions_end_after_the_idle_time(app, place, clock):
    client = app.test_client()
    log_in(client, "ana@example.org", remember=True)
    clock.shift(13 * 86400)
    assert client.get("/bookings").status_code == 200  # used within 14 days: refreshed
    clock.shift(13 * 86400)
    assert client.get("/bookings").status_code == 200
    clock.shift(14 * 86400 + 60)
    assert client.get("/bookings").status_code == 302


def test_no_login_outlives_thirty_days_even_when_used_daily(database_url, place, clock):
    with another_app(database_url, REMEMBER_COOKIE_DURATION_DAYS=365) as app:
        assert app.config["REMEMBER_COOKIE_DURATION_DAYS"] == 30
        assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)
        client = app.test_client()
        log_in(client, "ana@example.org", remember=True)
        for _ in range(29):
            clock.shift(86400)
            assert client.get("/bookings").status_code == 200
        clock.shift(86400 + 60)
        assert client.get("/bookings").status_code == 302


def test_last_seen_is_written_at_most_every_few_minutes(app, place, db, clock):
    from coworking.accounts.models import UserSession

    client = app.test_client()
    log_in(client, "ana@example.org")

    def seen():
        db.session.rollback()
        return db.session.scalar(sa.select(UserSession.last_seen_at))

    start = seen()
    clock.shift(120)
    client.get("/bookings")
    assert seen() == start
    clock.shift(240)
    client.get("/bookings")
    assert seen() == start + timedelta(minutes=6)


def test_a_session_from_before_this_release_is_refused(app, place):
    """Old ids ("<id>.<version>", without a session key) carry no server-side session."""
    _ws, _desk, ana, _bo = place
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{ana.id}.0"
        session["_fresh"] = True
    assert client.get("/bookings").status_code == 302


# --- 4. registration proves the address ----------------------------------------------------


def register(client, email="chris@example.org", **extra):
    form = {"name": "Chris", "email": email, "password": "a long passphrase", "confirm": "a long passphrase"}
    return client.post("/register", data={**form, **extra})


def verify_path(message) -> str:
    (link,) = [x for x in links(message) if "/verify/" in x]
    return "/" + link.split("/", 3)[3]


def test_a_new_account_logs_in_but_books_only_after_following_the_mailed_link(client, app, place):
    _ws, desk, _ana, _bo = place
    assert register(client).status_code == 302
    (welcome,) = outbox(app)
    assert welcome["To"] == "chris@example.org" and "48 hours" in mail_text(welcome)
    assert log_in(client, "chris@example.org", "a long passphrase").headers["Location"] == "/welcome"
    assert "Send the link again" in client.get("/profile").get_data(as_text=True)
    # The API refuses with a stable code (the web form: the next test).
    headers = token_for(client, "chris@example.org", "a long passphrase")
    body = {"desk_id": desk.id, "start": f"{TUESDAY}T09:00", "end": f"{TUESDAY}T12:00"}
    r = client.post("/api/v1/bookings", json=body, headers=headers)
    assert r.status_code == 403 and problem_code(r) == "email_not_verified"
    # The link proves the address, once.
    r = client.get(verify_path(welcome))
    assert r.status_code == 302 and r.headers["Location"] == "/profile"
    assert "Send the link again" not in client.get("/profile").get_data(as_text=True)
    assert client.post("/api/v1/bookings", json=body, headers=headers).status_code == 201
    again = client.get(verify_path(welcome), follow_redirects=True)
    assert "expired or was already used" in again.get_data(as_text=True)


def test_the_web_booking_form_refuses_an_unverified_member(client, app, place, db):
    from coworking.bookings.models import Booking

    _ws, desk, _ana, _bo = place
    register(client)
    log_in(client, "chris@example.org", "a long passphrase")
    r = client.post(
        "/workspaces/gent",
        data={"day": TUESDAY.isoformat(), "desk": str(desk.id), "period": "morning"},
        follow_redirects=True,
    )
    assert "confirm your email address" in r.get_data(as_text=True).lower()
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_the_link_expires_after_48_hours(client, app, place, db, clock):
    from coworking.accounts.models import User

    register(client)
    clock.shift(48 * 3600 + 1)
    r = client.get(verify_path(outbox(app)[0]))
    assert r.status_code == 302
    assert db.session.scalar(sa.select(User.email_verified).where(User.email == "chris@example.org")) is False


def test_the_profile_sends_the_link_again_and_it_works(client, app, place, db):
    from coworking.accounts.models import User

    register(client)
    log_in(client, "chris@example.org", "a long passphrase")
    r = client.post("/profile/verify")
    assert r.status_code == 302 and len(outbox(app)) == 2
    client.get(verify_path(outbox(app)[1]))
    assert db.session.scalar(sa.select(User.email_verified).where(User.email == "chris@example.org")) is True
    assert client.post("/profile/verify").status_code == 302 and len(outbox(app)) == 2  # nothing more to send


def test_sending_the_link_again_is_rate_limited(database_url, place):
    with another_app(database_url, RATELIMIT_ENABLED=True, EMAIL_VERIFY_RESEND_LIMIT="2 per hour") as app:
        client = app.test_client()
        register(client)
        log_in(client, "chris@example.org", "a long passphrase")
        codes = [client.post("/profile/verify").status_code for _ in range(3)]
        assert codes == [302, 302, 429]
        assert len(outbox(app)) == 3  # the welcome mail and two more


def test_registration_claims_no_member_number(client, app, place, db):
    from coworking.accounts.models import User

    _ws, _desk, ana, _bo = place
    with app.app_context():
        from coworking.extensions import db as database

        database.session.execute(sa.update(User).where(User.id == ana.id).values(member_number="M-17"))
        database.session.commit()
    page = client.get("/register").get_data(as_text=True)
    assert 'name="member_number"' not in page
    new = register(client, member_number="M-99")
    taken = register(client, email="dee@example.org", member_number="M-17")
    assert new.status_code == taken.status_code == 302 and new.headers["Location"] == taken.headers["Location"]
    numbers = db.session.scalars(
        sa.select(User.member_number).where(User.email.in_(["chris@example.org", "dee@example.org"]))
    )
    assert list(numbers) == [None, None]


@pytest.mark.parametrize("method", ["get", "post"])
def test_closed_registration_refuses_accounts(database_url, place, db, method):
    from coworking.accounts.models import User

    with another_app(database_url, REGISTRATION="closed") as app:
        client = app.test_client()
        r = register(client) if method == "post" else client.get("/register")
        assert r.status_code == (403 if method == "post" else 200)
        assert "by invitation" in r.get_data(as_text=True) and 'name="password"' not in r.get_data(as_text=True)
        assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.email == "chris@example.org")) == 0
        assert outbox(app) == []


def test_registration_setting_must_be_open_or_closed(database_url):
    with pytest.raises(RuntimeError, match="COWORKING_REGISTRATION"):
        make_app(database_url, REGISTRATION="sometimes")


def test_users_made_by_admins_cli_and_import_are_verified(app, db, make_workspace):
    from coworking.accounts.models import User

    make_workspace(slug="gent")
    runner = app.test_cli_runner()
    r = runner.invoke(args=["users", "create", "cli@example.org", "--name", "Cli", "--password", PASSWORD])
    assert r.exit_code == 0, r.output
    assert db.session.scalar(sa.select(User.email_verified).where(User.email == "cli@example.org")) is True


def test_migration_0009_marks_existing_users_verified(tmp_path):
    from flask_migrate import downgrade, upgrade

    app = make_app(f"sqlite:///{tmp_path / 'm.sqlite'}")
    with app.app_context():
        from coworking.extensions import db as database

        upgrade(revision="0008")
        with database.engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO users (email, name, role, active, session_version, calendar_secret, created_at) "
                "VALUES ('old@example.org', 'Old', 'member', 1, 0, 'x', '2026-01-02 03:04:05.000000')"
            )
        upgrade(revision="0009")
        with database.engine.connect() as conn:
            verified = conn.exec_driver_sql("SELECT email_verified FROM users").scalar()
        assert verified == 1
        downgrade(revision="0008")
        upgrade(revision="0009")
        database.engine.dispose()


def test_no_form_reveals_that_an_address_is_taken_even_in_a_race(client, app, place, monkeypatch):
    """Two registrations of one address at once: the loser hears what everyone hears."""
    from coworking import errors
    from coworking.accounts import services

    def raced(**_kw):
        raise errors.Conflict("That already exists (it was just created by another request).")

    monkeypatch.setattr(services, "register", raced)
    r = register(client)
    assert r.status_code == 302 and r.headers["Location"] == "/login"
    assert "already" not in client.get("/login").get_data(as_text=True)


def test_a_password_reset_also_proves_the_address(client, app, place, db):
    from coworking.accounts.models import User

    register(client)
    client.post("/password/forgot", data={"email": "chris@example.org"})
    reset = next(m for m in outbox(app) if "/password/reset/" in mail_text(m))
    path = "/" + links(reset)[0].split("/", 3)[3]
    assert client.post(path, data={"password": "a new passphrase", "confirm": "a new passphrase"}).status_code == 302
    assert db.session.scalar(sa.select(User.email_verified).where(User.email == "chris@example.org")) is True
