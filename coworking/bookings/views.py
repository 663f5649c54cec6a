"""Pages: my bookings, past bookings, one booking, cancelling with a confirmation step.

The booking's .ics download is the calendar feature's (``calendar.views.booking_ics``)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coworking import errors
from coworking.bookings import checkin, services
from coworking.bookings.cancelling import cancel_terms
from coworking.bookings.forms import CancelForm, GuestForm
from coworking.bookings.guest_rules import MEETING_ROOM
from coworking.bookings.guests import guest_rows, upcoming_invitations
from coworking.bookings.queries import member_bookings, past_bookings
from coworking.db import utcnow
from coworking.i18n import error_message
from coworking.web.unit_of_work import refusals

bp = Blueprint("bookings", __name__)


def _visible(booking_id: str):
    try:
        return services.get_booking(current_user, booking_id)
    except errors.NotFound:
        abort(404)


def cancel_deadline(booking):
    """Until when its member may cancel (shown on pages; enforced by the rules)."""
    return booking.cancellation_deadline()


@bp.get("/bookings")
@login_required
def mine():
    now = utcnow()
    mine_ = member_bookings(current_user, now)
    return render_template(
        "bookings/mine.html",
        upcoming=mine_.upcoming,
        past=mine_.recent_past,
        more_past=mine_.more_past,
        invitations=upcoming_invitations(current_user, now),
        now=now,
        deadline=cancel_deadline,
    )


@bp.get("/bookings/past")
@login_required
def past():
    now = utcnow()
    page = request.args.get("page", "1")
    number = int(page) if page.isdigit() and 0 < int(page) <= 100_000 else 1
    found = past_bookings(current_user, now, number)
    if number > 1 and not found.bookings:
        return redirect(url_for("bookings.past"))
    return render_template("bookings/past.html", found=found, now=now, deadline=cancel_deadline)


@bp.get("/bookings/<booking_id>")
@login_required
def detail(booking_id: str):
    return render_detail(_visible(booking_id))


def render_detail(booking, status: int = 200, *, guest_form: GuestForm | None = None, choices=(), error=None):
    """The booking's page; a meeting room's lists its guests, and its member may change them
    (``guest_form``, ``choices``: members a name matched, ``error``: a refused change)."""
    now = utcnow()
    room = booking.desk.kind == MEETING_ROOM
    guest_only = booking.member_id != current_user.id and not booking.cancelled_by_manager(current_user)
    guest_form = guest_form or GuestForm(formdata=None)
    return (
        render_template(
            "bookings/detail.html",
            booking=booking,
            now=now,
            can_cancel=booking.can_cancel(current_user, now),
            # A guest is told nothing about cancelling: only its member or a manager may.
            terms=cancel_terms(booking, current_user, now) if not guest_only else None,
            room=room,
            guests=guest_rows(booking) if room else [],
            can_edit_guests=room
            and booking.member_id == current_user.id
            and booking.status == "confirmed"
            and booking.ends_at > now,
            guest_form=guest_form,
            choices=choices,
            guest_error=error,
        ),
        status,
    )


@bp.post("/bookings/<booking_id>/check-in")
@login_required
def check_in(booking_id: str):
    """The "Check in" button of my bookings and of the booking's page."""
    _visible(booking_id)
    with refusals() as refused:
        checkin.check_in(current_user._get_current_object(), booking_id, utcnow())
    if refused:
        if refused.error.code == "not_found":
            abort(404)
        flash(error_message(refused.error.code, refused.error.detail), "error")
    else:
        flash(_("You are checked in."), "success")
    back = request.form.get("back")
    return redirect(url_for("bookings.detail", booking_id=booking_id) if back == "detail" else url_for("bookings.mine"))


@bp.route("/bookings/<booking_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(booking_id: str):
    booking = _visible(booking_id)
    form = CancelForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        with refusals() as refused:
            services.cancel(user, booking_id, now=utcnow(), reason=form.reason.data or None)
        if refused:
            flash(error_message(refused.error.code, refused.error.detail), "error")
            return redirect(url_for("bookings.detail", booking_id=booking_id))
        flash(_("Your booking is cancelled."), "success")
        return redirect(url_for("bookings.mine"))
    now = utcnow()
    return render_template(
        "bookings/cancel.html",
        booking=booking,
        form=form,
        now=now,
        can_cancel=booking.can_cancel(current_user, now),
        terms=cancel_terms(booking, current_user, now) or error_message("cancellation_closed"),
    )
