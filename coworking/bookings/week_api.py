"""JSON API: a workspace's week, part by part (``GET /api/v1/workspaces/<slug>/week``)."""

from __future__ import annotations

from flask import g

from coworking.apibase import ApiBlueprint, shaped
from coworking.bookings import schemas
from coworking.bookings.week import week_availability
from coworking.db import utcnow
from coworking.web.auth import token_required
from coworking.workspaces import services as workspace_services

# Under the workspace's path and documented with it, like the day's availability.
week_blp = ApiBlueprint(
    "api_week", __name__, url_prefix="/api/v1/workspaces", description="A workspace's free desks over a week"
)


def week_json(week) -> dict:
    tz = week.workspace.tz
    return {
        "start": week.start.isoformat(),
        "days": [
            {
                "date": day.day.isoformat(),
                "open": [{"start": f"{s:%H:%M}", "end": f"{e:%H:%M}"} for s, e in day.open],
                "parts": [
                    {
                        "start": part.start.astimezone(tz).isoformat(),
                        "end": part.end.astimezone(tz).isoformat(),
                        "free_desks": part.free_desks,
                    }
                    for part in day.parts
                ],
            }
            for day in week.days
        ],
    }


@week_blp.route("/<slug>/week", tags=["api_workspaces"])
@token_required
@week_blp.arguments(schemas.WeekQuerySchema, location="query")
@week_blp.response(200, schemas.WeekSchema)
def week(args, slug):
    """Seven days from ``start``: each day's opening hours (local times) and, for its morning
    (opening until 13:00) and afternoon (13:00 until closing), how many desks are free for the
    whole part."""
    workspace = workspace_services.get_workspace(slug, with_hours=True, with_closures=False)
    return shaped(week_json(week_availability(g.user, workspace, args["start"], utcnow())))
