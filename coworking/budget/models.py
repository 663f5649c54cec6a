"""Budget lines, actual costs, monthly closes and the budget audit trail.

Money is ``Numeric(12, 2)`` (``Decimal`` in Python) everywhere; figures frozen by a close are
whole seconds (exact) and decimals. A closed month is read from ``month_closes``, never
recomputed, so later changes to desks, opening hours or prices cannot move it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coworking.budget.rules import COST_CATEGORIES, INCOME_CATEGORIES
from coworking.db import Base, UTCDateTime
from coworking.workspaces.models import Workspace

MONEY = Numeric(12, 2)
ZERO = Decimal("0.00")


def _money_column() -> Mapped[Decimal]:
    return mapped_column(MONEY, default=ZERO, server_default="0")


class BudgetLine(Base):
    """A workspace's budget for one calendar year, in the workspace's currency."""

    __tablename__ = "budget_lines"
    __table_args__ = (
        UniqueConstraint("workspace_id", "year"),
        CheckConstraint("target_occupancy >= 0 AND target_occupancy <= 1", name="target_range"),
        CheckConstraint("planned_desks >= 0", name="desks_positive"),
        CheckConstraint("approved = false OR approved_on IS NOT NULL", name="approved_dated"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    # Planned costs per year
    rent: Mapped[Decimal] = _money_column()
    service_charges: Mapped[Decimal] = _money_column()
    staff: Mapped[Decimal] = _money_column()
    equipment: Mapped[Decimal] = _money_column()
    other: Mapped[Decimal] = _money_column()
    # Planned income per year
    desk_fees: Mapped[Decimal] = _money_column()
    partner_contributions: Mapped[Decimal] = _money_column()
    subsidies: Mapped[Decimal] = _money_column()
    target_occupancy: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal("0"), server_default="0")
    planned_desks: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    desk_day_price: Mapped[Decimal] = _money_column()
    approved: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    approved_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    workspace: Mapped[Workspace] = relationship()

    def planned(self, category: str) -> Decimal:
        return getattr(self, category)

    def plan_values(self) -> dict:
        """The plan as plain values (for the audit trail's before/after)."""
        out = {c: str(getattr(self, c)) for c in (*COST_CATEGORIES, *INCOME_CATEGORIES)}
        out.update(
            target_occupancy=str(self.target_occupancy),
            planned_desks=self.planned_desks,
            desk_day_price=str(self.desk_day_price),
            approved=self.approved,
            approved_on=self.approved_on.isoformat() if self.approved_on else None,
        )
        return out


class ActualCost(Base):
    """What a month actually cost, per category (entered, or imported from the accounting export)."""

    __tablename__ = "budget_actual_costs"
    __table_args__ = (
        UniqueConstraint("workspace_id", "year", "month", "category"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        CheckConstraint(
            "category IN (" + ", ".join(f"'{c}'" for c in COST_CATEGORIES) + ")",
            name="category_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(32))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


CLOSED = "closed"
REOPENED = "reopened"


class MonthClose(Base):
    """A workspace's month, closed: its figures frozen as they were at the close.

    One row per workspace and month. Reopening keeps the row (state ``reopened``, figures no
    longer used); closing again writes fresh figures into it. The audit trail keeps each step.
    """

    __tablename__ = "month_closes"
    __table_args__ = (
        UniqueConstraint("workspace_id", "year", "month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        CheckConstraint(f"state IN ('{CLOSED}', '{REOPENED}')", name="state_known"),
        CheckConstraint("booked_seconds <= capacity_seconds", name="booked_within_capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default=CLOSED)
    # Frozen figures (docs/figures.md): desk-time in whole seconds, so hours are exact.
    capacity_seconds: Mapped[int] = mapped_column(BigInteger)
    booked_seconds: Mapped[int] = mapped_column(BigInteger)
    open_seconds: Mapped[int] = mapped_column(BigInteger)  # opening time of one desk: capacity ÷ desks
    occupancy: Mapped[Decimal] = mapped_column(Numeric(9, 8))  # booked ÷ capacity, 8 decimals
    desk_days: Mapped[Decimal] = mapped_column(Numeric(14, 6))  # exact fraction, 6 decimals
    members: Mapped[int] = mapped_column(Integer)
    visiting_members: Mapped[int] = mapped_column(Integer)
    cancellations: Mapped[int] = mapped_column(Integer)
    desk_day_price: Mapped[Decimal] = mapped_column(MONEY)  # the workspace's price at the close
    income: Mapped[Decimal] = mapped_column(MONEY)  # desk-days × price
    currency: Mapped[str] = mapped_column(String(3))
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reopen_reason: Mapped[str | None] = mapped_column(Text)
    # The month's report figures as ``reports.figures.snapshots.snapshot`` makes them: reports read a closed
    # month from here. None for closes made before it existed (computed live) and once reopened.
    report_snapshot: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))

    workspace: Mapped[Workspace] = relationship()


class BudgetAudit(Base):
    """Append-only: plan changes after approval, approvals, closes and reopens."""

    __tablename__ = "budget_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int | None] = mapped_column(ForeignKey("workspaces.id", ondelete="SET NULL"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))  # plan_changed, approved, month_closed, month_reopened, costs
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user_email: Mapped[str] = mapped_column(String(254), default="")  # kept if the user goes
    at: Mapped[datetime] = mapped_column(UTCDateTime())
