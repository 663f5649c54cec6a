"""POST /api/v1/tokens: exchange credentials for a bearer token."""

from __future__ import annotations

from flask import current_app, g
from marshmallow import Schema, fields

from coworking import errors
from coworking.accounts import erasure, queries, services, tokens
from coworking.apibase import ApiBlueprint
from coworking.db import utcnow
from coworking.extensions import limiter
from coworking.ops import ratelimits
from coworking.web.auth import token_required

blp = ApiBlueprint("api_tokens", __name__, url_prefix="/api/v1/tokens", description="API tokens")


class CredentialsSchema(Schema):
    email = fields.String(required=True, metadata={"example": "member@example.org"})
    password = fields.String(required=True, load_only=True)


class TokenSchema(Schema):
    token = fields.String(required=True)
    expires_at = fields.DateTime(required=True)


@blp.route("", methods=["POST"])
@limiter.limit(lambda: current_app.config["TOKEN_RATE_LIMIT"])
@ratelimits.login_failures  # failed logins per account, shared with the web login
@blp.arguments(CredentialsSchema)
@blp.response(201, TokenSchema)
@blp.alt_response(401, description="Bad credentials (the same answer whether or not the email exists)")
@blp.doc(security=[])
def create_token(credentials):
    """Log in: a bearer token for the other endpoints."""
    user = services.authenticate(credentials["email"], credentials["password"])  # may upgrade the hash
    if user is None:
        raise errors.Unauthorized("The email or password is not right.")
    issued = services.issue_token(user, utcnow(), kind="api")
    return {"token": issued.token, "expires_at": issued.expires_at}


@blp.route("/current", methods=["DELETE"])
@token_required
@blp.response(204)
def revoke_current_token():
    """Log out: the token of this request stops working (other tokens stay)."""
    tokens.revoke(g.user, g.api_token_id)


# --- personal data: the member's export, and erasure (admins) ---------------------------------

me_blp = ApiBlueprint("api_personal_data", __name__, url_prefix="/api/v1/me", description="Personal data")
users_blp = ApiBlueprint("api_users", __name__, url_prefix="/api/v1/users", description="User administration")


class PersonalDataSchema(Schema):
    format = fields.String()
    version = fields.Integer()
    exported_at = fields.String()
    profile = fields.Dict(metadata={"description": "Profile fields (no password hash, no calendar secret)"})
    bookings = fields.List(fields.Dict())
    notifications = fields.Dict(metadata={"description": "Which booking mails the member gets"})
    favourites = fields.List(fields.Dict(), metadata={"description": "The member's favourite desks"})
    guests = fields.Dict(
        metadata={"description": "Meeting rooms: invited_to (bookings they are a guest of), invited (their guests)"}
    )
    waitlist = fields.List(
        fields.Dict(), metadata={"description": "The member's waitlist entries, whatever became of them"}
    )
    api_tokens = fields.List(
        fields.Dict(), metadata={"description": "Kind, creation, expiry and last use (never the token)"}
    )
    audit_events = fields.List(fields.Dict(), metadata={"description": "Audit events the member did"})


class ErasedSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    active = fields.Boolean()


@me_blp.route("/data", methods=["GET"])
@token_required
@me_blp.response(200, PersonalDataSchema)
def my_data():
    """Everything held about the caller, as one JSON document."""
    return queries.personal_data(g.user, utcnow())


@users_blp.route("/<int:user_id>/erase", methods=["POST"])
@token_required
@users_blp.response(200, ErasedSchema)
def erase(user_id):
    """Erase a member's personal data (admins); their bookings stay for the figures."""
    user = erasure.erase_member(g.user, user_id, utcnow())
    return {"id": user.id, "name": user.name, "email": user.email, "active": user.active}
