"""Migration 0013 adds ``booking_series`` and ``bookings.series_id`` without touching the
SQLite overlap triggers of ``bookings`` (a batch "move and copy" would drop them), and its
downgrade gives back exactly the triggers it found."""

from __future__ import annotations

import sqlalchemy as sa

from tests.support.app import make_app

TRIGGERS = sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'bookings' ORDER BY name")


def test_the_series_column_keeps_the_bookings_triggers(tmp_path):
    from flask_migrate import downgrade, upgrade

    from coworking.extensions import db as database

    app = make_app(f"sqlite:///{tmp_path / 'series.sqlite'}")
    with app.app_context():
        upgrade(revision="0012")
        with database.engine.connect() as conn:
            before = conn.execute(TRIGGERS).all()
        upgrade(revision="0013")
        with database.engine.connect() as conn:
            assert conn.execute(TRIGGERS).all() == before
            columns = {c["name"] for c in sa.inspect(conn).get_columns("bookings")}
            assert "series_id" in columns
        downgrade(revision="0012")
        with database.engine.connect() as conn:
            assert conn.execute(TRIGGERS).all() == before
            assert "series_id" not in {c["name"] for c in sa.inspect(conn).get_columns("bookings")}
            assert not sa.inspect(conn).has_table("booking_series")
    names = {name for name, _sql in before}
    assert {"bookings_desk_no_overlap_insert", "bookings_member_no_overlap_insert"} <= names
