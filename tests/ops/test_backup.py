"""``flask backup`` / ``flask restore`` on SQLite.

Its own app on its own database file: data are made through the API, backed up while the app
holds an open connection (and a read transaction), restored into a new file, and compared
row for row; the restored file still has the overlap triggers that guard the invariants.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from coworking.extensions import db
from tests.support.app import make_app, migrate_to_head
from tests.support.factories import PASSWORD, Factories, hours

EVERY_DAY = hours(range(7), "07:00", "22:00")


def _dump(path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def _triggers(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        conn.close()


@pytest.fixture
def source(tmp_path):
    from coworking.accounts import services

    path = tmp_path / "live.sqlite"
    app = make_app(f"sqlite:///{path}")
    migrate_to_head(app)
    with app.app_context():
        make = Factories(db)
        ws = make.workspace(
            slug="brussels", name="Brussels", opening_hours=EVERY_DAY, policy={"max_active_bookings": 100}
        )
        desks = [make.desk(ws, code=f"D{i}", zone="Open") for i in range(3)]
        users = [make.user(email=f"m{i}@example.org", name=f"Member {i}", workspaces=[ws]) for i in range(3)]
        tokens = [services.issue_token(u, datetime.now(UTC)).token for u in users]
        desk_ids = [d.id for d in desks]
        db.session.commit()
    client = app.test_client()
    day = datetime.now(UTC).date() + timedelta(days=7)
    created = []
    for i, token in enumerate(tokens):
        headers = {"Authorization": f"Bearer {token}"}
        resp = client.post(
            "/api/v1/bookings",
            json={"desk_id": desk_ids[i], "start": f"{day}T09:00", "end": f"{day}T12:00"},
            headers=headers,
        )
        assert resp.status_code == 201, resp.json
        created.append(resp.json["id"])
    # One cancelled booking too: history must survive the round trip.
    resp = client.delete(f"/api/v1/bookings/{created[0]}", headers={"Authorization": f"Bearer {tokens[0]}"})
    assert resp.status_code == 200, resp.json
    yield app, path
    with app.app_context():
        db.engine.dispose()


def test_backup_and_restore_round_trip(source, tmp_path):
    app, path = source
    backup = tmp_path / "backups" / "coworking.sqlite"
    runner = app.test_cli_runner()
    # The app holds a connection with an open read transaction during the backup.
    with app.app_context(), db.engine.connect() as held:
        held.execute(sa.text("SELECT count(*) FROM bookings")).scalar_one()
        result = runner.invoke(args=["backup", str(backup)])
        assert result.exit_code == 0, result.output
        assert "Backed up" in result.output

    # The same path again: refused without --force, accepted with it.
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code != 0 and "--force" in result.output
    result = runner.invoke(args=["backup", "--force", str(backup)])
    assert result.exit_code == 0, result.output

    restored_path = tmp_path / "restored.sqlite"
    restored_app = make_app(f"sqlite:///{restored_path}")
    result = restored_app.test_cli_runner().invoke(args=["restore", "--yes", str(backup)])
    assert result.exit_code == 0, result.output

    for table in ("users", "bookings", "workspaces", "desks", "alembic_version"):
        if table == "alembic_version":
            assert _dump_version(restored_path) == _dump_version(path)
            continue
        original = _dump(path, table)
        assert original, table
        assert _dump(restored_path, table) == original, table
    statuses = sorted(row[0] for row in sqlite3.connect(restored_path).execute("SELECT status FROM bookings"))
    assert statuses == ["cancelled", "confirmed", "confirmed"]

    triggers = _triggers(restored_path)
    assert triggers and triggers == _triggers(path)
    assert any("desk" in name for name in triggers) and any("member" in name for name in triggers)

    # The triggers still work: a raw overlapping insert on the restored file is refused.
    conn = sqlite3.connect(restored_path)
    try:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(bookings)")]
        row = conn.execute("SELECT * FROM bookings WHERE status = 'confirmed' ORDER BY id LIMIT 1").fetchone()
        copy = dict(zip(columns, row, strict=True))
        copy.pop("id")
        copy["uuid"] = "0" * 32  # a new booking of the same desk, member and hours
        names = ", ".join(copy)
        marks = ", ".join("?" for _ in copy)
        with pytest.raises(sqlite3.IntegrityError, match="no_overlap"):
            conn.execute(f"INSERT INTO bookings ({names}) VALUES ({marks})", list(copy.values()))
    finally:
        conn.close()

    # The restored database serves the app: the members can still log in and see bookings.
    with restored_app.app_context():
        from coworking.accounts import services

        assert services.authenticate("m1@example.org", PASSWORD) is not None
        db.session.remove()
        db.engine.dispose()


def _dump_version(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchall()
    finally:
        conn.close()


def test_restore_refuses_other_files(source, tmp_path):
    app, _path = source
    runner = app.test_cli_runner()
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", "--yes", str(junk)])
    assert result.exit_code != 0 and "not a SQLite database" in result.output

    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
    conn.execute("INSERT INTO alembic_version VALUES ('0000_old')")
    for table in ("users", "workspaces", "desks", "bookings"):
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    result = runner.invoke(args=["restore", "--yes", str(other)])
    assert result.exit_code != 0 and "schema version" in result.output


def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    app = make_app("postgresql://backup@127.0.0.1:1/nowhere")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.dump")])
    assert result.exit_code != 0
    assert "pg_dump --format=custom" in result.output
    assert not (tmp_path / "x.dump").exists()
