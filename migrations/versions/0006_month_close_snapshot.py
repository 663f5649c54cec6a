"""month_closes.report_snapshot: a closed month's report figures, so reports read them

The monthly close stores, next to the frozen totals, the month's mergeable report figures
(per day, desk and member, heatmap, cancellations, lead times) as JSON. Reports over a period
read the snapshots of its closed months and compute only the rest from bookings. Nullable:
closes made before this revision have none and stay computed live.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("month_closes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("report_snapshot", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("month_closes", schema=None) as batch_op:
        batch_op.drop_column("report_snapshot")
