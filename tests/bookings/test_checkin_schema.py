"""Migration 0016 rebuilds ``bookings`` on SQLite to let its status CHECK admit ``released``: the
overlap triggers of ``bookings`` come back exactly as they were, on the way up and down, and the
database still refuses an unknown status and two confirmed bookings of one desk at one time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.support.app import make_app

TRIGGERS = sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'bookings' ORDER BY name")
INDEXES = sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'bookings' ORDER BY name")


def _columns(conn) -> set[str]:
    return {c["name"] for c in sa.inspect(conn).get_columns("bookings")}


def test_the_check_in_migration_keeps_the_bookings_triggers_and_indexes(tmp_path):
    from flask_migrate import downgrade, upgrade

    from coworking.extensions import db as database

    app = make_app(f"sqlite:///{tmp_path / 'checkin.sqlite'}")
    with app.app_context():
        upgrade(revision="0015")
        with database.engine.connect() as conn:
            before = conn.execute(TRIGGERS).all()
            indexes = conn.execute(INDEXES).all()
        upgrade(revision="0016")
        with database.engine.connect() as conn:
            assert conn.execute(TRIGGERS).all() == before
            assert conn.execute(INDEXES).all() == indexes
            assert {"checked_in_at", "released_at"} <= _columns(conn)
            workspace_columns = {c["name"] for c in sa.inspect(conn).get_columns("workspaces")}
            assert {"check_in_required", "check_in_opens_minutes", "check_in_grace_minutes"} <= workspace_columns
        downgrade(revision="0015")
        with database.engine.connect() as conn:
            assert conn.execute(TRIGGERS).all() == before
            assert conn.execute(INDEXES).all() == indexes
            assert not {"checked_in_at", "released_at"} & _columns(conn)
    names = {name for name, _sql in before}
    assert {"bookings_desk_no_overlap_insert", "bookings_member_no_overlap_insert"} <= names


def test_the_database_knows_released_and_nothing_else(db, place, make_booking):
    _ws, (a1, _a2), ana, _bo = place
    start = datetime(2027, 3, 2, 9, tzinfo=UTC)
    booking = make_booking(a1, ana, start, start + timedelta(hours=2))
    db.session.execute(sa.text("UPDATE bookings SET status = 'released' WHERE id = :id"), {"id": booking.id})
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.text("UPDATE bookings SET status = 'gone' WHERE id = :id"), {"id": booking.id})
        db.session.flush()
    db.session.rollback()
