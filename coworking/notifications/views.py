"""The profile page's form for booking-mail preferences (its section: ``profile.py``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coworking.db import utcnow
from coworking.i18n import error_message
from coworking.notifications import services
from coworking.web.unit_of_work import refusals

bp = Blueprint("notifications", __name__)


@bp.post("/profile/notifications")
@login_required
def update():
    """Save the three choices (an unchecked box is "off"), then back to the profile."""
    changes = {
        "confirmations": request.form.get("confirmations") == "on",
        "cancellations": request.form.get("cancellations") == "on",
        "reminders": request.form.get("reminders", ""),
    }
    with refusals() as refused:
        services.update_preferences(current_user._get_current_object(), changes, utcnow())
    if refused:
        flash(error_message(refused.error.code, refused.error.detail), "error")
    else:
        flash(_("Your mail preferences are saved."), "success")
    return redirect(url_for("accounts.profile") + "#notifications")
