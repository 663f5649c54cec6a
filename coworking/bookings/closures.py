"""A workspace closure cancels the bookings on its days.

Workspaces own closures and announce a new one with ``workspaces.signals.closure_added``;
``connect`` (called by ``create_app``) subscribes ``cancel_bookings_in`` to it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from coworking.accounts.models import User
from coworking.bookings.models import Booking
from coworking.bookings.services import record_cancellation
from coworking.bookings.signals import CLOSURE, booking_cancelled
from coworking.extensions import db
from coworking.workspaces.models import Closure
from coworking.workspaces.rules import local_day_bounds
from coworking.workspaces.signals import ClosureEffect, closure_added


def cancel_bookings_in(closure: Closure, *, actor: User, now: datetime) -> ClosureEffect:
    """Cancel the confirmed bookings on the closure's days that have not ended yet, in the
    closure's name (reason "Workspace closed: …", by ``actor``, a manager)."""
    workspace = closure.workspace
    first_instant, _ = local_day_bounds(closure.start_date, workspace.tz)
    _, last_instant = local_day_bounds(closure.end_date, workspace.tz)
    affected = db.session.scalars(
        select(Booking).where(Booking.confirmed_at(workspace.id, max(first_instant, now), last_instant))
    ).all()
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


def connect() -> None:
    """Subscribe to the workspaces' signals (idempotent: an app built twice connects once)."""
    closure_added.connect(cancel_bookings_in)
