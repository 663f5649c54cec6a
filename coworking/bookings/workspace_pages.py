"""Pages: the workspaces list (desks free now) and a workspace's day, where members book.

Both show availability, which is read from bookings, so the bookings feature serves them. Their
blueprint keeps the name ``workspaces``: the pages live under /workspaces and belong to the
site's "Workspaces" section (links use ``workspaces.index``, ``workspaces.day``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from coworking import errors
from coworking.accounts import permissions
from coworking.bookings import favourites, guests, offer, plan
from coworking.bookings.cancelling import cancel_terms, cutoff_notice
from coworking.bookings.forms import PERIOD_CHOICES, BookingForm
from coworking.bookings.guest_rules import MEETING_ROOM
from coworking.bookings.page_args import requested_day as _requested_day
from coworking.bookings.page_args import workspace_or_404 as _workspace_or_404
from coworking.bookings.queries import day_availability, grid, workspaces_now
from coworking.db import utcnow
from coworking.i18n import error_message, local_time
from coworking.web.unit_of_work import refusals
from coworking.workspaces import services as workspace_services
from coworking.workspaces.plan_queries import floor_plans
from coworking.workspaces.rules import FIRST_DATE, LAST_DATE

bp = Blueprint("workspaces", __name__)
HHMM = re.compile(r"\d\d:\d\d")
KIND_ORDER = {"hot_desk": 0, "fixed_desk": 1, "phone_booth": 2, "meeting_room": 3}


@bp.get("/workspaces", strict_slashes=False)  # /workspaces/ answers the same page
@login_required
def index():
    home_id = current_user.home_workspace_id
    return render_template("workspaces/index.html", rows=workspaces_now(utcnow(), home_id), home_id=home_id)


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


@dataclass(frozen=True)
class Wanted:
    """What a link asks the booking form to preselect (a grid cell, "Book again"): a desk and
    local HH:MM times. Anything the day cannot offer is ignored, never an error."""

    desk: int | None = None
    start: str | None = None
    end: str | None = None


def _hhmm(value: str | None) -> str | None:
    if not value or not HHMM.fullmatch(value):
        return None
    try:
        return f"{time.fromisoformat(value):%H:%M}"
    except ValueError:
        return None


def _wanted(args) -> Wanted:
    desk = args.get("desk", "")
    start, end = _hhmm(args.get("start")), _hhmm(args.get("end"))
    if start is None or end is None or start >= end:
        start = end = None
    return Wanted(int(desk) if desk.isdigit() and len(desk) <= 9 else None, start, end)


def _render_day(
    workspace,
    day: date,
    form: BookingForm,
    now: datetime,
    status: int = 200,
    error: tuple[str, str] | None = None,
    chosen: bool = False,
    wanted: Wanted | None = None,
    tab: dict[str, str] | None = None,
):
    """The day page; ``error`` is (code, message) of a refused booking, shown above the form.
    ``chosen``: the period and times are the member's (a refused POST), not defaults;
    ``wanted``: the desk and times a link asked for (a GET); ``tab``: the plan tab's ``view``,
    ``floor`` and ``period`` asked for (the grid is shown otherwise)."""
    wanted = wanted or Wanted()
    tab = tab or {}
    view = day_availability(current_user, workspace, day, now, with_names=True)
    policy = workspace.policy
    tz = workspace.tz
    step = max(policy.slot_minutes, 30)
    columns, cells = grid(view, step, now)
    windows = offer.local_windows(view)
    bookable = offer.bookable(workspace, day, windows, now)
    form.day.data = day.isoformat()
    form.shown_at.data = now.isoformat()
    # The presets this day still has, each labelled with its times; "custom" always.
    spans = {name: (f"{s:%H:%M}", f"{e:%H:%M}") for name, (s, e) in bookable.presets.items()}
    form.period.choices = [
        SelectChoice(c.value, offer.preset_label(c.label, bookable.presets.get(c.value)))
        for c in PERIOD_CHOICES
        if c.value in bookable.presets or c.value == "custom"
    ]
    if form.period.data not in spans and form.period.data != "custom":
        form.period.data = next((c.value for c in PERIOD_CHOICES if c.value in spans), "custom")
    # From/Until: the slot grid from the first bookable time; they show the chosen preset.
    times = _slot_times(view, policy.slot_minutes)
    first = f"{bookable.earliest:%H:%M}" if bookable.earliest is not None else "99:99"
    form.start.choices = [SelectChoice(t, local_time(time.fromisoformat(t))) for t in times[:-1] if t >= first]
    form.end.choices = [SelectChoice(t, local_time(time.fromisoformat(t))) for t in times[1:] if t > first]
    # Times asked for by a link become "Choose times" with those times, if the day has them.
    asked = wanted.start in {c.value for c in form.start.choices} and wanted.end in {c.value for c in form.end.choices}
    if asked:
        form.period.data, form.start.data, form.end.data = "custom", wanted.start, wanted.end
    # Starred desks first, then desks, rooms last; preselect the first desk free for the
    # preselected period (so a free starred desk when there is one).
    starred = set(favourites.starred_desk_ids(current_user))
    desks = sorted(view.desks, key=lambda d: (d.desk.id not in starred, KIND_ORDER.get(d.desk.kind, 9), d.desk.code))
    from_instant = bookable.start_instant(day, tz)
    free = {d.desk.id: offer.bookable_free(d.free, from_instant) for d in desks}
    form.desk.choices = [
        SelectChoice(d.desk.id, _desk_option(d, free[d.desk.id], tz, d.desk.id in starred)) for d in desks
    ]
    if wanted.desk in free:
        form.desk.data = wanted.desk
    if asked:
        span = (time.fromisoformat(wanted.start), time.fromisoformat(wanted.end))
    else:
        span = bookable.presets.get(form.period.data)
    if form.desk.data is None:
        form.desk.data = offer.suggested_desk(desks, free, day, tz, span)
    elif not chosen and not asked:
        # A desk picked in the grid: preselect the first part of the day it is free for.
        desk_free = free.get(form.desk.data, [])
        form.period.data = offer.period_for_desk(desk_free, day, tz, bookable.presets, form.period.data)
    if form.period.data in spans and not (chosen and form.period.data == "custom"):
        form.start.data, form.end.data = spans[form.period.data]
    if not form.start.data and form.start.choices:
        form.start.data = form.start.choices[0].value
    if not form.end.data and form.end.choices:
        form.end.data = form.end.choices[-1].value
    notice = None
    if from_instant is not None and view.open and bookable.refusal is None:
        notice = cutoff_notice(workspace, now, max(from_instant, view.open[0][0]), view.open[-1][1])
    # Free cells from the first bookable instant on are links that fill the form (while the day
    # can be booked at all); the links keep the asked desk and times out of the day's links.
    book_from = from_instant if bookable.refusal is None and view.open and view.desks else None
    keep = {"desk": wanted.desk, "start": wanted.start, "end": wanted.end} if wanted.start else {}
    keep = {k: v for k, v in keep.items() if v is not None}
    # The plan tab (issue 20): the workspace's floors with a plan, read in one statement.
    floors = floor_plans(workspace)
    floor = plan.choose_floor(floors, tab.get("floor")) if tab.get("view") == "plan" else None
    plan_view = None
    if floor is not None:
        plan_view = plan.plan_view(view, floors, floor, bookable.presets, tab.get("period"), book_from is not None)
        tab = {"view": "plan", "floor": floor.id} | ({"period": plan_view.period.value} if plan_view.period else {})
    else:
        tab = {}
    return (
        render_template(
            "workspaces/day.html",
            workspace=workspace,
            day=day,
            today=bookable.today,
            view=view,
            columns=columns,
            cells=cells,
            form=form,
            preset_spans=spans,
            refusal=bookable.refusal,
            cutoff_notice=notice,
            prev_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
            max_day=bookable.last_day,
            error=error,
            starred=starred,
            full_names=permissions.manages(current_user, workspace),
            book_from=book_from,
            cell_base=url_for("workspaces.day", slug=workspace.slug, date=day.isoformat()),
            hhmm=lambda instant: f"{instant.astimezone(tz):%H:%M}",
            keep=keep,
            rooms=[d.desk.id for d in desks if d.desk.kind == MEETING_ROOM],
            nav_keep=keep | tab,
            floors=floors,
            plan=plan_view,
            plan_labels=plan.state_labels(),
        ),
        status,
    )


def _desk_option(desk_day, free, tz, starred: bool = False) -> str:
    """E.g. "A1 · hot desk · free 09:00–12:00, 14:00–18:00": pick a desk without the grid.
    A starred desk begins with ★."""
    star = "★ " if starred else ""
    if free:
        spans = ", ".join(f"{local_time(s, tz)}–{local_time(e, tz)}" for s, e in free)
        state = _("free %(spans)s", spans=spans)
    else:
        state = _("fully booked")
    if desk_day.desk.kind == "hot_desk":  # the usual case: keep the option short for phones
        return f"{star}{desk_day.desk.code} · {state}"
    if desk_day.desk.kind == MEETING_ROOM:  # how many it holds: the booker and the guests
        kind = _("meeting room for %(num)d", num=desk_day.desk.capacity)
        return f"{star}{desk_day.desk.code} · {kind} · {state}"
    return f"{star}{desk_day.desk.code} · {_desk_kind(desk_day.desk.kind)} · {state}"


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
    now = utcnow()
    today = now.astimezone(workspace.tz).date()
    wanted = _wanted(request.args)
    if "date" not in request.args and wanted.start:
        # "Book again": the first day from today on that still offers these hours.
        day_ = offer.first_day_for(workspace, time.fromisoformat(wanted.start), time.fromisoformat(wanted.end), now)
    else:
        day_ = _requested_day(request.args.get("date"), today)
    tab = {name: request.args[name] for name in ("view", "floor", "period") if request.args.get(name)}
    return _render_day(workspace, day_, BookingForm(formdata=None), now, wanted=wanted, tab=tab)


@bp.post("/workspaces/<slug>")
@login_required
def book(slug: str):
    """Book from the day page: the same service, rules and error codes as the JSON API."""
    workspace = _workspace_or_404(slug)
    now = utcnow()
    form = BookingForm()
    today = now.astimezone(workspace.tz).date()
    day_ = _requested_day(form.day.data, today)
    # Only this workspace's desks: a desk of another workspace is refused, not booked there.
    form.desk.choices = [SelectChoice(desk.id, desk.code) for desk in workspace_services.desks_of(workspace)]
    form.period.choices = PERIOD_CHOICES
    if not form.validate_on_submit():
        message = error_message("validation_error")
        if form.desk.errors and form.desk.data is not None:
            message = _("That desk is not at %(workspace)s. Choose one from the list.", workspace=workspace.name)
            form.desk.data = None
        return _render_day(workspace, day_, form, now, 422, ("validation_error", message), chosen=True)
    windows = workspace.schedule().windows_on(day_)
    if form.period.data == "custom":
        start, end = form.start.data or "", form.end.data or ""
    else:
        span = offer.bookable(workspace, day_, windows, now).presets.get(form.period.data)
        if span is None:
            refusal = offer.missing_preset(windows, form.period.data, day_, today)
            return _render_day(workspace, day_, form, now, 422, refusal, chosen=True)
        start, end = f"{span[0]:%H:%M}", f"{span[1]:%H:%M}"
    user = current_user._get_current_object()

    with refusals() as refused:
        booking = guests.book_with_guests(
            user,
            desk_id=form.desk.data,
            start=f"{day_.isoformat()}T{start}",
            end=f"{day_.isoformat()}T{end}",
            note=form.note.data,
            guests=guests.refs_from_text(user, form.guests.data or ""),
            now=now,
        )
    if refused:
        exc = refused.error
        message = error_message(exc.code, exc.detail)
        if exc.extra.get("names"):
            message = f"{message} ({', '.join(exc.extra['names'])})"
        if isinstance(exc, errors.DeskTaken | errors.MemberBusy):
            message = offer.conflict_message(workspace, form, day_, start, end, user) or message
        return _render_day(workspace, day_, form, now, exc.status, (exc.code, message), chosen=True)
    terms = cancel_terms(booking, user, now)
    invited = _("Your guests get the invitation by mail.") if (form.guests.data or "").strip() else None
    flash(" ".join(filter(None, [_("Booked! See you there."), invited, terms])), "success")
    return redirect(url_for("bookings.detail", booking_id=str(booking.uuid)))


@bp.post("/workspaces/<slug>/favourites/<int:desk_id>")
@login_required
def star(slug: str, desk_id: int):
    """Star (``starred=1``) or unstar (``starred=0``) one of this workspace's desks, then back
    to the day the member was looking at, at that desk's row."""
    workspace = _workspace_or_404(slug)
    desk = next((d for d in workspace_services.desks_of(workspace) if d.id == desk_id), None)
    if desk is None:
        abort(404)
    user = current_user._get_current_object()
    if request.form.get("starred") == "1":
        favourites.star(user, desk_id, utcnow())
        flash(_("Desk %(desk)s is one of your favourites now.", desk=desk.code), "success")
    else:
        favourites.unstar(user, desk_id)
        flash(_("Desk %(desk)s is no longer one of your favourites.", desk=desk.code), "success")
    try:
        shown = date.fromisoformat(request.form.get("date", ""))
    except ValueError:
        shown = None
    args = {"date": shown.isoformat()} if shown is not None and FIRST_DATE <= shown <= LAST_DATE else {}
    return redirect(url_for("workspaces.day", slug=slug, **args, _anchor=f"desk-{desk_id}"))
