"""The "who's in" page of a workspace: who will be there on a day (today by default), as the
viewer may see them (``presence.who_is_in``), with the viewer's own choice to be seen and a
button to change it. Linked from the day page."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required

from coworking.bookings.page_args import requested_day, workspace_or_404
from coworking.bookings.presence import who_is_in
from coworking.db import utcnow

bp = Blueprint("presence", __name__)


@bp.get("/workspaces/<slug>/presence")
@login_required
def page(slug: str):
    workspace = workspace_or_404(slug, with_closures=False)
    now = utcnow()
    today = now.astimezone(workspace.tz).date()
    day = requested_day(request.args.get("date"), today)
    view = who_is_in(current_user._get_current_object(), workspace, day, now)
    shown = {"date": day.isoformat()} if day != today else {}
    here = url_for("presence.page", slug=slug, **shown)
    return render_template(
        "bookings/presence.html",
        workspace=workspace,
        view=view,
        today=today,
        prev_day=day - timedelta(days=1),
        next_day=day + timedelta(days=1),
        here=here,
    )
