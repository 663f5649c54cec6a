"""Workspaces: ``floors`` (a workspace's floors, each with its plan image) and a desk's place on
one: ``desks.floor_id`` (a floor is removed only once no desk is on it: the service takes
its desks off first), ``desks.plan_x`` and ``desks.plan_y`` (relative to the plan, 0–1, so a
replaced image of the same floor keeps them). The image is kept in the database (``plan``),
not on a host's disk: every app instance serves the same plan.

``desks`` gets plain ``ADD COLUMN``s on both databases (no table rebuild on SQLite: bookings
refer to desks).

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "floors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("plan", sa.LargeBinary(), nullable=True),
        sa.Column("plan_type", sa.String(length=32), nullable=True),
        sa.Column("plan_sha256", sa.String(length=64), nullable=True),
        sa.Column("plan_width", sa.Integer(), nullable=True),
        sa.Column("plan_height", sa.Integer(), nullable=True),
        sa.Column("plan_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_floors_workspace_id_workspaces"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_floors")),
        sa.UniqueConstraint("workspace_id", "name", name=op.f("uq_floors_workspace_id_name")),
    )
    op.create_index(op.f("ix_floors_workspace_id"), "floors", ["workspace_id"])
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its reference in one ALTER; Alembic would add the foreign
        # key separately, which SQLite cannot (and a batch rebuild of desks is what we avoid).
        op.execute(
            "ALTER TABLE desks ADD COLUMN floor_id INTEGER CONSTRAINT fk_desks_floor_id_floors REFERENCES floors (id)"
        )
    else:
        op.add_column("desks", sa.Column("floor_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_desks_floor_id_floors"), "desks", "floors", ["floor_id"], ["id"])
    op.add_column("desks", sa.Column("plan_x", sa.Float(), nullable=True))
    op.add_column("desks", sa.Column("plan_y", sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table("desks", schema=None) as batch_op:
        batch_op.drop_column("plan_y")
        batch_op.drop_column("plan_x")
        batch_op.drop_column("floor_id")
    op.drop_index(op.f("ix_floors_workspace_id"), table_name="floors")
    op.drop_table("floors")
