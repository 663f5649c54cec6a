"""/admin/audit: the audit trail page (admins). Reads only: no commit."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coworking import errors
from coworking.apibase import bad_text
from coworking.audit import rules, services
from coworking.workspaces.rules import FIRST_DATE, LAST_DATE

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
    try:
        start = rules.parse_bound(args["from"], "from", end=False)
        end = rules.parse_bound(args["to"], "to", end=True)
    except errors.ValidationFailed:
        return render_template(
            "error.html",
            title=_("These dates cannot be read"),
            detail=_(
                "Enter dates as YYYY-MM-DD, or instants with their UTC offset, between %(first)d and %(last)d.",
                first=FIRST_DATE.year,
                last=LAST_DATE.year,
            ),
        ), 422
    page = services.list_events(
        user,
        start=start,
        end=end,
        action=args["action"][:64] or None,
        workspace_slug=args["workspace"][:64] or None,
        limit=services.DEFAULT_LIMIT,
        before=before,
    )
    return render_template("audit/index.html", page=page, args=args)
