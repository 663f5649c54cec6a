"""The bookings a feed holds, in one query whatever their number."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from coworking.bookings.models import CANCELLED, CONFIRMED, Booking
from coworking.calendar.rules import FeedWindow
from coworking.extensions import db


def _in_window(window: FeedWindow):
    return and_(
        Booking.starts_at >= window.past,
        Booking.starts_at < window.future,
        or_(
            Booking.status == CONFIRMED,
            and_(Booking.status == CANCELLED, Booking.cancelled_at > window.cancelled_since),
        ),
    )


def feed_bookings(
    window: FeedWindow, *, member_id: int | None = None, workspace_id: int | None = None
) -> list[Booking]:
    query = (
        select(Booking)
        .options(joinedload(Booking.desk), joinedload(Booking.workspace), joinedload(Booking.member))
        .where(_in_window(window))
        .order_by(Booking.starts_at, Booking.id)
    )
    if member_id is not None:
        query = query.where(Booking.member_id == member_id)
    if workspace_id is not None:
        query = query.where(Booking.workspace_id == workspace_id)
    return list(db.session.scalars(query))


def last_dropped(
    window: FeedWindow, *, member_id: int | None = None, workspace_id: int | None = None
) -> datetime | None:
    """When the feed last lost a cancelled booking by ageing (cancellation + the keep period):
    a change a client must see even though no row changed then."""
    keep = window.cancelled_since
    query = select(func.max(Booking.cancelled_at)).where(
        Booking.status == CANCELLED, Booking.cancelled_at <= keep, Booking.starts_at >= window.past
    )
    if member_id is not None:
        query = query.where(Booking.member_id == member_id)
    if workspace_id is not None:
        query = query.where(Booking.workspace_id == workspace_id)
    return db.session.scalar(query)
