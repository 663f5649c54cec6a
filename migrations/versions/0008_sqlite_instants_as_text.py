"""SQLite: a confirmed booking's instants must be text

Revision 0007's overlap triggers find candidate clashes by comparing the stored ``starts_at``
text with a range of dates. SQLite orders every number before every text, so a row whose
instant a raw client stored as a number (a Julian day, say) would fall outside that range and
never be compared (found in review). The app always writes text; these triggers now refuse a
confirmed row whose ``starts_at`` or ``ends_at`` is anything else
(``RAISE(ABORT, 'bookings_instants_as_text')``), so the range search sees every row it must.
PostgreSQL stores ``timestamptz`` and is not concerned.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

GUARDS = {"bookings_desk_no_overlap": "desk_id", "bookings_member_no_overlap": "member_id"}
LENGTH_GUARD = "bookings_at_most_a_day"
TEXT_GUARD = "bookings_instants_as_text"
# julianday() differences are floating point: exactly 24 hours may come out a hair above 1.0.
DAY_AND_A_HALF_SECOND = 1 + 0.5 / 86400


def _triggers(text_only: bool) -> None:
    for name, column in GUARDS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}_insert")
        op.execute(f"DROP TRIGGER IF EXISTS {name}_update")
        as_text = (
            f"SELECT RAISE(ABORT, '{TEXT_GUARD}') "
            "WHERE typeof(NEW.starts_at) <> 'text' OR typeof(NEW.ends_at) <> 'text';"
            if text_only
            else ""
        )
        clash = (
            f"{as_text}"
            f"SELECT RAISE(ABORT, '{LENGTH_GUARD}') "
            f"WHERE julianday(NEW.ends_at) - julianday(NEW.starts_at) > {DAY_AND_A_HALF_SECOND};"
            f"SELECT RAISE(ABORT, '{name}') WHERE EXISTS ("
            f"SELECT 1 FROM bookings AS b WHERE b.{column} = NEW.{column} "
            "AND b.starts_at >= date(NEW.starts_at, '-2 day') AND b.starts_at < date(NEW.ends_at, '+2 day') "
            f"AND b.status = 'confirmed' AND b.id IS NOT NEW.id "
            f"AND julianday(b.starts_at) < julianday(NEW.ends_at) "
            f"AND julianday(NEW.starts_at) < julianday(b.ends_at));"
        )
        op.execute(
            f"CREATE TRIGGER {name}_insert BEFORE INSERT ON bookings WHEN NEW.status = 'confirmed' BEGIN {clash} END"
        )
        op.execute(
            f"CREATE TRIGGER {name}_update BEFORE UPDATE OF {column}, starts_at, ends_at, status "
            f"ON bookings WHEN NEW.status = 'confirmed' BEGIN {clash} END"
        )


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        _triggers(text_only=True)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        _triggers(text_only=False)
