"""The database is unreachable (restarting, network cut): outside a unit of work too — a read,
a bearer-token lookup, a page — the answer is a 503 (problem document on the API, a page
elsewhere) with Retry-After, never a 500."""

from __future__ import annotations

import pytest

from tests.support.app import make_app
from tests.support.factories import PASSWORD

PROBLEM_JSON = "application/problem+json"


@pytest.fixture(params=["postgresql", "sqlite"])
def unreachable(request, tmp_path):
    if request.param == "postgresql":
        # Nothing listens on port 1: every connection attempt is refused.
        url = "postgresql://coworking@127.0.0.1:1/coworking?connect_timeout=2"
    else:
        url = f"sqlite:///{tmp_path / 'missing-dir' / 'db.sqlite'}"  # cannot be opened
    app = make_app(url)
    yield app
    from coworking.extensions import db

    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/api/v1/workspaces", {"Authorization": "Bearer 1.some-token"}),  # token lookup
        ("/api/v1/bookings", {"Authorization": "Bearer 1.some-token"}),
    ],
)
def test_api_answers_503_problem(unreachable, path, headers):
    resp = unreachable.test_client().get(path, headers=headers)
    assert resp.status_code == 503, resp.get_data(as_text=True)
    assert resp.mimetype == PROBLEM_JSON
    assert resp.json["code"] == "unavailable" and resp.json["status"] == 503
    assert resp.headers["Retry-After"] == "1"


def test_api_login_answers_503_problem(unreachable):
    resp = unreachable.test_client().post("/api/v1/tokens", json={"email": "a@example.org", "password": "x" * 12})
    assert resp.status_code == 503, resp.get_data(as_text=True)
    assert resp.mimetype == PROBLEM_JSON and resp.json["code"] == "unavailable"


def test_pages_answer_503(unreachable):
    """Anonymous: the pages that need a login redirect to it without touching the database
    (exactly 302 to /login); the login form itself answers; logging in needs the database: 503."""
    client = unreachable.test_client()
    for path in ("/", "/workspaces", "/bookings"):
        resp = client.get(path)
        assert resp.status_code == 302, (path, resp.status_code)
        assert resp.headers["Location"].split("?")[0] == "/login", (path, resp.headers["Location"])
    assert client.get("/login").status_code == 200
    resp = client.post("/login", data={"email": "a@example.org", "password": "x" * 12})
    assert resp.status_code == 503, resp.get_data(as_text=True)
    assert resp.headers["Retry-After"] == "1"


LOGGED_IN_PAGES = ("/", "/workspaces", "/bookings", "/profile", "/reports/me", "/admin/audit")


def test_logged_in_pages_answer_503_when_the_database_is_gone(app, make_user, unreachable):
    """A logged-in visitor: Flask-Login's user loader reads the user and the server-side
    session row from the database on every request, before any view runs. With the database
    gone that read must end in a 503 page with Retry-After, never a 500. The session
    is a real login on a working database; the same cookie then reaches the app whose database
    is unreachable (same SECRET_KEY, as after a database restart)."""
    admin = make_user(role="admin", email="admin@example.org")
    working = app.test_client()
    assert working.post("/login", data={"email": admin.email, "password": PASSWORD}).status_code == 302
    assert working.get("/bookings").status_code == 200
    assert unreachable.config["SECRET_KEY"] == app.config["SECRET_KEY"]
    cookie = working.get_cookie("session")
    assert cookie is not None
    client = unreachable.test_client()
    client.set_cookie("session", cookie.value, domain=cookie.domain)
    for path in LOGGED_IN_PAGES:
        resp = client.get(path)
        assert resp.status_code == 503, (path, resp.status_code, resp.get_data(as_text=True)[:500])
        assert resp.headers["Retry-After"] == "1", path
        assert resp.mimetype == "text/html", path


def test_database_gone_at_teardown_keeps_the_answer(tmp_path, monkeypatch):
    """The view answered, then the database went away before the session's closing ROLLBACK
    (seen under load during a PostgreSQL restart): the answer stands, the broken session is
    dropped, and the next request gets a fresh one."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from coworking.extensions import db

    app = make_app(f"sqlite:///{tmp_path / 'teardown.sqlite'}")

    @app.get("/_test/read")
    def _read():
        return {"one": db.session.execute(text("SELECT 1")).scalar_one()}

    real_close = Session.close
    failures = []

    def failing_close(self):
        if not failures:
            failures.append(self)
            raise OperationalError("ROLLBACK", None, Exception("terminating connection due to administrator command"))
        return real_close(self)

    monkeypatch.setattr(Session, "close", failing_close)
    client = app.test_client()
    first = client.get("/_test/read")
    assert first.status_code == 200 and first.json == {"one": 1}
    assert failures  # the teardown did fail once
    second = client.get("/_test/read")
    assert second.status_code == 200 and second.json == {"one": 1}
    with app.app_context():
        db.engine.dispose()
