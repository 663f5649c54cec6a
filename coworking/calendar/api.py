"""JSON API: the caller's calendar feed URLs, and rotating them."""

from __future__ import annotations

from flask import g
from marshmallow import Schema, fields

from coworking.accounts import permissions
from coworking.apibase import ApiBlueprint
from coworking.calendar import services
from coworking.calendar.urls import member_feed_url, workspace_feed_url
from coworking.web.auth import token_required

blp = ApiBlueprint("api_me", __name__, url_prefix="/api/v1/me", description="The caller's own settings")


class CalendarSchema(Schema):
    feed_url = fields.String(metadata={"description": "Secret subscription URL of the caller's bookings"})
    workspace_feeds = fields.Dict(
        keys=fields.String(), values=fields.String(), metadata={"description": "Managers: slug → feed URL"}
    )


class RotatedSchema(Schema):
    feed_url = fields.String()


@blp.route("/calendar", methods=["GET"])
@token_required
@blp.response(200, CalendarSchema)
def calendar_urls():
    """The caller's feed URL (and, for managers, one per workspace they manage)."""
    data = {"feed_url": member_feed_url(g.user)}
    workspaces = permissions.managed_workspaces(g.user)
    if workspaces:
        data["workspace_feeds"] = {w.slug: workspace_feed_url(g.user, w) for w in workspaces}
    return data


@blp.route("/calendar/rotate", methods=["POST"])
@token_required
@blp.response(201, RotatedSchema)
def rotate():
    """New feed URLs; the old ones stop working at once."""
    services.rotate(g.user)
    return {"feed_url": member_feed_url(g.user)}
