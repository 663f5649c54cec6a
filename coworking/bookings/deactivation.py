"""A deactivated member's upcoming bookings are cancelled: their desks free for others (the
waitlist is served at the commit), and the member is mailed as for any cancellation by a
manager; they leave every waitlist they were in (the others move up). Bookings already
started or over stay as they are, for the figures.

Accounts announces a deactivation with ``accounts.hooks.member_deactivated``; ``connect``
(called by ``create_app``) subscribes ``cancel_upcoming`` to it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select, update

from coworking.accounts import hooks
from coworking.accounts.models import User
from coworking.bookings.models import CONFIRMED, Booking
from coworking.bookings.services import record_cancellation
from coworking.bookings.signals import MANAGER, booking_cancelled
from coworking.bookings.waitlist_models import LEFT, WAITING, WaitlistEntry
from coworking.extensions import db

REASON = "Membership deactivated"


def _upcoming(user_id: int, now: datetime):
    return and_(Booking.member_id == user_id, Booking.status == CONFIRMED, Booking.starts_at > now)


def upcoming_count(user_id: int, now: datetime) -> int:
    """How many bookings a deactivation at ``now`` would cancel (what the admin is told first)."""
    return db.session.scalar(select(func.count(Booking.id)).where(_upcoming(user_id, now))) or 0


def cancel_upcoming(user_id: int, *, actor: User, now: datetime, **_) -> int:
    """Cancel the member's confirmed bookings that start after ``now``, by ``actor`` (an
    admin), and take them out of every waitlist; how many bookings."""
    db.session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.member_id == user_id, WaitlistEntry.status == WAITING)
        .values(status=LEFT, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    upcoming = db.session.scalars(select(Booking).where(_upcoming(user_id, now)).order_by(Booking.starts_at)).all()
    for booking in upcoming:
        booking.cancel(actor, now, REASON)
    db.session.flush()
    for booking in upcoming:
        record_cancellation(actor, booking, now, by_manager=True)
        booking_cancelled.send(booking, by=actor, now=now, cause=MANAGER, reason=REASON)
    return len(upcoming)


def connect() -> None:
    """Subscribe to accounts' deactivation (idempotent: an app built twice connects once)."""
    hooks.member_deactivated.connect(cancel_upcoming, weak=False)
