"""What the member pages about one workspace share: the workspace named in the URL (404 when
there is none) and the day a ``?date=`` asks for (today, with a notice, when it is no date)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash
from flask_babel import gettext as _

from coworking import errors
from coworking.workspaces import services as workspace_services
from coworking.workspaces.models import Workspace
from coworking.workspaces.rules import FIRST_DATE, LAST_DATE


def workspace_or_404(slug: str, *, with_closures: bool | None = None) -> Workspace:
    """The workspace with its opening hours (and, unless ``with_closures=False``, closures)."""
    try:
        return workspace_services.get_workspace(slug, with_hours=True, with_closures=with_closures)
    except errors.NotFound:
        abort(404)


def requested_day(value: str | None, today: date) -> date:
    """The day ``?date=`` names; ``today`` when it names none, or none we keep (with a notice)."""
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
