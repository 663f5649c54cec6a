"""budget: budget lines per workspace and year, actual costs, monthly closes, audit trail

Money is Numeric(12, 2); a close freezes its figures (desk-time in whole seconds) so later
changes to desks, hours or prices never move a closed month. budget_audit is append-only
(the app never updates or deletes its rows).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from coworking.db import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("rent", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("service_charges", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("staff", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("equipment", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("other", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("desk_fees", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("partner_contributions", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("subsidies", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("target_occupancy", sa.Numeric(precision=5, scale=4), server_default="0", nullable=False),
        sa.Column("planned_desks", sa.Integer(), server_default="0", nullable=False),
        sa.Column("desk_day_price", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("approved", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("approved = false OR approved_on IS NOT NULL", name=op.f("ck_budget_lines_approved_dated")),
        sa.CheckConstraint("planned_desks >= 0", name=op.f("ck_budget_lines_desks_positive")),
        sa.CheckConstraint(
            "target_occupancy >= 0 AND target_occupancy <= 1", name=op.f("ck_budget_lines_target_range")
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_budget_lines_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint("workspace_id", "year", name=op.f("uq_budget_lines_workspace_id_year")),
    )
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_lines_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "budget_actual_costs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "category IN ('rent', 'service_charges', 'staff', 'equipment', 'other')",
            name=op.f("ck_budget_actual_costs_category_known"),
        ),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_budget_actual_costs_month_range")),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_budget_actual_costs_updated_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_budget_actual_costs_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_actual_costs")),
        sa.UniqueConstraint(
            "workspace_id",
            "year",
            "month",
            "category",
            name=op.f("uq_budget_actual_costs_workspace_id_year_month_category"),
        ),
    )
    with op.batch_alter_table("budget_actual_costs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_actual_costs_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "budget_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_email", sa.String(length=254), nullable=False),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_budget_audit_user_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_budget_audit_workspace_id_workspaces"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_audit")),
    )
    with op.batch_alter_table("budget_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_audit_workspace_id"), ["workspace_id"], unique=False)

    op.create_table(
        "month_closes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("capacity_seconds", sa.BigInteger(), nullable=False),
        sa.Column("booked_seconds", sa.BigInteger(), nullable=False),
        sa.Column("open_seconds", sa.BigInteger(), nullable=False),
        sa.Column("occupancy", sa.Numeric(precision=9, scale=8), nullable=False),
        sa.Column("desk_days", sa.Numeric(precision=14, scale=6), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("visiting_members", sa.Integer(), nullable=False),
        sa.Column("cancellations", sa.Integer(), nullable=False),
        sa.Column("desk_day_price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("income", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("closed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("reopened_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("reopened_by_id", sa.Integer(), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("state IN ('closed', 'reopened')", name=op.f("ck_month_closes_state_known")),
        sa.CheckConstraint("booked_seconds <= capacity_seconds", name=op.f("ck_month_closes_booked_within_capacity")),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_month_closes_month_range")),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["users.id"], name=op.f("fk_month_closes_closed_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["reopened_by_id"], ["users.id"], name=op.f("fk_month_closes_reopened_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_month_closes_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_month_closes")),
        sa.UniqueConstraint("workspace_id", "year", "month", name=op.f("uq_month_closes_workspace_id_year_month")),
    )
    with op.batch_alter_table("month_closes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_month_closes_workspace_id"), ["workspace_id"], unique=False)


def downgrade():
    with op.batch_alter_table("month_closes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_month_closes_workspace_id"))

    op.drop_table("month_closes")
    with op.batch_alter_table("budget_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_audit_workspace_id"))

    op.drop_table("budget_audit")
    with op.batch_alter_table("budget_actual_costs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_actual_costs_workspace_id"))

    op.drop_table("budget_actual_costs")
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_lines_workspace_id"))

    op.drop_table("budget_lines")
