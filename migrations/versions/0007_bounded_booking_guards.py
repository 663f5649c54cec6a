"""bookings: at most a day long (confirmed), and SQLite overlap guards that read a bounded range

Every query that looks for bookings overlapping a period bounds ``starts_at`` from below by the
longest booking (``coworking.bookings.models.MAX_LENGTH``, 24 hours, the policy's hard limit),
so the ``(…, starts_at)`` indexes read only the rows near the period. This revision makes the
database itself hold that bound for confirmed bookings, whatever code inserts them:

- PostgreSQL: a CHECK constraint ``bookings_at_most_a_day``.
- SQLite: the overlap triggers (revision 0001) refuse a confirmed row longer than a day
  (``RAISE(ABORT, 'bookings_at_most_a_day')``), and their clash search gains a text range on
  ``starts_at`` that the ``(desk_id|member_id, starts_at…)`` indexes can read: the search no
  longer grows with the desk's or member's whole history (it read every booking of the desk,
  computing julianday() on each). The range is on calendar dates with a day's margin either
  side, so any text spelling of an instant (with or without an offset) stays inside it; the
  exact julianday() comparison still decides.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

GUARDS = {"bookings_desk_no_overlap": "desk_id", "bookings_member_no_overlap": "member_id"}
LENGTH_GUARD = "bookings_at_most_a_day"
# julianday() differences are floating point: exactly 24 hours may come out a hair above 1.0.
DAY_AND_A_HALF_SECOND = 1 + 0.5 / 86400


def _triggers(bounded: bool) -> None:
    for name, column in GUARDS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}_insert")
        op.execute(f"DROP TRIGGER IF EXISTS {name}_update")
        too_long = (
            f"SELECT RAISE(ABORT, '{LENGTH_GUARD}') "
            f"WHERE julianday(NEW.ends_at) - julianday(NEW.starts_at) > {DAY_AND_A_HALF_SECOND};"
            if bounded
            else ""
        )
        window = (
            "AND b.starts_at >= date(NEW.starts_at, '-2 day') AND b.starts_at < date(NEW.ends_at, '+2 day') "
            if bounded
            else ""
        )
        clash = (
            f"{too_long}"
            f"SELECT RAISE(ABORT, '{name}') WHERE EXISTS ("
            f"SELECT 1 FROM bookings AS b WHERE b.{column} = NEW.{column} "
            f"{window}"
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
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(
            f"ALTER TABLE bookings ADD CONSTRAINT {LENGTH_GUARD} "
            "CHECK (status <> 'confirmed' OR ends_at - starts_at <= interval '24 hours')"
        )
    elif dialect == "sqlite":
        _triggers(bounded=True)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"ALTER TABLE bookings DROP CONSTRAINT IF EXISTS {LENGTH_GUARD}")
    elif dialect == "sqlite":
        _triggers(bounded=False)
