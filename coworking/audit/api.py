"""GET /api/v1/audit: the audit trail, for admins."""

from __future__ import annotations

from flask import g

from coworking.apibase import ApiBlueprint
from coworking.audit import rules, schemas, services
from coworking.web.auth import token_required

blp = ApiBlueprint("api_audit", __name__, url_prefix="/api/v1/audit", description="Audit trail (admins)")


@blp.route("", methods=["GET"])
@token_required
@blp.arguments(schemas.AuditQuerySchema, location="query")
@blp.response(200, schemas.AuditPageSchema)
def audit(args):
    """Audit events, newest first (admins). Budget plan changes and month closes have their
    own trail, shown on each budget line's page."""
    page = services.list_events(
        g.user,
        start=rules.parse_bound(args["from_"], "from", end=False),
        end=rules.parse_bound(args["to"], "to", end=True),
        action=args["action"],
        workspace_slug=args["workspace"],
        limit=args["limit"],
        before=args["before"],
    )
    return {
        "events": [services.event_json(e, page.actors, page.workspaces) for e in page.events],
        "next_before": page.next_before,
    }
