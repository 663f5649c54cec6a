"""POST /api/v1/tokens: exchange credentials for a bearer token."""

from __future__ import annotations

from flask import current_app
from marshmallow import Schema, fields

from coworking import errors
from coworking.accounts import services
from coworking.apibase import ApiBlueprint
from coworking.db import commit_work, utcnow
from coworking.extensions import limiter

blp = ApiBlueprint("api_tokens", __name__, url_prefix="/api/v1/tokens", description="API tokens")


class CredentialsSchema(Schema):
    email = fields.String(required=True, metadata={"example": "member@example.org"})
    password = fields.String(required=True, load_only=True)


class TokenSchema(Schema):
    token = fields.String(required=True)
    expires_at = fields.DateTime(required=True)


@blp.route("", methods=["POST"])
@limiter.limit(lambda: current_app.config["TOKEN_RATE_LIMIT"])
@blp.arguments(CredentialsSchema)
@blp.response(201, TokenSchema)
@blp.alt_response(401, description="Bad credentials (the same answer whether or not the email exists)")
@blp.doc(security=[])
def create_token(credentials):
    """Log in: a bearer token for the other endpoints."""

    def log_in():
        user = services.authenticate(credentials["email"], credentials["password"])
        if user is None:
            raise errors.Unauthorized("The email or password is not right.")
        return services.issue_token(user, utcnow(), kind="api")

    issued = commit_work(log_in)  # one unit of work: a hash upgrade and the token
    return {"token": issued.token, "expires_at": issued.expires_at}
