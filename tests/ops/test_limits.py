"""Rate limits per account and per member.

Each test builds its own rate-limited app (memory storage) on the session's database and puts
the one Limiter object back as it was afterwards (Flask-Limiter keeps its switch and counters
on that object, shared with the other tests' app)."""

from __future__ import annotations

import contextlib
import logging
import re

import pytest

from coworking.ops import ratelimits
from tests.support.app import make_app, outbox
from tests.support.factories import PASSWORD

EMAIL = "ana@example.org"
CSRF_VALUE = re.compile(r'(?<=name="csrf_token" )value="[^"]*"')


@contextlib.contextmanager
def limited_app(database_url, **config):
    from coworking.extensions import db, limiter

    was = limiter.enabled
    # The per-address limits stay out of the way: these tests are about the other keys.
    settings = {"AUTH_RATE_LIMIT": "1000 per minute", "TOKEN_RATE_LIMIT": "1000 per minute", **config}
    app = make_app(database_url, RATELIMIT_ENABLED=True, **settings)
    try:
        yield app
    finally:
        limiter.reset()
        limiter.enabled = was
        with app.app_context():
            db.engine.dispose()


def web_login(app, email, password, address):
    """One login from its own browser and address."""
    return app.test_client().post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def api_login(app, email, password, address):
    return app.test_client().post(
        "/api/v1/tokens", json={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_ten_failures_lock_the_account_from_every_address_and_unknown_emails_alike(database_url, make_user):
    make_user(email=EMAIL)
    with limited_app(database_url) as app:
        answers = {}
        for email in (EMAIL, "nobody@example.org"):  # an account, and an address without one
            failures = [web_login(app, email, "wrong password", f"203.0.113.{i}").status_code for i in range(10)]
            assert failures == [200] * 10
            # The 11th attempt, from yet another address and with the right password: refused.
            refused = web_login(app, email.upper(), PASSWORD, "198.51.100.77")  # the email as typed, any case
            assert refused.status_code == 429
            page = CSRF_VALUE.sub('value="…"', refused.get_data(as_text=True))  # each browser has its own
            answers[email] = (refused.status_code, refused.mimetype, page)
            assert refused.headers.get("Retry-After")
            # The token endpoint shares the count: the account is locked there too.
            assert api_login(app, email, PASSWORD, "198.51.100.78").status_code == 429
        # The same refusal whether or not the account exists: nothing to enumerate.
        assert answers[EMAIL] == answers["nobody@example.org"]
        # Another member, from one of the addresses used above, logs in as usual.
        make_user(email="bo@example.org")
        assert web_login(app, "bo@example.org", PASSWORD, "203.0.113.1").status_code == 302


def test_api_failures_count_for_the_web_login_and_successes_never_count(database_url, make_user):
    make_user(email=EMAIL)
    with limited_app(database_url, LOGIN_FAILURE_RATE_LIMIT="3 per 15 minutes") as app:
        # Right passwords, many times: never charged.
        assert [api_login(app, EMAIL, PASSWORD, f"192.0.2.{i}").status_code for i in range(6)] == [201] * 6
        assert web_login(app, EMAIL, PASSWORD, "192.0.2.50").status_code == 302
        # Failures over both doors add up.
        assert api_login(app, EMAIL, "wrong password", "192.0.2.60").status_code == 401
        assert web_login(app, EMAIL, "wrong password", "192.0.2.61").status_code == 200
        assert api_login(app, EMAIL, "wrong password", "192.0.2.62").status_code == 401
        assert web_login(app, EMAIL, PASSWORD, "192.0.2.63").status_code == 429
        assert api_login(app, EMAIL, PASSWORD, "192.0.2.64").status_code == 429


def test_the_password_change_form_is_limited_per_member(database_url, make_user):
    make_user(email=EMAIL)
    with limited_app(database_url, PASSWORD_CHANGE_RATE_LIMIT="3 per 15 minutes") as app:
        browser = app.test_client()
        assert browser.post("/login", data={"email": EMAIL, "password": PASSWORD}).status_code == 302
        guesses = [
            browser.post(
                "/password",
                data={"current_password": f"guess number {i}", "password": "a new long passphrase", "confirm": "x"},
            ).status_code
            for i in range(4)
        ]
        assert guesses == [200, 200, 200, 429]
        # A second browser of the same member (another address) shares the count.
        other = app.test_client()
        login = other.post(
            "/login", data={"email": EMAIL, "password": PASSWORD}, environ_base={"REMOTE_ADDR": "198.51.100.9"}
        )
        assert login.status_code == 302
        assert other.post("/password", data={"current_password": PASSWORD}).status_code == 429
        assert other.get("/password").status_code == 200  # the form itself still shows


def test_reports_are_limited_per_member_across_pages_downloads_and_api(database_url, make_user, auth):
    ana = make_user(email=EMAIL)
    bo = make_user(email="bo@example.org")
    headers = auth(ana)
    with limited_app(database_url, REPORT_RATE_LIMIT="3 per minute") as app:
        browser = app.test_client()
        assert browser.post("/login", data={"email": EMAIL, "password": PASSWORD}).status_code == 302
        assert browser.get("/reports/me").status_code == 200
        assert browser.get("/reports/me?from=2027-01-01&to=2027-12-31").status_code == 200
        api = app.test_client()
        query = "from=2027-01-01&to=2027-12-31"
        assert api.get(f"/api/v1/me/usage?{query}", headers=headers).status_code == 200
        # The member's fourth report of the minute, by the API from another address: refused.
        refused = api.get(f"/api/v1/me/usage?{query}", headers=headers, environ_base={"REMOTE_ADDR": "192.0.2.9"})
        assert refused.status_code == 429 and refused.json["code"] == "rate_limited"
        assert browser.get("/reports/me").status_code == 429
        # Another member is not affected.
        assert api.get(f"/api/v1/me/usage?{query}", headers=auth(bo)).status_code == 200


# --- several workers, no Redis ------------------------------------------------------------------


PRODUCTION = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "k" * 48,
    "BASE_URL": "https://desks.example.coop",
    "RATELIMIT_ENABLED": True,
}


@pytest.mark.parametrize(
    ("env", "redis", "warned"),
    [
        ({"WEB_CONCURRENCY": "4"}, None, True),
        ({"GUNICORN_CMD_ARGS": "--bind 0.0.0.0:8000 --workers 3"}, None, True),
        ({"GUNICORN_WORKERS": "2"}, None, True),
        ({"WEB_CONCURRENCY": "4"}, "redis://127.0.0.1:1/0", False),
        ({"WEB_CONCURRENCY": "1"}, None, False),
        ({}, None, False),
    ],
)
def test_production_warns_at_start_when_workers_would_count_alone(tmp_path, monkeypatch, caplog, env, redis, warned):
    from coworking.extensions import db, limiter

    for name in ("WEB_CONCURRENCY", "GUNICORN_WORKERS", "GUNICORN_CMD_ARGS", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = dict(PRODUCTION, **({"REDIS_URL": redis} if redis else {}))
    was = limiter.enabled
    with caplog.at_level(logging.WARNING):
        app = make_app(f"sqlite:///{tmp_path / 'prod.sqlite'}", **config)
    limiter.enabled = was
    with app.app_context():
        db.engine.dispose()
    messages = [r.getMessage() for r in caplog.records if "counted per worker" in r.getMessage()]
    assert bool(messages) is warned, messages
    if warned:
        assert "REDIS_URL" in messages[0]


def test_worker_count_comes_from_the_environment():
    assert ratelimits.declared_workers({}) == 1
    assert ratelimits.declared_workers({"WEB_CONCURRENCY": "5"}) == 5
    assert ratelimits.declared_workers({"GUNICORN_CMD_ARGS": "-w 6 --timeout 30"}) == 6
    assert ratelimits.declared_workers({"GUNICORN_CMD_ARGS": "--workers=7"}) == 7


def test_reset_mails_for_one_address_are_limited_from_every_client(database_url, make_user):
    make_user(email=EMAIL)
    with limited_app(database_url, RESET_MAIL_RATE_LIMIT="2 per hour") as limited:
        for email in (EMAIL, "nobody@example.org"):
            asked = [
                limited.test_client()
                .post("/password/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": f"192.0.2.{i}"})
                .status_code
                for i in range(3)
            ]
            assert asked == [302, 302, 429], (email, asked)
        sent = outbox(limited)
        assert len([m for m in sent if m["To"] == EMAIL]) == 2  # the member got two mails, not three
