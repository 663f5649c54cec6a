"""JSON API: the caller's own profile (``GET``/``PATCH /api/v1/me/profile``): name, language,
home workspace and whether other members see them in ("who's in")."""

from __future__ import annotations

from flask import g
from marshmallow import Schema, fields, validate

from coworking.accounts import preferences
from coworking.accounts.services import LANGUAGES
from coworking.apibase import ApiBlueprint
from coworking.db import utcnow
from coworking.web.auth import token_required

blp = ApiBlueprint("api_profile", __name__, url_prefix="/api/v1/me", description="The caller's profile")


class ProfileSchema(Schema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    email = fields.String(dump_only=True)
    member_number = fields.String(dump_only=True, allow_none=True)
    language = fields.String(
        allow_none=True,
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "en, nl, fr or de; null: the browser's (pages) and English (mails)"},
    )
    home_workspace = fields.String(
        allow_none=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "The slug of the caller's home workspace, or null for none"},
    )
    visible_to_members = fields.Boolean(
        truthy={True},
        falsy={False},
        metadata={
            "description": "Whether other members see the caller's first name on the desks they book (the day "
            "page, who's in). Off by default; the workspace's managers see every booking's member anyway."
        },
    )


@blp.route("/profile", methods=["GET"])
@token_required
@blp.response(200, ProfileSchema)
def get_profile():
    """The caller's profile."""
    return preferences.profile_of(g.user)


@blp.route("/profile", methods=["PATCH"])
@token_required
@blp.arguments(ProfileSchema)
@blp.response(200, ProfileSchema)
@blp.alt_response(422, description="validation_error: an unknown workspace, an empty name")
def patch_profile(changes):
    """Change any of name, language, home workspace and visibility (the others stay)."""
    return preferences.profile_of(preferences.update(g.user, changes, utcnow()))
