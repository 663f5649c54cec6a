"""/admin/members: the members administration pages (admins). Thin: form → one service call
(accounts.invitations, accounts.administration, accounts.erasure) → redirect; refusals shown
beside their field."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from coworking import errors
from coworking.accounts import administration, directory, erasure, invitations, permissions, queries
from coworking.accounts.rules import ROLES
from coworking.bookings import deactivation
from coworking.db import utcnow
from coworking.i18n import LANGUAGE_NAMES, error_message
from coworking.members.forms import ROLE_LABELS, ConfirmForm, EraseForm, InviteForm, RoleForm
from coworking.web.unit_of_work import refusals

bp = Blueprint("members", __name__)


def _admin():
    user = current_user._get_current_object()
    permissions.require_admin(user, "Only admins manage members.")
    return user


def _show_refusal(form, exc: errors.DomainError) -> None:
    """Beside the field the service names, else above the form."""
    message = _(exc.detail) if exc.code == "validation_error" else error_message(exc.code, exc.detail)
    field = getattr(form, exc.extra.get("field", ""), None) if form is not None else None
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        flash(message, "error")


def _role_choices():
    return [SelectChoice(role, ROLE_LABELS[role]) for role in ROLES]


def _workspace_choices():
    return [SelectChoice(slug, label) for slug, label in directory.workspace_choices()]


@bp.get("/admin/members")
@login_required
def index():
    """Search by name, email or member number; 25 to a page."""
    _admin()
    query = (request.args.get("q") or "").strip()[:200]
    page = request.args.get("page", 1, type=int)
    if not 0 < page < 2**31:
        page = 1
    found = queries.search_members(query, page=page)
    return render_template(
        "members/index.html", found=found, query=query, status=administration.state, role_labels=ROLE_LABELS
    )


@bp.route("/admin/members/invite", methods=["GET", "POST"])
@login_required
def invite():
    admin = _admin()
    form = InviteForm()
    form.role.choices = _role_choices()
    form.home_workspace.choices = [SelectChoice("", _("None yet (they choose)")), *_workspace_choices()]
    form.workspaces.choices = _workspace_choices()
    form.language.choices = [SelectChoice("", _("Their workspace's language"))] + [
        SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()
    ]
    if form.validate_on_submit():
        role = form.role.data
        if role == "member":
            workspaces = [form.home_workspace.data] if form.home_workspace.data else []
        elif role == "manager":
            workspaces = list(form.workspaces.data or [])
        else:
            workspaces = []
        with refusals() as refused:
            invited = invitations.invite(
                admin,
                email=form.email.data,
                name=form.name.data,
                role=role,
                workspaces=workspaces,
                member_number=form.member_number.data,
                language=form.language.data,
                now=utcnow(),
            )
        if refused:
            _show_refusal(form, refused.error)
        else:
            flash(
                ngettext(
                    "%(name)s is invited: we mailed %(email)s a link to choose a password, valid for %(num)d day.",
                    "%(name)s is invited: we mailed %(email)s a link to choose a password, valid for %(num)d days.",
                    invitations.INVITATION_DAYS,
                    name=invited.user.name,
                    email=invited.user.email,
                ),
                "success",
            )
            return redirect(url_for("members.detail", user_id=invited.user.id))
    return render_template("members/invite.html", form=form)


@bp.get("/admin/members/<int:user_id>")
@login_required
def detail(user_id: int):
    admin = _admin()
    user = administration.member(admin, user_id)
    form = RoleForm(role=user.role, workspaces=[w.slug for w in user.managed_workspaces])
    form.role.choices = _role_choices()
    form.workspaces.choices = _workspace_choices()
    return _detail_page(admin, user, form)


def _detail_page(admin, user, role_form, status_code: int = 200):
    now = utcnow()
    return (
        render_template(
            "members/detail.html",
            member=user,
            state=administration.state(user),
            is_self=user.id == admin.id,
            role_form=role_form,
            role_labels=ROLE_LABELS,
            invitation_expires_at=invitations.pending_expiry(user.id, now) if not user.password_hash else None,
            upcoming_bookings=deactivation.upcoming_count(user.id, now) if user.active else 0,
            zone=user.home_workspace.timezone if user.home_workspace else "UTC",
        ),
        status_code,
    )


@bp.post("/admin/members/<int:user_id>/role")
@login_required
def change_role(user_id: int):
    admin = _admin()
    form = RoleForm()
    form.role.choices = _role_choices()
    form.workspaces.choices = _workspace_choices()
    if form.validate_on_submit():
        with refusals() as refused:
            administration.set_role(
                admin, user_id, role=form.role.data, workspaces=list(form.workspaces.data or []), now=utcnow()
            )
        if not refused:
            flash(_("The role is saved."), "success")
            return redirect(url_for("members.detail", user_id=user_id))
        _show_refusal(form, refused.error)
    user = administration.member(admin, user_id)
    return _detail_page(admin, user, form, 422)


def _act(user_id: int, action, done):
    """Run a one-button action (deactivate, reactivate, invite again) and go back to the
    member; ``done`` is the message, or a function of the action's result giving it."""
    admin = _admin()
    if ConfirmForm().validate_on_submit():
        with refusals() as refused:
            result = action(admin, user_id, utcnow())
        if refused:
            if isinstance(refused.error, errors.Forbidden | errors.NotFound):
                raise refused.error
            _show_refusal(None, refused.error)
        else:
            flash(done(result) if callable(done) else done, "success")
    return redirect(url_for("members.detail", user_id=user_id))


@bp.post("/admin/members/<int:user_id>/deactivate")
@login_required
def deactivate(user_id: int):
    def done(result: administration.Deactivated) -> str:
        return " ".join(
            [
                _("The member is deactivated and logged out everywhere."),
                ngettext(
                    "%(num)d upcoming booking is cancelled.",
                    "%(num)d upcoming bookings are cancelled.",
                    result.cancelled_bookings,
                ),
            ]
        )

    return _act(user_id, administration.deactivate, done)


@bp.post("/admin/members/<int:user_id>/reactivate")
@login_required
def reactivate(user_id: int):
    return _act(user_id, administration.reactivate, _("The member is active again."))


@bp.post("/admin/members/<int:user_id>/invitation")
@login_required
def reinvite(user_id: int):
    return _act(user_id, invitations.reinvite, _("A new invitation is on its way; earlier links no longer work."))


@bp.route("/admin/members/<int:user_id>/erase", methods=["GET", "POST"])
@login_required
def erase(user_id: int):
    """Erasure cannot be undone: the admin types the member's email address to confirm."""
    admin = _admin()
    user = administration.member(admin, user_id)
    if administration.is_erased(user):
        flash(_("This member's data is already erased."), "info")
        return redirect(url_for("members.detail", user_id=user_id))
    form = EraseForm()
    if form.validate_on_submit():
        if (form.confirm_email.data or "").strip().lower() != user.email:
            form.confirm_email.errors = [_("That is not this member's email address: nothing was erased.")]
        else:
            with refusals() as refused:
                erasure.erase_member(admin, user_id, utcnow())
            if not refused:
                flash(
                    _("The member's personal data is erased. Their bookings stay, anonymous, in the figures."),
                    "success",
                )
                return redirect(url_for("members.index"))
            _show_refusal(form, refused.error)
    status_code = 422 if form.errors else 200
    return render_template("members/erase.html", member=user, form=form, is_self=user.id == admin.id), status_code
