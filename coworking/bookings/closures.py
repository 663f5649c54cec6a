"""A workspace closure cancels the bookings on its days.

Workspaces own closures and announce a new one with ``workspaces.signals.closure_added``;
``connect`` (called by ``create_app``) subscribes ``cancel_bookings_in`` to it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from coworking.accounts.models import User
from coworking.bookings.models import CONFIRMED, Booking
from coworking.bookings.services import record_cancellation
from coworking.bookings.signals import CLOSURE, MANAGER, booking_cancelled
from coworking.extensions import db
from coworking.workspaces.models import Closure, Desk, Workspace
from coworking.workspaces.rules import local_day_bounds
from coworking.workspaces.signals import ClosureEffect, closure_added, desk_service_changed


def _ruled_out(workspace: Workspace, first: date, last: date, now: datetime):
    first_instant, _ = local_day_bounds(first, workspace.tz)
    _, last_instant = local_day_bounds(last, workspace.tz)
    return Booking.confirmed_at(workspace.id, max(first_instant, now), last_instant)


def affected_by_closure(
    workspace: Workspace, first: date, last: date, now: datetime, limit: int | None = None
) -> list[Booking]:
    """The confirmed bookings a closure of ``first``..``last`` (local dates, inclusive) would
    cancel: those on its days that have not ended yet, by start, with desk and member loaded
    (the first ``limit`` when given). The closure's preview shows them; ``cancel_bookings_in``
    cancels the same."""
    return _listed(_ruled_out(workspace, first, last, now), limit)


def _listed(condition, limit: int | None) -> list[Booking]:
    """The bookings ``condition`` picks, by start, with desk and member loaded (a preview)."""
    query = (
        select(Booking)
        .where(condition)
        .options(joinedload(Booking.desk), joinedload(Booking.member))
        .order_by(Booking.starts_at, Booking.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query).all())


def count_affected_by_closure(workspace: Workspace, first: date, last: date, now: datetime) -> int:
    """How many bookings ``affected_by_closure`` would list without a limit."""
    return db.session.scalar(select(func.count(Booking.id)).where(_ruled_out(workspace, first, last, now)))


def _desk_off(desk: Desk, first: date, last: date, now: datetime):
    """The desk's confirmed bookings on the local days ``first``..``last`` not ended at ``now``."""
    start, _ = local_day_bounds(first, desk.workspace.tz)
    _, end = local_day_bounds(last, desk.workspace.tz)
    return (
        (Booking.desk_id == desk.id)
        & (Booking.status == CONFIRMED)
        & (Booking.ends_at > max(start, now))
        & (Booking.starts_at < end)
    )


def affected_by_outage(desk: Desk, first: date, last: date, now: datetime, limit: int | None = None) -> list[Booking]:
    """The confirmed bookings of ``desk`` that taking it out of service from ``first`` to
    ``last`` would cancel (those not ended yet), by start, with their members loaded (the
    first ``limit`` when given): the outage's preview; ``cancel_bookings_off_service`` cancels
    the same."""
    return _listed(_desk_off(desk, first, last, now), limit)


def count_affected_by_outage(desk: Desk, first: date, last: date, now: datetime) -> int:
    """How many bookings ``affected_by_outage`` would list without a limit."""
    return db.session.scalar(select(func.count(Booking.id)).where(_desk_off(desk, first, last, now)))


def cancel_bookings_in(closure: Closure, *, actor: User, now: datetime) -> ClosureEffect:
    """Cancel the confirmed bookings on the closure's days that have not ended yet, in the
    closure's name (reason "Workspace closed: …", by ``actor``, a manager)."""
    workspace = closure.workspace
    affected = affected_by_closure(workspace, closure.start_date, closure.end_date, now)
    label = f"Workspace closed: {closure.reason}" if closure.reason else "Workspace closed"
    for booking in affected:
        booking.cancel(actor, now, label[:300])
    db.session.flush()
    for booking in affected:
        booking_cancelled.send(booking, by=actor, now=now, cause=CLOSURE, reason=closure.reason or None)

    def record() -> None:
        for booking in affected:
            record_cancellation(actor, booking, now, by_manager=True, closure_id=closure.id)

    return ClosureEffect(cancelled_bookings=len(affected), record=record)


def cancel_bookings_off_service(
    desk: Desk, *, actor: User, now: datetime, reason: str, removed: list[tuple[date, date]], **_signal
) -> ClosureEffect:
    """Receiver of ``desk_service_changed`` (a shorter service period, or an outage added):
    cancel the desk's confirmed bookings, not ended yet, on the days it no longer is in
    service; by ``actor`` (a manager: cause ``manager``, so each member is mailed), with the
    change's reason."""
    affected: list[Booking] = []
    for first, last in removed:
        affected += db.session.scalars(
            select(Booking).where(_desk_off(desk, first, last, now)).order_by(Booking.starts_at, Booking.id)
        ).all()
    label = f"Desk out of service: {reason}" if reason else "Desk out of service"
    for booking in affected:
        booking.cancel(actor, now, label[:300])
    db.session.flush()
    for booking in affected:
        booking_cancelled.send(booking, by=actor, now=now, cause=MANAGER, reason=reason or label)

    def record() -> None:
        for booking in affected:
            record_cancellation(actor, booking, now, by_manager=True, desk_out_of_service=True)

    return ClosureEffect(cancelled_bookings=len(affected), record=record)


def connect() -> None:
    """Subscribe to the workspaces' signals (idempotent: an app built twice connects once)."""
    closure_added.connect(cancel_bookings_in)
    desk_service_changed.connect(cancel_bookings_off_service)
