"""JSON API: book, list, read and cancel bookings; a workspace's availability on a day."""

from __future__ import annotations

from datetime import datetime

from flask import g

from coworking.apibase import ApiBlueprint, shaped
from coworking.bookings import checkin, guests, schemas, services
from coworking.bookings.guest_rules import MEETING_ROOM
from coworking.bookings.models import Booking
from coworking.bookings.queries import day_availability
from coworking.db import utcnow
from coworking.web.auth import token_required
from coworking.workspaces import services as workspace_services

blp = ApiBlueprint("api_bookings", __name__, url_prefix="/api/v1/bookings", description="Bookings")
guests_blp = ApiBlueprint(
    "api_guests", __name__, url_prefix="/api/v1/guests", description="Finding members to invite to a meeting room"
)
# Under the workspace's path and documented with it (the operation keeps the "api_workspaces"
# tag, so generated clients group it as before), but read from the workspace's bookings.
availability_blp = ApiBlueprint(
    "api_availability", __name__, url_prefix="/api/v1/workspaces", description="A workspace's free and booked desks"
)


def booking_json(booking: Booking | services.BookingListRow, viewer) -> dict:
    if isinstance(booking, Booking):
        booking = services.BookingListRow.of(booking, with_member_name=viewer.id != booking.member_id)
    tz = booking.tz

    def iso(instant):
        return instant.astimezone(tz).isoformat() if instant else None

    data = {
        "id": str(booking.uuid),
        "desk": {"id": booking.desk_id, "code": booking.desk_code},
        "workspace": booking.workspace_slug,
        "start": iso(booking.starts_at),
        "end": iso(booking.ends_at),
        "status": booking.status,
        "sequence": booking.sequence,
        "created_at": iso(booking.created_at),
        "cancelled_at": iso(booking.cancelled_at),
        "cancel_reason": booking.cancel_reason,
        "note": booking.note,
        "series": str(booking.series_id) if booking.series_id else None,
        "checked_in_at": iso(booking.checked_in_at),
        "released_at": iso(booking.released_at),
    }
    if viewer.id != booking.member_id:
        data["member"] = {"id": booking.member_id, "name": booking.member_name}
    return data


def booking_detail_json(booking: Booking, viewer) -> dict:
    """One booking with its guests (a meeting room's; none for a desk): every viewer of a
    booking (its member, the workspace's managers, the guests) sees them."""
    data = booking_json(booking, viewer)
    rows = guests.guest_rows(booking) if booking.desk.kind == MEETING_ROOM else []
    data["guests"] = [{k: v for k, v in row.items() if k != "guest_id"} for row in rows]
    return data


@blp.route("", methods=["POST"])
@token_required
@blp.arguments(schemas.BookingCreateSchema)
@blp.response(201, schemas.BookingDetailSchema)
@blp.alt_response(409, description="desk_taken or member_busy")
@blp.alt_response(422, description="A booking rule is broken (see the error code; over_capacity: too many guests)")
def create_booking(data):
    """Book a desk for the caller; a meeting room with its guests (each invited by mail)."""
    # The answer is built from the new row inside the unit of work, before the commit expires
    # it: no second read of what was just written.
    booking = guests.book_with_guests(
        g.user,
        desk_id=data["desk_id"],
        start=data["start"],
        end=data["end"],
        note=data["note"],
        guests=guests.refs_from_json(data["guests"]),
        now=utcnow(),
    )
    return shaped(booking_detail_json(booking, g.user), 201)


@blp.route("", methods=["GET"])
@token_required
@blp.arguments(schemas.BookingListQuerySchema, location="query")
@blp.response(200, schemas.BookingSchema(many=True))
def list_bookings(args):
    """The caller's bookings; managers may ask for a workspace's (``workspace=<slug>``)."""
    bookings = services.list_bookings(
        g.user, first=args["from_"], last=args["to"], status=args["status"], workspace_slug=args["workspace"]
    )
    return shaped([booking_json(b, g.user) for b in bookings])


@blp.route("/<booking_id>", methods=["GET"])
@token_required
@blp.response(200, schemas.BookingDetailSchema)
def get_booking(booking_id):
    """One booking: for its member, that workspace's managers and admins, and its guests."""
    return booking_detail_json(services.get_booking(g.user, booking_id), g.user)


@blp.route("/<booking_id>", methods=["DELETE"])
@token_required
@blp.response(200, schemas.BookingDetailSchema)
def cancel_booking(booking_id):
    """Cancel (kept as cancelled; doing it twice is harmless). Its guests are told."""
    booking = services.cancel(g.user, booking_id, now=utcnow())
    return booking_detail_json(services.get_booking(g.user, str(booking.uuid)), g.user)


@blp.route("/<booking_id>/guests", methods=["PUT"])
@token_required
@blp.arguments(schemas.GuestsSchema)
@blp.response(200, schemas.BookingDetailSchema)
@blp.alt_response(403, description="Only the booking's member changes its guests")
@blp.alt_response(422, description="over_capacity, or a guest that cannot be invited")
def put_guests(data, booking_id):
    """Replace a meeting room's guest list (its member): the added are invited (REQUEST),
    the removed told (CANCEL)."""
    booking = guests.change_guests(g.user, booking_id, guests.refs_from_json(data["guests"]), utcnow())
    return shaped(booking_detail_json(booking, g.user))


@guests_blp.route("/candidates", methods=["GET"])
@token_required
@guests_blp.arguments(schemas.CandidateQuerySchema, location="query")
@guests_blp.response(200, schemas.CandidateSchema(many=True))
def guest_candidates(args):
    """Members who may be invited by name: those who chose to be visible to members, whose
    name contains ``q`` (two characters at least; ten at most, by name)."""
    return shaped([c._asdict() for c in guests.find_members(g.user, args["q"])])


@blp.route("/<booking_id>/check-in", methods=["POST"])
@token_required
@blp.response(200, schemas.BookingSchema)
@blp.alt_response(409, description="not_active: the booking is cancelled or released")
@blp.alt_response(422, description="check_in_closed: outside the check-in window")
def check_in(booking_id):
    """Check in to one's own booking (from ``check_in_opens_minutes`` before its start until
    ``check_in_grace_minutes`` after it when the workspace requires check-in, until its end
    otherwise). Checking in twice is harmless."""
    return shaped(booking_json(checkin.check_in(g.user, booking_id, utcnow()), g.user))


@availability_blp.route("/<slug>/availability", tags=["api_workspaces"])
@token_required
@availability_blp.arguments(schemas.AvailabilityQuerySchema, location="query")
@availability_blp.response(200, schemas.AvailabilitySchema)
def availability(args, slug):
    """Free and booked intervals of every desk in service on a local date."""
    workspace = workspace_services.get_workspace(
        slug, with_hours=True, with_closures=False
    )  # the day's closures: below
    day = day_availability(g.user, workspace, args["date"], utcnow())
    tz = workspace.tz
    seen: dict[datetime, str] = {}  # the same few boundaries recur on every desk

    def iso(instant):
        text = seen.get(instant)
        if text is None:
            text = seen[instant] = instant.astimezone(tz).isoformat()
        return text

    return shaped(
        {
            "date": day.day.isoformat(),
            "timezone": workspace.timezone,
            "closed": day.closed,
            "open": [{"start": iso(s), "end": iso(e)} for s, e in day.open],
            "desks": [
                {
                    "id": d.desk.id,
                    "code": d.desk.code,
                    "kind": d.desk.kind,
                    "zone": d.desk.zone,
                    "free": [{"start": iso(s), "end": iso(e)} for s, e in d.free],
                    "booked": [{"start": iso(b.start), "end": iso(b.end), "mine": b.mine} for b in d.booked],
                }
                for d in day.desks
            ],
        }
    )
