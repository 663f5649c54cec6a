"""Account pages: log in/out, register, profile, passwords. Thin: form → service → commit."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, logout_user
from wtforms.fields.choices import SelectChoice

from coworking import errors
from coworking.accounts import directory, home, hooks, mails, preferences, services, sessions, tokens, verification
from coworking.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    VisibilityForm,
)
from coworking.accounts.queries import personal_data
from coworking.accounts.rules import normalize_email
from coworking.db import utcnow
from coworking.extensions import limiter
from coworking.i18n import LANGUAGE_NAMES, error_message
from coworking.ops import ratelimits
from coworking.security import safe_next
from coworking.web.unit_of_work import refusals

bp = Blueprint("accounts", __name__)

AUTH_LIMIT = "10 per minute;60 per hour"


def _limit():
    return current_app.config.get("AUTH_RATE_LIMIT", AUTH_LIMIT)


def _home() -> str:
    return url_for("workspaces.index")


def _landing(user) -> str:
    """Where a member lands without a ``next``: their home workspace's day, else the list."""
    if user.home_workspace is not None:
        return url_for("workspaces.day", slug=user.home_workspace.slug)
    return _home()


def _field_error(form, exc: errors.DomainError) -> None:
    """Show a service's refusal next to the field it names, else above the form."""
    field = getattr(form, exc.extra.get("field", ""), None)
    # Service details marked with N_() have translations; others fall back to the code's text.
    message = _(exc.detail) if exc.code == "validation_error" else error_message(exc.code, exc.detail)
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        flash(message, "error")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
@ratelimits.login_failures  # per account, from any address
def login():
    asked = safe_next(request.values.get("next"), "") or None  # a path on this site, or None
    if current_user.is_authenticated:
        return redirect(safe_next(asked, _landing(current_user)))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a new session on login: nothing from before survives (no fixation)
            sessions.log_in(user, remember=form.remember.data)
            if home.ask_once(user, utcnow()):  # the welcome page, once, for a member without a home
                return redirect(url_for("onboarding.welcome", next=asked))
            return redirect(safe_next(asked, _landing(user)))
        # One message whether the email is unknown or the password wrong.
        flash(_("The email or password is not right."), "error")
    return render_template("accounts/login.html", form=form, next=asked)


@bp.get("/welcome/home")
def home_question():
    """The former question "Where do you usually work?": now part of the welcome page (language,
    home workspace and mail preferences on one page, ``members.onboarding``), where old links go."""
    return redirect(url_for("onboarding.welcome", next=safe_next(request.args.get("next"), "") or None), 301)


@bp.post("/logout")
def logout():
    sessions.log_out()  # a POST: CSRFProtect has checked the token. Other devices stay logged in.
    flash(_("You are logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """End every session of the member, on every device, including this one."""
    user = current_user._get_current_object()
    services.end_all_sessions(user)
    logout_user()
    flash(_("You are logged out on every device."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(_home())
    if current_app.config["REGISTRATION"] != "open":
        # Accounts come from admins, `flask users import` or an invitation; POST is refused too.
        return render_template("accounts/register_closed.html"), 403 if request.method == "POST" else 200
    form = RegisterForm()
    if form.validate_on_submit():
        with refusals() as refused:
            user = services.register(
                email=form.email.data, name=form.name.data, password=form.password.data, now=utcnow()
            )
        if isinstance(refused.error, errors.Conflict):
            user = None  # another request registered the address just now: answer as below
        elif refused:
            _field_error(form, refused.error)
            return render_template("accounts/register.html", form=form)
        if user is None:
            mails.address_taken(normalize_email(form.email.data), utcnow())
        else:
            mails.verify_address(user, utcnow())
        # The same answer whether or not the address already had an account.
        flash(
            _(
                "Thank you. If the address can be used, your account is ready and we sent it a link: "
                "you can log in now, and book once you have followed the link."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/register.html", form=form)


@bp.get("/verify/<token>")
def verify_email(token: str):
    """The link mailed at registration: proves the address (once, within EMAIL_VERIFY_HOURS)."""
    with refusals() as refused:
        verification.verify(token)
    if refused:
        flash(_(refused.error.detail), "error")
    else:
        flash(_("Thank you: your address is confirmed. You can book desks now."), "success")
    return redirect(url_for("accounts.profile") if current_user.is_authenticated else url_for("accounts.login"))


def _own_user_key() -> str:
    return f"verify-mail:{current_user.id}" if current_user.is_authenticated else "verify-mail:anonymous"


@bp.post("/profile/verify")
@login_required
@limiter.limit(lambda: current_app.config["EMAIL_VERIFY_RESEND_LIMIT"], key_func=_own_user_key)
def resend_verification():
    """Send the confirmation link again (rate-limited per member)."""
    user = current_user._get_current_object()
    if not user.email_verified:
        mails.verify_address(user, utcnow())
        flash(_("We sent a new confirmation link to %(email)s.", email=user.email), "info")
    return redirect(url_for("accounts.profile"))


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of the member's own API tokens (anyone else's is "not found")."""
    user = current_user._get_current_object()
    with refusals() as refused:
        tokens.revoke(user, token_id)
    if refused:
        abort(404)  # anyone else's token is "not found"
    flash(_("The API token is revoked."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    # Keyword data (not obj=): the form shows the slug of the home workspace, not the object.
    form = ProfileForm(
        name=current_user.name,
        language=current_user.language or "",
        home_workspace=current_user.home_workspace.slug if current_user.home_workspace else "",
    )
    form.language.choices = [SelectChoice("", _("Automatic (browser)"))] + [
        SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()
    ]
    form.home_workspace.choices = [SelectChoice("", _("None"))] + [
        SelectChoice(slug, label) for slug, label in directory.workspace_choices()
    ]
    if form.validate_on_submit():
        user = current_user._get_current_object()
        with refusals() as refused:
            services.update_profile(
                user, name=form.name.data, language=form.language.data, home_workspace=form.home_workspace.data
            )
        if refused:
            _field_error(form, refused.error)
        else:
            refresh()  # the new language applies to this very response
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("accounts.profile"))
    user = current_user._get_current_object()
    # The parts other features add (the calendar feeds): each template with its own variables.
    sections = hooks.profile_sections()
    contributed = {}
    for section in sections:
        contributed.update(section.context(user))
    return render_template(
        "accounts/profile.html",
        form=form,
        api_tokens=tokens.active_tokens(user, utcnow()),
        token_zone=user.home_workspace.timezone if user.home_workspace else "UTC",
        profile_sections=sections,
        **contributed,
    )


@bp.post("/profile/visibility")
@login_required
def visibility():
    """Show or hide the member's first name to other members (the profile page's switch, and the
    "who's in" page's button), then back to the page it came from."""
    form = VisibilityForm()
    target = safe_next(form.next.data, url_for("accounts.profile", _anchor="visibility"))
    if form.validate_on_submit():
        user = current_user._get_current_object()
        preferences.set_visible(user, form.visible.data, utcnow())
        if form.visible.data:
            flash(_("Other members now see your first name on the desks you book."), "success")
        else:
            flash(_("Other members no longer see your name on the desks you book."), "success")
    return redirect(target)


@bp.get("/me/data")
@login_required
def my_data():
    """Everything held about the member, as a JSON download."""
    document = personal_data(current_user._get_current_object(), utcnow())
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="coworking-personal-data-{current_user.id}.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(ratelimits.password_change_limit, methods=["POST"], key_func=ratelimits.member_key)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        with refusals() as refused:
            services.change_password(user, form.current_password.data, form.password.data)
        if refused:
            _field_error(form, refused.error)
        else:
            sessions.log_in(user)  # this device continues, in a new session
            flash(_("Your password is changed. You have been logged out everywhere else."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
@ratelimits.reset_mails  # per email asked for, from any address
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_active_user(form.email.data)
        if user is not None:
            mails.reset_password(user, utcnow())
        else:
            mails.reset_unknown_address(normalize_email(form.email.data), utcnow())
        flash(_("If an account uses that address, we have sent it a link to choose a new password."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def reset_password(token: str):
    max_age = current_app.config["PASSWORD_RESET_HOURS"] * 3600
    secret = current_app.config["SECRET_KEY"]
    if services.user_for_reset_token(token, secret, max_age) is None:
        flash(_("This reset link has expired or was already used. Ask for a new one."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        with refusals() as refused:
            services.reset_password(token, form.password.data, secret_key=secret, max_age_seconds=max_age)
        if refused:
            _field_error(form, refused.error)
        else:
            logout_user()
            flash(_("Your new password is set. Please log in."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.app_context_processor
def _password_rule():
    return {"MIN_PASSWORD_LENGTH": services.MIN_PASSWORD_LENGTH}


@bp.post("/language")
def set_language():
    form = LanguageForm()
    form.language.choices = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
    if form.validate_on_submit():
        session["language"] = form.language.data
        if current_user.is_authenticated:
            user = current_user._get_current_object()
            services.update_profile(
                user,
                name=user.name,
                language=form.language.data,
                home_workspace=user.home_workspace.slug if user.home_workspace else None,
            )
    return redirect(safe_next(request.form.get("next"), _home()))
