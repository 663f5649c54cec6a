"""The waitlist: a member waiting for a desk in a workspace over a period, until one frees up.

An entry is ``waiting`` until it is served (``booked``, with the booking it got), the member
leaves it (``left``) or its period starts (``expired``); kept, never deleted. Its place in line
(``position``) is 1 + the number of waiting entries of the same workspace created earlier
whose period overlaps its own: those are served first when a desk frees up."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coworking.accounts.models import User
from coworking.bookings.models import Booking
from coworking.db import Base, UTCDateTime
from coworking.workspaces.models import Workspace

WAITING = "waiting"
BOOKED = "booked"
LEFT = "left"
EXPIRED = "expired"
ENTRY_STATUSES = (WAITING, BOOKED, LEFT, EXPIRED)


class WaitlistEntry(Base):
    __tablename__ = "waitlist_entries"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="starts_before_ends"),
        CheckConstraint("status IN ('waiting', 'booked', 'left', 'expired')", name="status_known"),
        Index("ix_waitlist_entries_line", "workspace_id", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True, default=uuid.uuid4)
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    desk_kind: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(16), default=WAITING)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("bookings.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    workspace: Mapped[Workspace] = relationship()
    member: Mapped[User] = relationship()
    booking: Mapped[Booking | None] = relationship()
