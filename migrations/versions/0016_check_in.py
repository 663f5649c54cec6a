"""Check-in and no-show release: ``bookings.checked_in_at`` and ``bookings.released_at``, the
status ``released``, and the workspace policy's ``check_in_required``,
``check_in_opens_minutes`` and ``check_in_grace_minutes``.

A released booking is kept (never deleted), like a cancelled one; the overlap guards look at
confirmed bookings only (PostgreSQL exclusion constraints ``WHERE status = 'confirmed'``,
SQLite triggers ``WHEN NEW.status = 'confirmed'``), so a released booking leaves them at once
and they stay exactly as they were.

The status CHECK changes. PostgreSQL drops and re-adds it. SQLite cannot alter a CHECK: the
table is rebuilt (batch "move and copy"), which drops its triggers, so the triggers of
``bookings`` are read from ``sqlite_master`` first and made again, exactly as they were, after
the rebuild (as 0013's downgrade does).

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

STATUS_CHECK = "ck_bookings_status_known"
WITH_RELEASED = "status IN ('confirmed', 'cancelled', 'released')"
WITHOUT_RELEASED = "status IN ('confirmed', 'cancelled')"
TRIGGERS = sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'bookings' ORDER BY name")


def _bookings(add_columns: bool, check: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        triggers = list(bind.execute(TRIGGERS).scalars())
        with op.batch_alter_table("bookings", recreate="always") as batch_op:
            if add_columns:
                batch_op.add_column(sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True))
                batch_op.add_column(sa.Column("released_at", sa.DateTime(timezone=True), nullable=True))
            else:
                batch_op.drop_column("released_at")
                batch_op.drop_column("checked_in_at")
            batch_op.drop_constraint(batch_op.f(STATUS_CHECK), type_="check")
            batch_op.create_check_constraint("status_known", check)
        for sql in triggers:
            op.execute(sql)
    else:
        if add_columns:
            op.add_column("bookings", sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True))
            op.add_column("bookings", sa.Column("released_at", sa.DateTime(timezone=True), nullable=True))
        else:
            op.drop_column("bookings", "released_at")
            op.drop_column("bookings", "checked_in_at")
        op.drop_constraint(op.f(STATUS_CHECK), "bookings", type_="check")
        op.create_check_constraint("status_known", "bookings", check)


def upgrade():
    op.add_column("workspaces", sa.Column("check_in_required", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("workspaces", sa.Column("check_in_opens_minutes", sa.Integer(), nullable=False, server_default="15"))
    op.add_column("workspaces", sa.Column("check_in_grace_minutes", sa.Integer(), nullable=False, server_default="30"))
    _bookings(add_columns=True, check=WITH_RELEASED)


def downgrade():
    # Released bookings become cancelled ones (the closest status the old schema knows).
    op.execute("UPDATE bookings SET status = 'cancelled' WHERE status = 'released'")
    _bookings(add_columns=False, check=WITHOUT_RELEASED)
    with op.batch_alter_table("workspaces") as batch_op:
        batch_op.drop_column("check_in_grace_minutes")
        batch_op.drop_column("check_in_opens_minutes")
        batch_op.drop_column("check_in_required")
