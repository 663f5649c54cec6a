"""The app factory, configuration from the environment, and error answers."""

from __future__ import annotations

import pytest

from coworking import create_app
from tests.support.http import problem_code


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("COWORKING_ENVIRONMENT", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    monkeypatch.setenv("COWORKING_BASE_URL", "https://desks.example.coop")  # also required
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "s3cret-from-the-environment-32-bytes-at-least")
    app = create_app()
    assert app.config["SECRET_KEY"] == "s3cret-from-the-environment-32-bytes-at-least"
    assert app.config["ENVIRONMENT"] == "production"


def test_environment_variables_configure_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("COWORKING_ENVIRONMENT", "development")
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone@db.example/coworking")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("RATELIMIT_ENABLED", "0")
    monkeypatch.setenv("COWORKING_WRITE_RETRIES", "7")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.example/coworking"
    assert app.config["RATELIMIT_ENABLED"] is False
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    assert app.config["WRITE_RETRIES"] == 7
    assert app.config["SECRET_KEY"]  # a development key


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.setenv("COWORKING_ENVIRONMENT", "development")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/coworking.sqlite"


def test_unknown_api_routes_and_methods_are_problems(client):
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and problem_code(r) == "not_found"
    r = client.put("/api/v1/bookings")
    assert r.status_code == 405 and problem_code(r) == "method_not_allowed"


def test_pages_answer_html(client):
    front = client.get("/")
    assert front.status_code == 302 and front.headers["Location"] == "/login"
    assert client.get("/login").status_code == 200
    r = client.get("/no-such-page")
    assert r.status_code == 404 and r.mimetype == "text/html"


def test_storage_busy_is_a_503_not_a_500(app, client, make_user, monkeypatch):
    """When every retry hits a locked database, the client gets 503 + Retry-After."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from coworking.accounts import services
    from tests.support.factories import PASSWORD

    make_user(email="ana@example.org")
    attempts = []

    def locked(*_args, **_kw):
        attempts.append(1)
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(services, "issue_token", locked)
    r = client.post("/api/v1/tokens", json={"email": "ana@example.org", "password": PASSWORD})
    assert r.status_code == 503 and problem_code(r) == "unavailable"
    assert r.headers["Retry-After"] == "1"
    assert len(attempts) == app.config["WRITE_RETRIES"] + 1


def test_unexpected_errors_are_a_friendly_500_and_roll_back(app, database_url):
    """A view that changed a row, had a statement fail, and then failed itself: a friendly 500
    page for a logged-in visitor (the rollback comes first: the page reads the user), and the
    change is rolled back — even for a token user whose "last used" stamp is then written in its own unit of
    work after the answer (accounts.sessions.flush_touches), which would otherwise commit it."""
    import contextlib
    from datetime import UTC, datetime

    import sqlalchemy as sa
    from flask import request

    from coworking.accounts import services
    from coworking.extensions import db
    from coworking.web.auth import bearer_user
    from tests.support.app import make_app
    from tests.support.factories import PASSWORD

    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False)  # the schema: the ``app`` fixture's

    def boom():
        user = bearer_user() if "Authorization" in request.headers else None
        db.session.execute(sa.text("UPDATE users SET name = 'Half done'"))
        # A failed statement: PostgreSQL now refuses every further one in this transaction,
        # so the error page (which loads the logged-in user) works only after the rollback.
        with contextlib.suppress(sa.exc.DBAPIError):
            db.session.execute(sa.text("SELECT no_such_column FROM users"))
        raise RuntimeError(f"bug for {user.email if user else 'anyone'}")

    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/v1/boom", "api_boom", boom)
    try:
        with app.app_context():
            user = services.create_user(
                email="ana@example.org", name="Ana", role="member", password=PASSWORD, now=datetime.now(UTC)
            )
            db.session.commit()
            token = services.issue_token(user, datetime.now(UTC), kind="api").token
            db.session.commit()
        client = app.test_client()
        assert client.post("/login", data={"email": "ana@example.org", "password": PASSWORD}).status_code == 302
        page = client.get("/boom", headers={"Accept-Language": "nl"})
        assert page.status_code == 500 and page.mimetype == "text/html"
        assert '<html lang="nl">' in page.get_data(as_text=True)
        assert "bug" not in page.get_data(as_text=True)  # no internals shown
        api = client.get("/api/v1/boom", headers={"Authorization": f"Bearer {token}"})
        assert api.status_code == 500 and problem_code(api) == "internal_error"
        with app.app_context():
            names = db.session.scalars(sa.text("SELECT name FROM users")).all()
            stamped = db.session.scalar(sa.text("SELECT last_used_at FROM api_tokens"))
        assert names == ["Ana"]  # rolled back
        assert stamped is not None  # while the token's stamp, in its own unit of work, was kept
    finally:
        with app.app_context():
            db.engine.dispose()
