"""A new member's first steps: following the invitation's link (choose a password, logged in
at once), then the welcome page (language, home workspace and mail preferences on one page),
which a login also shows once to a member who has no home workspace yet."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from coworking.accounts import directory, invitations, sessions
from coworking.db import utcnow
from coworking.extensions import limiter
from coworking.i18n import LANGUAGE_NAMES, error_message
from coworking.members import services
from coworking.members.forms import AcceptInvitationForm, OnboardingForm
from coworking.notifications.profile import REMINDER_LABELS
from coworking.notifications.rules import Preferences
from coworking.security import safe_next
from coworking.web.unit_of_work import refusals

bp = Blueprint("onboarding", __name__)

INVITATION_LIMIT = "10 per minute;60 per hour"


def _landing(user) -> str:
    if user.home_workspace is not None:
        return url_for("workspaces.day", slug=user.home_workspace.slug)
    return url_for("workspaces.index")


def _no_referrer(response):
    """The link's token is in the address: never send it on to another site."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config.get("AUTH_RATE_LIMIT", INVITATION_LIMIT), methods=["POST"])
def accept_invitation(token: str):
    """Choose a password through the mailed link (once, within 7 days); logged in straight
    away, the member goes on to the welcome page."""
    now = utcnow()
    invitation = invitations.pending(token, now)
    if invitation is None:
        page = render_template("members/invitation_invalid.html")
        return _no_referrer(current_app.make_response((page, 404)))
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        with refusals() as refused:
            user = invitations.accept(token, form.password.data, now)
        if refused:
            message = _(refused.error.detail) if refused.error.code == "validation_error" else None
            form.password.errors = [*form.password.errors, message or error_message(refused.error.code)]
        else:
            session.clear()  # whoever was logged in on this browser, the new member is now
            sessions.log_in(user)
            flash(_("Welcome, %(name)s! Your password is set.", name=user.name), "success")
            return _no_referrer(redirect(url_for("onboarding.welcome")))
    invited = invitation.user
    page = render_template("members/accept_invitation.html", form=form, invited=invited)
    return _no_referrer(current_app.make_response((page, 422 if form.errors else 200)))


def _fill_choices(form: OnboardingForm) -> None:
    form.language.choices = [SelectChoice("", _("Automatic (browser)"))] + [
        SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()
    ]
    form.home_workspace.choices = [SelectChoice(slug, label) for slug, label in directory.workspace_choices()]
    form.reminders.choices = [SelectChoice(value, label) for value, label in REMINDER_LABELS.items()]


@bp.route("/welcome", methods=["GET", "POST"])
@login_required
def welcome():
    """Language, home workspace and booking mails on one page; "Later" keeps everything as it
    is. Either way the page is not shown again at login (the profile page changes each)."""
    user = current_user._get_current_object()
    if request.method == "GET":
        current = services.current_choices(user)
        form = OnboardingForm(
            language=current.language or "",
            home_workspace=current.home_workspace,
            confirmations=current.mail.confirmations,
            cancellations=current.mail.cancellations,
            reminders=current.mail.reminders,
            visible_to_members=current.visible_to_members,
            next=safe_next(request.args.get("next"), ""),
        )
    else:
        form = OnboardingForm()
    _fill_choices(form)
    target = safe_next(form.next.data, "")
    if form.validate_on_submit():
        if form.later.data:
            services.postpone(user, utcnow())
            return redirect(target or _landing(user))
        choices = services.Choices(
            language=form.language.data or None,
            home_workspace=form.home_workspace.data or None,
            mail=Preferences(bool(form.confirmations.data), bool(form.cancellations.data), form.reminders.data),
            visible_to_members=bool(form.visible_to_members.data),
        )
        with refusals() as refused:
            services.complete(user, choices, utcnow())
        if not refused:
            refresh()  # the chosen language applies to this very response
            flash(_("You are all set. You can change these choices on your profile at any time."), "success")
            return redirect(target or _landing(user))
        field = getattr(form, refused.error.extra.get("field", ""), None)
        message = _(refused.error.detail) if refused.error.code == "validation_error" else None
        (field or form.home_workspace).errors = [message or error_message(refused.error.code)]
    status = 422 if form.errors else 200
    return render_template("members/welcome.html", form=form), status
