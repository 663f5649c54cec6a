"""JSON shapes of a desk's outages (``outage_api``; a desk's JSON lists its current and coming
ones, ``schemas.DeskSchema``)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from coworking.dates import FIRST_DATE, LAST_DATE
from coworking.workspaces.models import DeskOutage
from coworking.workspaces.outages import REASON_MAX


def outage_json(outage: DeskOutage) -> dict:
    """An outage as ``OutageSchema`` shows it."""
    return {
        "id": outage.id,
        "first_day": outage.first_day,
        "last_day": outage.last_day,
        "reason": outage.reason,
        "created_at": outage.created_at,
    }


def _day(**kwargs):
    return fields.Date(validate=validate.Range(FIRST_DATE, LAST_DATE), **kwargs)


class OutageSchema(Schema):
    id = fields.Integer()
    first_day = fields.Date(metadata={"description": "First day out of service"})
    last_day = fields.Date(metadata={"description": "Last day out of service (inclusive)"})
    reason = fields.String()
    created_at = fields.DateTime()


class OutageCreateSchema(Schema):
    first_day = _day(required=True, metadata={"description": "First day out of service (today or later)"})
    last_day = _day(required=True, metadata={"description": "Last day out of service (inclusive)"})
    reason = fields.String(required=True, validate=validate.Length(1, REASON_MAX))


class OutageAddedSchema(OutageSchema):
    cancelled_bookings = fields.Integer(metadata={"description": "Bookings of the desk on those days, cancelled"})


class OutageListQuerySchema(Schema):
    all = fields.Boolean(load_default=False, metadata={"description": "Past outages too (default: current and coming)"})


class OutageLiftedSchema(Schema):
    id = fields.Integer()
    lifted = fields.Boolean(metadata={"description": "Always true"})
    first_day = fields.Date(allow_none=True, metadata={"description": "What stays (past days); null: nothing"})
    last_day = fields.Date(allow_none=True)
    reason = fields.String()
    back_in_service_from = fields.Date(metadata={"description": "The first day back in service"})
