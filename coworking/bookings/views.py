"""Pages: my bookings, one booking, cancelling with a confirmation step, .ics download."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coworking import errors
from coworking.bookings import services
from coworking.bookings.forms import CancelForm
from coworking.bookings.queries import member_bookings
from coworking.calendar.ics import booking_event, calendar
from coworking.db import commit_work, utcnow
from coworking.i18n import error_message, local_datetime, local_time

bp = Blueprint("bookings", __name__)


def _visible(booking_id: str):
    try:
        return services.get_booking(current_user, booking_id)
    except errors.NotFound:
        abort(404)


def cancel_deadline(booking):
    """Until when its member may cancel (shown on pages; enforced by the rules)."""
    return booking.starts_at - timedelta(minutes=booking.workspace.cancel_cutoff_minutes)


@bp.get("/bookings")
@login_required
def mine():
    now = utcnow()
    upcoming, past = member_bookings(current_user, now)
    return render_template("bookings/mine.html", upcoming=upcoming, past=past, now=now, deadline=cancel_deadline)


@bp.get("/bookings/<booking_id>")
@login_required
def detail(booking_id: str):
    booking = _visible(booking_id)
    return render_template("bookings/detail.html", booking=booking, now=utcnow(), deadline=cancel_deadline(booking))


@bp.route("/bookings/<booking_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(booking_id: str):
    booking = _visible(booking_id)
    form = CancelForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            commit_work(lambda: services.cancel(user, booking_id, now=utcnow(), reason=form.reason.data or None))
        except errors.DomainError as exc:
            flash(error_message(exc.code, exc.detail), "error")
            return redirect(url_for("bookings.detail", booking_id=booking_id))
        flash(_("Your booking is cancelled."), "success")
        return redirect(url_for("bookings.mine"))
    return render_template(
        "bookings/cancel.html", booking=booking, form=form, now=utcnow(), deadline=cancel_deadline(booking)
    )


def event_text(booking) -> tuple[str, str]:
    """The localised summary and description of a booking's calendar event."""
    ws = booking.workspace
    summary = _("Desk %(desk)s at %(workspace)s", desk=booking.desk.code, workspace=ws.name)
    description = _(
        "%(desk)s, %(workspace)s (%(city)s), %(start)s–%(end)s (%(zone)s).",
        desk=booking.desk.code,
        workspace=ws.name,
        city=ws.city,
        start=local_datetime(booking.starts_at, ws.tz, "short"),
        end=local_time(booking.ends_at, ws.tz),
        zone=ws.timezone,
    )
    if booking.note:
        description += "\n" + booking.note
    return summary, description


@bp.get("/bookings/<booking_id>.ics")
@login_required
def ics(booking_id: str):
    booking = _visible(booking_id)
    summary, description = event_text(booking)
    event = booking_event(
        booking,
        uid_domain=current_app.config["CALENDAR_UID_DOMAIN"],
        summary=summary,
        description=description,
        url=url_for("bookings.detail", booking_id=booking_id, _external=True),
    )
    body = calendar([(booking, event)])
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Type": "text/calendar; charset=utf-8",
            "Content-Disposition": f'attachment; filename="booking-{booking.desk.code}-{booking.starts_at:%Y%m%d}.ics"',
        },
    )
