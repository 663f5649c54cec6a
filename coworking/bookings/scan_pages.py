"""Pages: the desk QR codes. A manager prints one A4 sheet per workspace (a code per desk, with
its code and zone); a member scans the code on a desk and lands on that desk's scan page, where
they check in to their booking or book the desk now (``bookings.scan``).

The codes hold absolute URLs built from ``BASE_URL`` (``mail.links.external_url``), never from
the request's ``Host``: a sheet printed from a forged host would send members elsewhere for as
long as it hangs on the desk. They are drawn by segno as inline SVG (no image route, no network,
no inline style: the CSP stays strict)."""

from __future__ import annotations

import segno
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from coworking import errors
from coworking.accounts.permissions import manages
from coworking.bookings import scan
from coworking.bookings.page_args import workspace_or_404
from coworking.db import utcnow
from coworking.i18n import error_message, local_time
from coworking.mail.links import external_url
from coworking.web.unit_of_work import refusals
from coworking.workspaces import services as workspace_services

bp = Blueprint("scan", __name__)
ACTIONS = ("check_in", "book")


def scan_url(slug: str, desk_id: int) -> str:
    """The absolute URL a desk's QR code holds."""
    return external_url("scan.desk", slug=slug, desk_id=desk_id)


def qr_svg(url: str, title: str) -> Markup:
    """``url`` as a QR code in inline SVG, sized by CSS (viewBox only), with ``title`` for
    screen readers. Error correction M: a sticker that gets scratched still scans."""
    code = segno.make(url, error="m", micro=False)
    # segno writes the SVG itself and escapes the title (a desk code is a manager's input).
    svg = code.svg_inline(scale=1, omitsize=True, title=title, border=4)
    return Markup(svg)  # noqa: S704  # nosec B704


@bp.get("/workspaces/<slug>/desks/qr")
@login_required
def sheet(slug: str):
    """The printable A4 sheet of the workspace's desk codes, for its managers (admins: all)."""
    workspace = workspace_or_404(slug)
    if not manages(current_user, workspace):
        abort(403)
    today = utcnow().astimezone(workspace.tz).date()
    cards = []
    for desk in workspace_services.desks_of(workspace):
        url = scan_url(workspace.slug, desk.id)
        cards.append(
            {
                "desk": desk,
                "url": url,
                "svg": qr_svg(url, _("QR code of desk %(desk)s", desk=desk.code)),
                "in_service": desk.in_service_on(today),
            }
        )
    return render_template("bookings/qr_sheet.html", workspace=workspace, cards=cards)


@bp.get("/workspaces/<slug>/desks/<int:desk_id>/scan")
@login_required
def desk(slug: str, desk_id: int):
    workspace = workspace_or_404(slug)
    try:
        seen = scan.desk_scan(current_user._get_current_object(), workspace, desk_id, utcnow())
    except errors.NotFound:
        abort(404)
    return render_template("bookings/scan.html", scan=seen, workspace=workspace)


@bp.post("/workspaces/<slug>/desks/<int:desk_id>/scan")
@login_required
def act(slug: str, desk_id: int):
    """ "Check in" or "Book it now" from the scan page (CSRF-checked like every form), then back
    to the scan page, which shows the outcome."""
    workspace = workspace_or_404(slug)
    action = request.form.get("action")
    if action not in ACTIONS:
        abort(400)
    user = current_user._get_current_object()
    now = utcnow()
    with refusals() as refused:
        if action == "check_in":
            booking = scan.check_in_here(user, workspace, desk_id, now)
        else:
            booking = scan.book_here(user, workspace, desk_id, now)
    if refused:
        if refused.error.code == "not_found":
            abort(404)
        flash(error_message(refused.error.code, refused.error.detail), "error")
    elif action == "check_in":
        flash(_("You are checked in. Have a good day!"), "success")
    else:
        tz = workspace.tz
        message = _(
            "Desk %(desk)s is yours until %(end)s.",
            desk=booking.desk.code,
            end=local_time(booking.ends_at, tz),
        )
        if booking.checked_in_at is not None:
            message = " ".join([message, _("You are checked in.")])
        flash(message, "success")
    return redirect(url_for("scan.desk", slug=slug, desk_id=desk_id))
