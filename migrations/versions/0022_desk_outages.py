"""A desk's outages: ``desk_outages`` (out of service from ``first_day`` to ``last_day``,
inclusive, with a reason), besides its one service period (0001). A new table on both
databases: SQLite needs no rebuild of ``desks``.

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


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


def downgrade():
    op.drop_index(op.f("ix_desk_outages_desk_id"), table_name="desk_outages")
    op.drop_table("desk_outages")
