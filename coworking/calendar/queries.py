"""The bookings a feed holds, in one query whatever their number, and the feed's validator
state (what its ETag and Last-Modified are made of) in one small aggregate query."""

from __future__ import annotations

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload

from coworking.accounts.models import User
from coworking.bookings.models import CANCELLED, CONFIRMED, Booking
from coworking.calendar.rules import FeedWindow
from coworking.extensions import db
from coworking.workspaces.models import Desk, Workspace


def _visible(window: FeedWindow):
    """Confirmed, or cancelled recently enough to be kept (without the window's date bounds)."""
    return or_(
        Booking.status == CONFIRMED,
        and_(Booking.status == CANCELLED, Booking.cancelled_at > window.cancelled_since),
    )


def _in_window(window: FeedWindow):
    return and_(Booking.starts_at >= window.past, Booking.starts_at < window.future, _visible(window))


def _scoped(query, member_id: int | None, workspace_id: int | None):
    if member_id is not None:
        query = query.where(Booking.member_id == member_id)
    if workspace_id is not None:
        query = query.where(Booking.workspace_id == workspace_id)
    return query


def feed_bookings(
    window: FeedWindow, *, member_id: int | None = None, workspace_id: int | None = None
) -> list[Booking]:
    query = (
        select(Booking)
        .options(joinedload(Booking.desk), joinedload(Booking.workspace), joinedload(Booking.member))
        .where(_in_window(window))
        .order_by(Booking.starts_at, Booking.id)
    )
    return list(db.session.scalars(_scoped(query, member_id, workspace_id)))


def feed_state(
    window: FeedWindow, *, member_id: int | None = None, workspace_id: int | None = None, with_member: bool = False
) -> list:
    """One aggregate statement over the feed's bookings, grouped by the workspace, desk (and,
    for feeds that name the member, member) whose text appears in the events. Per group:
    the workspace's and desk's (and member's) displayed fields, and of the group's bookings in
    the window their count, sums of ids, sequences and note lengths, latest change, earliest
    start, latest start and end. ``dropped`` is the latest cancellation that aged out of the
    feed (what the separate ``last_dropped`` query used to find). Groups with ``n == 0`` only
    carry ``dropped``.

    Bookings that start before the window are not read (no cancellation before them
    ever changes the feed); the ones after it are read (for ``dropped``) but not counted."""
    inside = and_(Booking.starts_at < window.future, _visible(window))

    def when_inside(column, otherwise=None):
        return case((inside, column), else_=otherwise)

    group = [Booking.workspace_id, Booking.desk_id, Workspace.name, Workspace.city, Workspace.address]
    group += [Workspace.timezone, Desk.code]
    columns = list(group)
    query_from = select().select_from(Booking).join(Desk, Desk.id == Booking.desk_id)
    if with_member:
        group += [Booking.member_id, User.name]
        columns += [Booking.member_id, User.name.label("member_name")]
    query = query_from.add_columns(
        *columns,
        func.sum(when_inside(1, 0)).label("n"),
        func.sum(when_inside(Booking.id, 0)).label("ids"),
        func.sum(when_inside(Booking.sequence, 0)).label("sequences"),
        func.sum(when_inside(func.length(Booking.note), 0)).label("notes"),
        func.max(when_inside(Booking.updated_at)).label("changed"),
        func.min(when_inside(Booking.starts_at)).label("first_start"),
        func.max(when_inside(Booking.starts_at)).label("last_start"),
        func.max(when_inside(Booking.ends_at)).label("last_end"),
        func.max(
            case(
                (
                    and_(Booking.status == CANCELLED, Booking.cancelled_at <= window.cancelled_since),
                    Booking.cancelled_at,
                )
            )
        ).label("dropped"),
    ).join(Workspace, Workspace.id == Booking.workspace_id)
    if with_member:
        query = query.join(User, User.id == Booking.member_id)
    query = query.where(Booking.starts_at >= window.past).group_by(*group)
    return list(db.session.execute(_scoped(query, member_id, workspace_id)))
