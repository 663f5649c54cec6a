"""JSON API: the caller's favourites (home workspace and starred desks)."""

from __future__ import annotations

from flask import g
from marshmallow import Schema, fields, validate

from coworking.apibase import ApiBlueprint
from coworking.bookings import favourites
from coworking.db import utcnow
from coworking.web.auth import token_required

blp = ApiBlueprint(
    "api_favourites", __name__, url_prefix="/api/v1/me", description="The caller's home workspace and favourite desks"
)


class FavouritesSchema(Schema):
    home_workspace = fields.String(
        required=True,
        allow_none=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "The slug of the caller's home workspace, or null for none"},
    )
    desks = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=2**31 - 1)),
        required=True,
        validate=validate.Length(max=200),
        metadata={"description": "The ids of the caller's favourite desks, in the order they were starred"},
    )


@blp.route("/favourites", methods=["GET"])
@token_required
@blp.response(200, FavouritesSchema)
def get_favourites():
    """The caller's home workspace and favourite desks."""
    return favourites.favourites_of(g.user)


@blp.route("/favourites", methods=["PUT"])
@token_required
@blp.arguments(FavouritesSchema)
@blp.response(200, FavouritesSchema)
@blp.alt_response(422, description="An unknown workspace or desk (validation_error)")
def put_favourites(data):
    """Replace both: the home workspace (a slug or null) and the favourite desks."""
    return favourites.replace_favourites(
        g.user, home_workspace=data["home_workspace"], desks=data["desks"], now=utcnow()
    )
