"""Record audit events (from the other features' services) and read them (admins).

``record`` only adds to the session: the event is part of the caller's unit of work, so it is
committed with the change it describes or not at all."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from coworking import errors
from coworking.audit import labels
from coworking.audit.models import AuditEvent
from coworking.extensions import db

MAX_LIMIT = 500
DEFAULT_LIMIT = 100


def _plain(value: Any) -> Any:
    """``value`` as JSON: dates, instants, decimals and UUIDs become strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


# The table ``audit_events.workspace_id`` refers to: a row of it is its own workspace.
# Read from the foreign key's target name, so nothing needs the workspaces table loaded yet.
_WORKSPACE_TABLE = next(iter(AuditEvent.__table__.c.workspace_id.foreign_keys)).target_fullname.split(".")[0]


@dataclass(frozen=True)
class Subject:
    """What an event is about: its type ("booking"), its id (the public UUID where there is
    one) and the workspace it concerns (None for none)."""

    type: str
    id: str
    workspace_id: int | None

    @classmethod
    def of(cls, obj) -> Subject:
        """A flushed model instance described from its table: the type is the table's name in
        the singular, the id its ``uuid`` or ``id``, the workspace its ``workspace_id`` (or its
        own id for a row of the workspaces table)."""
        table = obj.__tablename__ if hasattr(obj, "__tablename__") else type(obj).__name__.lower()
        public = getattr(obj, "uuid", None)
        workspace_id = obj.id if table == _WORKSPACE_TABLE else getattr(obj, "workspace_id", None)
        return cls(table.removesuffix("s"), str(public) if public is not None else str(obj.id), workspace_id)


def record(actor, action: str, subject, now: datetime, **details) -> AuditEvent:
    """Add an event: ``actor`` (anything with an ``id``, the acting user; None for the system)
    did ``action`` to ``subject`` (a ``Subject``, or a flushed model instance described by
    ``Subject.of``) at ``now``. ``details`` must hold no secrets and no member-written text.
    Adds to the session only; the caller's unit of work commits it."""
    if not isinstance(subject, Subject):
        subject = Subject.of(subject)
    event = AuditEvent(
        at=now,
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=subject.type,
        object_id=subject.id,
        workspace_id=subject.workspace_id,
        details=_plain(details),
    )
    db.session.add(event)
    return event


@dataclass(frozen=True)
class EventPage:
    events: list[AuditEvent]
    actors: dict[int, str]  # user id → email, for display
    workspaces: dict[int, str]  # workspace id → slug
    next_before: int | None  # pass as ``before`` for the next (older) page
    zones: dict[int, str]  # workspace id → time zone, to show each event in its workspace's time


def require_reader(user) -> None:
    """Only admins read the audit trail (the trail imports no feature: the caller's user
    answers ``is_admin``, the role that ``accounts.permissions`` checks too)."""
    if user is None or not user.is_admin:
        raise errors.Forbidden("Only admins read the audit trail.")


def list_events(
    user,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    action: str | None = None,
    workspace_slug: str | None = None,
    limit: int = DEFAULT_LIMIT,
    before: int | None = None,
) -> EventPage:
    """Admins only: events newest first, in ``[start, end)``, optionally of one action (or
    an action prefix ending in ".", e.g. "booking.") and one workspace: the events, then the
    names of their actors and of their workspaces (``audit.labels``)."""
    require_reader(user)
    if not 1 <= limit <= MAX_LIMIT:
        raise errors.ValidationFailed(f"limit must be from 1 to {MAX_LIMIT}.", field="limit")
    if start and end and start > end:
        raise errors.ValidationFailed("'from' is after 'to'.")
    query = select(AuditEvent)
    if workspace_slug:
        workspace_id = labels.workspace_id(workspace_slug)
        if workspace_id is None:
            raise errors.NotFound(f"There is no workspace {workspace_slug!r}.")
        query = query.where(AuditEvent.workspace_id == workspace_id)
    if start:
        query = query.where(AuditEvent.at >= start)
    if end:
        query = query.where(AuditEvent.at < end)
    if action:
        if action.endswith("."):
            query = query.where(AuditEvent.action.startswith(action, autoescape=True))
        else:
            query = query.where(AuditEvent.action == action)
    if before is not None:
        query = query.where(AuditEvent.id < before)
    rows = list(db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    actor_ids = {e.actor_id for e in rows if e.actor_id is not None}
    ws_ids = {e.workspace_id for e in rows if e.workspace_id is not None}
    places = labels.workspaces(ws_ids)
    return EventPage(
        rows,
        labels.actors(actor_ids),
        {ws_id: place.slug for ws_id, place in places.items()},
        rows[-1].id if more else None,
        {ws_id: place.timezone for ws_id, place in places.items()},
    )


def events_by_actor(user_id: int) -> list[AuditEvent]:
    """Every event the user did (for their personal data export)."""
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == user_id).order_by(AuditEvent.id)))


def event_json(
    event: AuditEvent, actors: dict[int, str] | None = None, workspaces: dict[int, str] | None = None
) -> dict:
    return {
        "id": event.id,
        "at": event.at.isoformat(),
        "action": event.action,
        "actor_id": event.actor_id,
        **({"actor": actors.get(event.actor_id)} if actors is not None else {}),
        "object_type": event.object_type,
        "object_id": event.object_id,
        "workspace_id": event.workspace_id,
        **({"workspace": workspaces.get(event.workspace_id)} if workspaces is not None else {}),
        "details": event.details or {},
    }
