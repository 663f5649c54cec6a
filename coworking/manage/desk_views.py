"""Pages: a workspace's desks — add one, change its code, kind, zone and amenities, take it
out of service (or back) with a reason. The use cases are ``workspaces.services.add_desk``
and ``workspaces.desks.update_desk``, as the API's POST and PATCH."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from coworking import errors
from coworking.db import utcnow
from coworking.manage import access
from coworking.manage.forms import DeskForm, ServiceForm
from coworking.manage.outage_forms import LiftOutageForm, OutageForm
from coworking.web.unit_of_work import refusals
from coworking.workspaces import desks
from coworking.workspaces import services as workspace_services
from coworking.workspaces.outages import current_and_coming

bp = Blueprint("manage_desks", __name__, url_prefix="/manage")


def _amenities(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _today(workspace):
    return utcnow().astimezone(workspace.tz).date()


@bp.get("/<slug>/desks")
@login_required
def index(slug: str):
    workspace = access.managed(slug)
    return _render_index(workspace, DeskForm(formdata=None, kind="hot_desk"))


def _render_index(workspace, form: DeskForm, status: int = 200):
    return render_template(
        "manage/desks.html",
        workspace=workspace,
        desks=workspace_services.desks_of(workspace),
        form=form,
        today=_today(workspace),
        tab="desks",
    ), status


@bp.post("/<slug>/desks")
@login_required
def add(slug: str):
    workspace = access.managed(slug)
    form = DeskForm()
    if not form.validate_on_submit():
        return _render_index(workspace, form, 422)
    data = {
        "code": form.code.data,
        "kind": form.kind.data,
        "zone": form.zone.data,
        "amenities": _amenities(form.amenities.data),
        "capacity": form.capacity.data or 1,
        "in_service_from": form.in_service_from.data,
    }
    with refusals() as refused:
        desk = workspace_services.add_desk(access.user(), workspace, data, utcnow())
    if refused:
        access.flash_refusal(refused.error)
        return _render_index(access.managed(slug), form, refused.error.status)
    flash(_("Desk %(code)s is added.", code=desk.code), "success")
    return redirect(url_for("manage_desks.index", slug=slug, _anchor=f"desk-{desk.id}"))


def _desk_or_404(workspace, desk_id: int):
    try:
        return desks.get_desk(workspace, desk_id)
    except errors.NotFound:
        abort(404)


def _render_desk(workspace, desk, form: DeskForm, service: ServiceForm, status: int = 200, **outage):
    """The desk's page; ``outage``: its outage form and preview (``outage_views``)."""
    today = _today(workspace)
    return render_template(
        "manage/desk.html",
        workspace=workspace,
        desk=desk,
        form=form,
        service=service,
        today=today,
        tab="desks",
        outages=current_and_coming(desk, today),
        outage_form=outage.get("outage_form") or OutageForm(formdata=None),
        lift_outage_form=LiftOutageForm(),
        preview=outage.get("preview"),
        preview_count=outage.get("preview_count", 0),
    ), status


def _service_form(desk, formdata=None) -> ServiceForm:
    out_from = desk.in_service_until + timedelta(days=1) if desk.in_service_until else None
    return ServiceForm(
        formdata=formdata, in_service_from=desk.in_service_from, out_of_service_from=out_from, reason=desk.notes
    )


@bp.route("/<slug>/desks/<int:desk_id>", methods=["GET", "POST"])
@login_required
def edit(slug: str, desk_id: int):
    workspace = access.managed(slug)
    desk = _desk_or_404(workspace, desk_id)
    form = DeskForm(obj=desk)
    if not form.is_submitted():
        form.amenities.data = ", ".join(desk.amenities or [])
    if form.validate_on_submit():
        data = {
            "code": form.code.data,
            "kind": form.kind.data,
            "zone": form.zone.data,
            "amenities": _amenities(form.amenities.data),
            **({"capacity": form.capacity.data} if form.capacity.data is not None else {}),
        }
        with refusals() as refused:
            desks.update_desk(access.user(), desk, data, utcnow())
        if not refused:
            flash(_("Desk %(code)s is saved.", code=form.code.data.strip()), "success")
            return redirect(url_for("manage_desks.index", slug=slug, _anchor=f"desk-{desk_id}"))
        access.flash_refusal(refused.error)
        workspace = access.managed(slug)
        desk = _desk_or_404(workspace, desk_id)
    status = 422 if form.is_submitted() else 200
    return _render_desk(workspace, desk, form, _service_form(desk, formdata=None), status)


@bp.post("/<slug>/desks/<int:desk_id>/service")
@login_required
def service(slug: str, desk_id: int):
    """The service period: "out of service from" a day (the last day in service is the day
    before), or back in service; the reason goes to the members whose bookings it cancels."""
    workspace = access.managed(slug)
    desk = _desk_or_404(workspace, desk_id)
    form = ServiceForm()
    if form.validate_on_submit():
        out_from = form.out_of_service_from.data
        data = {
            "in_service_from": form.in_service_from.data,
            "in_service_until": out_from - timedelta(days=1) if out_from else None,
        }
        if out_from is not None and out_from <= form.in_service_from.data:
            form.out_of_service_from.errors = [_("Choose a day after the first day in service.")]
        else:
            with refusals() as refused:
                change = desks.update_desk(access.user(), desk, data, utcnow(), reason=form.reason.data or "")
            if not refused:
                cancelled = change.cancelled_bookings
                message = _("The service period of desk %(code)s is saved.", code=desk.code)
                if cancelled:
                    message += " " + ngettext(
                        "%(num)d booking on the days out of service was cancelled; its member is told.",
                        "%(num)d bookings on the days out of service were cancelled; their members are told.",
                        cancelled,
                    )
                flash(message, "success")
                return redirect(url_for("manage_desks.index", slug=slug, _anchor=f"desk-{desk_id}"))
            access.flash_refusal(refused.error)
            workspace = access.managed(slug)
            desk = _desk_or_404(workspace, desk_id)
    form_edit = DeskForm(formdata=None, obj=desk)
    form_edit.amenities.data = ", ".join(desk.amenities or [])
    return _render_desk(workspace, desk, form_edit, form, 422)
