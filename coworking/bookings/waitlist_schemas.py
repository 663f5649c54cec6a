"""Marshmallow schemas of the waitlist API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from coworking.bookings.waitlist_models import ENTRY_STATUSES
from coworking.workspaces.rules import DESK_KINDS


class WaitlistJoinSchema(Schema):
    workspace = fields.String(required=True, validate=validate.Length(1, 100), metadata={"description": "Slug"})
    start = fields.String(
        required=True,
        validate=validate.Length(1, 40),
        metadata={"description": "ISO 8601; without an offset, the workspace's local time"},
    )
    end = fields.String(required=True, validate=validate.Length(1, 40))
    desk_kind = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(DESK_KINDS), metadata={"description": "None: any"}
    )


class WaitlistEntrySchema(Schema):
    id = fields.String(metadata={"description": "Public UUID of the entry"})
    workspace = fields.String(metadata={"description": "Workspace slug"})
    start = fields.String(metadata={"description": "ISO 8601 with the workspace's UTC offset"})
    end = fields.String()
    desk_kind = fields.String(allow_none=True)
    position = fields.Integer(
        allow_none=True,
        metadata={"description": "1 + the earlier waiting entries whose period overlaps; null once not waiting"},
    )
    status = fields.String(metadata={"enum": list(ENTRY_STATUSES)})
    booking = fields.String(allow_none=True, metadata={"description": "The booking's id once served"})
    created_at = fields.String()
