"""Marshmallow schemas for the workspaces API (they validate input and write the OpenAPI)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from coworking.workspaces.desks import AMENITIES_MAX, AMENITY_MAX, CAPACITY_MAX, CODE_MAX, REASON_MAX, ZONE_MAX
from coworking.workspaces.outage_schemas import OutageSchema
from coworking.workspaces.rules import DESK_KINDS, FIRST_DATE, LAST_DATE, BookingPolicy

DB_ID = validate.Range(1, 2**31 - 1, error="Unknown id.")


def calendar_date(**kw) -> fields.Date:
    """An ISO date within the years the app handles (others are a 422, never an overflow)."""
    return fields.Date(validate=validate.Range(FIRST_DATE, LAST_DATE), **kw)


HHMM = validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", error="Use HH:MM.")


class OpeningHoursSchema(Schema):
    weekday = fields.Integer(required=True, validate=validate.Range(0, 6), metadata={"description": "0 = Monday"})
    open = fields.String(required=True, validate=HHMM, metadata={"example": "09:00"})
    close = fields.String(required=True, validate=HHMM, metadata={"example": "18:00"})


def _policy_fields(required: bool) -> dict:
    numbers = {
        name: fields.Integer(required=required, strict=True, validate=validate.Range(low, high))
        for name, (low, high) in BookingPolicy.LIMITS.items()
    }
    flags = {name: fields.Boolean(required=required, truthy={True}, falsy={False}) for name in BookingPolicy.FLAGS}
    return numbers | flags


PolicySchema = Schema.from_dict(_policy_fields(False), name="Policy")


class WorkspaceSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    city = fields.String(required=True)
    country = fields.String(required=True)
    timezone = fields.String(required=True)
    currency = fields.String(required=True)
    desk_count = fields.Integer(metadata={"description": "Desks in service today"})
    address = fields.String()
    default_language = fields.String()


class WorkspaceDetailSchema(WorkspaceSchema):
    id = fields.Integer()
    opening_hours = fields.List(fields.Nested(OpeningHoursSchema))
    policy = fields.Nested(PolicySchema)
    price_per_desk_day = fields.Decimal(as_string=True)
    mail_from = fields.String(
        allow_none=True, metadata={"description": "The workspace's mailbox (sender of its booking mails), or null"}
    )


SLUG = validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,62}$", error="Lower-case letters, digits and hyphens.")


class WorkspaceCreateSchema(Schema):
    slug = fields.String(required=True, validate=SLUG)
    name = fields.String(required=True, validate=validate.Length(1, 200))
    city = fields.String(required=True, validate=validate.Length(1, 100))
    country = fields.String(required=True, validate=validate.Length(2, 2))
    timezone = fields.String(required=True, validate=validate.Length(1, 64))
    currency = fields.String(required=True, validate=validate.Length(3, 3))
    address = fields.String(load_default="", validate=validate.Length(max=300))
    default_language = fields.String(load_default="en", validate=validate.OneOf(["en", "nl", "fr", "de"]))
    price_per_desk_day = fields.Decimal(places=2, as_string=True, metadata={"example": "25.00"})
    opening_hours = fields.List(fields.Nested(OpeningHoursSchema), required=True)
    policy = fields.Nested(PolicySchema, load_default=dict)
    mail_from = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=320))


class WorkspacePatchSchema(Schema):
    name = fields.String(validate=validate.Length(1, 200))
    city = fields.String(validate=validate.Length(1, 100))
    address = fields.String(validate=validate.Length(max=300))
    default_language = fields.String(validate=validate.OneOf(["en", "nl", "fr", "de"]))
    opening_hours = fields.List(fields.Nested(OpeningHoursSchema))
    policy = fields.Nested(PolicySchema)
    mail_from = fields.Email(
        allow_none=True,
        validate=validate.Length(max=320),
        metadata={"description": "The mailbox booking mails come from (a bare address); null: the app's"},
    )


class DeskSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    kind = fields.String(metadata={"enum": list(DESK_KINDS)})
    zone = fields.String()
    in_service = fields.Boolean(metadata={"description": "In service today"})
    in_service_from = fields.Date()
    in_service_until = fields.Date(allow_none=True)
    capacity = fields.Integer()
    amenities = fields.List(fields.String())
    outages = fields.List(
        fields.Nested(OutageSchema), metadata={"description": "Its current and coming outages (out of service)"}
    )
    floor = fields.Integer(allow_none=True, metadata={"description": "The floor it is on; null: none"})
    x = fields.Float(allow_none=True, metadata={"description": "Place on the floor's plan, 0–1 from the left"})
    y = fields.Float(allow_none=True, metadata={"description": "Place on the floor's plan, 0–1 from the top"})


class DeskChangedSchema(DeskSchema):
    cancelled_bookings = fields.Integer(metadata={"description": "Bookings cancelled on the days it left service"})


class DeskCreateSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(1, 32))
    kind = fields.String(required=True, validate=validate.OneOf(DESK_KINDS))
    zone = fields.String(load_default="", validate=validate.Length(max=100))
    in_service_from = calendar_date(load_default=None)
    in_service_until = calendar_date(load_default=None)
    capacity = fields.Integer(
        load_default=1,
        validate=validate.Range(1, 200),
        metadata={"description": "People it holds; a meeting room's booker and guests together (at most this)"},
    )
    amenities = fields.List(fields.String(validate=validate.Length(1, 50)), load_default=list)


class DeskPatchSchema(Schema):
    """``PATCH /api/v1/workspaces/<slug>/desks/<id>``: the fields to change, each optional.
    The limits are ``workspaces.desks``' (the pages use the same service). Extend it with a
    subclass or new fields (e.g. ``capacity``); ``desks.EDITABLE`` lists what the service takes."""

    code = fields.String(validate=validate.Length(1, CODE_MAX))
    kind = fields.String(validate=validate.OneOf(DESK_KINDS))
    zone = fields.String(validate=validate.Length(max=ZONE_MAX))
    amenities = fields.List(
        fields.String(validate=validate.Length(1, AMENITY_MAX)), validate=validate.Length(max=AMENITIES_MAX)
    )
    in_service_from = calendar_date(metadata={"description": "First day in service"})
    in_service_until = calendar_date(
        allow_none=True, metadata={"description": "Last day in service (inclusive); null: no end"}
    )
    capacity = fields.Integer(
        strict=True,
        validate=validate.Range(1, CAPACITY_MAX),
        metadata={"description": "People it holds; a meeting room's booker and guests together"},
    )
    floor = fields.Integer(allow_none=True, metadata={"description": "A floor of the workspace; null: on none"})
    x = fields.Float(
        allow_none=True,
        validate=validate.Range(0, 1),
        metadata={"description": "Place on the plan, 0–1 from the left; with y (both null: not placed)"},
    )
    y = fields.Float(allow_none=True, validate=validate.Range(0, 1), metadata={"description": "0–1 from the top"})
    reason = fields.String(
        load_default="",
        validate=validate.Length(max=REASON_MAX),
        metadata={
            "description": "Why the service period changes (repairs…): kept with the desk, "
            "told to members whose bookings it cancels"
        },
    )


class ClosureCreateSchema(Schema):
    start_date = calendar_date(required=True)
    end_date = calendar_date(required=True)
    reason = fields.String(load_default="", validate=validate.Length(max=300))


class ClosureSchema(Schema):
    id = fields.Integer()
    start_date = fields.Date()
    end_date = fields.Date()
    reason = fields.String()
    cancelled_bookings = fields.Integer(metadata={"description": "Bookings this closure cancelled"})


class ClosureListItemSchema(Schema):
    id = fields.Integer()
    start_date = fields.Date()
    end_date = fields.Date(metadata={"description": "Last closed day (inclusive)"})
    reason = fields.String()
    created_at = fields.DateTime()


class ClosureListQuerySchema(Schema):
    since = calendar_date(
        load_default=None, metadata={"description": "Only closures ending on or after this date (default: all)"}
    )


class ClosureLiftedSchema(Schema):
    id = fields.Integer()
    lifted = fields.Boolean(metadata={"description": "Always true"})
    start_date = fields.Date(allow_none=True, metadata={"description": "What stays closed (past days); null: none"})
    end_date = fields.Date(allow_none=True)
    reason = fields.String()
    open_from = fields.Date(metadata={"description": "The first day open again"})


class FloorDeskSchema(Schema):
    id = fields.Integer()
    code = fields.String()
    x = fields.Float(allow_none=True, metadata={"description": "0–1 from the plan's left; null: not placed"})
    y = fields.Float(allow_none=True, metadata={"description": "0–1 from the plan's top; null: not placed"})


class FloorSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    position = fields.Integer(metadata={"description": "Order among the workspace's floors"})
    plan_url = fields.String(allow_none=True, metadata={"description": "The plan image; null: none uploaded yet"})
    plan_type = fields.String(allow_none=True)
    plan_width = fields.Integer(allow_none=True)
    plan_height = fields.Integer(allow_none=True)
    desks = fields.List(fields.Nested(FloorDeskSchema), metadata={"description": "The desks on this floor"})


class FloorCreateSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(1, 100))
