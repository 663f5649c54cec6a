"""What a feed holds, read with statements built once per process (bound parameters for the
window and the scope, so SQLAlchemy compiles each once; tests/calendar/test_feeds.py checks that
their number does not grow with the bookings):

- ``feed_state``: the small aggregate the feed's validators are made of (a 304 reads only this);
- ``feed_rows``: the columns the events show, one row per booking, no ORM objects."""

from __future__ import annotations

from functools import cache

from sqlalchemy import and_, bindparam, func, null, or_, select, type_coerce, union_all
from sqlalchemy.orm import aliased

from coworking.accounts.models import User
from coworking.bookings.guest_models import BookingGuest
from coworking.bookings.models import CANCELLED, CONFIRMED, RELEASED, Booking
from coworking.calendar.ics import EventData
from coworking.calendar.rules import FeedWindow
from coworking.db import UTCDateTime
from coworking.extensions import db
from coworking.workspaces.models import Desk, Workspace

MEMBER = "member"
WORKSPACE = "workspace"


def _in_scope(scope: str):
    """A workspace's bookings; or a member's: their own and those they are a guest of (the
    own ones bounded below by the window, so the member's index reads only recent rows)."""
    if scope == WORKSPACE:
        return Booking.workspace_id == bindparam("scope_id")
    own = aliased(Booking)
    mine = select(own.id).where(own.member_id == bindparam("scope_id"), own.starts_at >= bindparam("past"))
    invited = select(BookingGuest.booking_id).where(BookingGuest.member_id == bindparam("scope_id"))
    return Booking.id.in_(union_all(mine, invited))


def _params(window: FeedWindow, scope_id: int) -> dict:
    return {"past": window.past, "future": window.future, "keep": window.cancelled_since, "scope_id": scope_id}


def _in_window():
    """Starts inside the window; confirmed, or cancelled (or released: not checked in, gone
    from the member's calendar like a cancelled one) recently enough to be kept."""
    return and_(
        Booking.starts_at >= bindparam("past"),
        Booking.starts_at < bindparam("future"),
        or_(
            Booking.status == CONFIRMED,
            and_(Booking.status == CANCELLED, Booking.cancelled_at > bindparam("keep")),
            and_(Booking.status == RELEASED, Booking.released_at > bindparam("keep")),
        ),
    )


@cache
def _state_statement(scope: str):
    # Grouped by member too: a member's feed shows who organises the meetings they are invited to.
    keys = [Booking.workspace_id, Booking.desk_id, Booking.member_id]
    groups = (
        select(
            *keys,
            func.count().label("n"),
            func.sum(Booking.id).label("ids"),
            func.sum(Booking.sequence).label("sequences"),
            func.sum(func.length(Booking.note)).label("notes"),
            func.max(Booking.updated_at).label("changed"),
            func.min(Booking.starts_at).label("first_start"),
            func.max(Booking.starts_at).label("last_start"),
            func.max(Booking.ends_at).label("last_end"),
        )
        .where(_in_scope(scope), _in_window())
        .group_by(*keys)
        .subquery()
    )
    shown = [Workspace.name, Workspace.city, Workspace.address, Workspace.timezone, Desk.code]
    shown.append(User.name.label("member_name"))
    if scope == MEMBER:
        shown.append(User.email.label("member_email"))
    numbers = [groups.c[name] for name in ("n", "ids", "sequences", "notes", "changed")]
    numbers += [groups.c[name] for name in ("first_start", "last_start", "last_end")]
    named = (
        select(
            *(groups.c[k.key] for k in keys),
            *shown,
            *numbers,
            type_coerce(null(), UTCDateTime()).label("dropped"),
        )
        .join(Desk, Desk.id == groups.c.desk_id)
        .join(Workspace, Workspace.id == groups.c.workspace_id)
        .join(User, User.id == groups.c.member_id)
    )
    # The latest cancellation (or release) that aged out of the feed, as one more row.
    gone_at = func.coalesce(Booking.cancelled_at, Booking.released_at)
    dropped = select(*(null() for _ in range(len(keys) + len(shown) + len(numbers))), func.max(gone_at)).where(
        _in_scope(scope),
        Booking.status.in_((CANCELLED, RELEASED)),
        gone_at <= bindparam("keep"),
        Booking.starts_at >= bindparam("past"),
    )
    return union_all(named, dropped)


def feed_state(window: FeedWindow, *, member_id: int | None = None, workspace_id: int | None = None) -> list:
    """One statement: per workspace, desk and member (the booker) holding bookings in the
    feed, the fields its events show (workspace name, city, address and time zone, desk code,
    the booker's name, and in a member's feed their email: the ORGANIZER of a meeting the
    member is a guest of) and of those bookings their count, sums of
    ids, sequences and note lengths, latest update, first start, last start and last end;
    plus one row whose ``dropped`` is the latest cancellation that aged out of the feed (its
    other columns are NULL)."""
    scope, scope_id = (MEMBER, member_id) if member_id is not None else (WORKSPACE, workspace_id)
    return list(db.session.connection().execute(_state_statement(scope), _params(window, scope_id)))


@cache
def _rows_statement(scope: str):
    member = [User.name.label("member_name")]
    if scope == MEMBER:
        member += [Booking.member_id, User.email]
    query = (
        select(
            Booking.uuid,
            Booking.starts_at,
            Booking.ends_at,
            Booking.created_at,
            Booking.updated_at,
            Booking.status,
            Booking.sequence,
            Booking.note,
            Desk.code.label("desk_code"),
            Workspace.name.label("workspace_name"),
            Workspace.city,
            Workspace.address,
            Workspace.timezone,
            *member,
        )
        .join(Desk, Desk.id == Booking.desk_id)
        .join(Workspace, Workspace.id == Booking.workspace_id)
        .join(User, User.id == Booking.member_id)
        .where(_in_scope(scope), _in_window())
        .order_by(Booking.starts_at, Booking.id)
    )
    return query


def feed_rows(
    window: FeedWindow,
    *,
    member_id: int | None = None,
    workspace_id: int | None = None,
    attendee: tuple[str, str] | None = None,
) -> list[EventData]:
    """The events of a member's feed, or of a workspace's (with the member's name). In a
    member's feed, a meeting they are a guest of names its booker as ORGANIZER and the member
    (``attendee``: name and email) as ATTENDEE."""
    if member_id is None:
        rows = db.session.connection().execute(_rows_statement(WORKSPACE), _params(window, workspace_id))
        return [EventData(*row) for row in rows]
    rows = db.session.connection().execute(_rows_statement(MEMBER), _params(window, member_id))
    name, email = attendee or (None, None)
    out = []
    for *fields, booker_name, booker_id, booker_email in rows:
        if booker_id == member_id:
            out.append(EventData(*fields))
        else:
            out.append(EventData(*fields, None, booker_name, booker_email, name, email))
    return out
