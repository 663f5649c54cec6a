"""Pages: a workspace's closures — add one after seeing which bookings it will cancel and
whose they are, lift one. The use cases are ``workspaces.services.add_closure`` and
``workspaces.closures.lift_closure`` (as the API's POST and DELETE); the preview reads the same
bookings the closure then cancels (``bookings.closures.affected_by_closure``)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from coworking import errors
from coworking.bookings.closures import affected_by_closure, count_affected_by_closure
from coworking.db import utcnow
from coworking.i18n import local_date
from coworking.manage import access
from coworking.manage.forms import ClosureForm, LiftForm
from coworking.web.unit_of_work import refusals
from coworking.workspaces import closures
from coworking.workspaces import services as workspace_services

bp = Blueprint("manage_closures", __name__, url_prefix="/manage")
PREVIEW_LIMIT = 200  # bookings listed in a preview; the count is always complete


def _render(workspace, form: ClosureForm, *, preview=None, preview_count: int = 0, status: int = 200):
    now = utcnow()
    today = now.astimezone(workspace.tz).date()
    return render_template(
        "manage/closures.html",
        workspace=workspace,
        form=form,
        preview=preview,
        preview_count=preview_count,
        upcoming=closures.list_closures(workspace, since=today),
        today=today,
        lift_form=LiftForm(),
        tab="closures",
    ), status


@bp.get("/<slug>/closures")
@login_required
def index(slug: str):
    workspace = access.managed(slug)
    return _render(workspace, ClosureForm(formdata=None))


@bp.post("/<slug>/closures")
@login_required
def add(slug: str):
    """``action=preview``: the bookings it would cancel, and a button to confirm; ``action=
    confirm``: close (the preview's fields, sent again)."""
    workspace = access.managed(slug)
    form = ClosureForm()
    if not form.validate_on_submit():
        return _render(workspace, form, status=422)
    start, end = form.start_date.data, form.end_date.data
    now = utcnow()
    if end < start:
        form.end_date.errors = [_("The last day is before the first.")]
        return _render(workspace, form, status=422)
    if start < now.astimezone(workspace.tz).date():
        form.start_date.errors = [_("A closure cannot start in the past.")]
        return _render(workspace, form, status=422)
    if form.action.data != "confirm":
        preview = affected_by_closure(workspace, start, end, now, limit=PREVIEW_LIMIT)
        count = count_affected_by_closure(workspace, start, end, now) if len(preview) == PREVIEW_LIMIT else len(preview)
        form.action.data = "confirm"
        return _render(workspace, form, preview=preview, preview_count=count)
    with refusals() as refused:
        _closure, cancelled = workspace_services.add_closure(
            access.user(), workspace, start_date=start, end_date=end, reason=form.reason.data or "", now=now
        )
    if refused:
        access.flash_refusal(refused.error)
        return _render(access.managed(slug), form, status=refused.error.status)
    message = _("The workspace is closed from %(first)s to %(last)s.", first=local_date(start), last=local_date(end))
    if cancelled:
        message += " " + ngettext(
            "%(num)d booking was cancelled; its member is told.",
            "%(num)d bookings were cancelled; their members are told.",
            cancelled,
        )
    flash(message, "success")
    return redirect(url_for("manage_closures.index", slug=slug))


@bp.post("/<slug>/closures/<int:closure_id>/lift")
@login_required
def lift(slug: str, closure_id: int):
    workspace = access.managed(slug)
    form = LiftForm()
    if not form.validate_on_submit():
        flash(_("Please try again."), "error")
        return redirect(url_for("manage_closures.index", slug=slug))
    with refusals() as refused:
        lifted = closures.lift_closure(access.user(), workspace, closure_id, utcnow())
    if refused:
        if isinstance(refused.error, errors.NotFound):
            abort(404)
        access.flash_refusal(refused.error)
        return redirect(url_for("manage_closures.index", slug=slug))
    flash(
        _(
            "The closure is lifted: the workspace is open again from %(day)s. Members waiting for a desk "
            "on those days are booked if one is free.",
            day=local_date(lifted.open_from),
        ),
        "success",
    )
    return redirect(url_for("manage_closures.index", slug=slug))
