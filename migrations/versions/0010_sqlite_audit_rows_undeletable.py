"""SQLite: audit rows cannot be deleted either

Revision 0005 made ``audit_events`` append-only on PostgreSQL with one row trigger refusing
UPDATE and DELETE, but on SQLite it refused only UPDATE: "DELETE stays possible there (the test
suite empties tables with it)". So anyone with the SQLite file could make an audit row vanish
with a plain ``DELETE`` (issue 13). This revision adds the missing half on SQLite: a
``BEFORE DELETE`` trigger raising ``ABORT`` with the same words as the UPDATE one
(``audit_events is append-only: DELETE refused``). PostgreSQL already refuses both and is not
concerned. The test suite now empties the table the way an operator who really means it would:
it drops the trigger, deletes and puts the trigger back, in one transaction
(``tests/conftest.py``).

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

GUARD = "audit_events_append_only"


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"CREATE TRIGGER {GUARD}_delete BEFORE DELETE ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END"
        )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {GUARD}_delete")
