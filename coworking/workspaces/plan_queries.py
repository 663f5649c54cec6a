"""Read side of the members' plan view: a workspace's floors that have a plan, each with the
desks placed on it, in one statement (never the plan's bytes: the page links to the image route
``floor_plans.image``, which the browser caches by its ETag)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, select

from coworking.extensions import db
from coworking.workspaces.models import Desk, Floor, Workspace
from coworking.workspaces.rules import in_service

# A plan whose size could not be read is drawn in this box (its aspect ratio is then a guess).
DEFAULT_SIZE = (1000, 700)


@dataclass(frozen=True, slots=True)
class PlacedDesk:
    id: int
    code: str
    kind: str
    zone: str | None
    x: float  # 0–1 from the left of the plan
    y: float  # 0–1 from the top
    in_service_from: date
    in_service_until: date | None

    def in_service_on(self, day: date) -> bool:
        return in_service(day, self.in_service_from, self.in_service_until)


@dataclass
class FloorPlan:
    id: int
    name: str
    width: int
    height: int
    version: str  # the plan's SHA-256: a new image gets a new URL, so no stale cache
    desks: list[PlacedDesk] = field(default_factory=list)


def floor_plans(workspace: Workspace) -> list[FloorPlan]:
    """The workspace's floors with a plan image, in their order, each with its placed desks by
    code: one statement whatever the number of floors and desks."""
    placed = and_(
        Desk.floor_id == Floor.id,
        Desk.workspace_id == Floor.workspace_id,
        Desk.plan_x.is_not(None),
        Desk.plan_y.is_not(None),
    )
    rows = db.session.execute(
        select(
            Floor.id,
            Floor.name,
            Floor.plan_width,
            Floor.plan_height,
            Floor.plan_sha256,
            Desk.id,
            Desk.code,
            Desk.kind,
            Desk.zone,
            Desk.plan_x,
            Desk.plan_y,
            Desk.in_service_from,
            Desk.in_service_until,
        )
        .outerjoin(Desk, placed)
        .where(Floor.workspace_id == workspace.id, Floor.plan_sha256.is_not(None))
        .order_by(Floor.position, Floor.name, Floor.id, Desk.code)
    ).all()
    floors: dict[int, FloorPlan] = {}
    for floor_id, name, width, height, sha, desk_id, *desk in rows:
        plan = floors.get(floor_id)
        if plan is None:
            if not (width and height and width > 0 and height > 0):
                width, height = DEFAULT_SIZE
            plan = floors[floor_id] = FloorPlan(floor_id, name, width, height, sha)
        if desk_id is not None:
            code, kind, zone, x, y, since, until = desk
            plan.desks.append(
                PlacedDesk(desk_id, code, kind, zone, min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0), since, until)
            )
    return list(floors.values())
