"""JSON API: a desk's outages (out of service from–until, with a reason). Its managers (admins:
all) add and lift them; anyone signed in reads them (members see why a desk is not offered)."""

from __future__ import annotations

from flask import g

from coworking.apibase import ApiBlueprint
from coworking.db import utcnow
from coworking.web.auth import token_required
from coworking.workspaces import desks, outage_schemas, outages, services

blp = ApiBlueprint(
    "api_desk_outages", __name__, url_prefix="/api/v1/workspaces", description="Desks out of service (outages)"
)


@blp.route("/<slug>/desks/<int:desk_id>/outages", methods=["GET"])
@token_required
@blp.arguments(outage_schemas.OutageListQuerySchema, location="query")
@blp.response(200, outage_schemas.OutageSchema(many=True))
def list_outages(args, slug, desk_id):
    """The desk's current and coming outages by first day (``all``: past ones too)."""
    workspace = services.get_workspace(slug)
    desk = desks.get_desk(workspace, desk_id)
    if args["all"]:
        return [outage_schemas.outage_json(o) for o in desk.outages]
    today = utcnow().astimezone(workspace.tz).date()
    return [outage_schemas.outage_json(o) for o in outages.current_and_coming(desk, today)]


@blp.route("/<slug>/desks/<int:desk_id>/outages", methods=["POST"])
@token_required
@blp.arguments(outage_schemas.OutageCreateSchema)
@blp.response(201, outage_schemas.OutageAddedSchema)
@blp.alt_response(409, description="outage_overlaps: another outage of the desk covers some of those days")
@blp.alt_response(422, description="past_is_kept: the first day is before today")
def add_outage(data, slug, desk_id):
    """Take the desk out of service from ``first_day`` to ``last_day`` (inclusive) because of
    ``reason`` (its managers, admins). Its confirmed bookings on those days are cancelled and
    each member is mailed with the reason."""
    workspace = services.get_workspace(slug)
    desk = desks.get_desk(workspace, desk_id)
    added = outages.add_outage(g.user, desk, data["first_day"], data["last_day"], data["reason"], utcnow())
    return {**outage_schemas.outage_json(added.outage), "cancelled_bookings": added.cancelled_bookings}


@blp.route("/<slug>/desks/<int:desk_id>/outages/<int:outage_id>", methods=["DELETE"])
@token_required
@blp.response(200, outage_schemas.OutageLiftedSchema)
@blp.alt_response(409, description="outage_over: the outage has ended; past days stay as they were")
def lift_outage(slug, desk_id, outage_id):
    """Lift an outage (its managers, admins): the desk is back in service from today (an outage
    not started is deleted; one under way ends yesterday). The waitlist is served for those days."""
    workspace = services.get_workspace(slug)
    desk = desks.get_desk(workspace, desk_id)
    lifted = outages.lift_outage(g.user, desk, outage_id, utcnow())
    return {
        "id": lifted.outage_id,
        "lifted": True,
        "first_day": lifted.kept[0] if lifted.kept else None,
        "last_day": lifted.kept[1] if lifted.kept else None,
        "reason": lifted.reason,
        "back_in_service_from": lifted.back_from,
    }
