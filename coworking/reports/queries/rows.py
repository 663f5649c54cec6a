"""Narrow rows the report queries share: desks and bookings as the figures read them (columns,
not ORM objects), the bookings that matter to a period, and members read by id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select

from coworking.accounts.models import User
from coworking.bookings.models import CANCELLED, CONFIRMED, MAX_LENGTH, RELEASED, Booking
from coworking.extensions import db
from coworking.reports.figures.inputs import DeskRow
from coworking.workspaces.models import Desk


def desk_row(desk_id, code, kind, zone, service_from, service_until) -> DeskRow:
    return DeskRow(desk_id, code, kind, zone or "", service_from, service_until)


def desks_by_workspace(workspace_ids: list[int] | None = None) -> dict[int, list[DeskRow]]:
    """The desks of these workspaces (of all without ids), per workspace, by code."""
    query = select(
        Desk.workspace_id, Desk.id, Desk.code, Desk.kind, Desk.zone, Desk.in_service_from, Desk.in_service_until
    ).order_by(Desk.code)
    if workspace_ids is not None:
        query = query.where(Desk.workspace_id.in_(workspace_ids))
    out: dict[int, list[DeskRow]] = {}
    for ws_id, *columns in db.session.execute(query):
        out.setdefault(ws_id, []).append(desk_row(*columns))
    return out


# A booking's columns in the order of ``figures.inputs.BookingRow`` (``BookingRow._make(row)``).
BOOKING_COLUMNS = (
    Booking.id,
    Booking.desk_id,
    Booking.member_id,
    Booking.starts_at,
    Booking.ends_at,
    (Booking.status == CONFIRMED).label("confirmed"),
    Booking.created_at,
    Booking.cancelled_at,
    Booking.cancelled_by_id,
    Booking.released_at,
    Booking.checked_in_at,
)


def in_period(start: datetime, end: datetime):
    """Confirmed and released bookings that overlap [start, end) (a released one is booked
    until its release, which ``compute`` applies) and cancelled ones that start in it. The
    range on ``starts_at`` stands outside the OR so the (…, starts_at) indexes bound the read
    (no booking is longer than MAX_LENGTH)."""
    return and_(
        Booking.starts_at > start - MAX_LENGTH,
        Booking.starts_at < end,
        or_(
            and_(Booking.status.in_((CONFIRMED, RELEASED)), Booking.ends_at > start),
            and_(Booking.status == CANCELLED, Booking.starts_at >= start),
        ),
    )


# Up to this many members are read by id (one bound parameter each); more, and every user is
# read in one statement and filtered here (SQLite allows 32,766 parameters, psycopg 65,535).
MAX_IDS = 10_000


def by_ids(query, member_ids: list[int]):
    """The rows of ``query`` (whose first column is ``User.id``) for these members."""
    if len(member_ids) <= MAX_IDS:
        return iter(db.session.execute(query.where(User.id.in_(member_ids))))
    wanted = set(member_ids)
    return (row for row in db.session.execute(query) if row[0] in wanted)
