"""Marshmallow schemas for the bookings API."""

from __future__ import annotations

from datetime import timedelta

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from coworking.bookings.guest_rules import MAX_GUESTS
from coworking.bookings.models import STATUSES
from coworking.dates import FIRST_DATE, LAST_DATE
from coworking.workspaces.schemas import DB_ID, calendar_date


class BookingTimesSchema(Schema):
    """A desk and a period: what a booking and a series have in common."""

    desk_id = fields.Integer(required=True, strict=True, validate=DB_ID)
    start = fields.String(
        required=True,
        validate=validate.Length(1, 40),
        metadata={
            "description": "ISO 8601; without an offset, the workspace's local time",
            "example": "2027-03-26T09:00",
        },
    )
    end = fields.String(required=True, validate=validate.Length(1, 40), metadata={"example": "2027-03-26T17:00"})
    note = fields.String(load_default="", validate=validate.Length(max=500))


class GuestRefSchema(Schema):
    """A guest to invite: a member by id (found by name) or anyone by email address (an
    active member's address invites that member)."""

    member_id = fields.Integer(strict=True, validate=DB_ID)
    email = fields.String(validate=validate.Length(3, 254))

    @validates_schema
    def _one_of(self, data, **_kw):
        if ("member_id" in data) == ("email" in data):
            raise ValidationError("Give either 'member_id' or 'email'.", "member_id")


def guest_list(**kw) -> fields.List:
    return fields.List(
        fields.Nested(GuestRefSchema),
        validate=validate.Length(max=MAX_GUESTS),
        metadata={"description": "Meeting rooms only; at most the room's capacity − 1 (over_capacity)"},
        **kw,
    )


class BookingCreateSchema(BookingTimesSchema):
    guests = guest_list(load_default=list)


class GuestsSchema(Schema):
    guests = guest_list(required=True)


class GuestSchema(Schema):
    member_id = fields.Integer(metadata={"description": "A member guest (with name)"})
    name = fields.String()
    email = fields.String(metadata={"description": "An outside guest"})


class CandidateSchema(Schema):
    id = fields.Integer(metadata={"description": "Give it as member_id"})
    name = fields.String()


class CandidateQuerySchema(Schema):
    q = fields.String(required=True, validate=validate.Length(1, 100), metadata={"description": "Part of a name"})


class DeskRefSchema(Schema):
    id = fields.Integer()
    code = fields.String()


class BookingSchema(Schema):
    id = fields.String(metadata={"description": "Public UUID (the iCalendar UID)"})
    desk = fields.Nested(DeskRefSchema)
    workspace = fields.String(metadata={"description": "Workspace slug"})
    start = fields.String(metadata={"description": "ISO 8601 with the workspace's UTC offset"})
    end = fields.String()
    status = fields.String(metadata={"enum": list(STATUSES)})
    sequence = fields.Integer()
    created_at = fields.String()
    cancelled_at = fields.String(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    note = fields.String()
    member = fields.Dict(metadata={"description": "Shown to managers: id and name"})
    series = fields.String(allow_none=True, metadata={"description": "The id of the series it belongs to (null: none)"})
    checked_in_at = fields.String(allow_none=True, metadata={"description": "When its member checked in (null: not)"})
    released_at = fields.String(
        allow_none=True,
        metadata={"description": "Released (not checked in): when its time became free, the grace's end"},
    )


class BookingDetailSchema(BookingSchema):
    guests = fields.List(
        fields.Nested(GuestSchema),
        metadata={"description": "A meeting room's guests (for its member, the workspace's managers and the guests)"},
    )


class BookingListQuerySchema(Schema):
    from_ = calendar_date(data_key="from", load_default=None)
    to = calendar_date(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    workspace = fields.String(load_default=None)


class IntervalSchema(Schema):
    start = fields.String(metadata={"description": "ISO 8601 with the workspace's offset"})
    end = fields.String()


class BookedIntervalSchema(IntervalSchema):
    mine = fields.Boolean()


class DeskAvailabilitySchema(Schema):
    id = fields.Integer()
    code = fields.String()
    kind = fields.String()
    zone = fields.String()
    free = fields.List(fields.Nested(IntervalSchema))
    booked = fields.List(fields.Nested(BookedIntervalSchema))


class AvailabilitySchema(Schema):
    date = fields.Date()
    timezone = fields.String()
    closed = fields.Boolean()
    open = fields.List(fields.Nested(IntervalSchema))
    desks = fields.List(fields.Nested(DeskAvailabilitySchema))


class WeekOpenSchema(Schema):
    start = fields.String(metadata={"description": "Local time, HH:MM", "example": "08:00"})
    end = fields.String(metadata={"example": "18:00"})


class WeekPartSchema(Schema):
    start = fields.String(metadata={"description": "ISO 8601 with the workspace's offset"})
    end = fields.String()
    free_desks = fields.Integer(metadata={"description": "Desks in service and free for the whole part"})


class WeekDaySchema(Schema):
    date = fields.Date()
    open = fields.List(fields.Nested(WeekOpenSchema), metadata={"description": "[] when closed"})
    parts = fields.List(fields.Nested(WeekPartSchema), metadata={"description": "Morning, then afternoon"})


class WeekSchema(Schema):
    start = fields.Date()
    days = fields.List(fields.Nested(WeekDaySchema))


class WeekQuerySchema(Schema):
    start = fields.Date(
        required=True,
        validate=validate.Range(FIRST_DATE, LAST_DATE - timedelta(days=6)),
        metadata={"description": "The first of the seven days (taken as given)", "example": "2027-03-22"},
    )


class AvailabilityQuerySchema(Schema):
    date = calendar_date(required=True)


# --- series --------------------------------------------------------------------------------


class RepeatSchema(Schema):
    weekdays = fields.List(
        fields.Integer(strict=True, validate=validate.Range(0, 6)),
        required=True,
        validate=validate.Length(1, 7),
        metadata={"description": "0 = Monday … 6 = Sunday"},
    )
    until = calendar_date(required=True, metadata={"description": "The last local date, included"})


class SeriesCreateSchema(BookingTimesSchema):
    dates = fields.List(
        calendar_date(),
        load_default=None,
        validate=validate.Length(max=400),
        metadata={"description": "The other local dates (YYYY-MM-DD), at the first booking's local times"},
    )
    repeat = fields.Nested(RepeatSchema, load_default=None, metadata={"description": "Weekly, instead of dates"})
    on_conflict = fields.String(
        load_default="fail",
        validate=validate.OneOf(("fail", "skip")),
        metadata={"description": "fail: book nothing if a date is refused; skip: book the others"},
    )

    @validates_schema
    def _one_of(self, data, **_kw):
        if data.get("dates") is not None and data.get("repeat") is not None:
            raise ValidationError("Give either 'dates' or 'repeat', not both.", "repeat")


class SeriesConflictSchema(Schema):
    date = fields.String(metadata={"description": "Local date, YYYY-MM-DD"})
    code = fields.String(metadata={"description": "The error code a single booking would get"})
    detail = fields.String()


class SeriesSchema(Schema):
    id = fields.String(metadata={"description": "The series id (UUID)"})
    workspace = fields.String(metadata={"description": "Workspace slug"})
    member = fields.Dict(metadata={"description": "id and name of the member whose bookings these are"})
    created_at = fields.String()
    bookings = fields.List(fields.Nested(BookingSchema))
    skipped = fields.List(fields.Nested(SeriesConflictSchema), metadata={"description": "POST with skip"})
    cancelled = fields.List(fields.String(), metadata={"description": "DELETE: the ids of the bookings it cancelled"})


class SeriesCancelQuerySchema(Schema):
    from_ = calendar_date(
        data_key="from", load_default=None, metadata={"description": "Local date; default: those not started"}
    )
