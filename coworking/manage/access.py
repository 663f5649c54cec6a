"""Which workspace a management page is about, and whether the caller manages it."""

from __future__ import annotations

from flask import abort, flash
from flask_babel import gettext as _
from flask_login import current_user

from coworking import errors
from coworking.accounts.permissions import require_manager
from coworking.i18n import error_message
from coworking.workspaces import services as workspace_services
from coworking.workspaces.models import Workspace


def user():
    return current_user._get_current_object()


def managed(slug: str, *, with_hours: bool = False) -> Workspace:
    """The workspace ``slug`` if the caller manages it: 404 when there is none, 403 when it is
    not theirs (the error page; a manager of another workspace sees nothing of this one)."""
    try:
        workspace = workspace_services.get_workspace(slug, with_hours=with_hours, with_closures=False)
    except errors.NotFound:
        abort(404)
    require_manager(user(), workspace)
    return workspace


def refusal_text(error: errors.DomainError) -> str:
    """What a page says of a refused change: the code's translated text; for a plain
    validation error, its detail too (which field and why)."""
    text = error_message(error.code, error.detail)
    if error.code == "validation_error":
        return _("%(message)s (%(detail)s)", message=text, detail=error.detail)
    return text


def flash_refusal(error: errors.DomainError) -> None:
    flash(refusal_text(error), "error")
