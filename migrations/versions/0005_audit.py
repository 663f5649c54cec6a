"""audit: the append-only audit trail (audit_events)

Autogenerate writes the table. Written by hand below, per dialect: the database refuses to
change audit rows. PostgreSQL: a row trigger raising on UPDATE and DELETE (TRUNCATE, used
only to empty test databases, is not a row operation). SQLite: a BEFORE UPDATE trigger
raising ABORT; DELETE stays possible there (the test suite empties tables with it).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from coworking.db import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GUARD = "audit_events_append_only"


def _create_guard():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION {GUARD}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END;
            $$
            """
        )
        op.execute(
            f"CREATE TRIGGER {GUARD} BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION {GUARD}()"
        )
    elif dialect == "sqlite":
        op.execute(
            f"CREATE TRIGGER {GUARD}_update BEFORE UPDATE ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END"
        )
    else:  # pragma: no cover
        raise RuntimeError(f"No append-only guard for {dialect}; use PostgreSQL or SQLite.")


def _drop_guard():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {GUARD} ON audit_events")
        op.execute(f"DROP FUNCTION IF EXISTS {GUARD}()")
    elif dialect == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {GUARD}_update")


def upgrade():
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_audit_events_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_audit_events_workspace_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_events_workspace_id_at", ["workspace_id", "at"], unique=False)
    _create_guard()


def downgrade():
    _drop_guard()
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_workspace_id_at")
        batch_op.drop_index(batch_op.f("ix_audit_events_at"))
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_action"))
    op.drop_table("audit_events")
