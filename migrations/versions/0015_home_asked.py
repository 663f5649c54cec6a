"""Accounts: ``users.home_workspace_asked_at``, when the member was asked, right after a
login, where they usually work (their home workspace); NULL: not asked yet. A member without a
home workspace is asked once; existing members without one are asked at their next login.

Plain ``ADD COLUMN`` of a nullable column on both databases.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("home_workspace_asked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("home_workspace_asked_at")
