"""JSON API of members administration (admins): invite, list and search, read, change role,
managed workspaces and active, invite again. The same use cases as the pages."""

from __future__ import annotations

from flask import g
from marshmallow import Schema, fields, validate

from coworking.accounts import administration, invitations, permissions, queries
from coworking.accounts.rules import ROLES
from coworking.accounts.services import LANGUAGES
from coworking.apibase import ApiBlueprint
from coworking.db import utcnow
from coworking.web.auth import token_required

blp = ApiBlueprint("api_members", __name__, url_prefix="/api/v1/users", description="Members administration (admins)")


class InviteSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(max=254), metadata={"example": "new@example.org"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    workspaces = fields.List(
        fields.String(),
        load_default=list,
        metadata={
            "description": "Slugs: a member's home workspace (at most one), a manager's managed ones; none for an admin"
        },
    )
    member_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=32))
    language = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "The member's language (and the invitation's); their workspace's when omitted"},
    )


class MemberSchema(Schema):
    id = fields.Integer()
    email = fields.String()
    name = fields.String()
    member_number = fields.String(allow_none=True)
    role = fields.String()
    status = fields.String(
        metadata={"description": "One of " + ", ".join(administration.STATES) + " (invited: no password yet)"}
    )
    active = fields.Boolean()
    language = fields.String(allow_none=True)
    home_workspace = fields.String(allow_none=True, metadata={"description": "Slug"})
    managed_workspaces = fields.List(fields.String(), metadata={"description": "Slugs (managers)"})
    created_at = fields.DateTime()
    invitation_expires_at = fields.DateTime(
        allow_none=True, metadata={"description": "When the open invitation's link expires (single member only)"}
    )


class MemberListSchema(Schema):
    users = fields.List(fields.Nested(MemberSchema))
    total = fields.Integer()
    page = fields.Integer()
    pages = fields.Integer()


class SearchArgs(Schema):
    q = fields.String(
        load_default="", validate=validate.Length(max=200), metadata={"description": "Name, email or member number"}
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=2**31 - 1))


class MemberChangesSchema(Schema):
    role = fields.String(validate=validate.OneOf(ROLES))
    workspaces = fields.List(fields.String(), metadata={"description": "A manager's managed workspaces (slugs)"})
    active = fields.Boolean(truthy={True}, falsy={False})


def _member(user, *, expires=None) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "member_number": user.member_number,
        "role": user.role,
        "status": administration.state(user),
        "active": user.active,
        "language": user.language,
        "home_workspace": user.home_workspace.slug if user.home_workspace else None,
        "managed_workspaces": sorted(w.slug for w in user.managed_workspaces),
        "created_at": user.created_at,
        "invitation_expires_at": expires,
    }


@blp.route("/invite", methods=["POST"])
@token_required
@blp.arguments(InviteSchema)
@blp.response(201, MemberSchema)
@blp.alt_response(409, description="A user with this email (or member number) exists")
def invite(data):
    """Invite a new member: their account is made without a password, and the link mailed to
    them (valid 7 days, once) lets them choose one."""
    invited = invitations.invite(g.user, now=utcnow(), **data)
    return _member(invited.user, expires=invited.expires_at)


@blp.route("", methods=["GET"])
@token_required
@blp.arguments(SearchArgs, location="query")
@blp.response(200, MemberListSchema)
def search(args):
    """Users whose name, email or member number contains ``q``, by name, 25 to a page."""
    permissions.require_admin(g.user, "Only admins manage members.")
    found = queries.search_members(args["q"], page=args["page"])
    return {"users": [_member(u) for u in found.users], "total": found.total, "page": found.page, "pages": found.pages}


@blp.route("/<int:user_id>", methods=["GET"])
@token_required
@blp.response(200, MemberSchema)
def get_member(user_id):
    """One user, with when their open invitation expires."""
    user = administration.member(g.user, user_id)
    return _member(user, expires=invitations.pending_expiry(user.id, utcnow()) if not user.password_hash else None)


@blp.route("/<int:user_id>", methods=["PATCH"])
@token_required
@blp.arguments(MemberChangesSchema)
@blp.response(200, MemberSchema)
def patch_member(changes, user_id):
    """Change the role (with the managed workspaces) or deactivate (``"active": false``: every
    session and token ends) or reactivate. Admins never change themselves."""
    user = administration.update(g.user, user_id, now=utcnow(), **changes)
    return _member(user)


@blp.route("/<int:user_id>/invitation", methods=["POST"])
@token_required
@blp.response(201, MemberSchema)
def reinvite(user_id):
    """Mail a new invitation to a member who has no password yet; earlier links stop working."""
    invited = invitations.reinvite(g.user, user_id, utcnow())
    return _member(invited.user, expires=invited.expires_at)
