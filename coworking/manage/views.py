"""Pages: the workspaces a manager runs, and each one's details, opening hours and booking
policy (``workspaces.services.update_workspace``, as ``PATCH /api/v1/workspaces/<slug>``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from coworking.accounts.permissions import managed_workspaces, require_manager_role
from coworking.db import utcnow
from coworking.manage import access
from coworking.manage.forms import POLICY_HELP, WINDOWS_PER_DAY, WINDOWS_SHOWN, DetailsForm, HoursForm, PolicyForm
from coworking.web.unit_of_work import refusals
from coworking.workspaces import services as workspace_services
from coworking.workspaces.rules import BookingPolicy

bp = Blueprint("manage", __name__, url_prefix="/manage")
WEEKDAYS = range(7)


@bp.get("/")
@login_required
def index():
    """The workspaces the caller manages (admins: all), each with its pages."""
    user = access.user()
    require_manager_role(user)
    return render_template("manage/index.html", workspaces=managed_workspaces(user))


@bp.route("/<slug>", methods=["GET", "POST"])
@login_required
def details(slug: str):
    workspace = access.managed(slug)
    form = DetailsForm(obj=workspace)
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in ("name", "city", "address", "default_language")}
        data["mail_from"] = form.mail_from.data or None
        with refusals() as refused:
            workspace_services.update_workspace(access.user(), workspace, data, utcnow())
        if not refused:
            flash(_("The details are saved."), "success")
            return redirect(url_for("manage.details", slug=slug))
        access.flash_refusal(refused.error)
        workspace = access.managed(slug)
    status = 422 if form.errors else 200
    return render_template("manage/details.html", workspace=workspace, form=form, tab="details"), status


def _hours_into(form: HoursForm, workspace) -> None:
    by_day: dict[int, list] = {}
    for h in workspace.opening_hours:
        by_day.setdefault(h.weekday, []).append(h)
    for day in WEEKDAYS:
        for n, h in enumerate(by_day.get(day, [])[:WINDOWS_PER_DAY]):
            getattr(form, f"open_{day}_{n}").data = f"{h.opens_at:%H:%M}"
            getattr(form, f"close_{day}_{n}").data = f"{h.closes_at:%H:%M}"


def _hours_from(form: HoursForm) -> list[dict] | None:
    """The windows filled in; None when a window has only one end (the form says which)."""
    out, complete = [], True
    for day in WEEKDAYS:
        for n in range(WINDOWS_PER_DAY):
            opens, closes = getattr(form, f"open_{day}_{n}"), getattr(form, f"close_{day}_{n}")
            if opens.data and closes.data:
                out.append({"weekday": day, "open": opens.data, "close": closes.data})
            elif opens.data or closes.data:
                (closes if opens.data else opens).errors = [_("Give both times, or neither.")]
                complete = False
    return out if complete else None


@bp.route("/<slug>/hours", methods=["GET", "POST"])
@login_required
def hours(slug: str):
    workspace = access.managed(slug, with_hours=True)
    form = HoursForm()
    status = 200
    if form.validate_on_submit():
        windows = _hours_from(form)
        if windows is not None:
            with refusals() as refused:
                workspace_services.update_workspace(access.user(), workspace, {"opening_hours": windows}, utcnow())
            if not refused:
                flash(_("The opening hours are saved. Existing bookings stay as they are."), "success")
                return redirect(url_for("manage.hours", slug=slug))
            access.flash_refusal(refused.error)
            workspace = access.managed(slug, with_hours=True)
        status = 422
    elif form.is_submitted():
        status = 422
    else:
        _hours_into(form, workspace)
    return render_template(
        "manage/hours.html",
        workspace=workspace,
        form=form,
        tab="hours",
        windows=range(WINDOWS_PER_DAY),
        shown=WINDOWS_SHOWN,
    ), status


@bp.route("/<slug>/policy", methods=["GET", "POST"])
@login_required
def policy(slug: str):
    workspace = access.managed(slug, with_hours=True)
    form = PolicyForm(data=dict(workspace.policy.__dict__))
    status = 200
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in BookingPolicy.FIELDS}
        with refusals() as refused:
            workspace_services.update_workspace(access.user(), workspace, {"policy": values}, utcnow())
        if not refused:
            flash(_("The booking policy is saved. Existing bookings stay as they are."), "success")
            return redirect(url_for("manage.policy", slug=slug))
        access.flash_refusal(refused.error)
        workspace = access.managed(slug, with_hours=True)
        status = 422
    elif form.is_submitted():
        status = 422
    return render_template("manage/policy.html", workspace=workspace, form=form, tab="policy", help=POLICY_HELP), status
