"""JSON API: workspaces, desks and closures (a day's availability: ``bookings.api``)."""

from __future__ import annotations

from flask import g
from flask.views import MethodView

from coworking.apibase import ApiBlueprint
from coworking.db import utcnow
from coworking.web.auth import token_required
from coworking.workspaces import closures, desks, floors, outages, schemas, services
from coworking.workspaces.models import Desk, Workspace
from coworking.workspaces.outage_schemas import outage_json

blp = ApiBlueprint("api_workspaces", __name__, url_prefix="/api/v1/workspaces", description="Workspaces and desks")


def workspace_json(workspace: Workspace, desk_count: int | None = None, *, detail: bool = False) -> dict:
    data = {
        "slug": workspace.slug,
        "name": workspace.name,
        "city": workspace.city,
        "country": workspace.country,
        "timezone": workspace.timezone,
        "currency": workspace.currency,
        "address": workspace.address,
        "default_language": workspace.default_language,
    }
    if desk_count is not None:
        data["desk_count"] = desk_count
    if detail:
        data["id"] = workspace.id
        data["price_per_desk_day"] = workspace.price_per_desk_day
        data["opening_hours"] = [
            {"weekday": h.weekday, "open": f"{h.opens_at:%H:%M}", "close": f"{h.closes_at:%H:%M}"}
            for h in workspace.opening_hours
        ]
        data["policy"] = dict(workspace.policy.__dict__)
        data["mail_from"] = workspace.mail_from
    return data


def desk_json(desk: Desk, now) -> dict:
    today = now.astimezone(desk.workspace.tz).date()
    return {
        "id": desk.id,
        "code": desk.code,
        "kind": desk.kind,
        "zone": desk.zone,
        "in_service": desk.in_service_on(today),
        "in_service_from": desk.in_service_from,
        "in_service_until": desk.in_service_until,
        "capacity": desk.capacity,
        "amenities": desk.amenities,
        "outages": [outage_json(o) for o in outages.current_and_coming(desk, today)],
        "floor": desk.floor_id,
        "x": desk.plan_x,
        "y": desk.plan_y,
    }


def _detail(slug: str) -> dict:
    now = utcnow()
    workspace = services.get_workspace(slug, with_hours=True)
    count = sum(1 for d in services.desks_of(workspace) if d.in_service_on(now.astimezone(workspace.tz).date()))
    return workspace_json(workspace, count, detail=True)


@blp.route("")
class Workspaces(MethodView):
    decorators = [token_required]

    @blp.response(200, schemas.WorkspaceSchema(many=True))
    def get(self):
        """All workspaces, with the number of desks in service today."""
        return [workspace_json(s.workspace, s.desk_count) for s in services.list_workspaces(utcnow())]

    @blp.arguments(schemas.WorkspaceCreateSchema)
    @blp.response(201, schemas.WorkspaceDetailSchema)
    def post(self, data):
        """Create a workspace (admins)."""
        workspace = services.create_workspace(g.user, data, utcnow())
        return _detail(workspace.slug)


@blp.route("/<slug>")
class WorkspaceDetail(MethodView):
    decorators = [token_required]

    @blp.response(200, schemas.WorkspaceDetailSchema)
    def get(self, slug):
        """One workspace with its opening hours and booking policy."""
        return _detail(slug)

    @blp.arguments(schemas.WorkspacePatchSchema)
    @blp.response(200, schemas.WorkspaceDetailSchema)
    def patch(self, data, slug):
        """Change opening hours, booking policy and/or the mailbox (its managers, admins)."""
        services.update_workspace(g.user, services.get_workspace(slug, with_hours=True), data, utcnow())
        return _detail(slug)


@blp.route("/<slug>/desks")
class Desks(MethodView):
    decorators = [token_required]

    @blp.response(200, schemas.DeskSchema(many=True))
    def get(self, slug):
        """The workspace's desks (also those out of service)."""
        now = utcnow()
        return [desk_json(d, now) for d in services.desks_of(services.get_workspace(slug))]

    @blp.arguments(schemas.DeskCreateSchema)
    @blp.response(201, schemas.DeskSchema)
    def post(self, data, slug):
        """Add a desk (its managers, admins). In service from today unless dates are given."""
        desk = services.add_desk(g.user, services.get_workspace(slug), data, utcnow())
        return desk_json(desk, utcnow())


@blp.route("/<slug>/desks/<int:desk_id>", methods=["PATCH"])
@token_required
@blp.arguments(schemas.DeskPatchSchema)
@blp.response(200, schemas.DeskChangedSchema)
@blp.alt_response(409, description="desk_code_taken: another desk of the workspace has that code")
@blp.alt_response(422, description="past_is_kept: the service period of days before today cannot change")
def update_desk(data, slug, desk_id):
    """Change a desk (its managers, admins): its fields, and its place (``floor``, ``x`` and
    ``y`` together, 0–1 on the floor's plan; a floor of another workspace is refused).
    Shortening its service period cancels the confirmed bookings on the days it leaves (each
    member mailed, with ``reason``); days before today keep the service they had."""
    now = utcnow()
    reason = data.pop("reason", "")
    workspace = services.get_workspace(slug)
    desk = desks.get_desk(workspace, desk_id)
    place = {key: data.pop(key) for key in ("x", "y") if key in data}
    if "floor" in data:
        place["floor"] = floors.floor_named_in_request(workspace, data.pop("floor"))
    cancelled = 0
    if place:
        floors.place_desk(g.user, desk, now, **place)
    if data or not place:
        cancelled = desks.update_desk(g.user, desk, data, now, reason=reason).cancelled_bookings
    return {**desk_json(desk, now), "cancelled_bookings": cancelled}


@blp.route("/<slug>/closures", methods=["GET"])
@token_required
@blp.arguments(schemas.ClosureListQuerySchema, location="query")
@blp.response(200, schemas.ClosureListItemSchema(many=True))
def list_closures(args, slug):
    """The workspace's closures by start date (anyone signed in: members see when it is closed)."""
    return closures.list_closures(services.get_workspace(slug), since=args["since"])


@blp.route("/<slug>/closures/<int:closure_id>", methods=["DELETE"])
@token_required
@blp.response(200, schemas.ClosureLiftedSchema)
@blp.alt_response(409, description="closure_over: the closure has ended; past days stay closed")
def lift_closure(slug, closure_id):
    """Lift a closure (its managers, admins): its days from today on open again, and the
    waitlist is served for them. The days already past stay closed."""
    now = utcnow()
    workspace = services.get_workspace(slug)
    lifted = closures.lift_closure(g.user, workspace, closure_id, now)
    return {
        "id": lifted.closure_id,
        "lifted": True,
        "start_date": lifted.kept[0] if lifted.kept else None,
        "end_date": lifted.kept[1] if lifted.kept else None,
        "reason": lifted.reason,
        "open_from": lifted.open_from,
    }


@blp.route("/<slug>/closures", methods=["POST"])
@token_required
@blp.arguments(schemas.ClosureCreateSchema)
@blp.response(201, schemas.ClosureSchema)
def create_closure(data, slug):
    """Close the workspace on a date range (inclusive); cancels the bookings inside."""
    closure, cancelled = services.add_closure(
        g.user,
        services.get_workspace(slug),
        start_date=data["start_date"],
        end_date=data["end_date"],
        reason=data["reason"],
        now=utcnow(),
    )
    return {
        "id": closure.id,
        "start_date": closure.start_date,
        "end_date": closure.end_date,
        "reason": closure.reason,
        "cancelled_bookings": cancelled,
    }
