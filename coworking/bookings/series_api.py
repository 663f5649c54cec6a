"""JSON API of series of bookings: book several dates or a weekly repeat at once, read a
series, cancel its occurrences from a date on."""

from __future__ import annotations

from flask import g

from coworking.apibase import ApiBlueprint, shaped
from coworking.bookings import schemas, series
from coworking.bookings.api import booking_json
from coworking.bookings.series_rules import Repeat
from coworking.db import utcnow
from coworking.web.auth import token_required

blp = ApiBlueprint("api_series", __name__, url_prefix="/api/v1/series", description="Series of bookings")


def series_json(found: series.SeriesResult, viewer) -> dict:
    s = found.series
    tz = s.workspace.tz
    return {
        "id": str(s.id),
        "workspace": s.workspace.slug,
        "member": {"id": s.member_id, "name": s.member.name},
        "created_at": s.created_at.astimezone(tz).isoformat(),
        "bookings": [booking_json(b, viewer) for b in found.bookings],
        "skipped": [skip.as_json() for skip in found.skipped],
    }


@blp.route("", methods=["POST"])
@token_required
@blp.arguments(schemas.SeriesCreateSchema)
@blp.response(201, schemas.SeriesSchema)
@blp.alt_response(409, description="desk_taken or member_busy (with conflicts: every refused date)")
@blp.alt_response(422, description="A booking rule is broken (with conflicts), or more than 60 bookings")
def create_series(data):
    """Book a desk for the caller on several dates, or weekly, at the same local times."""
    repeat = data["repeat"]
    found = series.book_series(
        g.user,
        desk_id=data["desk_id"],
        start=data["start"],
        end=data["end"],
        note=data["note"],
        now=utcnow(),
        dates=data["dates"],
        repeat=Repeat(frozenset(repeat["weekdays"]), repeat["until"]) if repeat else None,
        on_conflict=data["on_conflict"],
    )
    return shaped(series_json(found, g.user), 201)


@blp.route("/<series_id>", methods=["GET"])
@token_required
@blp.response(200, schemas.SeriesSchema)
def get_series(series_id):
    """A series and its bookings: for its member, that workspace's managers and admins."""
    return shaped(series_json(series.get_series(g.user, series_id), g.user))


@blp.route("/<series_id>", methods=["DELETE"])
@token_required
@blp.arguments(schemas.SeriesCancelQuerySchema, location="query")
@blp.response(200, schemas.SeriesSchema)
def cancel_series(args, series_id):
    """Cancel the confirmed bookings of the series on or after ``from`` (a local date; by
    default every one not started). Those that can no longer be cancelled stay."""
    found, cancelled = series.cancel_series(g.user, series_id, first=args["from_"], now=utcnow())
    return shaped({**series_json(found, g.user), "cancelled": [str(b.uuid) for b in cancelled]})
