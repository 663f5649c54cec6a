"""Meeting-room guests: ``booking_guests`` (a member or an outside email per row, one row per
guest of a booking). A desk's ``capacity`` (0001) says how many people a room holds.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "booking_guests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(member_id IS NULL) <> (email IS NULL)", name=op.f("ck_booking_guests_member_or_email")),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["bookings.id"], name=op.f("fk_booking_guests_booking_id_bookings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["users.id"], name=op.f("fk_booking_guests_member_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_guests")),
        sa.UniqueConstraint("booking_id", "member_id", name=op.f("uq_booking_guests_booking_id_member_id")),
        sa.UniqueConstraint("booking_id", "email", name=op.f("uq_booking_guests_booking_id_email")),
    )
    op.create_index(op.f("ix_booking_guests_booking_id"), "booking_guests", ["booking_id"], unique=False)
    op.create_index(op.f("ix_booking_guests_member_id"), "booking_guests", ["member_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_booking_guests_member_id"), table_name="booking_guests")
    op.drop_index(op.f("ix_booking_guests_booking_id"), table_name="booking_guests")
    op.drop_table("booking_guests")
