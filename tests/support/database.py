"""The test databases: a PostgreSQL schema rebuilt for each run, every table emptied after each
test, and a record of the SQL statements a request runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from coworking.db import Base


def reset_postgres_schema(url: str) -> None:
    """Drop and recreate the ``public`` schema, so the migrations build it from nothing."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL at TEST_DATABASE_URL is unreachable: {exc}")
    finally:
        engine.dispose()


def tables_to_empty() -> list[str]:
    """Every table of the models, children before parents (the reverse of the foreign keys'
    order), so a new model's table is emptied without anyone listing it."""
    tables = [table.name for table in reversed(Base.metadata.sorted_tables)]
    assert tables, "no models are loaded: create the app before emptying its tables"
    return tables


def empty_tables(conn) -> None:
    """Empty every table. PostgreSQL: TRUNCATE (audit_events refuses row DELETEs by trigger);
    SQLite: DELETE, children first, with audit_events' DELETE guard (migration 0010) dropped and
    put back in the same transaction."""
    tables = tables_to_empty()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        return
    guards = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events' "
        "AND sql LIKE '%BEFORE DELETE%'"
    ).all()
    for name, _sql in guards:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    for table in tables:
        conn.exec_driver_sql(f"DELETE FROM {table}")
    for _name, sql in guards:
        conn.exec_driver_sql(sql)


@contextmanager
def recorded_statements(engine) -> Iterator[list[str]]:
    """``with recorded_statements(engine) as seen:`` — the SQL text of every statement ``engine``
    runs inside the block, in order (count them with ``len(seen)``)."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_rest) -> None:
        seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
