"""Shared fixtures. Helpers that tests import live in ``tests/support/``; nothing imports this
module.

Every test that uses ``app`` runs once per database backend: SQLite always, PostgreSQL when
``TEST_DATABASE_URL`` is set. CI sets ``COWORKING_REQUIRE_POSTGRES=1``, which turns a missing
or unreachable PostgreSQL into a failure instead of a skip.

The schema is built once per backend and session by the real migrations (``flask db
upgrade``), so tests exercise the hand-written constraints and triggers. After each test every
table of the models is emptied (services commit through the real unit of work, which a wrapping
rollback would not survive on SQLite's BEGIN IMMEDIATE).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from coworking.extensions import db as _db
from tests.support.app import make_app, migrate_to_head
from tests.support.clock import FROZEN_AT
from tests.support.database import empty_tables, recorded_statements, reset_postgres_schema
from tests.support.factories import Factories, dok_noord
from tests.support.http import Api

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
REQUIRE_POSTGRES = os.environ.get("COWORKING_REQUIRE_POSTGRES") == "1"


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
    application.extensions.pop("mail_outbox", None)  # the mails a test saw are its own
    with application.app_context():
        _db.session.remove()
        with _db.engine.begin() as conn:
            empty_tables(conn)


@pytest.fixture
def db(app):
    with app.app_context():
        yield _db
        _db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sql_statements(app) -> Callable:
    """``with sql_statements() as seen:`` — the SQL text of every statement the app's database
    runs inside the block (``len(seen)`` counts them)."""
    with app.app_context():
        engine = _db.engine
    return lambda: recorded_statements(engine)


# --- factories (tests/support/factories.py) ----------------------------------------------


@pytest.fixture
def factories(db) -> Factories:
    return Factories(db)


@pytest.fixture
def make_workspace(factories) -> Callable:
    return factories.workspace


@pytest.fixture
def make_desk(factories) -> Callable:
    return factories.desk


@pytest.fixture
def make_user(factories) -> Callable:
    return factories.user


@pytest.fixture
def make_booking(factories) -> Callable:
    return factories.booking


@pytest.fixture
def place(clock, factories) -> tuple:
    """Dok Noord in Ghent, open every day 08:00–18:00, desks A1 and A2, members Ana and Bo:
    ``(workspace, [a1, a2], ana, bo)``, with the clock frozen."""
    return dok_noord(factories)


@pytest.fixture
def auth(db) -> Callable:
    """``auth(user)`` → headers with a fresh bearer token for ``user``."""
    from coworking.accounts import services

    def headers(user, kind="api"):
        issued = services.issue_token(user, datetime.now(UTC), kind=kind)
        db.session.commit()
        return {"Authorization": f"Bearer {issued.token}"}

    return headers


@pytest.fixture
def api_as(client, auth) -> Callable[..., Api]:
    """``api_as(user)``: a client with a long-lived (CLI) token, so tests can move the clock."""
    return lambda user, kind="cli": Api(client, auth(user, kind=kind))


# --- a frozen clock ------------------------------------------------------------------------


@pytest.fixture
def clock():
    """Freeze time at FROZEN_AT (Monday 1 March 2027, 09:00 in Brussels);
    ``clock.move_to(...)`` / ``clock.shift(seconds)`` move it."""
    import time_machine

    with time_machine.travel(FROZEN_AT, tick=False) as traveller:
        yield traveller
