"""No secret in logs or caches.

The token of a password-reset link (/password/reset/<token>) and of an address-verification
link (/verify/<token>, /email/verify/<token>) never reaches the app's log (JSON or text, the
message or the structured ``path``) nor gunicorn's access log — the real one, with the format
and logger class of gunicorn.conf.py. Answers that carry a secret or one member's data are
``Cache-Control: no-store``."""

from __future__ import annotations

import logging
import runpy
from datetime import UTC, date, datetime

import pytest
import requests

from coworking.ops.logging import JsonFormatter, TextFormatter
from coworking.security import redact
from tests.support.app import make_app, migrate_to_head
from tests.support.factories import PASSWORD
from tests.support.live_server import REPO_ROOT, LiveServer

GUNICORN_CONF = runpy.run_path(str(REPO_ROOT / "gunicorn.conf.py"))


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("GET /password/reset/Im5vdCBhIHJlYWwgdG9rZW4i.abc.def HTTP/1.1", "Im5vdCBhIHJlYWwgdG9rZW4i.abc.def"),
        ("POST /password/reset/tok-123_ABC?next=/x 200", "tok-123_ABC"),
        ("GET /verify/eyJ1Ijo0Mn0.ZZ9.sig 302", "eyJ1Ijo0Mn0.ZZ9.sig"),
        ("GET /email/verify/eyJ1Ijo0Mn0.ZZ9.sig 302", "eyJ1Ijo0Mn0.ZZ9.sig"),
        ('"https://desks.example.coop/password/reset/abcDEF.123"', "abcDEF.123"),
        ("GET /calendar/member.ics?token=s3cr3t-feed&x=1", "s3cr3t-feed"),
    ],
)
def test_redact_hides_every_token_in_a_url(line, secret):
    hidden = redact(line)
    assert secret not in hidden and "[redacted]" in hidden


def test_redact_leaves_ordinary_paths_alone():
    for path in ("/password/forgot", "/password", "/reports/me", "/workspaces/gent/2027-03-01"):
        assert redact(path) == path


def _formatted(caplog) -> str:
    json_fmt, text_fmt = JsonFormatter(), TextFormatter()
    return "\n".join(json_fmt.format(r) + "\n" + text_fmt.format(r) for r in caplog.records) + caplog.text


def test_reset_and_verification_tokens_stay_out_of_the_app_log(app, client, make_user, caplog):
    from coworking.accounts import services

    user = make_user(email="ana@example.org")
    token = services.password_reset_token(user, app.config["SECRET_KEY"])
    verification = "eyJ2ZXJpZnkiOjF9.Zm9v.YmFy"
    with caplog.at_level(logging.DEBUG):
        assert client.get(f"/password/reset/{token}").status_code == 200
        client.post(
            f"/password/reset/{token}", data={"password": "a brand new passphrase", "confirm": "x"}
        )  # refused (the two differ): the page again, logged
        client.get(f"/verify/{verification}")
        client.get(f"/email/verify/{verification}")
    text = _formatted(caplog)
    assert "/password/reset/[redacted]" in text  # the requests were logged ...
    for secret in (token, verification):
        assert secret not in text  # ... without their token, in the message and in "path"
    paths = {getattr(r, "path", None) for r in caplog.records}
    assert all(token not in p for p in paths if p)


@pytest.fixture(scope="module")
def gunicorn_with_the_project_config(tmp_path_factory):
    """A real gunicorn with the access-log settings of gunicorn.conf.py, a member and a reset
    token for them."""
    from coworking.accounts import services
    from coworking.extensions import db

    url = "sqlite:///" + str(tmp_path_factory.mktemp("access-log") / "db.sqlite")
    app = make_app(url)
    migrate_to_head(app)
    with app.app_context():
        user = services.create_user(
            email="ana@example.org", name="Ana", role="member", password=PASSWORD, now=datetime.now(UTC)
        )
        db.session.commit()
        token = services.password_reset_token(user, app.config["SECRET_KEY"])
        db.session.remove()
        db.engine.dispose()
    args = (
        "--access-logfile",
        GUNICORN_CONF["accesslog"],
        "--access-logformat",
        GUNICORN_CONF["access_log_format"],
        "--logger-class",
        GUNICORN_CONF["logger_class"],
    )
    with LiveServer(env={"DATABASE_URL": url, "COWORKING_LOG_FORMAT": "text"}, workers=1, extra_args=args) as live:
        yield live, token


def test_gunicorn_access_log_never_holds_a_reset_token(gunicorn_with_the_project_config):
    server, token = gunicorn_with_the_project_config
    with server.log_on_failure():
        assert requests.get(f"{server.url}/password/reset/{token}", timeout=30).status_code == 200
        requests.get(f"{server.url}/password/reset/{token}?next=/x", timeout=30)
        requests.get(f"{server.url}/verify/{token}", timeout=30)
        # Also when the request line is in the format: the logger class redacts every atom.
        log = server.log_text()
        assert '"GET /password/reset/[redacted] HTTP/1.1" 200' in log  # gunicorn's access line
        assert token not in log


# --- Cache-Control: no-store -------------------------------------------------------------------


@pytest.fixture
def manager_setup(db, make_workspace, make_desk, make_user, auth):
    ws = make_workspace(slug="gent")
    make_desk(ws, code="G1")
    manager = make_user(role="manager", workspaces=[ws], email="mo@example.org")
    member = make_user(email="ana@example.org", workspaces=[ws])
    admin = make_user(role="admin", email="root@example.org")
    return ws, manager, member, admin


def _no_store(resp) -> None:
    assert resp.status_code in (200, 201), (resp.status_code, resp.get_data(as_text=True)[:300])
    assert "no-store" in resp.headers.get("Cache-Control", ""), resp.headers


def test_secrets_and_personal_answers_are_never_stored(manager_setup, client, auth):
    _ws, manager, member, admin = manager_setup
    _no_store(client.post("/api/v1/tokens", json={"email": "ana@example.org", "password": PASSWORD}))
    mine, boss, root = auth(member), auth(manager), auth(admin)
    period = "from=2027-01-01&to=2027-12-31"
    for path in ("/api/v1/me/data", "/api/v1/me/calendar", f"/api/v1/me/usage?{period}"):
        _no_store(client.get(path, headers=mine))
    _no_store(client.post("/api/v1/me/calendar/rotate", headers=mine))
    for path in (f"/api/v1/workspaces/gent/usage?{period}", f"/api/v1/workspaces/gent/occupancy?{period}"):
        _no_store(client.get(path, headers=boss))
        _no_store(client.get(path, headers=root))


def _browser(app, email):
    browser = app.test_client()
    assert browser.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return browser


@pytest.mark.usefixtures("manager_setup")
def test_every_download_is_never_stored(app):
    _no_store(_browser(app, "ana@example.org").get("/me/data"))
    boss = _browser(app, "mo@example.org")
    period = "from=2027-01-01&to=2027-03-31"
    for kind in ("occupancy", "usage"):
        for fmt in ("csv", "xlsx"):
            _no_store(boss.get(f"/reports/gent/{kind}.{fmt}?{period}"))
    root = _browser(app, "root@example.org")
    year = date.today().year
    for fmt in ("csv", "xlsx"):
        _no_store(root.get(f"/budget/{year}/export.{fmt}"))
