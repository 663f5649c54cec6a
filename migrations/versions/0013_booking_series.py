"""Series of bookings: ``booking_series`` (a member's bookings made together) and
``bookings.series_id``

The column is added with a plain ALTER TABLE … ADD COLUMN on both databases, never a batch
"move and copy": on SQLite that would rebuild ``bookings`` without its overlap triggers
(migrations 0007/0008). A nullable column whose default is NULL may carry its REFERENCES
clause in SQLite's ADD COLUMN.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "booking_series",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["users.id"], name=op.f("fk_booking_series_member_id_users")),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_booking_series_workspace_id_workspaces")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_booking_series_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_series")),
    )
    op.create_index(op.f("ix_booking_series_member_id"), "booking_series", ["member_id"])
    if op.get_bind().dialect.name == "sqlite":
        # Alembic refuses a constraint in SQLite's ADD COLUMN; SQLite itself accepts it.
        op.execute(
            "ALTER TABLE bookings ADD COLUMN series_id CHAR(32) "
            "CONSTRAINT fk_bookings_series_id_booking_series REFERENCES booking_series (id)"
        )
    else:
        op.add_column(
            "bookings",
            sa.Column(
                "series_id",
                sa.Uuid(),
                sa.ForeignKey("booking_series.id", name=op.f("fk_bookings_series_id_booking_series")),
                nullable=True,
            ),
        )
    op.create_index(op.f("ix_bookings_series_id"), "bookings", ["series_id"])


def downgrade():
    op.drop_index(op.f("ix_bookings_series_id"), table_name="bookings")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # SQLite cannot drop a column that a foreign key names: the table is rebuilt, which
        # loses its triggers, so they are read first and made again, exactly as they were.
        triggers = bind.execute(
            sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'bookings' ORDER BY name")
        ).scalars()
        triggers = list(triggers)
        with op.batch_alter_table("bookings", recreate="always") as batch_op:
            batch_op.drop_column("series_id")
        for sql in triggers:
            op.execute(sql)
    else:
        op.drop_column("bookings", "series_id")
    op.drop_index(op.f("ix_booking_series_member_id"), table_name="booking_series")
    op.drop_table("booking_series")
