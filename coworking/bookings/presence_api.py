"""JSON API: who is in at a workspace on a day (``GET /api/v1/workspaces/<slug>/presence``)."""

from __future__ import annotations

from flask import g

from coworking.apibase import ApiBlueprint, shaped
from coworking.bookings.presence import who_is_in
from coworking.bookings.presence_schemas import PresenceQuerySchema, PresenceSchema
from coworking.db import utcnow
from coworking.web.auth import token_required
from coworking.workspaces import services as workspace_services

# Under the workspace's path, documented with it (as availability and the week).
blp = ApiBlueprint(
    "api_presence", __name__, url_prefix="/api/v1/workspaces", description="Who is in at a workspace on a day"
)


def presence_json(view) -> list[dict]:
    tz = view.workspace.tz
    return [
        {
            "desk": {"id": e.desk_id, "code": e.desk_code},
            "name": e.name,
            "start": e.start.astimezone(tz).isoformat(),
            "end": e.end.astimezone(tz).isoformat(),
            "mine": e.mine,
        }
        for e in view.entries
    ]


@blp.route("/<slug>/presence", tags=["api_workspaces"])
@token_required
@blp.arguments(PresenceQuerySchema, location="query")
@blp.response(200, PresenceSchema(many=True))
def presence(args, slug):
    """The day's bookings whose members the caller may see, by start: members who chose to be
    visible (first name) and the caller's own; every booking (full name) for the workspace's
    managers and admins."""
    workspace = workspace_services.get_workspace(slug, with_hours=True, with_closures=False)
    now = utcnow()
    day = args["date"] or now.astimezone(workspace.tz).date()
    return shaped(presence_json(who_is_in(g.user, workspace, day, now)))
