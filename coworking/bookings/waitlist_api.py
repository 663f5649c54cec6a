"""JSON API of the waitlist: join it for a period when no desk is free, list mine, leave."""

from __future__ import annotations

from flask import g

from coworking.apibase import ApiBlueprint, shaped
from coworking.bookings import waitlist, waitlist_schemas
from coworking.db import utcnow
from coworking.web.auth import token_required

blp = ApiBlueprint("api_waitlist", __name__, url_prefix="/api/v1/waitlist", description="Waiting for a desk")


def entry_json(placed: waitlist.Placed) -> dict:
    entry = placed.entry
    tz = entry.workspace.tz
    return {
        "id": str(entry.uuid),
        "workspace": entry.workspace.slug,
        "start": entry.starts_at.astimezone(tz).isoformat(),
        "end": entry.ends_at.astimezone(tz).isoformat(),
        "desk_kind": entry.desk_kind,
        "position": placed.position,
        "status": entry.status,
        "booking": str(entry.booking.uuid) if entry.booking is not None else None,
        "created_at": entry.created_at.astimezone(tz).isoformat(),
    }


@blp.route("", methods=["POST"])
@token_required
@blp.arguments(waitlist_schemas.WaitlistJoinSchema)
@blp.response(201, waitlist_schemas.WaitlistEntrySchema)
@blp.alt_response(409, description="desk_available: a desk is free for the whole period")
@blp.alt_response(422, description="A booking rule about the period is broken (see the error code)")
def join(data):
    """Wait for a desk (of a kind, or any) in a workspace over a period."""
    placed = waitlist.join(g.user, data["workspace"], data["start"], data["end"], data["desk_kind"], utcnow())
    return shaped(entry_json(placed), 201)


@blp.route("", methods=["GET"])
@token_required
@blp.response(200, waitlist_schemas.WaitlistEntrySchema(many=True))
def mine():
    """The caller's waitlist entries (waiting, booked, left, expired)."""
    return shaped([entry_json(p) for p in waitlist.mine(g.user)])


@blp.route("/<entry_id>", methods=["DELETE"])
@token_required
@blp.response(200, waitlist_schemas.WaitlistEntrySchema)
def leave(entry_id):
    """Leave the line; others' entries are 404."""
    return shaped(entry_json(waitlist.leave(g.user, entry_id, utcnow())))
