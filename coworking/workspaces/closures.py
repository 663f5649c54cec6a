"""Closures of a workspace: list them, lift one (``add_closure`` is in ``services``).

Lifting opens the days of a closure that have not passed (those stay closed, so past figures
never shift): a closure that has not started is deleted, one under way ends yesterday, one that
is over cannot be lifted. ``closure_lifted`` tells the waitlist, which serves the days that
opened again when the unit of work commits. The bookings the closure cancelled stay
cancelled: their members were told, and may book again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.permissions import require_manager
from coworking.audit.services import record
from coworking.extensions import db
from coworking.workspaces.models import Closure, Workspace
from coworking.workspaces.rules import lifted_span
from coworking.workspaces.signals import closure_lifted


def list_closures(workspace: Workspace, *, since: date | None = None) -> list[Closure]:
    """The workspace's closures by start date; ``since``: only those ending on or after it."""
    query = select(Closure).where(Closure.workspace_id == workspace.id)
    if since is not None:
        query = query.where(Closure.end_date >= since)
    return list(db.session.scalars(query.order_by(Closure.start_date, Closure.id)))


def get_closure(workspace: Workspace, closure_id: int) -> Closure:
    closure = db.session.scalar(select(Closure).where(Closure.id == closure_id, Closure.workspace_id == workspace.id))
    if closure is None:
        raise errors.NotFound(f"There is no closure {closure_id} in this workspace.")
    return closure


@dataclass(frozen=True)
class Lifted:
    """What lifting did: the days that opened again, and what stays closed (None: nothing)."""

    closure_id: int
    reason: str
    open_from: date
    open_until: date
    kept: tuple[date, date] | None


def lift_closure(user: User, workspace: Workspace, closure_id: int, now: datetime) -> Lifted:
    """Lift the closure from today on (deleted when none of it stays)."""
    require_manager(user, workspace)
    closure = get_closure(workspace, closure_id)
    today = now.astimezone(workspace.tz).date()
    start, end = closure.start_date, closure.end_date
    kept = lifted_span(start, end, today)
    first_open = max(start, today)
    record(
        user,
        "closure.lifted",
        closure,
        now,
        start_date=start,
        end_date=end,
        reason=closure.reason,
        open_from=first_open,
        kept_until=kept[1] if kept else None,
    )
    if kept is None:
        db.session.delete(closure)
    else:
        closure.end_date = kept[1]
    db.session.flush()
    closure_lifted.send(closure, workspace=workspace, first=first_open, last=end, now=now)
    return Lifted(closure_id, closure.reason, first_open, end, kept)
