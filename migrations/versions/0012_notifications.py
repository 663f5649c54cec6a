"""Booking notifications: ``notification_preferences`` (one row per member who changed the
defaults) and ``workspaces.mail_from`` (a workspace's own mailbox for its booking mails)

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("confirmations", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("cancellations", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("reminders", sa.String(length=20), nullable=False, server_default="day_before"),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_preferences")),
        sa.CheckConstraint(
            "reminders IN ('day_before', 'same_morning', 'none')", name=op.f("ck_notification_preferences_reminders")
        ),
    )
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mail_from", sa.String(length=320), nullable=True))


def downgrade():
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column("mail_from")
    op.drop_table("notification_preferences")
