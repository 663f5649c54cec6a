"""Pages: a workspace's floors and their plans — add, rename, reorder and remove a floor,
upload or replace its plan, and place desks on it: drag a marker, move the focused one with
the arrow keys, or type its place in percent (the form the page's script also sends). The use
cases are ``workspaces.floors``', as the API's."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from coworking import errors
from coworking.db import utcnow
from coworking.manage import access
from coworking.manage.forms import ButtonForm, FloorForm, PlaceForm, PlanForm
from coworking.web.requests import accepts_up_to
from coworking.web.unit_of_work import refusals
from coworking.workspaces import desks, floors, plans
from coworking.workspaces import services as workspace_services

bp = Blueprint("manage_floors", __name__, url_prefix="/manage")

VIEW_WIDTH = 1000  # the plan's drawing is scaled to this width in the page's SVG (any height)


def _floor_or_404(workspace, floor_id: int):
    try:
        return floors.get_floor(workspace, floor_id)
    except errors.NotFound:
        abort(404)


def _percent(value) -> str:
    return f"{value * 100:.1f}" if value is not None else ""


@bp.get("/<slug>/floors")
@login_required
def index(slug: str):
    workspace = access.managed(slug)
    return _render_index(workspace, FloorForm(formdata=None))


def _render_index(workspace, form, status: int = 200):
    return render_template(
        "manage/floors.html",
        workspace=workspace,
        floors=floors.floors_of(workspace),
        form=form,
        button=ButtonForm(formdata=None),
        tab="floors",
    ), status


@bp.post("/<slug>/floors")
@login_required
def add(slug: str):
    workspace = access.managed(slug)
    form = FloorForm()
    if not form.validate_on_submit():
        return _render_index(workspace, form, 422)
    with refusals() as refused:
        floor = floors.create_floor(access.user(), workspace, form.name.data, utcnow())
    if refused:
        access.flash_refusal(refused.error)
        return _render_index(access.managed(slug), form, refused.error.status)
    flash(_("Floor %(name)s is added. Upload its plan, then place its desks.", name=floor.name), "success")
    return redirect(url_for("manage_floors.floor", slug=slug, floor_id=floor.id))


def _render_floor(workspace, floor, *, name_form=None, plan_form=None, status: int = 200):
    views = floors.floors_of(workspace)
    view = next(v for v in views if v.floor.id == floor.id)
    everyone = workspace_services.desks_of(workspace)
    names = {v.floor.id: v.floor.name for v in views}
    height = None
    if floor.plan_width and floor.plan_height:
        height = round(VIEW_WIDTH * floor.plan_height / floor.plan_width)
    return render_template(
        "manage/floor.html",
        workspace=workspace,
        floor=floor,
        placed=[d for d in view.desks if d.plan_x is not None],
        on_floor=view.desks,
        elsewhere=[d for d in everyone if d.floor_id != floor.id],
        floor_names=names,
        place_forms={
            d.id: PlaceForm(formdata=None, x=_percent(d.plan_x) or None, y=_percent(d.plan_y) or None)
            for d in view.desks
        },
        name_form=name_form or FloorForm(formdata=None, name=floor.name),
        plan_form=plan_form or PlanForm(formdata=None),
        button=ButtonForm(formdata=None),
        view_width=VIEW_WIDTH,
        view_height=height,
        percent=_percent,
        tab="floors",
    ), status


@bp.route("/<slug>/floors/<int:floor_id>", methods=["GET", "POST"])
@login_required
def floor(slug: str, floor_id: int):
    """The floor's page; its POST renames the floor."""
    workspace = access.managed(slug)
    found = _floor_or_404(workspace, floor_id)
    if request.method == "GET":
        return _render_floor(workspace, found)
    form = FloorForm()
    if form.validate_on_submit():
        with refusals() as refused:
            floors.rename_floor(access.user(), found, form.name.data, utcnow())
        if not refused:
            flash(_("The floor is now called %(name)s.", name=found.name), "success")
            return redirect(url_for("manage_floors.floor", slug=slug, floor_id=floor_id))
        access.flash_refusal(refused.error)
        workspace = access.managed(slug)
        found = _floor_or_404(workspace, floor_id)
        return _render_floor(workspace, found, name_form=form, status=refused.error.status)
    return _render_floor(workspace, found, name_form=form, status=422)


@bp.post("/<slug>/floors/<int:floor_id>/move")
@login_required
def move(slug: str, floor_id: int):
    workspace = access.managed(slug)
    found = _floor_or_404(workspace, floor_id)
    form = ButtonForm()
    if not form.validate_on_submit() or form.step.data not in ("up", "down"):
        abort(400)
    floors.move_floor(access.user(), found, -1 if form.step.data == "up" else 1, utcnow())
    return redirect(url_for("manage_floors.index", slug=slug, _anchor=f"floor-{floor_id}"))


@bp.post("/<slug>/floors/<int:floor_id>/delete")
@login_required
def delete(slug: str, floor_id: int):
    workspace = access.managed(slug)
    found = _floor_or_404(workspace, floor_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    name = found.name
    taken_off = floors.delete_floor(access.user(), found, utcnow())
    flash(
        ngettext(
            "Floor %(name)s is removed; %(num)d desk was taken off its plan.",
            "Floor %(name)s is removed; %(num)d desks were taken off its plan.",
            taken_off,
            name=name,
        ),
        "success",
    )
    return redirect(url_for("manage_floors.index", slug=slug))


@bp.post("/<slug>/floors/<int:floor_id>/plan")
@accepts_up_to(2 * plans.PLAN_MAX_BYTES)  # up to 5 MB is a plan; a little more is refused with a word
@login_required
def upload(slug: str, floor_id: int):
    workspace = access.managed(slug)
    found = _floor_or_404(workspace, floor_id)
    with refusals() as refused:
        form = PlanForm()
        if not form.validate_on_submit():
            abort(400)
        upload = request.files.get("plan")
        if upload is None or not upload.filename:
            raise errors.InvalidPlan("No file was chosen.")
        data = upload.stream.read(plans.PLAN_MAX_BYTES + 1)
        floors.upload_plan(access.user(), found, data, upload.mimetype, utcnow())
    if refused:
        access.flash_refusal(refused.error)
        workspace = access.managed(slug)
        found = _floor_or_404(workspace, floor_id)
        return _render_floor(workspace, found, status=refused.error.status)
    flash(_("The plan of %(name)s is saved.", name=found.name), "success")
    return redirect(url_for("manage_floors.floor", slug=slug, floor_id=floor_id))


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


@bp.post("/<slug>/floors/<int:floor_id>/desks/<int:desk_id>")
@login_required
def place(slug: str, floor_id: int, desk_id: int):
    """Place a desk: ``x`` and ``y`` in percent; ``action=here`` puts it on this floor (in the
    middle when it had no place here), ``action=remove`` takes it off the floor. Answers JSON
    to the page's script (``Accept: application/json``), else back to the page."""
    workspace = access.managed(slug)
    found = _floor_or_404(workspace, floor_id)
    try:
        desk = desks.get_desk(workspace, desk_id)
    except errors.NotFound:
        abort(404)
    form = PlaceForm()
    if not form.validate_on_submit():
        message = _("Give the place in percent, from 0 to 100.")
        if _wants_json():
            return jsonify(message=message), 422
        flash(message, "error")
        return _render_floor(workspace, found, status=422)
    action = form.action.data or "move"
    with refusals() as refused:
        if action == "remove":
            floors.place_desk(access.user(), desk, utcnow(), floor=None)
            message = _("Desk %(code)s is off this floor.", code=desk.code)
        else:
            x, y = form.x.data, form.y.data
            if action == "here" and (x is None or y is None):
                x = y = Decimal(50)
            if x is None or y is None:
                raise errors.ValidationFailed("x and y are given together.", errors={"x": ["With y."]})
            floors.place_desk(access.user(), desk, utcnow(), floor=found, x=float(x) / 100, y=float(y) / 100)
            message = _(
                "Desk %(code)s is placed %(x)s%% from the left and %(y)s%% from the top.",
                code=desk.code,
                x=_percent(desk.plan_x),
                y=_percent(desk.plan_y),
            )
    if refused:
        if _wants_json():
            return jsonify(message=access.refusal_text(refused.error)), refused.error.status
        access.flash_refusal(refused.error)
        workspace = access.managed(slug)
        return _render_floor(workspace, _floor_or_404(workspace, floor_id), status=refused.error.status)
    if _wants_json():
        return jsonify(message=message, x=desk.plan_x, y=desk.plan_y)
    flash(message, "success")
    return redirect(url_for("manage_floors.floor", slug=slug, floor_id=floor_id, _anchor=f"place-{desk_id}"))
