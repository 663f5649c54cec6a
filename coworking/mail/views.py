"""/admin/outbox: what is waiting to be sent, what failed, and "retry now" (admins)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user, login_required

from coworking import errors
from coworking.db import utcnow
from coworking.mail import services

bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")


@bp.get("/", strict_slashes=False)
@login_required
def index():
    overview = services.overview(current_user._get_current_object())
    return render_template("mail/outbox.html", overview=overview, now=utcnow())


@bp.post("/retry")
@login_required
def retry():
    """Retry one message (``id``) or every waiting and failed one (no ``id``) now."""
    raw = request.form.get("id", "").strip()
    message_id = None
    if raw:
        if not raw.isdigit() or not 0 < int(raw) < 2**31:
            raise errors.ValidationFailed("Not a message number.", field="id")
        message_id = int(raw)
    count = services.retry(current_user._get_current_object(), message_id, now=utcnow())
    flash(
        ngettext(
            "%(num)d message will be sent on the next pass.", "%(num)d messages will be sent on the next pass.", count
        ),
        "success",
    )
    return redirect(url_for("mail.index"))
