"""Favourite desks: ``favourite_desks`` (a member's starred desks)

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "favourite_desks",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_favourite_desks_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["desk_id"], ["desks.id"], name=op.f("fk_favourite_desks_desk_id_desks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "desk_id", name=op.f("pk_favourite_desks")),
    )


def downgrade():
    op.drop_table("favourite_desks")
