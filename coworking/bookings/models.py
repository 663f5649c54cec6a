"""Bookings: state, transitions and who may see or change one."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, ColumnElement, ForeignKey, Index, Integer, String, Text, Uuid, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coworking import errors
from coworking.accounts import permissions
from coworking.accounts.models import User
from coworking.bookings import checkin_rules, rules
from coworking.bookings.guest_models import BookingGuest
from coworking.db import Base, UTCDateTime
from coworking.workspaces.models import Desk, Workspace
from coworking.workspaces.rules import BookingPolicy

CONFIRMED = "confirmed"
CANCELLED = "cancelled"
# Not checked in by the end of its grace (a check-in-required workspace): kept, never deleted;
# its time is free for others from then (``released_at``). See ``bookings.checkin``.
RELEASED = "released"
STATUSES = (CONFIRMED, CANCELLED, RELEASED)

# Names shared with the migration that creates the database guards against overlaps
# (PostgreSQL exclusion constraints, SQLite triggers) and with the error mapping.
DESK_OVERLAP_GUARD = "bookings_desk_no_overlap"
MEMBER_OVERLAP_GUARD = "bookings_member_no_overlap"

# No booking lasts longer than this: every workspace's max_length_minutes is bounded by it
# (BookingPolicy.LIMITS), and the booking rules refuse anything longer (too_long).
MAX_LENGTH = timedelta(minutes=BookingPolicy.LIMITS["max_length_minutes"][1])


class BookingSeries(Base):
    """A member's bookings made together (several dates, or a weekly repeat). Each occurrence
    is an ordinary booking that names its series; the series itself holds no times."""

    __tablename__ = "booking_series"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    workspace: Mapped[Workspace] = relationship()
    member: Mapped[User] = relationship(foreign_keys=[member_id])

    def can_view(self, user: User) -> bool:
        """As for a booking: its member, the workspace's managers and admins."""
        return user.id == self.member_id or permissions.manages(user, self.workspace_id)


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="starts_before_ends"),
        CheckConstraint("status IN ('confirmed', 'cancelled', 'released')", name="status_known"),
        Index("ix_bookings_desk_span", "desk_id", "starts_at", "ends_at"),
        Index("ix_bookings_member_span", "member_id", "starts_at", "ends_at"),
        Index("ix_bookings_workspace_span", "workspace_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    desk_id: Mapped[int] = mapped_column(ForeignKey("desks.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default=CONFIRMED)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    series_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("booking_series.id"), index=True)
    # When its member checked in (recorded whether or not the workspace requires it).
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When its time became free: the end of the check-in grace it missed (status released).
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    desk: Mapped[Desk] = relationship()
    workspace: Mapped[Workspace] = relationship()
    member: Mapped[User] = relationship(foreign_keys=[member_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    cancelled_by: Mapped[User | None] = relationship(foreign_keys=[cancelled_by_id])
    # A meeting room's guests (bookings.guests changes them); read only where shown.
    guests: Mapped[list[BookingGuest]] = relationship(
        order_by=BookingGuest.id, cascade="all, delete-orphan", passive_deletes=True
    )

    def can_view(self, user: User) -> bool:
        """Its member, the workspace's managers and admins, and the members it invites as
        guests; nobody else may know it exists."""
        return user.id == self.member_id or permissions.manages(user, self.workspace_id) or self.is_guest(user)

    def is_guest(self, user: User) -> bool:
        """Whether ``user`` is one of its guests (a member invited to the meeting room)."""
        return any(guest.member_id == user.id for guest in self.guests)

    def cancelled_by_manager(self, user: User) -> bool:
        """Whether ``user`` would cancel it as a manager (someone else's booking in a workspace
        they manage): until the start. Their own bookings follow the member rule."""
        return user.id != self.member_id and permissions.manages(user, self.workspace_id)

    def check_can_cancel(self, user: User, now: datetime) -> None:
        """Raise NotFound or CancellationClosed unless ``user`` may cancel it ``now``: the one
        permission check behind the web pages and the API (``bookings.rules`` decides when)."""
        by_manager = self.cancelled_by_manager(user)
        if user.id != self.member_id and not by_manager:
            raise errors.NotFound("There is no such booking.")
        rules.check_cancellation(
            self.starts_at,
            now,
            self.workspace.policy,
            by_manager=by_manager,
            created_at=self.created_at,
            end=self.ends_at,
        )

    def can_cancel(self, user: User, now: datetime) -> bool:
        """Whether ``user`` may cancel it ``now`` (pages offer the button only then)."""
        if self.status != CONFIRMED:
            return False
        try:
            self.check_can_cancel(user, now)
        except errors.DomainError:
            return False
        return True

    def can_check_in(self, user: User, now: datetime) -> bool:
        """Whether ``user`` may check in ``now``: their own confirmed booking, not checked in
        yet, its check-in window open (pages offer the button only then)."""
        return (
            user.id == self.member_id
            and self.status == CONFIRMED
            and self.checked_in_at is None
            and checkin_rules.window_open(self.starts_at, self.ends_at, now, self.workspace.policy)
        )

    def check_in_opens_at(self) -> datetime | None:
        """When check-in opens, for a workspace that requires it (None otherwise)."""
        policy = self.workspace.policy
        return checkin_rules.opens_at(self.starts_at, policy) if policy.check_in_required else None

    def cancellation_deadline(self) -> datetime:
        """Until when its member may cancel: the cut-off, or the undo window when later."""
        return rules.cancellation_deadline(self.starts_at, self.workspace.policy, self.created_at)

    def cancel(self, by: User, now: datetime, reason: str | None = None) -> bool:
        """Mark cancelled (kept, never deleted). Returns False if it already was: cancelling
        twice is harmless and changes nothing, not even the sequence."""
        if self.status != CONFIRMED:
            return False
        self.status = CANCELLED
        self.cancelled_at = now
        self.cancelled_by_id = by.id
        self.cancel_reason = reason
        self.sequence += 1  # iCalendar: every change bumps SEQUENCE
        self.updated_at = now
        return True

    @classmethod
    def overlapping(cls, start: datetime, end: datetime) -> ColumnElement[bool]:
        """Bookings that overlap [start, end). The extra lower bound on ``starts_at`` (no
        booking is longer than MAX_LENGTH) lets the (…, starts_at) indexes read only the rows
        near the period instead of every earlier booking, so the cost does not grow with the
        years of history."""
        return and_(cls.starts_at < end, cls.ends_at > start, cls.starts_at > start - MAX_LENGTH)

    @classmethod
    def confirmed_at(cls, workspace_id: int, start: datetime, end: datetime) -> ColumnElement[bool]:
        """A workspace's confirmed bookings overlapping [start, end): what a day's grid, the
        manager's today and a closure all look at."""
        return and_(cls.workspace_id == workspace_id, cls.status == CONFIRMED, cls.overlapping(start, end))

    @classmethod
    def ends_after(cls, instant: datetime) -> ColumnElement[bool]:
        """Bookings not over at ``instant`` (running or later), bounded below like ``overlapping``."""
        return and_(cls.ends_at > instant, cls.starts_at > instant - MAX_LENGTH)
