"""JSON API: a workspace's floors, their plan images and the desks on them (issue 20).

The plan is uploaded as the request body itself (``PUT …/floors/<id>/plan`` with the image's
``Content-Type``), at most ``plans.PLAN_MAX_BYTES``: larger than the app's usual request limit,
so this route raises the limit for itself and answers ``invalid_plan`` (422) above it."""

from __future__ import annotations

from flask import g, request, url_for
from flask.views import MethodView

from coworking.apibase import ApiBlueprint
from coworking.db import utcnow
from coworking.web.auth import token_required
from coworking.workspaces import floors, plans, schemas, services
from coworking.workspaces.models import Floor, Workspace

blp = ApiBlueprint("api_floors", __name__, url_prefix="/api/v1/workspaces", description="Floors and their plans")


def floor_json(workspace: Workspace, view: floors.FloorView) -> dict:
    floor = view.floor
    return {
        "id": floor.id,
        "name": floor.name,
        "position": floor.position,
        "plan_url": plan_url(workspace, floor),
        "plan_type": floor.plan_type,
        "plan_width": floor.plan_width,
        "plan_height": floor.plan_height,
        "desks": [{"id": d.id, "code": d.code, "x": d.plan_x, "y": d.plan_y} for d in view.desks],
    }


def plan_url(workspace: Workspace, floor: Floor) -> str | None:
    if floor.plan_sha256 is None:
        return None
    return url_for("floor_plans.image", slug=workspace.slug, floor_id=floor.id)


def _one(workspace: Workspace, floor_id: int) -> dict:
    view = next(v for v in floors.floors_of(workspace) if v.floor.id == floor_id)
    return floor_json(workspace, view)


def read_plan_body() -> bytes:
    """The request body, up to the plan limit (``invalid_plan`` beyond it, never a 413)."""
    plans.check_size(request.content_length)
    request.max_content_length = plans.PLAN_MAX_BYTES + 1
    data = request.stream.read(plans.PLAN_MAX_BYTES + 1)
    plans.check_size(len(data))
    return data


@blp.route("/<slug>/floors")
class Floors(MethodView):
    decorators = [token_required]

    @blp.response(200, schemas.FloorSchema(many=True))
    def get(self, slug):
        """The workspace's floors in order, each with its plan's URL and its desks' places
        (anyone signed in: members choose desks on the plan)."""
        workspace = services.get_workspace(slug)
        return [floor_json(workspace, view) for view in floors.floors_of(workspace)]

    @blp.arguments(schemas.FloorCreateSchema)
    @blp.response(201, schemas.FloorSchema)
    @blp.alt_response(409, description="conflict: the workspace already has a floor of that name")
    def post(self, data, slug):
        """Add a floor (its managers, admins); its plan is uploaded with PUT …/plan."""
        workspace = services.get_workspace(slug)
        floor = floors.create_floor(g.user, workspace, data["name"], utcnow())
        return _one(workspace, floor.id)


PLAN_BODY = {
    "required": True,
    "description": "The image itself: PNG, JPEG or SVG (sanitised: static drawing only), at most 5 MB",
    "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in plans.PLAN_TYPES},
}


@blp.route("/<slug>/floors/<int:floor_id>/plan", methods=["PUT"])
@token_required
@blp.doc(requestBody=PLAN_BODY)
@blp.response(200, schemas.FloorSchema)
@blp.alt_response(422, description="invalid_plan: not a PNG, JPEG or safe SVG of its declared type, or over 5 MB")
def put_plan(slug, floor_id):
    """Upload or replace the floor's plan (its managers, admins). The desks keep their places
    (relative to the plan). A refused image changes nothing."""
    workspace = services.get_workspace(slug)
    floor = floors.get_floor(workspace, floor_id)
    floors.check_may_change(g.user, floor)
    floors.upload_plan(g.user, floor, read_plan_body(), request.content_type, utcnow())
    return _one(workspace, floor.id)
