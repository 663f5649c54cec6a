"""Booking use cases. Each takes the acting user and ``now``; raises DomainError; flushes.

The overlap invariants are the database's (exclusion constraints on PostgreSQL, triggers on
SQLite): the insert is attempted in a savepoint and a violation becomes ``desk_taken`` or
``member_busy``. Everything else is decided by ``bookings.rules``."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.rules import check_can_book
from coworking.audit.services import record
from coworking.bookings import rules
from coworking.bookings.models import (
    CANCELLED,
    CONFIRMED,
    DESK_OVERLAP_GUARD,
    MEMBER_OVERLAP_GUARD,
    RELEASED,
    STATUSES,
    Booking,
)
from coworking.bookings.release import release_overdue
from coworking.bookings.signals import MANAGER, MEMBER, booking_cancelled, booking_confirmed
from coworking.extensions import db
from coworking.workspaces.models import Desk, Workspace
from coworking.workspaces.rules import parse_instant
from coworking.workspaces.services import closures_between, get_workspace, require_manager


def _overlap_error(exc: IntegrityError) -> errors.DomainError | None:
    """Which overlap guard fired, on either database, if any."""
    orig = exc.orig
    name = getattr(getattr(orig, "diag", None), "constraint_name", None) or str(orig)
    if DESK_OVERLAP_GUARD in name:
        return errors.DeskTaken("Someone booked this desk for an overlapping time.")
    if MEMBER_OVERLAP_GUARD in name:
        return errors.MemberBusy("You already have a booking that overlaps this time.")
    return None


def lock_member(user: User, desk: Desk | None = None) -> None:
    """Serialise one member's bookings (PostgreSQL row lock; SQLite's BEGIN IMMEDIATE already
    serialises writers), so the active-booking limit cannot be raced past. A series also locks
    its ``desk``, always after the member: two series inserting several rows on one desk would
    otherwise each wait on the other's exclusion-constraint check (a deadlock)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    if desk is not None:
        # FOR NO KEY UPDATE: single bookings of the desk (their foreign key takes KEY SHARE)
        # are not held up; only other series of this desk wait.
        db.session.execute(select(Desk.id).where(Desk.id == desk.id).with_for_update(key_share=True))


def load_desk(desk_id: int) -> Desk:
    """The desk with its workspace and opening hours in one statement, or none when this unit
    of work has them already (the day page loaded them to offer the desks)."""
    desk = db.session.get(Desk, desk_id, options=[joinedload(Desk.workspace).joinedload(Workspace.opening_hours)])
    if desk is None:
        raise errors.ValidationFailed(f"There is no desk {desk_id}.", errors={"desk_id": ["Unknown desk."]})
    return desk


def book(user: User, *, desk_id: int, start: str, end: str, note: str | None, now: datetime) -> Booking:
    """Book ``desk_id`` for ``user`` from ``start`` to ``end`` (ISO 8601; local time of the
    workspace when no offset is given)."""
    check_can_book(user)  # a self-registered member proves their address first
    return book_desk(user, load_desk(desk_id), start=start, end=end, note=note, now=now)


def book_desk(
    user: User,
    desk: Desk,
    *,
    start: str,
    end: str,
    note: str | None,
    now: datetime,
    series_id: uuid.UUID | None = None,
    savepoint: bool = False,
    by: User | None = None,
) -> Booking:
    """One booking of a loaded ``desk``, every rule checked: ``book`` and each occurrence of a
    series (``bookings.series``, which names its ``series_id`` and asks for a ``savepoint``,
    so that an overlap refused by the database undoes only this occurrence). ``by``: who makes
    it when not the member (a manager booking for them, ``bookings.on_behalf``)."""
    actor = by or user
    workspace = desk.workspace
    tz = workspace.tz
    # Resolving local time comes first: a time that does not exist fails before any other rule.
    start_at = parse_instant(start, tz)
    end_at = parse_instant(end, tz)
    lock_member(user)
    # Release without cron: overdue bookings (not checked in by the end of their grace) that
    # hold this desk or this member in the period are released first, in this unit of work,
    # so their time is bookable at once and they no longer count against the limit.
    if start_at < end_at:
        if workspace.check_in_required:  # only then may the desk hold an overdue booking
            release_overdue(now, desk_id=desk.id, start=start_at, end=end_at)
        release_overdue(now, member_id=user.id, start=start_at, end=end_at)
    active = db.session.scalar(
        select(func.count(Booking.id)).where(
            Booking.member_id == user.id,
            Booking.workspace_id == workspace.id,
            Booking.status == CONFIRMED,
            Booking.ends_after(now),
        )
    )
    local_first = start_at.astimezone(tz).date()
    local_last = end_at.astimezone(tz).date()
    schedule = workspace.schedule(
        closures_between(workspace, min(local_first, local_last), max(local_first, local_last))
    )
    rules.check_new_booking(
        start=start_at,
        end=end_at,
        now=now,
        schedule=schedule,
        policy=workspace.policy,
        desk_in_service=(desk.in_service_from, desk.in_service_until, desk.outage_spans),
        active_bookings=active,
    )
    booking = Booking(
        uuid=uuid.uuid4(),
        desk=desk,
        workspace=workspace,
        member_id=user.id,
        starts_at=start_at,
        ends_at=end_at,
        status=CONFIRMED,
        sequence=0,
        note=(note or "").strip(),
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
        series_id=series_id,
    )
    try:
        if savepoint:
            with db.session.begin_nested():
                db.session.add(booking)
                db.session.flush()
        else:
            # No savepoint: an overlap ends this unit of work anyway (the error rolls it back).
            db.session.add(booking)
            db.session.flush()
    except IntegrityError as exc:
        mapped = _overlap_error(exc)
        if mapped is None:
            raise
        raise mapped from exc
    record(
        actor,
        "booking.created",
        booking,
        now,
        member_id=user.id,
        desk_id=desk.id,
        desk=desk.code,
        starts_at=start_at,
        ends_at=end_at,
        **({"series": str(series_id)} if series_id else {}),
    )
    booking_confirmed.send(booking, by=actor, now=now)
    return booking


def record_cancellation(user: User, booking: Booking, now: datetime, **details) -> None:
    """The audit entry of a cancellation, by a member, a manager or a closure (``details``)."""
    record(
        user,
        "booking.cancelled",
        booking,
        now,
        member_id=booking.member_id,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        **details,
    )


def _parse_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def get_booking(user: User, booking_id: str) -> Booking:
    """The booking if ``user`` may see it; otherwise 404 — never reveal that it exists."""
    public_id = _parse_uuid(booking_id)
    booking = (
        db.session.scalar(
            select(Booking)
            .where(Booking.uuid == public_id)
            .options(joinedload(Booking.desk), joinedload(Booking.workspace))
        )
        if public_id
        else None
    )
    if booking is None or not booking.can_view(user):
        raise errors.NotFound("There is no such booking.")
    return booking


def cancel(user: User, booking_id: str, *, now: datetime, reason: str | None = None) -> Booking:
    """Cancel a booking (kept, status cancelled). Cancelling a cancelled booking is a no-op."""
    return cancel_booking(user, get_booking(user, booking_id), now=now, reason=reason)


def cancel_booking(user: User, booking: Booking, *, now: datetime, reason: str | None = None) -> Booking:
    """``cancel`` for a booking already read (a series cancels many): the same rules, audit
    entry and ``booking_cancelled`` signal."""
    if booking.status == CANCELLED:
        return booking
    if booking.status == RELEASED:
        raise errors.NotActive("This booking was released: it was not checked in.")
    # A manager cancelling someone else's booking may do so until it starts; their own
    # bookings follow the member rule like everyone's (the model's permission check).
    by_manager = booking.cancelled_by_manager(user)
    booking.check_can_cancel(user, now)
    booking.cancel(user, now, reason)
    record_cancellation(user, booking, now, by_manager=by_manager)
    db.session.flush()
    booking_cancelled.send(booking, by=user, now=now, cause=MANAGER if by_manager else MEMBER, reason=reason)
    return booking


class BookingListRow(NamedTuple):
    """What a list of bookings shows, read as columns (no ORM objects): the same attribute
    names as ``Booking`` where they exist, so one serializer serves both."""

    uuid: uuid.UUID
    desk_id: int
    desk_code: str
    workspace_slug: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    status: str
    sequence: int
    created_at: datetime
    cancelled_at: datetime | None
    cancel_reason: str | None
    note: str
    member_id: int
    member_name: str
    series_id: uuid.UUID | None = None
    checked_in_at: datetime | None = None
    released_at: datetime | None = None

    @staticmethod
    def columns() -> tuple:
        return (
            Booking.uuid,
            Booking.desk_id,
            Desk.code,
            Workspace.slug,
            Workspace.timezone,
            Booking.starts_at,
            Booking.ends_at,
            Booking.status,
            Booking.sequence,
            Booking.created_at,
            Booking.cancelled_at,
            Booking.cancel_reason,
            Booking.note,
            Booking.member_id,
            User.name,
            Booking.series_id,
            Booking.checked_in_at,
            Booking.released_at,
        )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def of(cls, booking: Booking, *, with_member_name: bool = True) -> BookingListRow:
        return cls(
            booking.uuid,
            booking.desk_id,
            booking.desk.code,
            booking.workspace.slug,
            booking.workspace.timezone,
            booking.starts_at,
            booking.ends_at,
            booking.status,
            booking.sequence,
            booking.created_at,
            booking.cancelled_at,
            booking.cancel_reason,
            booking.note,
            booking.member_id,
            booking.member.name if with_member_name else "",
            booking.series_id,
            booking.checked_in_at,
            booking.released_at,
        )


def list_bookings(
    user: User,
    *,
    first: date | None,
    last: date | None,
    status: str | None,
    workspace_slug: str | None,
) -> list[BookingListRow]:
    """The caller's bookings, or all of a workspace's for its managers; ``first``/``last``
    are inclusive local dates of the start."""
    if first and last and first > last:
        raise errors.ValidationFailed("'from' is after 'to'.")
    if status is not None and status not in STATUSES:
        raise errors.ValidationFailed(f"status must be one of {', '.join(STATUSES)}.")
    query = (
        select(*BookingListRow.columns())
        .join(Desk, Desk.id == Booking.desk_id)
        .join(Workspace, Workspace.id == Booking.workspace_id)
        .join(User, User.id == Booking.member_id)
    )
    if workspace_slug:
        workspace = get_workspace(workspace_slug)
        require_manager(user, workspace)
        query = query.where(Booking.workspace_id == workspace.id)
    else:
        query = query.where(Booking.member_id == user.id)
    if status:
        query = query.where(Booking.status == status)
    # Local dates: narrow in SQL with a margin wider than any UTC offset, then exactly.
    margin = timedelta(hours=15)
    if first:
        query = query.where(Booking.starts_at >= datetime(first.year, first.month, first.day, tzinfo=UTC) - margin)
    if last:
        query = query.where(
            Booking.starts_at < datetime(last.year, last.month, last.day, tzinfo=UTC) + timedelta(days=1) + margin
        )
    out = []
    rows = db.session.execute(query.order_by(Booking.starts_at, Booking.id))
    if first is None and last is None:
        return [BookingListRow._make(row) for row in rows]
    for row in rows:
        booking = BookingListRow._make(row)
        day = booking.starts_at.astimezone(booking.tz).date()
        if (first is None or day >= first) and (last is None or day <= last):
            out.append(booking)
    return out
