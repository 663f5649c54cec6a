"""Guests of a meeting-room booking: members (who then see the booking and get it in their
feed) or outside people known by their email address."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coworking.db import Base, UTCDateTime

if TYPE_CHECKING:
    from coworking.accounts.models import User


class BookingGuest(Base):
    """One guest of one booking: ``member_id`` for a member, ``email`` for anyone else (never
    both). Removing a guest deletes the row (the audit trail keeps that it happened); an
    erasure deletes the rows naming the erased member."""

    __tablename__ = "booking_guests"
    __table_args__ = (
        CheckConstraint("(member_id IS NULL) <> (email IS NULL)", name="member_or_email"),
        UniqueConstraint("booking_id", "member_id"),
        UniqueConstraint("booking_id", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str | None] = mapped_column(String(254))  # normalised (accounts.rules.normalize_email)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())

    member: Mapped[User | None] = relationship("User", lazy="joined")  # shown with the guest
