"""Marshmallow schemas of the "who's in" API."""

from __future__ import annotations

from marshmallow import Schema, fields

from coworking.bookings.schemas import DeskRefSchema
from coworking.workspaces.schemas import calendar_date


class PresenceQuerySchema(Schema):
    date = calendar_date(
        load_default=None, metadata={"description": "A local date (YYYY-MM-DD); today in the workspace by default"}
    )


class PresenceSchema(Schema):
    desk = fields.Nested(DeskRefSchema)
    name = fields.String(
        metadata={
            "description": "The member's first name (members who chose to be visible, and the caller); the full "
            "name for the workspace's managers and admins, who see every member"
        }
    )
    start = fields.String(metadata={"description": "ISO 8601 with the workspace's UTC offset"})
    end = fields.String()
    mine = fields.Boolean(metadata={"description": "The caller's own booking"})
