"""Marshmallow schemas of the audit API (they document the OpenAPI)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from coworking.audit.services import DEFAULT_LIMIT, MAX_LIMIT

BOUND = "A UTC date (YYYY-MM-DD, whole day) or an instant with an offset"


class AuditQuerySchema(Schema):
    from_ = fields.String(data_key="from", load_default=None, metadata={"description": BOUND + "; inclusive"})
    to = fields.String(load_default=None, metadata={"description": BOUND + "; a date includes that day"})
    action = fields.String(
        load_default=None,
        validate=validate.Length(max=64),
        metadata={"description": 'One action ("booking.created") or a prefix ending in a dot ("booking.")'},
    )
    workspace = fields.String(load_default=None, validate=validate.Length(max=64), metadata={"description": "Slug"})
    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(min=1, max=MAX_LIMIT))
    before = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "Only events older than this id (the previous page's next_before)"},
    )


class AuditEventSchema(Schema):
    id = fields.Integer()
    at = fields.String(metadata={"description": "UTC instant, ISO 8601"})
    action = fields.String()
    actor_id = fields.Integer(allow_none=True)
    actor = fields.String(allow_none=True, metadata={"description": "The actor's current email"})
    object_type = fields.String()
    object_id = fields.String(metadata={"description": "Public UUID (bookings) or id"})
    workspace_id = fields.Integer(allow_none=True)
    workspace = fields.String(allow_none=True)
    details = fields.Dict()


class AuditPageSchema(Schema):
    events = fields.List(fields.Nested(AuditEventSchema))
    next_before = fields.Integer(allow_none=True, metadata={"description": "Pass as 'before' for the next page"})
