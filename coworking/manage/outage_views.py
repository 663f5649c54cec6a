"""Pages: take a desk out of service from one day to another with a reason (an outage), after
seeing which bookings it cancels and whose they are; put it back in service. The use cases are
``workspaces.outages.add_outage`` and ``lift_outage`` (as the API's POST and DELETE); the preview
reads the bookings the outage then cancels (``bookings.closures.affected_by_outage``)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from coworking import errors
from coworking.bookings.closures import affected_by_outage, count_affected_by_outage
from coworking.db import utcnow
from coworking.i18n import local_date
from coworking.manage import access
from coworking.manage.desk_views import _desk_or_404, _render_desk, _service_form
from coworking.manage.forms import DeskForm
from coworking.manage.outage_forms import LiftOutageForm, OutageForm
from coworking.web.unit_of_work import refusals
from coworking.workspaces import outages

bp = Blueprint("manage_outages", __name__, url_prefix="/manage")
PREVIEW_LIMIT = 200  # bookings listed in a preview; the count is always complete


def _page(workspace, desk, status: int = 200, **outage):
    form = DeskForm(formdata=None, obj=desk)
    form.amenities.data = ", ".join(desk.amenities or [])
    return _render_desk(workspace, desk, form, _service_form(desk), status, **outage)


def _back(slug: str, desk_id: int):
    return redirect(url_for("manage_desks.edit", slug=slug, desk_id=desk_id, _anchor="desk-outages"))


@bp.post("/<slug>/desks/<int:desk_id>/outages")
@login_required
def add(slug: str, desk_id: int):
    """``action=preview``: the bookings it would cancel, and a button to confirm; ``action=
    confirm``: take the desk out (the preview's fields, sent again)."""
    workspace = access.managed(slug)
    desk = _desk_or_404(workspace, desk_id)
    form = OutageForm()
    if not form.validate_on_submit():
        return _page(workspace, desk, 422, outage_form=form)
    first, last, now = form.first_day.data, form.last_day.data, utcnow()
    if last < first:
        form.last_day.errors = [_("The last day is before the first.")]
        return _page(workspace, desk, 422, outage_form=form)
    if first < now.astimezone(workspace.tz).date():
        form.first_day.errors = [_("An outage cannot start in the past.")]
        return _page(workspace, desk, 422, outage_form=form)
    if form.action.data != "confirm":
        preview = affected_by_outage(desk, first, last, now, limit=PREVIEW_LIMIT)
        count = count_affected_by_outage(desk, first, last, now) if len(preview) == PREVIEW_LIMIT else len(preview)
        form.action.data = "confirm"
        return _page(workspace, desk, outage_form=form, preview=preview, preview_count=count)
    with refusals() as refused:
        added = outages.add_outage(access.user(), desk, first, last, form.reason.data, now)
    if refused:
        access.flash_refusal(refused.error)
        workspace = access.managed(slug)
        form.action.data = "preview"
        return _page(workspace, _desk_or_404(workspace, desk_id), refused.error.status, outage_form=form)
    message = _(
        "Desk %(code)s is out of service from %(first)s until %(last)s.",
        code=desk.code,
        first=local_date(first),
        last=local_date(last),
    )
    if added.cancelled_bookings:
        message += " " + ngettext(
            "%(num)d booking was cancelled; its member is told.",
            "%(num)d bookings were cancelled; their members are told.",
            added.cancelled_bookings,
        )
    flash(message, "success")
    return _back(slug, desk_id)


@bp.post("/<slug>/desks/<int:desk_id>/outages/<int:outage_id>/lift")
@login_required
def lift(slug: str, desk_id: int, outage_id: int):
    """ "Back in service now" (an outage under way) or "Cancel this outage" (one to come)."""
    workspace = access.managed(slug)
    desk = _desk_or_404(workspace, desk_id)
    if not LiftOutageForm().validate_on_submit():
        flash(_("Please try again."), "error")
        return _back(slug, desk_id)
    with refusals() as refused:
        lifted = outages.lift_outage(access.user(), desk, outage_id, utcnow())
    if refused:
        if isinstance(refused.error, errors.NotFound):
            abort(404)
        access.flash_refusal(refused.error)
        return _back(slug, desk_id)
    flash(
        _(
            "Desk %(code)s is back in service from %(day)s. Members waiting for a desk on those days are "
            "booked if it suits them.",
            code=desk.code,
            day=local_date(lifted.back_from),
        ),
        "success",
    )
    return _back(slug, desk_id)
