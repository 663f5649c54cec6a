"""The image of a floor's plan, for any logged-in member (the plan view shows it to everyone
who books there), served as stored: the type it was accepted as, never sniffed, and sandboxed.

An SVG is sanitised when it is uploaded (``workspaces.floors``); serving it adds a second wall:
``Content-Security-Policy: sandbox`` (no script, no same origin, even when the image is opened
on its own, as a document), ``default-src 'none'`` (nothing fetched from it), ``nosniff``.
The plan's SHA-256 is its ETag: a member's browser asks again with ``If-None-Match`` and gets a
304 until the manager replaces the image."""

from __future__ import annotations

from flask import Blueprint, abort, make_response, request
from flask_login import login_required
from sqlalchemy import select
from sqlalchemy.orm import undefer

from coworking.extensions import db
from coworking.workspaces.models import Floor, Workspace

bp = Blueprint("floor_plans", __name__)

TYPES = ("image/svg+xml", "image/png", "image/jpeg")
PLAN_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@bp.get("/workspaces/<slug>/floors/<int:floor_id>/plan")
@login_required
def image(slug: str, floor_id: int):
    etag = request.headers.get("If-None-Match", "").strip()
    query = (
        select(Floor)
        .join(Workspace, Workspace.id == Floor.workspace_id)
        .where(Workspace.slug == slug, Floor.id == floor_id)
    )
    floor = db.session.scalar(query)
    if floor is None or floor.plan_sha256 is None or floor.plan_type not in TYPES:
        abort(404)
    quoted = f'"{floor.plan_sha256}"'
    if etag in (quoted, f"W/{quoted}"):
        response = make_response("", 304)
    else:
        floor = db.session.scalar(query.options(undefer(Floor.plan)))
        response = make_response(bytes(floor.plan or b""))
        response.mimetype = floor.plan_type
    response.headers["ETag"] = quoted
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Content-Security-Policy"] = PLAN_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response
