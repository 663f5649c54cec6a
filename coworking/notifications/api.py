"""JSON API: the caller's booking-mail preferences."""

from __future__ import annotations

from flask import g
from marshmallow import Schema, fields, validate

from coworking.apibase import ApiBlueprint
from coworking.db import utcnow
from coworking.notifications import services
from coworking.notifications.rules import REMINDERS
from coworking.web.auth import token_required

blp = ApiBlueprint(
    "api_notifications", __name__, url_prefix="/api/v1/me", description="The caller's booking mail preferences"
)


def _strict_boolean(description: str) -> fields.Boolean:
    return fields.Boolean(truthy={True}, falsy={False}, metadata={"description": description})


class NotificationsSchema(Schema):
    confirmations = _strict_boolean("A mail with a calendar invitation for each booking made")
    cancellations = _strict_boolean(
        "A mail when the caller cancels a booking (cancellations by a manager or a closure are always sent)"
    )
    reminders = fields.String(
        validate=validate.OneOf(REMINDERS),
        metadata={"description": "day_before: 18:00 the day before; same_morning: 07:00 that day; none"},
    )


@blp.route("/notifications", methods=["GET"])
@token_required
@blp.response(200, NotificationsSchema)
def get_notifications():
    """Which booking mails the caller gets."""
    return services.get_preferences(g.user).as_dict()


@blp.route("/notifications", methods=["PATCH"])
@token_required
@blp.arguments(NotificationsSchema)
@blp.response(200, NotificationsSchema)
def patch_notifications(changes):
    """Change any of the three preferences (the others stay)."""
    return services.update_preferences(g.user, changes, utcnow()).as_dict()
