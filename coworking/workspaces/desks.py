"""Desk use cases: change a desk (code, kind, zone, amenities, service period).

The pages (``manage``) and the API (``PATCH /api/v1/workspaces/<slug>/desks/<id>``) call the
same ``update_desk``, so both validate alike. A change of service period never rewrites the
past (``rules.keeps_the_past``); the days it takes out of service lose their confirmed
bookings (cancelled by the bookings feature on ``desk_service_changed``, each member mailed),
and the days it puts back in service are offered to the waitlist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.permissions import require_manager
from coworking.audit.services import record
from coworking.extensions import db
from coworking.workspaces.models import Desk, Workspace
from coworking.workspaces.rules import DESK_KINDS, keeps_the_past, service_difference
from coworking.workspaces.signals import ClosureEffect, desk_service_changed

# The limits of a desk's fields: the API's schemas, the pages' forms and the services use these.
CODE_MAX = 32
ZONE_MAX = 100
AMENITY_MAX = 50
AMENITIES_MAX = 20
CAPACITY_MAX = 200  # people a desk or room holds (a meeting room: the booker and the guests)
REASON_MAX = 300
# The fields ``update_desk`` changes (a later feature may add to it, e.g. "capacity").
EDITABLE = ("code", "kind", "zone", "amenities", "in_service_from", "in_service_until", "capacity")


def get_desk(workspace: Workspace, desk_id: int) -> Desk:
    """The workspace's desk ``desk_id``; a desk of another workspace is not found here."""
    desk = db.session.scalar(select(Desk).where(Desk.id == desk_id, Desk.workspace_id == workspace.id))
    if desk is None:
        raise errors.NotFound(f"There is no desk {desk_id} in this workspace.")
    return desk


def clean_code(value: str | None) -> str:
    code = (value or "").strip()
    if not code:
        raise errors.ValidationFailed("code may not be empty.", errors={"code": ["Required."]})
    if len(code) > CODE_MAX:
        raise errors.ValidationFailed(f"code is longer than {CODE_MAX}.", errors={"code": ["Too long."]})
    return code


def clean_kind(value: str | None) -> str:
    if value not in DESK_KINDS:
        raise errors.ValidationFailed(f"kind must be one of {', '.join(DESK_KINDS)}.", errors={"kind": ["Unknown."]})
    return value


def clean_zone(value: str | None) -> str:
    zone = (value or "").strip()
    if len(zone) > ZONE_MAX:
        raise errors.ValidationFailed(f"zone is longer than {ZONE_MAX}.", errors={"zone": ["Too long."]})
    return zone


def clean_amenities(values) -> list[str]:
    """Trimmed, without blanks or repeats, in the given order."""
    out: list[str] = []
    for value in values or []:
        item = str(value).strip()
        if not item or item in out:
            continue
        if len(item) > AMENITY_MAX:
            raise errors.ValidationFailed(f"An amenity is longer than {AMENITY_MAX}.", errors={"amenities": ["Long."]})
        out.append(item)
    if len(out) > AMENITIES_MAX:
        raise errors.ValidationFailed(f"At most {AMENITIES_MAX} amenities.", errors={"amenities": ["Too many."]})
    return out


def clean_capacity(value) -> int:
    """How many people it holds: a whole number from 1 to CAPACITY_MAX. Lowering a meeting
    room's capacity keeps the guests already invited; the next change of a guest list must fit."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= CAPACITY_MAX:
        raise errors.ValidationFailed(
            f"capacity must be a whole number from 1 to {CAPACITY_MAX}.", errors={"capacity": ["From 1 to 200."]}
        )
    return value


def check_code_free(workspace_id: int, code: str, desk_id: int | None = None) -> None:
    query = select(Desk.id).where(Desk.workspace_id == workspace_id, Desk.code == code)
    if desk_id is not None:
        query = query.where(Desk.id != desk_id)
    if db.session.scalar(query) is not None:
        raise errors.DeskCodeTaken(f"Desk {code!r} already exists in this workspace.")


def _state(desk: Desk) -> dict:
    return {
        "code": desk.code,
        "kind": desk.kind,
        "zone": desk.zone,
        "amenities": list(desk.amenities or []),
        "capacity": desk.capacity,
        "in_service_from": desk.in_service_from,
        "in_service_until": desk.in_service_until,
    }


@dataclass(frozen=True)
class DeskChange:
    desk: Desk
    cancelled_bookings: int = 0  # confirmed bookings on the days it left service


def update_desk(user: User, desk: Desk, data: dict, now: datetime, *, reason: str = "") -> DeskChange:
    """Change the fields of ``data`` (any of ``EDITABLE``). ``reason`` says why the service
    period changed (out of service for repairs…): kept in the desk's notes and the audit
    entry, and given to the members whose bookings the change cancels."""
    workspace = desk.workspace
    require_manager(user, workspace)
    before = _state(desk)
    if "code" in data:
        code = clean_code(data["code"])
        if code != desk.code:
            check_code_free(workspace.id, code, desk.id)
        desk.code = code
    if "kind" in data:
        desk.kind = clean_kind(data["kind"])
    if "zone" in data:
        desk.zone = clean_zone(data["zone"])
    if "amenities" in data:
        desk.amenities = clean_amenities(data["amenities"])
    if "capacity" in data:
        desk.capacity = clean_capacity(data["capacity"])
    service_from: date = data.get("in_service_from") or desk.in_service_from
    service_until: date | None = data.get("in_service_until", desk.in_service_until)
    reason = (reason or "").strip()[:REASON_MAX]
    if service_until is not None and service_until < service_from:
        raise errors.ValidationFailed(
            "in_service_until is before in_service_from.", errors={"in_service_until": ["Before the start."]}
        )
    today = now.astimezone(workspace.tz).date()
    old_service = (desk.in_service_from, desk.in_service_until)
    new_service = (service_from, service_until)
    if not keeps_the_past(old_service, new_service, today):
        raise errors.PastIsKept("Days before today keep the service period they had.")
    desk.in_service_from, desk.in_service_until = new_service
    if new_service != old_service and reason:
        desk.notes = reason
    db.session.flush()
    after = _state(desk)
    changed = sorted(k for k in after if after[k] != before[k])
    if not changed:
        return DeskChange(desk)
    effects: list[ClosureEffect] = []
    if new_service != old_service:
        removed, added = service_difference(old_service, new_service, today)
        effects = [
            effect
            for _, effect in desk_service_changed.send(
                desk, actor=user, now=now, reason=reason, removed=removed, added=added
            )
            if effect is not None
        ]
    record(
        user,
        "desk.updated",
        desk,
        now,
        code=desk.code,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
        **({"reason": reason} if reason and new_service != old_service else {}),
        cancelled_bookings=sum(e.cancelled_bookings for e in effects),
    )
    for effect in effects:
        effect.record()
    db.session.flush()
    return DeskChange(desk, sum(e.cancelled_bookings for e in effects))
