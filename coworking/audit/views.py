"""/admin/audit: the audit trail page (admins). Reads only: no commit.

Times are shown in the zone of the event's workspace (the page names it on each row); events
that concern no workspace are shown in UTC. The filter's dates stay UTC dates, as the API's."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from coworking import errors
from coworking.apibase import bad_text
from coworking.audit import rules, services
from coworking.dates import FIRST_DATE, LAST_DATE

# What each recorded action means, for people; an action not listed shows its code.
ACTION_LABELS = {
    "booking.created": _l("Booking made"),
    "booking.cancelled": _l("Booking cancelled"),
    "closure.created": _l("Closure added"),
    "desk.created": _l("Desk added"),
    "user.deactivated": _l("Member deactivated"),
    "user.erased": _l("Member erased"),
    "user.visibility_changed": _l("Visibility to other members changed"),
    "user.invitation_accepted": _l("Invitation accepted"),
    "user.invited": _l("Member invited"),
    "user.reactivated": _l("Member reactivated"),
    "user.reinvited": _l("Member invited again"),
    "user.role_changed": _l("Role changed"),
    "workspace.created": _l("Workspace created"),
    "workspace.hours_changed": _l("Opening hours changed"),
    "workspace.mailbox_changed": _l("Mailbox changed"),
    "workspace.policy_changed": _l("Booking rules changed"),
}
OBJECT_LABELS = {
    "booking": _l("Booking"),
    "closure": _l("Closure"),
    "desk": _l("Desk"),
    "user": _l("Member"),
    "workspace": _l("Workspace"),
}


bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.get("/", strict_slashes=False)  # /admin/audit and /admin/audit/ answer the same page
@login_required
def index():
    user = current_user._get_current_object()
    services.require_reader(user)
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
    return render_template(
        "audit/index.html",
        page=page,
        args=args,
        zones=page.zones,
        action_labels=ACTION_LABELS,
        object_labels=OBJECT_LABELS,
    )
