"""users.calendar_secret: the per-member random value behind calendar feed URLs

Existing users get a fresh random value each (never a shared one).

Revision ID: 0003
Revises: 0002
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    # NOT NULL with an empty default, then filled: SQLite adds such a column in place (no
    # table rebuild, which foreign keys from bookings would refuse).
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("calendar_secret", sa.String(length=64), nullable=False, server_default=""))
    users = sa.table("users", sa.column("id", sa.Integer), sa.column("calendar_secret", sa.String))
    bind = op.get_bind()
    for (user_id,) in bind.execute(sa.select(users.c.id)).all():
        bind.execute(users.update().where(users.c.id == user_id).values(calendar_secret=secrets.token_hex(32)))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("calendar_secret")
