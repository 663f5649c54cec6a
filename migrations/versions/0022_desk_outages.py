"""A desk's outages: ``desk_outages`` (out of service from ``first_day`` to ``last_day``,
inclusive, with a reason), besides its one service period (0001). A new table on both
databases: SQLite needs no rebuild of ``desks``.

No two outages of one desk overlap, whatever code writes the rows (the service refuses first,
``outage_overlaps``; the database holds under races): on PostgreSQL the exclusion constraint
``desk_outages_no_overlap`` (``btree_gist``, created by 0001), on SQLite triggers raising
``ABORT`` with that name (dates are ISO text there, so text comparison orders them).

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

GUARD = "desk_outages_no_overlap"


def upgrade():
    op.create_table(
        "desk_outages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("first_day <= last_day", name=op.f("ck_desk_outages_days_ordered")),
        sa.ForeignKeyConstraint(
            ["desk_id"], ["desks.id"], name=op.f("fk_desk_outages_desk_id_desks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_desk_outages_created_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_outages")),
    )
    op.create_index(op.f("ix_desk_outages_desk_id"), "desk_outages", ["desk_id"], unique=False)
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(
            f"ALTER TABLE desk_outages ADD CONSTRAINT {GUARD} "
            "EXCLUDE USING gist (desk_id WITH =, daterange(first_day, last_day, '[]') WITH &&)"
        )
    elif dialect == "sqlite":
        clash = (
            f"SELECT RAISE(ABORT, '{GUARD}') WHERE EXISTS ("
            "SELECT 1 FROM desk_outages AS o WHERE o.desk_id = NEW.desk_id AND o.id IS NOT NEW.id "
            "AND o.first_day <= NEW.last_day AND NEW.first_day <= o.last_day);"
        )
        op.execute(f"CREATE TRIGGER {GUARD}_insert BEFORE INSERT ON desk_outages BEGIN {clash} END")
        op.execute(
            f"CREATE TRIGGER {GUARD}_update BEFORE UPDATE OF desk_id, first_day, last_day "
            f"ON desk_outages BEGIN {clash} END"
        )


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {GUARD}_insert")
        op.execute(f"DROP TRIGGER IF EXISTS {GUARD}_update")
    op.drop_index(op.f("ix_desk_outages_desk_id"), table_name="desk_outages")
    op.drop_table("desk_outages")
