"""Floor use cases: a workspace's floors, their plan images and where desks are on them.

The manager pages (``manage.floor_views``) and the API (``workspaces.floors_api``) call these
same functions. A plan is checked from its bytes (``workspaces.plans``: PNG, JPEG or an SVG
sanitised by ``workspaces.svg``) before anything is stored; a refused upload changes nothing.
Desk places are relative to the plan (0–1 from the top left), so replacing a floor's image
keeps them. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.permissions import require_manager
from coworking.audit.services import record
from coworking.extensions import db
from coworking.workspaces.models import Desk, Floor, Workspace
from coworking.workspaces.plans import check_plan

NAME_MAX = 100
_UNSET = object()


@dataclass(frozen=True)
class FloorView:
    """A floor and its desks (all of them, placed or not), for the API and the pages."""

    floor: Floor
    desks: list[Desk]


def floors_of(workspace: Workspace) -> list[FloorView]:
    """The workspace's floors in their order, each with its desks by code: two statements."""
    floors = list(
        db.session.scalars(
            select(Floor).where(Floor.workspace_id == workspace.id).order_by(Floor.position, Floor.name, Floor.id)
        )
    )
    desks = db.session.scalars(
        select(Desk).where(Desk.workspace_id == workspace.id, Desk.floor_id.is_not(None)).order_by(Desk.code)
    )
    by_floor: dict[int, list[Desk]] = {f.id: [] for f in floors}
    for desk in desks:
        by_floor.setdefault(desk.floor_id, []).append(desk)
    return [FloorView(f, by_floor[f.id]) for f in floors]


def get_floor(workspace: Workspace, floor_id: int) -> Floor:
    """The workspace's floor ``floor_id``; a floor of another workspace is not found here."""
    floor = db.session.scalar(select(Floor).where(Floor.id == floor_id, Floor.workspace_id == workspace.id))
    if floor is None:
        raise errors.NotFound(f"There is no floor {floor_id} in this workspace.")
    return floor


def floor_named_in_request(workspace: Workspace, floor_id: int | None) -> Floor | None:
    """The floor a desk change names (``"floor": id``): one of the workspace's, else a 422."""
    if floor_id is None:
        return None
    try:
        return get_floor(workspace, floor_id)
    except errors.NotFound:
        raise errors.ValidationFailed(
            f"There is no floor {floor_id} in this workspace.", errors={"floor": ["Unknown."]}
        ) from None


def clean_name(value: str | None) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise errors.ValidationFailed("name may not be empty.", errors={"name": ["Required."]})
    if len(name) > NAME_MAX:
        raise errors.ValidationFailed(f"name is longer than {NAME_MAX}.", errors={"name": ["Too long."]})
    return name


def _check_name_free(workspace: Workspace, name: str, floor_id: int | None = None) -> None:
    query = select(Floor.id).where(Floor.workspace_id == workspace.id, func.lower(Floor.name) == name.lower())
    if floor_id is not None:
        query = query.where(Floor.id != floor_id)
    if db.session.scalar(query) is not None:
        raise errors.Conflict(f"This workspace already has a floor {name!r}.")


def create_floor(user: User, workspace: Workspace, name: str, now: datetime) -> Floor:
    """A new floor, last in the workspace's order, without a plan yet."""
    require_manager(user, workspace)
    name = clean_name(name)
    _check_name_free(workspace, name)
    last = db.session.scalar(select(func.max(Floor.position)).where(Floor.workspace_id == workspace.id))
    floor = Floor(workspace_id=workspace.id, name=name, position=(last or 0) + 1, created_at=now)
    db.session.add(floor)
    db.session.flush()
    record(user, "floor.created", floor, now, name=name)
    return floor


def rename_floor(user: User, floor: Floor, name: str, now: datetime) -> Floor:
    require_manager(user, floor.workspace_id)
    name = clean_name(name)
    if name != floor.name:
        _check_name_free(db.session.get(Workspace, floor.workspace_id), name, floor.id)
        before, floor.name = floor.name, name
        db.session.flush()
        record(user, "floor.renamed", floor, now, before=before, after=name)
    return floor


def move_floor(user: User, floor: Floor, step: int, now: datetime) -> Floor:
    """Move the floor one place up (``step`` -1) or down (+1) in the workspace's order."""
    require_manager(user, floor.workspace_id)
    order = list(
        db.session.scalars(
            select(Floor).where(Floor.workspace_id == floor.workspace_id).order_by(Floor.position, Floor.name, Floor.id)
        )
    )
    i = order.index(floor)
    j = i + (1 if step > 0 else -1)
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
        for position, each in enumerate(order, start=1):
            each.position = position
        db.session.flush()
        record(user, "floor.moved", floor, now, position=j + 1)
    return floor


def delete_floor(user: User, floor: Floor, now: datetime) -> int:
    """Remove the floor; its desks are taken off the plan first (they stay desks). Answers
    how many desks were on it."""
    require_manager(user, floor.workspace_id)
    taken_off = db.session.execute(
        update(Desk).where(Desk.floor_id == floor.id).values(floor_id=None, plan_x=None, plan_y=None)
    ).rowcount
    record(user, "floor.deleted", floor, now, name=floor.name, desks_taken_off=taken_off)
    db.session.delete(floor)
    db.session.flush()
    db.session.expire_all()  # desks loaded before the bulk update see it
    return taken_off


def check_may_change(user: User, floor: Floor) -> None:
    """Forbidden unless ``user`` manages the floor's workspace (before reading an upload)."""
    require_manager(user, floor.workspace_id)


def upload_plan(user: User, floor: Floor, data: bytes, content_type: str | None, now: datetime) -> Floor:
    """Store ``data`` as the floor's plan once it passed every check (``plans.check_plan``);
    ``InvalidPlan`` and nothing stored otherwise. Desk places are kept (relative to the plan)."""
    require_manager(user, floor.workspace_id)
    plan = check_plan(data, content_type)
    replaced = floor.plan_sha256 is not None
    floor.plan = plan.data
    floor.plan_type = plan.content_type
    floor.plan_sha256 = plan.sha256
    floor.plan_width, floor.plan_height = plan.width, plan.height
    floor.plan_updated_at = now
    db.session.flush()
    record(
        user,
        "floor.plan_uploaded",
        floor,
        now,
        type=plan.content_type,
        bytes=len(plan.data),
        width=plan.width,
        height=plan.height,
        sha256=plan.sha256,
        replaced=replaced,
    )
    return floor


def clean_position(value, name: str) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise errors.ValidationFailed(f"{name} is not a number.", errors={name: ["Not a number."]}) from None
    if not 0.0 <= number <= 1.0:
        raise errors.ValidationFailed(f"{name} must be between 0 and 1.", errors={name: ["Between 0 and 1."]})
    return round(number, 4)


def place_desk(user: User, desk: Desk, now: datetime, *, floor=_UNSET, x=_UNSET, y=_UNSET) -> Desk:
    """Put ``desk`` on ``floor`` (a Floor, or None: on no floor, and so not placed) and/or at
    ``x``, ``y`` (0–1, given together; both None: on its floor but not placed). A place
    needs a floor; a floor of another workspace is refused."""
    require_manager(user, desk.workspace_id)
    if (x is _UNSET) != (y is _UNSET) or (x is not _UNSET and (x is None) != (y is None)):
        raise errors.ValidationFailed("x and y are given together.", errors={"x": ["With y."], "y": ["With x."]})
    before = {"floor": desk.floor_id, "x": desk.plan_x, "y": desk.plan_y}
    if floor is not _UNSET:
        if floor is not None and floor.workspace_id != desk.workspace_id:
            raise errors.ValidationFailed("That floor is not in this desk's workspace.", errors={"floor": ["Unknown."]})
        if (floor.id if floor is not None else None) != desk.floor_id:
            desk.floor_id = floor.id if floor is not None else None
            desk.plan_x = desk.plan_y = None  # a place on another floor's plan means nothing here
    if x is not _UNSET:
        px, py = clean_position(x, "x"), clean_position(y, "y")
        if px is not None and desk.floor_id is None:
            raise errors.ValidationFailed("Put the desk on a floor to place it.", errors={"floor": ["Required."]})
        desk.plan_x, desk.plan_y = px, py
    if floor is None:
        desk.plan_x = desk.plan_y = None
    after = {"floor": desk.floor_id, "x": desk.plan_x, "y": desk.plan_y}
    if after != before:
        db.session.flush()
        record(user, "desk.placed", desk, now, code=desk.code, before=before, after=after)
    return desk
