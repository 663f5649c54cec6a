"""The week page of a workspace: seven days, each with its morning and afternoon and how many
desks are free for the whole part, the member's own bookings, links to each day's grid.

``start`` may be any date: the page shows the week (Monday to Sunday) that holds it, so a
link to a week is stable whatever day it was made from. Without it: this week, in the
workspace's time zone. The blueprint is its own (``workspace_week.week``) so the day page's
module stays as it is."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coworking.bookings.page_args import workspace_or_404
from coworking.bookings.week import monday_of, week_availability
from coworking.db import utcnow
from coworking.workspaces.rules import FIRST_DATE, LAST_DATE

bp = Blueprint("workspace_week", __name__)


def _requested_start(value: str | None, today: date) -> date:
    """The Monday of the requested week; this week when ``value`` is missing or no date."""
    if value:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
        if day is not None and FIRST_DATE + timedelta(days=6) <= day <= LAST_DATE - timedelta(days=6):
            return monday_of(day)
        flash(_("That is not a date; showing this week."), "error")
    return monday_of(today)


@bp.get("/workspaces/<slug>/week")
@login_required
def week(slug: str):
    workspace = workspace_or_404(slug, with_closures=False)
    now = utcnow()
    today = now.astimezone(workspace.tz).date()
    start = _requested_start(request.args.get("start"), today)
    view = week_availability(current_user._get_current_object(), workspace, start, now)
    return render_template(
        "workspaces/week.html",
        workspace=workspace,
        week=view,
        today=today,
        end=start + timedelta(days=6),
        prev_week=start - timedelta(days=7),
        next_week=start + timedelta(days=7),
        this_week=monday_of(today),
    )
