"""Workspaces, their opening hours, closures and desks."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from coworking.accounts.models import workspace_managers
from coworking.db import Base, UTCDateTime
from coworking.workspaces.rules import DESK_KINDS, BookingPolicy, Schedule, Window, in_service

if TYPE_CHECKING:
    from coworking.accounts.models import User


class Workspace(Base):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    address: Mapped[str] = mapped_column(String(300), default="")
    timezone: Mapped[str] = mapped_column(String(64))  # IANA name
    currency: Mapped[str] = mapped_column(String(3))  # ISO 4217
    default_language: Mapped[str] = mapped_column(String(8), default="en")
    # The workspace's own mailbox (a bare address): the sender and ORGANIZER of its booking
    # mails; None means the configured MAIL_FROM.
    mail_from: Mapped[str | None] = mapped_column(String(320), nullable=True)
    price_per_desk_day: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    # Booking policy (see BookingPolicy for meaning and limits)
    slot_minutes: Mapped[int] = mapped_column(Integer, default=30)
    min_notice_minutes: Mapped[int] = mapped_column(Integer, default=0)
    max_advance_days: Mapped[int] = mapped_column(Integer, default=60)
    max_length_minutes: Mapped[int] = mapped_column(Integer, default=600)
    max_active_bookings: Mapped[int] = mapped_column(Integer, default=10)
    cancel_cutoff_minutes: Mapped[int] = mapped_column(Integer, default=60)
    check_in_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    check_in_opens_minutes: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    check_in_grace_minutes: Mapped[int] = mapped_column(Integer, default=30, server_default="30")

    opening_hours: Mapped[list[OpeningHours]] = relationship(
        back_populates="workspace",
        cascade="all, delete-orphan",
        order_by="(OpeningHours.weekday, OpeningHours.opens_at)",
    )
    closures: Mapped[list[Closure]] = relationship(
        back_populates="workspace", cascade="all, delete-orphan", order_by="Closure.start_date"
    )
    desks: Mapped[list[Desk]] = relationship(back_populates="workspace", order_by="Desk.code")
    managers: Mapped[list[User]] = relationship(secondary=workspace_managers, back_populates="managed_workspaces")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def policy(self) -> BookingPolicy:
        return BookingPolicy(**{name: getattr(self, name) for name in BookingPolicy.FIELDS})

    def apply_policy(self, policy: BookingPolicy) -> None:
        for name in BookingPolicy.FIELDS:
            setattr(self, name, getattr(policy, name))

    def schedule(self, closures: list[Closure] | None = None) -> Schedule:
        closures = self.closures if closures is None else closures
        return Schedule(
            tz=self.tz,
            windows=tuple(Window(h.weekday, h.opens_at, h.closes_at) for h in self.opening_hours),
            closures=tuple((c.start_date, c.end_date) for c in closures),
        )


class OpeningHours(Base):
    __tablename__ = "opening_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("opens_at < closes_at", name="opens_before_closes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)

    workspace: Mapped[Workspace] = relationship(back_populates="opening_hours")


class Closure(Base):
    __tablename__ = "closures"
    __table_args__ = (CheckConstraint("start_date <= end_date", name="dates_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)  # inclusive
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    workspace: Mapped[Workspace] = relationship(back_populates="closures")


class Desk(Base):
    __tablename__ = "desks"
    __table_args__ = (
        UniqueConstraint("workspace_id", "code"),
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in DESK_KINDS) + ")",
            name="kind_known",
        ),
        CheckConstraint(
            "in_service_until IS NULL OR in_service_from <= in_service_until",
            name="service_dates_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(20), default="hot_desk")
    zone: Mapped[str] = mapped_column(String(100), default="")
    amenities: Mapped[list] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    in_service_from: Mapped[date] = mapped_column(Date)
    in_service_until: Mapped[date | None] = mapped_column(Date)  # inclusive; None = open-ended
    notes: Mapped[str] = mapped_column(Text, default="")
    # Where the desk is on a floor's plan: relative to the plan's width and height (0–1, from
    # the top left), so a replaced image of the same floor keeps the places. None: not placed.
    floor_id: Mapped[int | None] = mapped_column(ForeignKey("floors.id"))
    plan_x: Mapped[float | None] = mapped_column(Float)
    plan_y: Mapped[float | None] = mapped_column(Float)

    workspace: Mapped[Workspace] = relationship(back_populates="desks")
    # Repair windows: loaded on first use (one statement for this desk); a read of many desks
    # loads them with ``selectinload(Desk.outages)`` or reads them as columns.
    outages: Mapped[list[DeskOutage]] = relationship(
        back_populates="desk", cascade="all, delete-orphan", passive_deletes=True, order_by="DeskOutage.first_day"
    )

    @property
    def outage_spans(self) -> list[tuple[date, date]]:
        return [(o.first_day, o.last_day) for o in self.outages]

    def in_service_on(self, day: date) -> bool:
        return in_service(day, self.in_service_from, self.in_service_until, self.outage_spans)

    def outage_on(self, day: date) -> DeskOutage | None:
        return next((o for o in self.outages if o.first_day <= day <= o.last_day), None)


class DeskOutage(Base):
    """A desk out of service from ``first_day`` to ``last_day`` (inclusive local dates), for a
    reason (repairs…), inside its service period or not. Days before today never change."""

    __tablename__ = "desk_outages"
    __table_args__ = (CheckConstraint("first_day <= last_day", name="days_ordered"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desks.id", ondelete="CASCADE"), index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)  # inclusive
    reason: Mapped[str] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    desk: Mapped[Desk] = relationship(back_populates="outages")


class Floor(Base):
    """A floor of a workspace and its plan: an uploaded image (sanitised SVG, PNG or JPEG) kept
    in the database so every app instance serves the same one. ``plan`` is loaded only when
    asked for (deferred): listing floors never reads the images."""

    __tablename__ = "floors"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    plan: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    plan_type: Mapped[str | None] = mapped_column(String(32))  # image/svg+xml, image/png, image/jpeg
    plan_sha256: Mapped[str | None] = mapped_column(String(64))  # the plan's ETag
    plan_width: Mapped[int | None] = mapped_column(Integer)  # intrinsic size, for the aspect ratio
    plan_height: Mapped[int | None] = mapped_column(Integer)
    plan_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
