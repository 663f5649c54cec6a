"""Marshmallow schemas for the bookings API."""

from __future__ import annotations

from datetime import timedelta

from marshmallow import Schema, fields, validate

from coworking.bookings.models import STATUSES
from coworking.dates import FIRST_DATE, LAST_DATE
from coworking.workspaces.schemas import DB_ID, calendar_date


class BookingCreateSchema(Schema):
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
