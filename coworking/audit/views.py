"""/admin/audit: the audit trail page (admins). Reads only: no commit."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from coworking import errors
from coworking.apibase import bad_text
from coworking.audit import rules, services

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.get("/")
@login_required
def index():
    user = current_user._get_current_object()
    if not user.is_admin:
        raise errors.Forbidden("Only admins read the audit trail.")
    args = {k: (request.args.get(k) or "").strip() for k in ("from", "to", "action", "workspace")}
    for key, value in args.items():
        if bad_text(value):
            raise errors.ValidationFailed(bad_text(value), field=key)
    before = request.args.get("before", type=int)
    if before is not None and not 0 < before < 2**31:
        before = None
    page = services.list_events(
        user,
        start=rules.parse_bound(args["from"], "from", end=False),
        end=rules.parse_bound(args["to"], "to", end=True),
        action=args["action"][:64] or None,
        workspace_slug=args["workspace"][:64] or None,
        limit=services.DEFAULT_LIMIT,
        before=before,
    )
    return render_template("audit/index.html", page=page, args=args)
