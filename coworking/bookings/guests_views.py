"""Pages: a meeting room's guests on its booking page, added (an email address, or a name of
a member who can be found by name; several matches are offered to pick from) and removed by
the member who booked it. The same service and rules as the API."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coworking import errors
from coworking.bookings import guests, services
from coworking.bookings.forms import GuestForm
from coworking.bookings.views import render_detail
from coworking.db import utcnow
from coworking.i18n import error_message
from coworking.web.unit_of_work import refusals

bp = Blueprint("guests", __name__)


def _visible(booking_id: str):
    try:
        return services.get_booking(current_user, booking_id)
    except errors.NotFound:
        abort(404)


def refusal_text(error: errors.DomainError) -> str:
    """A refusal as the page says it: the code's text, with the names that matched nobody."""
    message = error_message(error.code, error.detail)
    names = error.extra.get("names")
    return f"{message} ({', '.join(names)})" if names else message


@bp.post("/bookings/<booking_id>/guests")
@login_required
def add(booking_id: str):
    booking = _visible(booking_id)
    form = GuestForm()
    if not form.validate_on_submit():
        return render_detail(booking, 422, guest_form=form, error=error_message("validation_error"))
    picked = form.member_id.data or ""
    member_id = int(picked) if picked.isdigit() and len(picked) <= 9 else None
    if not member_id and not (form.guest.data or "").strip():
        return render_detail(booking, 422, guest_form=form, error=_("Give a name or an email address."))
    user = current_user._get_current_object()
    with refusals() as refused:
        outcome = guests.add_guest(user, booking_id, form.guest.data or "", utcnow(), member_id=member_id)
    if refused:
        if refused.error.code == "not_found":
            abort(404)
        booking = _visible(booking_id)  # the refusal rolled the unit back: read it again
        return render_detail(booking, refused.error.status, guest_form=form, error=refusal_text(refused.error))
    if outcome.choices:
        return render_detail(booking, guest_form=form, choices=outcome.choices)
    if outcome.change and outcome.change.added:
        flash(_("Invited: they get the invitation by mail."), "success")
    else:
        flash(_("Already one of the guests."), "info")
    return redirect(url_for("bookings.detail", booking_id=booking_id, _anchor="guests"))


@bp.post("/bookings/<booking_id>/guests/<int:guest_id>/remove")
@login_required
def remove(booking_id: str, guest_id: int):
    _visible(booking_id)
    user = current_user._get_current_object()
    with refusals() as refused:
        guests.remove_guest(user, booking_id, guest_id, utcnow())
    if refused:
        if refused.error.code in ("not_found", "forbidden"):
            abort(refused.error.status)
        flash(refusal_text(refused.error), "error")
    else:
        flash(_("Removed: they are told by mail."), "success")
    return redirect(url_for("bookings.detail", booking_id=booking_id, _anchor="guests"))
