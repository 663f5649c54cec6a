"""Waitlist: ``waitlist_entries`` (a member waiting for a desk over a period, until one frees up)

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "waitlist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("desk_kind", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_waitlist_entries_starts_before_ends")),
        sa.CheckConstraint(
            "status IN ('waiting', 'booked', 'left', 'expired')", name=op.f("ck_waitlist_entries_status_known")
        ),
        sa.ForeignKeyConstraint(["member_id"], ["users.id"], name=op.f("fk_waitlist_entries_member_id_users")),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_waitlist_entries_workspace_id_workspaces")
        ),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"], name=op.f("fk_waitlist_entries_booking_id_bookings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entries")),
        sa.UniqueConstraint("uuid", name=op.f("uq_waitlist_entries_uuid")),
    )
    op.create_index(op.f("ix_waitlist_entries_member_id"), "waitlist_entries", ["member_id"])
    op.create_index("ix_waitlist_entries_line", "waitlist_entries", ["workspace_id", "status", "starts_at"])


def downgrade():
    op.drop_index("ix_waitlist_entries_line", table_name="waitlist_entries")
    op.drop_index(op.f("ix_waitlist_entries_member_id"), table_name="waitlist_entries")
    op.drop_table("waitlist_entries")
