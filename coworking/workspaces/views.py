"""Pages: the workspaces list and a workspace's day, where members book."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from coworking import errors
from coworking.bookings import services as booking_services
from coworking.bookings.forms import BookingForm
from coworking.bookings.queries import day_availability, grid, workspaces_now
from coworking.bookings.rules import preset_times
from coworking.db import commit_work, utcnow
from coworking.i18n import error_message, local_time
from coworking.workspaces import services
from coworking.workspaces.rules import FIRST_DATE, LAST_DATE

bp = Blueprint("workspaces", __name__)
KIND_ORDER = {"hot_desk": 0, "fixed_desk": 1, "phone_booth": 2, "meeting_room": 3}


@bp.get("/workspaces", strict_slashes=False)  # /workspaces/ answers the same page
@login_required
def index():
    return render_template("workspaces/index.html", rows=workspaces_now(utcnow()))


def _requested_day(value: str | None, today: date) -> date:
    if not value:
        return today
    try:
        day = date.fromisoformat(value)
    except ValueError:
        flash(_("That is not a date; showing today."), "error")
        return today
    if not FIRST_DATE <= day <= LAST_DATE:
        flash(_("That is not a date; showing today."), "error")
        return today
    return day


def _slot_times(day_view, slot_minutes: int) -> list[str]:
    """Every HH:MM on the slot grid from the day's first opening to its last closing."""
    if not day_view.open:
        return []
    tz = day_view.workspace.tz
    first = day_view.open[0][0].astimezone(tz)
    last = day_view.open[-1][1].astimezone(tz)
    out, t = [], first
    while t <= last:
        out.append(f"{t:%H:%M}")
        t = (t + timedelta(minutes=slot_minutes)).astimezone(tz)
    return out


def _render_day(workspace, day: date, form: BookingForm, status: int = 200, error: tuple[str, str] | None = None):
    """The day page; ``error`` is (code, message) of a refused booking, shown above the form."""
    now = utcnow()
    view = day_availability(current_user, workspace, day)
    policy = workspace.policy
    step = max(policy.slot_minutes, 30)
    columns, cells = grid(view, step)
    tz = workspace.tz
    form.day.data = day.isoformat()
    # Desks first, rooms last; preselect the first desk with free time.
    desks = sorted(view.desks, key=lambda d: (KIND_ORDER.get(d.desk.kind, 9), d.desk.code))
    form.desk.choices = [SelectChoice(d.desk.id, _desk_option(d, tz)) for d in desks]
    if form.desk.data is None:
        form.desk.data = _suggested_desk(desks, view, form.period.data or "morning")
    times = _slot_times(view, policy.slot_minutes)
    form.start.choices = [SelectChoice(t, local_time(time.fromisoformat(t))) for t in times[:-1]]
    form.end.choices = [SelectChoice(t, local_time(time.fromisoformat(t))) for t in times[1:]]
    if not form.start.data and times:
        form.start.data = times[0]
    if not form.end.data and times:
        form.end.data = times[-1]
    today = now.astimezone(tz).date()
    return (
        render_template(
            "workspaces/day.html",
            workspace=workspace,
            day=day,
            today=today,
            view=view,
            columns=columns,
            cells=cells,
            form=form,
            prev_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
            max_day=today + timedelta(days=policy.max_advance_days),
            error=error,
        ),
        status,
    )


def _suggested_desk(desks, view, period: str) -> int | None:
    """The first desk free for the whole of the preselected part of the day, else the first
    desk with any free time: pressing "Book" straight away should just work."""
    span = preset_times(
        [(s.astimezone(view.workspace.tz).time(), e.astimezone(view.workspace.tz).time()) for s, e in view.open], period
    )
    if span is not None:
        tz = view.workspace.tz
        start = datetime.combine(view.day, span[0], tzinfo=tz)
        end = datetime.combine(view.day, span[1], tzinfo=tz)
        for d in desks:
            if any(f_start <= start and end <= f_end for f_start, f_end in d.free):
                return d.desk.id
    return next((d.desk.id for d in desks if d.free), None)


def _desk_option(desk_day, tz) -> str:
    """E.g. "A1 · hot desk · free 09:00–12:00, 14:00–18:00": pick a desk without the grid."""
    if desk_day.free:
        spans = ", ".join(f"{local_time(s, tz)}–{local_time(e, tz)}" for s, e in desk_day.free)
        state = _("free %(spans)s", spans=spans)
    else:
        state = _("fully booked")
    if desk_day.desk.kind == "hot_desk":  # the usual case: keep the option short for phones
        return f"{desk_day.desk.code} · {state}"
    return f"{desk_day.desk.code} · {_desk_kind(desk_day.desk.kind)} · {state}"


def _desk_kind(kind: str) -> str:
    return {
        "hot_desk": _("hot desk"),
        "fixed_desk": _("fixed desk"),
        "meeting_room": _("meeting room"),
        "phone_booth": _("phone booth"),
    }.get(kind, kind)


@bp.get("/workspaces/<slug>")
@login_required
def day(slug: str):
    workspace = _workspace_or_404(slug)
    today = utcnow().astimezone(workspace.tz).date()
    day_ = _requested_day(request.args.get("date"), today)
    form = BookingForm(formdata=None)
    if request.args.get("desk", "").isdigit():
        form.desk.data = int(request.args["desk"])
    return _render_day(workspace, day_, form)


@bp.post("/workspaces/<slug>")
@login_required
def book(slug: str):
    """Book from the day page: the same service, rules and error codes as the JSON API."""
    workspace = _workspace_or_404(slug)
    form = BookingForm()
    today = utcnow().astimezone(workspace.tz).date()
    day_ = _requested_day(form.day.data, today)
    view_windows = workspace.schedule().windows_on(day_)
    form.desk.choices = [SelectChoice(form.desk.data, "")] if isinstance(form.desk.data, int) else []
    if not form.validate_on_submit():
        return _render_day(workspace, day_, form, 422, ("validation_error", error_message("validation_error")))
    if form.period.data == "custom":
        start, end = form.start.data or "", form.end.data or ""
    else:
        span = preset_times(view_windows, form.period.data)
        if span is None:
            message = _("The workspace is not open for that part of the day. Choose times instead.")
            return _render_day(workspace, day_, form, 422, ("outside_opening_hours", message))
        start, end = f"{span[0]:%H:%M}", f"{span[1]:%H:%M}"
    user = current_user._get_current_object()
    try:
        booking = commit_work(
            lambda: booking_services.book(
                user,
                desk_id=form.desk.data,
                start=f"{day_.isoformat()}T{start}",
                end=f"{day_.isoformat()}T{end}",
                note=form.note.data,
                now=utcnow(),
            )
        )
    except errors.DomainError as exc:
        return _render_day(workspace, day_, form, exc.status, (exc.code, error_message(exc.code, exc.detail)))
    flash(_("Booked! See you there."), "success")
    return redirect(url_for("bookings.detail", booking_id=str(booking.uuid)))


def _workspace_or_404(slug: str):
    try:
        return services.get_workspace(slug, with_hours=True)
    except errors.NotFound:
        abort(404)
