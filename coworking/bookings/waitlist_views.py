"""Pages of the waitlist: join it from a full day (the day page's form,
``templates/bookings/_waitlist_form.html``), and leave it from "my bookings"
(``templates/bookings/_waitlist_mine.html``). The two partials ask for what they show through
template helpers registered here, so the day page and "my bookings" stay as they are."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coworking import errors
from coworking.bookings import waitlist
from coworking.db import utcnow
from coworking.i18n import error_message
from coworking.web.unit_of_work import refusals
from coworking.workspaces.rules import DESK_KINDS

bp = Blueprint("waitlist", __name__)


def _my_waiting() -> list[waitlist.Placed]:
    return waitlist.waiting_of(current_user, utcnow()) if current_user.is_authenticated else []


@bp.app_context_processor
def _helpers() -> dict:
    return {"waitlist_full": waitlist.full_for, "my_waitlist": _my_waiting, "waitlist_kinds": DESK_KINDS}


def _field(name: str, limit: int = 10) -> str:
    return (request.form.get(name) or "")[:limit]


@bp.post("/workspaces/<slug>/waitlist")
@login_required
def join(slug: str):
    day = _field("day")
    kind = _field("desk_kind", 20) or None
    user = current_user._get_current_object()
    with refusals() as refused:
        placed = waitlist.join(user, slug, f"{day}T{_field('start')}", f"{day}T{_field('end')}", kind, utcnow())
    if refused:
        if isinstance(refused.error, errors.NotFound):
            abort(404)
        flash(error_message(refused.error.code, refused.error.detail), "error")
        return redirect(url_for("workspaces.day", slug=slug, date=day or None))
    flash(
        _(
            "You are on the waitlist, number %(position)d in line. As soon as a desk frees up for "
            "that whole period, it is booked for you and you get a mail.",
            position=placed.position,
        ),
        "success",
    )
    return redirect(url_for("bookings.mine"))


@bp.post("/waitlist/<entry_id>/leave")
@login_required
def leave(entry_id: str):
    user = current_user._get_current_object()
    with refusals() as refused:
        waitlist.leave(user, entry_id, utcnow())
    if refused:
        abort(404)
    flash(_("You left the waitlist."), "success")
    return redirect(url_for("bookings.mine"))
