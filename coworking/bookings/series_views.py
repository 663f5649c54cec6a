"""Pages of a series of bookings: "Book several days" at a workspace (a month calendar of
checkboxes, or weekly on chosen weekdays), a series with its booked and skipped dates, and
cancelling its occurrences from a date on (a confirmation step). Work without JavaScript."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from coworking import errors
from coworking.bookings import series
from coworking.bookings.forms import SeriesCancelForm, SeriesForm
from coworking.bookings.series_rules import MAX_OCCURRENCES, Repeat, first_repeat_day
from coworking.db import utcnow
from coworking.i18n import error_message
from coworking.web.unit_of_work import refusals

bp = Blueprint("series", __name__)


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _plan(form: SeriesForm, ticked: list[date]) -> tuple[date, list[date] | None, Repeat | None] | str:
    """(first date, other dates, weekly repeat) from the form, or what is missing."""
    if form.mode.data == "weekly":
        weekdays = frozenset(form.weekdays.data or ())
        if not weekdays or form.first.data is None or form.until.data is None:
            return _("Choose the weekdays, the first day and the last day.")
        first = first_repeat_day(form.first.data, weekdays, form.until.data)
        if first is None:
            return _("None of those weekdays falls between the first and the last day.")
        return first, None, Repeat(weekdays, form.until.data)
    if not ticked:
        return _("Tick at least one day in the calendar.")
    return ticked[0], ticked[1:], None


@bp.route("/workspaces/<slug>/series", methods=["GET", "POST"])
@login_required
def book(slug: str):
    now = utcnow()
    offer = series.series_form(slug, now)
    form = SeriesForm()
    form.desk.choices = [SelectChoice(d.id, d.code) for d in offer.desks]
    form.start.choices = [SelectChoice(t, t) for t in offer.times]
    form.end.choices = [SelectChoice(t, t) for t in offer.times]
    if request.method == "POST":
        ticked = sorted({d for d in map(_date, request.form.getlist("dates")) if d})
    else:
        # Prefilled from the day page's link: ?desk=<id>&start=HH:MM&end=HH:MM&date=YYYY-MM-DD
        day = _date(request.args.get("date"))
        ticked = [day] if day else []
        if request.args.get("desk", "").isdigit():
            form.desk.data = int(request.args["desk"])
        form.start.data = request.args.get("start") if request.args.get("start") in offer.times else None
        form.end.data = request.args.get("end") if request.args.get("end") in offer.times else None
        form.start.data = form.start.data or (offer.times[0] if offer.times else None)
        form.end.data = form.end.data or (offer.times[-1] if offer.times else None)
        form.first.data = day or offer.today
    problem = None
    conflicts: list[dict] = []
    if form.validate_on_submit():
        plan = _plan(form, ticked)
        if isinstance(plan, str):
            problem = plan
        else:
            first, dates, repeat = plan
            with refusals() as refused:
                made = series.book_series(
                    current_user._get_current_object(),
                    desk_id=form.desk.data,
                    start=f"{first.isoformat()}T{form.start.data}",
                    end=f"{first.isoformat()}T{form.end.data}",
                    note=form.note.data,
                    now=now,
                    dates=dates,
                    repeat=repeat,
                    on_conflict=form.on_conflict.data,
                )
            if not refused:
                count = len(made.bookings)
                flash(ngettext("%(num)d booking made.", "%(num)d bookings made.", count), "success")
                skipped = [f"{s.day.isoformat()}:{s.error.code}" for s in made.skipped]
                return redirect(url_for("series.detail", series_id=str(made.series.id), skipped=skipped))
            problem = error_message(refused.error.code, refused.error.detail)
            conflicts = [
                {"day": date.fromisoformat(c["date"]), "reason": error_message(c["code"], c["detail"])}
                for c in refused.error.extra.get("conflicts", [])
            ]
            offer = series.series_form(slug, now)  # the refusal rolled the unit back
    elif request.method == "POST":
        problem = _("Please check the form.")
    return render_template(
        "bookings/series_form.html",
        offer=offer,
        workspace=offer.workspace,
        form=form,
        ticked=set(ticked),
        problem=problem,
        conflicts=conflicts,
    ), (422 if request.method == "POST" else 200)


def _visible(series_id: str) -> series.SeriesResult:
    try:
        return series.get_series(current_user, series_id)
    except errors.NotFound:
        abort(404)


def _skipped() -> list[dict]:
    """The dates the booking left out, as the redirect after booking names them
    (``?skipped=YYYY-MM-DD:code``): only known codes, shown with their translated text."""
    out = []
    for value in request.args.getlist("skipped")[:MAX_OCCURRENCES]:
        day, _sep, code = value.partition(":")
        if _date(day) and errors.message_for(code):
            out.append({"day": _date(day), "reason": error_message(code)})
    return out


@bp.get("/series/<series_id>")
@login_required
def detail(series_id: str):
    found = _visible(series_id)
    now = utcnow()
    return render_template(
        "bookings/series.html",
        found=found,
        skipped=_skipped(),
        now=now,
        cancellable=series.to_cancel(found, current_user, first=None, now=now),
    )


@bp.route("/series/<series_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(series_id: str):
    found = _visible(series_id)
    form = SeriesCancelForm()
    now = utcnow()
    since = _date(form.since.data if request.method == "POST" else request.args.get("from"))
    if form.validate_on_submit():
        user = current_user._get_current_object()
        with refusals() as refused:
            _found, cancelled = series.cancel_series(
                user, series_id, first=since, now=now, reason=form.reason.data or None
            )
        if refused:
            flash(error_message(refused.error.code, refused.error.detail), "error")
        else:
            count = len(cancelled)
            flash(ngettext("%(num)d booking cancelled.", "%(num)d bookings cancelled.", count), "success")
        return redirect(url_for("series.detail", series_id=series_id))
    form.since.data = since.isoformat() if since else ""
    return render_template(
        "bookings/series_cancel.html",
        found=found,
        form=form,
        since=since,
        now=now,
        to_cancel=series.to_cancel(found, current_user, first=since, now=now),
    )
