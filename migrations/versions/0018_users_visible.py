"""Accounts: ``users.visible_to_members``, whether other members may see that this member is in
(their first name on the desk they booked, the "who's in" page) and find them by name, e.g. to
invite them to a meeting room. Off by default: nobody becomes visible by this change.

Plain ``ADD COLUMN`` with a server default on both databases.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("visible_to_members", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("visible_to_members")
