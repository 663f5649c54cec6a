"""Narrow rows the report queries share: desks and bookings as the figures read them (columns,
not ORM objects), the bookings that matter to a period, and members read by id."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, or_, select

from coworking.accounts.models import User
from coworking.bookings.models import CANCELLED, CONFIRMED, MAX_LENGTH, RELEASED, Booking
from coworking.extensions import db
from coworking.reports.figures.inputs import DeskRow
from coworking.workspaces.models import Desk, DeskOutage
from coworking.workspaces.outages import group_outages, outage_join


def desk_row(desk_id, code, kind, zone, service_from, service_until, outages=()) -> DeskRow:
    return DeskRow(desk_id, code, kind, zone or "", service_from, service_until, tuple(outages))


def desks_by_workspace(
    workspace_ids: list[int] | None = None, first: date | None = None, last: date | None = None
) -> dict[int, list[DeskRow]]:
    """The desks of these workspaces (of all without ids), per workspace, by code, each with
    its outages touching the local days ``first``..``last`` (all when not given): one
    statement, the outages joined to the desks."""
    query = (
        select(
            Desk.id,
            Desk.workspace_id,
            Desk.code,
            Desk.kind,
            Desk.zone,
            Desk.in_service_from,
            Desk.in_service_until,
            DeskOutage.first_day,
            DeskOutage.last_day,
        )
        .outerjoin(DeskOutage, outage_join(first, last))
        .order_by(Desk.code, Desk.id)
    )
    if workspace_ids is not None:
        query = query.where(Desk.workspace_id.in_(workspace_ids))
    out: dict[int, list[DeskRow]] = {}
    for (desk_id, ws_id, *columns), outages in group_outages(db.session.execute(query)):
        out.setdefault(ws_id, []).append(desk_row(desk_id, *columns, outages))
    return out


def outages_of(desk_ids: list[int], first: date, last: date) -> dict[int, tuple[tuple[date, date], ...]]:
    """The outages of these desks touching the local days ``first``..``last``: one statement."""
    if not desk_ids:
        return {}
    out: dict[int, list[tuple[date, date]]] = {}
    for desk_id, o_first, o_last in db.session.execute(
        select(DeskOutage.desk_id, DeskOutage.first_day, DeskOutage.last_day)
        .where(DeskOutage.desk_id.in_(desk_ids), DeskOutage.last_day >= first, DeskOutage.first_day <= last)
        .order_by(DeskOutage.first_day)
    ):
        out.setdefault(desk_id, []).append((o_first, o_last))
    return {desk_id: tuple(spans) for desk_id, spans in out.items()}


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
