"""Pages: a workspace's bookings on a day, cancelling one with a reason (the member is
mailed: ``booking_cancelled`` with cause ``manager``), and booking a desk for a member
(``bookings.on_behalf.book_for``: the member's rules, the manager named as its maker)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms.fields.choices import SelectChoice

from coworking import errors
from coworking.bookings import services as booking_services
from coworking.bookings.models import CONFIRMED
from coworking.bookings.on_behalf import book_for
from coworking.dates import FIRST_DATE, LAST_DATE
from coworking.db import utcnow
from coworking.i18n import error_message, local_date
from coworking.manage import access
from coworking.manage.forms import BookForMemberForm, ManagerCancelForm
from coworking.web.unit_of_work import refusals
from coworking.workspaces import services as workspace_services

bp = Blueprint("manage_bookings", __name__, url_prefix="/manage")


def _day(value: str | None, today: date) -> date:
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return today
    return day if FIRST_DATE <= day <= LAST_DATE else today


@bp.get("/<slug>/bookings")
@login_required
def day(slug: str):
    """Every booking starting on the day (local), confirmed first then the others, by time."""
    workspace = access.managed(slug)
    now = utcnow()
    today = now.astimezone(workspace.tz).date()
    shown = _day(request.args.get("date"), today)
    rows = booking_services.list_bookings(
        access.user(), first=shown, last=shown, status=None, workspace_slug=workspace.slug
    )
    rows.sort(key=lambda b: (b.status != CONFIRMED, b.starts_at, b.desk_code))
    return render_template(
        "manage/bookings.html",
        workspace=workspace,
        day=shown,
        today=today,
        prev_day=shown - timedelta(days=1) if shown > FIRST_DATE else None,
        next_day=shown + timedelta(days=1) if shown < LAST_DATE else None,
        rows=rows,
        now=now,
        confirmed=CONFIRMED,
        tab="bookings",
    )


def _booking_here(workspace, booking_id: str):
    """The booking if it is this workspace's and the caller may see it; 404 otherwise."""
    try:
        booking = booking_services.get_booking(access.user(), booking_id)
    except errors.NotFound:
        abort(404)
    if booking.workspace_id != workspace.id:
        abort(404)
    return booking


@bp.route("/<slug>/bookings/<booking_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(slug: str, booking_id: str):
    workspace = access.managed(slug)
    booking = _booking_here(workspace, booking_id)
    form = ManagerCancelForm()
    back = url_for("manage_bookings.day", slug=slug, date=booking.starts_at.astimezone(workspace.tz).date())
    status = 200
    if form.validate_on_submit():
        with refusals() as refused:
            booking_services.cancel_booking(access.user(), booking, now=utcnow(), reason=form.reason.data.strip())
        if not refused:
            flash(_("The booking is cancelled; %(name)s is told by mail.", name=booking.member.name), "success")
            return redirect(back)
        flash(error_message(refused.error.code, refused.error.detail), "error")
        booking = _booking_here(workspace, booking_id)
        status = refused.error.status
    elif form.is_submitted():
        status = 422
    now = utcnow()
    return render_template(
        "manage/cancel.html",
        workspace=workspace,
        booking=booking,
        form=form,
        back=back,
        can_cancel=booking.can_cancel(access.user(), now),
        tab="bookings",
    ), status


def _desk_choices(workspace) -> list[SelectChoice]:
    return [
        SelectChoice(d.id, f"{d.code} · {d.zone}" if d.zone else d.code) for d in workspace_services.desks_of(workspace)
    ]


@bp.route("/<slug>/book", methods=["GET", "POST"])
@login_required
def book(slug: str):
    workspace = access.managed(slug, with_hours=True)
    now = utcnow()
    today = now.astimezone(workspace.tz).date()
    form = BookForMemberForm()
    form.desk.choices = _desk_choices(workspace)
    step = workspace.slot_minutes * 60  # a phone's time picker offers the slot grid
    form.start.render_kw = form.end.render_kw = {"type": "time", "step": step}
    status = 200
    if form.validate_on_submit():
        day_ = form.day.data
        with refusals() as refused:
            booking = book_for(
                access.user(),
                workspace,
                member=form.member.data,
                desk_id=form.desk.data,
                start=f"{day_.isoformat()}T{form.start.data}",
                end=f"{day_.isoformat()}T{form.end.data}",
                note=form.note.data,
                now=now,
            )
        if not refused:
            flash(
                _(
                    "Booked desk %(desk)s for %(name)s on %(day)s; they get the confirmation by mail.",
                    desk=booking.desk.code,
                    name=booking.member.name,
                    day=local_date(day_),
                ),
                "success",
            )
            return redirect(url_for("manage_bookings.day", slug=slug, date=day_.isoformat()))
        error = refused.error
        if isinstance(error, errors.NotFound):
            form.member.errors = [_("No active member has that email address or member number.")]
        elif isinstance(error, errors.MemberBusy):
            flash(_("This member already has a booking at that time."), "error")
        elif isinstance(error, errors.LimitReached):
            flash(_("This member has reached the number of upcoming bookings allowed here."), "error")
        else:
            access.flash_refusal(error)
        workspace = access.managed(slug, with_hours=True)
        status = error.status
    elif form.is_submitted():
        status = 422
    else:
        requested = _day(request.args.get("date"), today)
        form.day.data = max(requested, today)
        form.start.data = form.start.data or "09:00"
        form.end.data = form.end.data or "13:00"
    return render_template("manage/book.html", workspace=workspace, form=form, tab="book"), status
