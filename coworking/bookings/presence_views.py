"""The "who's in" page of a workspace: who will be there on a day (today by default), as the
viewer may see them (``presence.who_is_in``), with the viewer's own choice to be seen and a
button to change it. Linked from the day page."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coworking import errors
from coworking.bookings.presence import who_is_in
from coworking.db import utcnow
from coworking.workspaces import services as workspace_services
from coworking.workspaces.rules import FIRST_DATE, LAST_DATE

bp = Blueprint("presence", __name__)


def _requested_day(value: str | None, today: date) -> date:
    if not value:
        return today
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not FIRST_DATE <= day <= LAST_DATE:
        flash(_("That is not a date; showing today."), "error")
        return today
    return day


@bp.get("/workspaces/<slug>/presence")
@login_required
def page(slug: str):
    try:
        workspace = workspace_services.get_workspace(slug, with_hours=True, with_closures=False)
    except errors.NotFound:
        abort(404)
    now = utcnow()
    today = now.astimezone(workspace.tz).date()
    day = _requested_day(request.args.get("date"), today)
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
