"""Database-specific behaviour, on every backend: the overlap guards hold even against raw
SQL, CHECK constraints, the UTC column type, and migrations that match the models."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from coworking.bookings.models import Booking


@pytest.fixture
def rows(db, make_workspace, make_desk, make_user):
    ws = make_workspace()
    desks = [make_desk(ws), make_desk(ws)]
    members = [make_user(workspaces=[ws]), make_user(workspaces=[ws])]
    return ws, desks, members


def raw_insert(db, ws, desk, member, start, end, status="confirmed"):
    """Insert with plain SQL, bypassing every rule in the application."""
    now = datetime.now(UTC)
    table = Booking.__table__
    db.session.execute(
        table.insert().values(
            uuid=uuid.uuid4(),
            desk_id=desk.id,
            member_id=member.id,
            workspace_id=ws.id,
            starts_at=start,
            ends_at=end,
            status=status,
            sequence=0,
            note="",
            created_at=now,
            updated_at=now,
        )
    )
    db.session.commit()


T9 = datetime(2027, 3, 2, 8, tzinfo=UTC)
H = timedelta(hours=1)


def guard_name(exc: IntegrityError) -> str:
    return str(exc.orig)


# SQLSTATE per kind of refusal on PostgreSQL (SQLite's driver reports no SQLSTATE).
EXCLUSION, CHECK, UNIQUE = "23P01", "23514", "23505"


def refused_by(caught: pytest.ExceptionInfo, name: str, sqlstate: str, sqlite_says: str | None = None) -> None:
    """The database refused with that very constraint or trigger — not just any integrity error.
    PostgreSQL: the constraint's name and SQLSTATE; SQLite: the trigger's or constraint's name
    in the message (``sqlite_says`` where SQLite names the columns instead)."""
    orig = caught.value.orig
    if getattr(orig, "sqlstate", None) is not None:
        assert (orig.sqlstate, orig.diag.constraint_name) == (sqlstate, name), str(orig)
    else:
        assert (sqlite_says or name) in str(orig), str(orig)


def test_desk_guard_refuses_overlap_from_raw_sql(db, rows):
    ws, (d1, _d2), (m1, m2) = rows
    raw_insert(db, ws, d1, m1, T9, T9 + 2 * H)
    with pytest.raises(IntegrityError) as caught:
        raw_insert(db, ws, d1, m2, T9 + H, T9 + 3 * H)
    db.session.rollback()
    assert "bookings_desk_no_overlap" in guard_name(caught.value)
    # Half-open: back to back is fine; a cancelled row does not block; cancelled rows may overlap.
    raw_insert(db, ws, d1, m2, T9 + 2 * H, T9 + 3 * H)
    raw_insert(db, ws, d1, m2, T9, T9 + H, status="cancelled")
    assert db.session.query(Booking).count() == 3


def test_member_guard_refuses_overlap_from_raw_sql(db, rows):
    ws, (d1, d2), (m1, _m2) = rows
    raw_insert(db, ws, d1, m1, T9, T9 + 2 * H)
    with pytest.raises(IntegrityError) as caught:
        raw_insert(db, ws, d2, m1, T9 + H, T9 + 90 * timedelta(minutes=1))
    db.session.rollback()
    assert "bookings_member_no_overlap" in guard_name(caught.value)


def test_guard_compares_instants_not_text(db, rows):
    """A raw SQL insert that spells the same instant another way still clashes."""
    ws, (d1, _), (m1, m2) = rows
    raw_insert(db, ws, d1, m1, T9, T9 + 2 * H)  # 08:00–10:00 UTC
    now = "2027-01-01 00:00:00"
    with pytest.raises(IntegrityError) as caught:
        db.session.execute(
            sa.text(
                "INSERT INTO bookings (uuid, desk_id, member_id, workspace_id, starts_at, ends_at, status, "
                "sequence, note, created_at, updated_at) VALUES (:uuid, :desk, :member, :ws, "
                "'2027-03-02T10:30:00+02:00', '2027-03-02T12:30:00+02:00', 'confirmed', 0, '', :now, :now)"
            ),
            {"uuid": uuid.uuid4().hex, "desk": d1.id, "member": m2.id, "ws": ws.id, "now": now},
        )
        db.session.commit()
    db.session.rollback()
    refused_by(caught, "bookings_desk_no_overlap", EXCLUSION)


def raw_text_insert(db, ws, desk, member, start: str | float, end: str):
    """Insert with instants spelled as a foreign client might (text, or even a number)."""
    now = "2027-01-01 00:00:00"
    db.session.execute(
        sa.text(
            "INSERT INTO bookings (uuid, desk_id, member_id, workspace_id, starts_at, ends_at, status, "
            "sequence, note, created_at, updated_at) VALUES (:uuid, :desk, :member, :ws, :start, :end, "
            "'confirmed', 0, '', :now, :now)"
        ),
        {
            "uuid": uuid.uuid4().hex,
            "desk": desk.id,
            "member": member.id,
            "ws": ws.id,
            "start": start,
            "end": end,
            "now": now,
        },
    )
    db.session.commit()


@pytest.mark.parametrize(
    ("existing", "new"),
    [
        # Existing row spelled with +10:00 (its text says 3 March; it is 22:00 UTC on 2 March).
        (("2027-03-03T08:00:00+10:00", "2027-03-03T10:00:00+10:00"), ("2027-03-02 22:30:00", "2027-03-02 23:30:00")),
        # Existing day-long row spelled with -04:00 (its text says 28 February; it runs from
        # 02:00 UTC on 1 March to 02:00 UTC on 2 March).
        (("2027-02-28T22:00:00-04:00", "2027-03-01T22:00:00-04:00"), ("2027-03-02 01:00:00", "2027-03-02 03:00:00")),
    ],
)
def test_guard_sees_a_clash_spelled_across_the_date_line(db, rows, existing, new):
    """The guards' bounded search (revision 0007) reads a range of calendar dates in the
    stored text, with margins wide enough for any offset: these clashes sit at its edges."""
    ws, (d1, _), (m1, m2) = rows
    raw_text_insert(db, ws, d1, m1, *existing)
    with pytest.raises(IntegrityError) as caught:
        raw_text_insert(db, ws, d1, m2, *new)
    db.session.rollback()
    assert "bookings_desk_no_overlap" in guard_name(caught.value)


def test_an_instant_stored_as_a_number_is_refused(db, rows):
    """SQLite would order a number before every text and the guards' date-range search would
    never see it (review of revision 0007): revision 0008 refuses it. PostgreSQL's timestamptz
    refuses it by type."""
    ws, (d1, _), (m1, m2) = rows
    raw_insert(db, ws, d1, m1, T9, T9 + 2 * H)
    with pytest.raises(sa.exc.DBAPIError) as caught:
        # 2 March 2027 09:00 UTC as a Julian day: it clashes with the first booking.
        raw_text_insert(db, ws, d1, m2, 2461466.875, "2027-03-02 11:00:00.000000")
    db.session.rollback()
    if db.engine.dialect.name == "sqlite":
        assert "bookings_instants_as_text" in guard_name(caught.value)
    assert db.session.query(Booking).count() == 1


def test_guard_migrations_downgrade_to_exactly_what_they_replaced(tmp_path):
    """0008 → 0007 → 0006 restores each revision's SQLite triggers byte for byte."""
    from flask_migrate import downgrade, upgrade

    from tests.support.app import make_app

    app = make_app(f"sqlite:///{tmp_path / 'guards.sqlite'}")
    triggers = sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    seen = {}
    with app.app_context():
        from coworking.extensions import db as database

        for revision in ("0006", "0007", "0008"):
            upgrade(revision=revision)
            with database.engine.connect() as conn:
                seen[revision] = conn.execute(triggers).all()
        for revision in ("0007", "0006"):
            downgrade(revision=revision)
            with database.engine.connect() as conn:
                assert conn.execute(triggers).all() == seen[revision]
    assert seen["0006"] != seen["0007"] != seen["0008"]


def test_a_confirmed_booking_is_at_most_a_day_long_whatever_inserts_it(db, rows):
    """The queries bound their reads by MAX_LENGTH (24 h); the database holds that bound too."""
    ws, (d1, d2), (m1, m2) = rows
    raw_insert(db, ws, d1, m1, T9, T9 + 24 * H)  # exactly a day: fine
    with pytest.raises(IntegrityError) as caught:
        raw_insert(db, ws, d2, m2, T9, T9 + 24 * H + timedelta(seconds=1))
    db.session.rollback()
    assert "bookings_at_most_a_day" in guard_name(caught.value)
    # Cancelled rows are not bounded (they never clash and no bounded read looks for them).
    raw_insert(db, ws, d2, m2, T9, T9 + 48 * H, status="cancelled")
    assert db.session.query(Booking).count() == 2


def test_reconfirming_a_cancelled_booking_over_a_new_one_is_refused(db, rows):
    ws, (d1, _), (m1, m2) = rows
    raw_insert(db, ws, d1, m1, T9, T9 + H, status="cancelled")
    raw_insert(db, ws, d1, m2, T9, T9 + H)
    with pytest.raises(IntegrityError) as caught:
        db.session.execute(sa.update(Booking.__table__).where(Booking.member_id == m1.id).values(status="confirmed"))
        db.session.commit()
    db.session.rollback()
    refused_by(caught, "bookings_desk_no_overlap", EXCLUSION)
    # Moving a booking onto a taken slot (half an hour into it) is refused too.
    raw_insert(db, ws, d1, m1, T9 + 2 * H, T9 + 3 * H)
    with pytest.raises(IntegrityError) as caught:
        db.session.execute(
            sa.update(Booking.__table__).where(Booking.starts_at == T9 + 2 * H).values(starts_at=T9 + H / 2)
        )
        db.session.commit()
    db.session.rollback()
    refused_by(caught, "bookings_desk_no_overlap", EXCLUSION)


def test_start_must_precede_end(db, rows):
    ws, (d1, _), (m1, _) = rows
    for start, end in ((T9, T9), (T9 + H, T9)):
        with pytest.raises(IntegrityError) as caught:
            raw_insert(db, ws, d1, m1, start, end)
        db.session.rollback()
        refused_by(caught, "ck_bookings_starts_before_ends", CHECK)
    assert db.session.query(Booking).count() == 0


def test_instants_come_back_as_aware_utc(db, rows):
    ws, (d1, _), (m1, _) = rows
    brussels_nine = datetime(2027, 7, 1, 9, tzinfo=ws.tz)
    raw_insert(db, ws, d1, m1, brussels_nine, brussels_nine + H)
    db.session.expire_all()
    row = db.session.query(Booking).one()
    assert row.starts_at == datetime(2027, 7, 1, 7, tzinfo=UTC)
    assert row.starts_at.tzinfo is UTC or row.starts_at.utcoffset() == timedelta(0)
    with pytest.raises(sa.exc.StatementError):
        raw_insert(db, ws, d1, m1, datetime(2027, 7, 2, 9), datetime(2027, 7, 2, 10))  # naive: refused
    db.session.rollback()


def test_instants_read_back_whatever_text_spelled_them(db, rows):
    """SQLite reads its own fixed-width text on a fast path and any other spelling (a raw
    INSERT with an offset, without microseconds) on the general one: the same instants."""
    ws, (d1, d2), (m1, m2) = rows
    raw_insert(db, ws, d1, m1, T9, T9 + H)  # the app's own form
    raw_text_insert(db, ws, d2, m2, "2027-03-02T12:30:00+02:00", "2027-03-02T13:00:00")
    db.session.expire_all()
    got = {(b.desk_id, b.starts_at, b.ends_at) for b in db.session.query(Booking)}
    assert got == {
        (d1.id, T9, T9 + H),
        (d2.id, datetime(2027, 3, 2, 10, 30, tzinfo=UTC), datetime(2027, 3, 2, 13, tzinfo=UTC)),
    }
    assert all(b.starts_at.utcoffset() == timedelta(0) for b in db.session.query(Booking))


def test_dates_and_desk_codes_are_checked(db, rows):
    from coworking.workspaces.models import Closure, Desk

    ws, (d1, _), _ = rows
    db.session.add(
        Closure(
            workspace_id=ws.id,
            start_date=date(2027, 1, 2),
            end_date=date(2027, 1, 1),
            reason="",
            created_at=datetime.now(UTC),
        )
    )
    with pytest.raises(IntegrityError) as caught:
        db.session.commit()
    db.session.rollback()
    refused_by(caught, "ck_closures_dates_ordered", CHECK)
    db.session.add(Desk(workspace_id=ws.id, code=d1.code, kind="hot_desk", in_service_from=date(2027, 1, 1)))
    with pytest.raises(IntegrityError) as caught:
        db.session.commit()
    db.session.rollback()
    refused_by(caught, "uq_desks_workspace_id_code", UNIQUE, "UNIQUE constraint failed: desks.workspace_id, desks.code")


def test_migrations_match_the_models(app):
    """`flask db check`: autogenerate finds nothing to add (the schema came from the migrations)."""
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_db_check_notices_a_model_without_migration(app):
    """The check above can fail: a table missing from the migrations is reported."""
    from coworking.extensions import db

    extra = sa.Table("not_migrated", db.metadata, sa.Column("id", sa.Integer, primary_key=True))
    try:
        result = app.test_cli_runner().invoke(args=["db", "check"])
    finally:
        db.metadata.remove(extra)
    assert result.exit_code != 0


def test_guards_exist_in_the_schema(db):
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        names = db.session.execute(
            sa.text("SELECT conname FROM pg_constraint WHERE contype = 'x' AND conrelid = 'bookings'::regclass")
        ).scalars()
        assert set(names) == {"bookings_desk_no_overlap", "bookings_member_no_overlap"}
    else:
        names = db.session.execute(
            sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'bookings'")
        ).scalars()
        assert set(names) == {
            "bookings_desk_no_overlap_insert",
            "bookings_desk_no_overlap_update",
            "bookings_member_no_overlap_insert",
            "bookings_member_no_overlap_update",
        }


def test_sqlite_runs_in_wal_mode_with_busy_timeout(tmp_path):
    from coworking.extensions import db
    from tests.support.app import make_app, migrate_to_head

    app = make_app(f"sqlite:///{tmp_path / 'wal.sqlite'}")
    migrate_to_head(app)
    with app.app_context():
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(sa.text("PRAGMA busy_timeout")).scalar() == 10_000
        db.session.remove()
        db.engine.dispose()


def test_audit_rows_can_be_neither_changed_nor_deleted(db, rows, make_user):
    """The audit trail is append-only on both databases: a raw UPDATE or DELETE is refused by
    the database itself (PostgreSQL: revision 0005's row trigger; SQLite: 0005's UPDATE trigger
    and 0010's DELETE trigger), and the row is still there afterwards."""
    from coworking.accounts import erasure
    from coworking.audit.models import AuditEvent

    admin = make_user(role="admin")
    _ws, _desks, (member, _) = rows
    erasure.erase_member(admin, member.id, datetime.now(UTC))
    db.session.commit()
    count = sa.select(sa.func.count()).select_from(AuditEvent)
    assert db.session.scalar(count) == 1
    for statement in ("DELETE FROM audit_events", "UPDATE audit_events SET action = 'nothing'"):
        verb = statement.split()[0]
        with pytest.raises(sa.exc.DBAPIError) as caught:
            db.session.execute(sa.text(statement))
        db.session.rollback()
        assert f"audit_events is append-only: {verb} refused" in str(caught.value.orig)
        if db.engine.dialect.name == "postgresql":
            assert caught.value.orig.sqlstate == "42501"  # insufficient_privilege
    assert db.session.scalar(count) == 1


def test_the_audit_delete_guard_migrates_up_and_down(tmp_path):
    """0009 → 0010 adds exactly SQLite's DELETE trigger on audit_events; downgrading removes it."""
    from flask_migrate import downgrade, upgrade

    from tests.support.app import make_app

    app = make_app(f"sqlite:///{tmp_path / 'audit.sqlite'}")
    triggers = sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")
    with app.app_context():
        from coworking.extensions import db as database

        def names():
            with database.engine.connect() as conn:
                return set(conn.execute(triggers).scalars())

        upgrade(revision="0009")
        assert names() == {"audit_events_append_only_update"}
        upgrade(revision="0010")
        assert names() == {"audit_events_append_only_update", "audit_events_append_only_delete"}
        downgrade(revision="0009")
        assert names() == {"audit_events_append_only_update"}
        database.engine.dispose()
