"""The account mails, queued in the outbox with the change that causes them: address
confirmation, "this address already has an account", password reset (and its answer for an
address no account uses), welcome. Links come from BASE_URL, the text in the member's
language (else the page's)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, has_request_context
from flask_babel import lazy_gettext as _l

from coworking.accounts import services, verification
from coworking.accounts.models import User
from coworking.i18n import current_language
from coworking.mail import services as outbox
from coworking.mail.links import external_url


def _language(user: User | None) -> str:
    """The member's language, else the page's (a visitor's), else English (the command line)."""
    if user is not None and user.language:
        return user.language
    return current_language() if has_request_context() else "en"


def _queue(kind: str, template: str, subject, *, to: str, user: User | None, now: datetime, **context) -> None:
    language = _language(user)
    mail = outbox.compose(template, language, subject, **context)
    outbox.enqueue(mail, to=to, kind=kind, language=language, now=now, user_id=user.id if user else None)


def verify_address(user: User, now: datetime) -> None:
    _queue(
        "account.verify",
        "account_verify",
        _l("Confirm your address for coworking"),
        to=user.email,
        user=user,
        now=now,
        link=external_url("accounts.verify_email", token=verification.verification_token(user)),
        hours=current_app.config["EMAIL_VERIFY_HOURS"],
    )


def address_taken(email: str, now: datetime) -> None:
    """Someone registered with an address that has an account: its owner is told, the
    visitor sees the same answer as for a new account."""
    _queue(
        "account.taken",
        "account_taken",
        _l("Someone tried to register with your address"),
        to=email,
        user=None,
        now=now,
        link=external_url("accounts.forgot_password"),
    )


def reset_password(user: User, now: datetime) -> None:
    token = services.password_reset_token(user, current_app.config["SECRET_KEY"])
    _queue(
        "account.reset",
        "account_reset",
        _l("Reset your coworking password"),
        to=user.email,
        user=user,
        now=now,
        link=external_url("accounts.reset_password", token=token),
        hours=current_app.config["PASSWORD_RESET_HOURS"],
    )


def reset_unknown_address(email: str, now: datetime) -> None:
    """A reset asked for an address no active account uses: the same work as for a known one
    (a queued mail), so the answer's timing tells nothing, and the owner learns why no link
    came."""
    register = external_url("accounts.register") if current_app.config["REGISTRATION"] == "open" else None
    _queue(
        "account.reset_unknown",
        "account_reset_unknown",
        _l("About your request to reset a coworking password"),
        to=email,
        user=None,
        now=now,
        register_link=register,
    )


def welcome(user: User, now: datetime) -> None:
    """For an account made by an admin or an import: where to log in, and how to choose a
    password when it has none."""
    _queue(
        "account.welcome",
        "account_welcome",
        _l("Your coworking account is ready"),
        to=user.email,
        user=user,
        now=now,
        name=user.name,
        has_password=bool(user.password_hash),
        login_link=external_url("accounts.login"),
        password_link=external_url("accounts.forgot_password"),
    )


def invitation(user: User, token: str, *, inviter: User | None, expires_at: datetime, now: datetime) -> None:
    """An admin's invitation: the link to choose a password (valid until ``expires_at``, once).
    In the member's language, else their workspace's, else the page's."""
    workspace = user.home_workspace or next(iter(user.managed_workspaces), None)
    language = user.language or (workspace.default_language if workspace is not None else None) or _language(None)
    mail = outbox.compose(
        "account_invitation",
        language,
        _l("You are invited to the cooperative's desk booking"),
        name=user.name,
        inviter=inviter.name if inviter is not None else None,
        workspace=workspace.name if workspace is not None else None,
        link=external_url("onboarding.accept_invitation", token=token),
        expires_at=expires_at,
        days=(expires_at - now).days,
    )
    outbox.enqueue(mail, to=user.email, kind="account.invitation", language=language, now=now, user_id=user.id)
