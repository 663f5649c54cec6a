"""Database foundations: declarative base, the UTC column type, SQLite connection setup and
the write unit of work (BEGIN IMMEDIATE on SQLite, bounded retries on lock/serialization)."""

from __future__ import annotations

import contextvars
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from coworking.errors import Conflict

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """An instant. Accepts only aware datetimes, stores UTC, returns aware UTC on every backend.

    PostgreSQL keeps ``timestamptz``; SQLite keeps SQLAlchemy's fixed-width text form of the
    UTC wall time, so string comparison (used by the overlap triggers) orders instants.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"UTCDateTime needs an aware datetime, got {value!r}")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def result_processor(self, dialect, coltype):
        """On SQLite, parse the stored UTC text straight into an aware instant: one C call per
        value instead of SQLAlchemy's parse, then ``process_result_value``'s replace, through
        three Python layers (reports read tens of thousands of rows with four instants each).
        Any other spelling (a raw INSERT with an offset, say) takes the general path."""
        general = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite":
            return general

        def process(value):
            if value is None:
                return None
            if isinstance(value, str) and len(value) == _SQLITE_TEXT_LENGTH:
                try:
                    return _from_iso(value + "+00:00")
                except ValueError:
                    pass
            return general(value)

        return process


_from_iso = datetime.fromisoformat
_SQLITE_TEXT_LENGTH = len("2027-03-02 08:00:00.000000")  # SQLAlchemy's SQLite storage format


def utcnow() -> datetime:
    """The real clock, for the web layer to pass into services (services never call it)."""
    return datetime.now(UTC)


# --- SQLite: WAL, busy timeout, foreign keys, and our own BEGIN -------------------------------

_immediate = contextvars.ContextVar("coworking_sqlite_begin_immediate", default=False)


def configure_engine(engine, busy_timeout_ms: int) -> None:
    """Called once per engine. For SQLite we take over transaction control from pysqlite so
    that a write unit of work can start with ``BEGIN IMMEDIATE`` (and reads stay deferred)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


def is_unique_violation(exc: BaseException) -> bool:
    """Two requests raced to create the same unique thing (slug, email, desk code...)."""
    if not isinstance(exc, IntegrityError):
        return False
    return getattr(exc.orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(exc.orig)


def is_retryable(exc: BaseException) -> bool:
    """Lock contention and serialization failures: safe to run the whole unit of work again."""
    if isinstance(exc, OperationalError) and "database is locked" in str(exc.orig):
        return True
    if isinstance(exc, DBAPIError):
        return getattr(exc.orig, "sqlstate", None) in {"40001", "40P01"}
    return False


class StorageBusy(Exception):
    """Retries exhausted: answered as 503 with Retry-After, never as a 500."""


T = TypeVar("T")

_AFTER_COMMIT = "coworking_after_commit"


def after_commit(session, action: Callable[[], object]) -> None:
    """Run ``action`` once the unit of work now open on ``session`` has committed; forget it if
    the unit rolls back (or is retried: the retried attempt registers its own). For effects
    outside the database, such as mail, that must never announce a change that was not kept."""
    session.info.setdefault(_AFTER_COMMIT, []).append(action)


def has_after_commit(session) -> bool:
    return bool(session.info.get(_AFTER_COMMIT))


def forget_after_commit(session) -> None:
    session.info.pop(_AFTER_COMMIT, None)


def commit(session) -> None:
    """Commit, then run the actions registered with ``after_commit`` for this unit."""
    session.commit()
    for action in session.info.pop(_AFTER_COMMIT, ()):
        action()


def run_unit_of_work(
    session,
    work: Callable[[], T],
    *,
    retries: int,
    immediate: bool = True,
    keep: Callable[[T], bool] | None = None,
    before_attempt: Callable[[], object] | None = None,
) -> T:
    """Run ``work`` (code that only flushes) and commit it, as one transaction.

    The one place that commits: the web layer runs each request through it
    (``coworking.web.unit_of_work``) and CLI commands run their body through it. On SQLite the
    transaction starts with BEGIN IMMEDIATE so concurrent writers queue on the busy timeout
    instead of failing on lock upgrade. Lock timeouts and serialization failures are retried
    with jittered back-off (``before_attempt`` resets whatever an attempt left outside the
    database); a unique violation that escapes is the domain's ``Conflict``. ``keep(result)``
    false rolls the unit back and still returns the result (an answer that refuses).
    """
    attempt = 0
    while True:
        # End whatever read transaction the request opened (e.g. loading the caller) so the
        # next BEGIN is ours and, on SQLite, immediate.
        session.rollback()
        forget_after_commit(session)
        if before_attempt is not None:
            before_attempt()
        token = _immediate.set(immediate)
        try:
            result = work()
            if keep is None or keep(result):
                commit(session)
            else:
                session.rollback()
                forget_after_commit(session)
            return result
        except Exception as exc:
            session.rollback()
            forget_after_commit(session)
            if is_retryable(exc) and attempt < retries:
                attempt += 1
                time.sleep(min(0.5, 0.02 * 2**attempt) * random.random())
                continue
            if is_retryable(exc):
                raise StorageBusy() from exc
            if is_unique_violation(exc):
                # The service checked first; another request won the race in between.
                raise Conflict("That already exists (it was just created by another request).") from exc
            raise
        finally:
            _immediate.reset(token)
