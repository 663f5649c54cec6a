"""Releasing the no-shows: the confirmed bookings of check-in-required workspaces not checked
in by the end of their grace (``checkin_rules.overdue``). Used by ``bookings.services.book_desk``
(before it inserts), by the worker's ``release`` job and re-exported by ``bookings.checkin``,
whose docstring tells the race and the choice of ``released_at``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from coworking.audit.services import record
from coworking.bookings import checkin_rules
from coworking.bookings.models import CONFIRMED, RELEASED, Booking
from coworking.bookings.signals import booking_released
from coworking.extensions import db
from coworking.workspaces.models import Workspace


def release_overdue(
    now: datetime,
    *,
    desk_id: int | None = None,
    member_id: int | None = None,
    workspace_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Booking]:
    """Release the overdue bookings (``checkin_rules.overdue``) running at ``now``, all or only
    those of a desk, a member or a workspace, and only those overlapping [start, end) when given.
    Each becomes ``released`` with ``released_at`` = its grace's end, its sequence bumped, an
    audit entry (by the system) and ``booking_released`` sent. Returns those it released."""
    query = (
        select(Booking)
        .join(Workspace, Workspace.id == Booking.workspace_id)
        .where(
            Workspace.check_in_required.is_(True),
            Booking.status == CONFIRMED,
            Booking.checked_in_at.is_(None),
            Booking.starts_at <= now,
            Booking.ends_after(now),
        )
        .options(joinedload(Booking.workspace), joinedload(Booking.desk))
        .order_by(Booking.starts_at, Booking.id)
    )
    if desk_id is not None:
        query = query.where(Booking.desk_id == desk_id)
    if member_id is not None:
        query = query.where(Booking.member_id == member_id)
    if workspace_id is not None:
        query = query.where(Booking.workspace_id == workspace_id)
    if start is not None and end is not None:
        query = query.where(Booking.overlapping(start, end))
    released = []
    for booking in db.session.scalars(query).unique().all():
        policy = booking.workspace.policy
        if not checkin_rules.overdue(
            start=booking.starts_at,
            end=booking.ends_at,
            checked_in=False,
            confirmed=True,
            now=now,
            policy=policy,
        ):
            continue
        at = checkin_rules.grace_end(booking.starts_at, policy)
        written = db.session.execute(
            update(Booking)
            .where(Booking.id == booking.id, Booking.status == CONFIRMED, Booking.checked_in_at.is_(None))
            .values(status=RELEASED, released_at=at, sequence=Booking.sequence + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if written.rowcount != 1:
            continue  # checked in (or cancelled) in between: that unit of work won
        db.session.refresh(booking)
        record(
            None,
            "booking.released",
            booking,
            now,
            member_id=booking.member_id,
            desk_id=booking.desk_id,
            starts_at=booking.starts_at,
            released_at=at,
        )
        booking_released.send(booking, now=now)
        released.append(booking)
    return released


def release_job(now: datetime) -> int:
    """The worker's ``release`` job: every overdue booking, each pass. Returns how many."""
    return len(release_overdue(now))
