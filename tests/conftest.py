"""Shared fixtures.

Every test that uses ``app`` runs once per database backend: SQLite always, PostgreSQL when
``TEST_DATABASE_URL`` is set. CI sets ``COWORKING_REQUIRE_POSTGRES=1``, which turns a missing
or unreachable PostgreSQL into a failure instead of a skip.

The schema is built once per backend and session by the real migrations (``flask db
upgrade``), so tests exercise the hand-written constraints and triggers. After each test every
table is emptied (services commit through the real unit of work, which a wrapping rollback
would not survive on SQLite's BEGIN IMMEDIATE).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient

from coworking import create_app
from coworking.extensions import db as _db

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
REQUIRE_POSTGRES = os.environ.get("COWORKING_REQUIRE_POSTGRES") == "1"
TABLES = [
    "audit_events",
    "budget_audit",
    "month_closes",
    "budget_actual_costs",
    "budget_lines",
    "api_tokens",
    "user_sessions",
    "bookings",
    "workspace_managers",
    "desks",
    "closures",
    "opening_hours",
    "users",
    "workspaces",
]
PASSWORD = "correct horse battery"


def _backends():
    params = [pytest.param("sqlite", id="sqlite")]
    if TEST_DATABASE_URL or REQUIRE_POSTGRES:
        params.append(pytest.param("postgresql", id="postgresql"))
    return params


def pytest_report_header(config):
    return f"databases: sqlite{', postgresql (' + TEST_DATABASE_URL + ')' if TEST_DATABASE_URL else ''}"


def postgres_url() -> str:
    if not TEST_DATABASE_URL:
        pytest.fail("COWORKING_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
    return TEST_DATABASE_URL


def reset_postgres_schema(url: str) -> None:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {exc}")
    finally:
        engine.dispose()


class IsolatedClient(FlaskClient):
    """Runs each request in its own app context — its own session and ``g`` — as production
    does, even while a test holds an app context for its factories. The test's session ends
    its transaction first, so afterwards it reads what the request committed."""

    def open(self, *args, **kwargs):
        if has_app_context():
            _db.session.rollback()
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(url: str, **extra):
    config = {
        "ENVIRONMENT": "testing",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "memory",
        "SERVER_NAME": None,
        # The test client sends ``Host: localhost``; BASE_URL stays the development default.
        "ALLOWED_HOSTS": "localhost",
    }
    config.update(extra)
    application = create_app(config)
    application.test_client_class = IsolatedClient
    return application


def migrate_to_head(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


@pytest.fixture(scope="session", params=_backends())
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def database_url(backend, tmp_path_factory) -> str:
    if backend == "sqlite":
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    url = postgres_url()
    reset_postgres_schema(url)
    return url


@pytest.fixture(scope="session")
def app(database_url):
    application = make_app(database_url)
    migrate_to_head(application)
    yield application
    with application.app_context():
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_tables(request):
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        _db.session.remove()
        with _db.engine.begin() as conn:
            empty_tables(conn)


def empty_tables(conn) -> None:
    """Empty every table. PostgreSQL: TRUNCATE (audit_events refuses row DELETEs by trigger);
    SQLite: DELETE, in TABLES order (children first), with audit_events' DELETE guard (revision
    0010) dropped and put back in the same transaction."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        return
    guards = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events' "
        "AND sql LIKE '%BEFORE DELETE%'"
    ).all()
    for name, _sql in guards:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    for table in TABLES:
        conn.exec_driver_sql(f"DELETE FROM {table}")
    for _name, sql in guards:
        conn.exec_driver_sql(sql)


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db
        _db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


# --- factories -------------------------------------------------------------------------

WEEKDAYS_9_TO_18 = [{"weekday": d, "open": "09:00", "close": "18:00"} for d in range(5)]


@pytest.fixture
def make_workspace(db) -> Callable:
    from coworking.workspaces.models import OpeningHours, Workspace
    from coworking.workspaces.rules import BookingPolicy, parse_hhmm

    counter = iter(range(1, 10_000))

    def make(**kw):
        n = next(counter)
        hours = kw.pop("opening_hours", WEEKDAYS_9_TO_18)
        policy = kw.pop("policy", {})
        ws = Workspace(
            slug=kw.pop("slug", f"ws-{n}"),
            name=kw.pop("name", f"Workspace {n}"),
            city=kw.pop("city", "Brussels"),
            country=kw.pop("country", "BE"),
            address=kw.pop("address", "Rue de la Loi 1"),
            timezone=kw.pop("timezone", "Europe/Brussels"),
            currency=kw.pop("currency", "EUR"),
            created_at=datetime.now(UTC),
            **kw,
        )
        ws.apply_policy(BookingPolicy(**{"max_advance_days": 730, "min_notice_minutes": 0, **policy}))
        ws.opening_hours = [
            OpeningHours(weekday=h["weekday"], opens_at=parse_hhmm(h["open"]), closes_at=parse_hhmm(h["close"]))
            for h in hours
        ]
        db.session.add(ws)
        db.session.commit()
        return ws

    return make


@pytest.fixture
def make_desk(db) -> Callable:
    from coworking.workspaces.models import Desk

    counter = iter(range(1, 10_000))

    def make(workspace, **kw):
        desk = Desk(
            workspace_id=workspace.id,
            code=kw.pop("code", f"D{next(counter):02d}"),
            kind=kw.pop("kind", "hot_desk"),
            zone=kw.pop("zone", "Open space"),
            amenities=kw.pop("amenities", []),
            in_service_from=kw.pop("in_service_from", date(2020, 1, 1)),
            **kw,
        )
        db.session.add(desk)
        db.session.commit()
        return desk

    return make


@pytest.fixture
def make_user(db) -> Callable:
    from coworking.accounts import services

    counter = iter(range(1, 10_000))

    def make(role="member", workspaces=(), **kw):
        n = next(counter)
        user = services.create_user(
            email=kw.pop("email", f"user{n}@example.org"),
            name=kw.pop("name", f"User {n}"),
            role=role,
            password=kw.pop("password", PASSWORD),
            now=datetime.now(UTC),
            workspaces=[w.slug if hasattr(w, "slug") else w for w in workspaces],
            **kw,
        )
        db.session.commit()
        return user

    return make


@pytest.fixture
def auth(db) -> Callable:
    """``auth(user)`` → headers with a fresh bearer token for ``user``."""
    from coworking.accounts import services

    def headers(user, kind="api"):
        issued = services.issue_token(user, datetime.now(UTC), kind=kind)
        db.session.commit()
        return {"Authorization": f"Bearer {issued.token}"}

    return headers


def local(day: date, hh: int, mm: int = 0) -> str:
    """A naive local ISO timestamp, as a client without offsets would send it."""
    return datetime.combine(day, time(hh, mm)).isoformat()


# --- a frozen clock and a ready workspace -------------------------------------------------

# Monday 1 March 2027, 09:00 in Brussels (CET, UTC+1).
MONDAY = date(2027, 3, 1)
FROZEN_AT = "2027-03-01T08:00:00+00:00"


@pytest.fixture
def clock():
    """Freeze time at FROZEN_AT; ``clock.move_to(...)`` / ``clock.shift(seconds)`` move it."""
    import time_machine

    with time_machine.travel(FROZEN_AT, tick=False) as traveller:
        yield traveller


class Api:
    """A test client that speaks JSON with a bearer token."""

    def __init__(self, client, headers):
        self.client = client
        self.headers = headers

    def _call(self, method, url, **kw):
        return getattr(self.client, method)(url, headers=self.headers, **kw)

    def get(self, url, **kw):
        return self._call("get", url, **kw)

    def post(self, url, json=None, **kw):
        return self._call("post", url, json=json, **kw)

    def patch(self, url, json=None, **kw):
        return self._call("patch", url, json=json, **kw)

    def delete(self, url, **kw):
        return self._call("delete", url, **kw)

    def book(self, desk, day, start, end, **extra):
        """Book ``desk`` on local ``day`` from ``start`` to ``end`` (HH:MM strings)."""
        return self.post(
            "/api/v1/bookings",
            json={
                "desk_id": desk.id,
                "start": f"{day.isoformat()}T{start}",
                "end": f"{day.isoformat()}T{end}",
                **extra,
            },
        )


@pytest.fixture
def api_as(client, auth) -> Callable[..., Api]:
    """``api_as(user)``: a client with a long-lived (CLI) token, so tests can move the clock."""
    return lambda user, kind="cli": Api(client, auth(user, kind=kind))


def problem_code(response) -> str:
    assert response.mimetype == "application/problem+json", (response.status_code, response.get_data(as_text=True))
    return response.json["code"]
