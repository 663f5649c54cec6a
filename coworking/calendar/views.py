"""Calendar feeds (subscription URLs) and the page actions around them.

The secret travels in the query string (``?token=``), never in the path, so access logs that
record the path only (see the README's gunicorn format) never hold it."""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from coworking.calendar import queries, services
from coworking.calendar.content import ics_for
from coworking.calendar.rules import FeedWindow
from coworking.db import commit_work, utcnow
from coworking.extensions import limiter
from coworking.i18n import locale_for

bp = Blueprint("calendar", __name__)


def _window(now: datetime) -> FeedWindow:
    cfg = current_app.config
    return FeedWindow.around(
        now, cfg["CALENDAR_PAST_DAYS"], cfg["CALENDAR_FUTURE_DAYS"], cfg["CALENDAR_CANCELLED_DAYS"]
    )


def _rate():
    return current_app.config["CALENDAR_RATE_LIMIT"]


def feed_url(endpoint: str, token: str, **values) -> str:
    return url_for(endpoint, token=token, _external=True, **values)


def member_feed_url(user) -> str:
    return feed_url("calendar.member_feed", services.member_token(user, current_app.config["SECRET_KEY"]))


def workspace_feed_url(user, workspace) -> str:
    token = services.workspace_token(user, workspace, current_app.config["SECRET_KEY"])
    return feed_url("calendar.workspace_feed", token, slug=workspace.slug)


def _respond(body: bytes, bookings, dropped: datetime | None, filename: str, created: datetime) -> Response:
    """text/calendar with validators: ETag (the bytes' hash) and Last-Modified (the latest
    change the feed reflects); 304 when the client has it already."""
    etag = hashlib.sha256(body).hexdigest()[:32]
    changes = [b.updated_at for b in bookings] + [created]
    if dropped is not None:
        changes.append(dropped)
    last_modified = max(changes).replace(microsecond=0)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, max-age=300"
    response.set_etag(etag)
    response.last_modified = last_modified
    return response.make_conditional(request)


def _dropped_at(window: FeedWindow, now: datetime, **scope) -> datetime | None:
    last = queries.last_dropped(window, **scope)
    return last + (now - window.cancelled_since) if last is not None else None


@bp.route("/calendar/member.ics", methods=["GET", "HEAD"])
@limiter.limit(_rate)
def member_feed():
    """A member's own bookings. Unknown, rotated or deactivated tokens: 404, no hint."""
    user = services.member_for_token(request.args.get("token", ""), current_app.config["SECRET_KEY"])
    if user is None:
        abort(404)
    now = utcnow()
    window = _window(now)
    bookings = queries.feed_bookings(window, member_id=user.id)
    with force_locale(locale_for(user.language)):
        body = ics_for(bookings, name=_("My desk bookings"), feed=True)
    return _respond(
        body, bookings, _dropped_at(window, now, member_id=user.id), "my-desk-bookings.ics", user.created_at
    )


@bp.route("/calendar/workspace/<slug>.ics", methods=["GET", "HEAD"])
@limiter.limit(_rate)
def workspace_feed(slug: str):
    """Every booking of a workspace (member and desk), for that workspace's managers."""
    found = services.workspace_for_token(slug, request.args.get("token", ""), current_app.config["SECRET_KEY"])
    if found is None:
        abort(404)
    user, workspace = found
    now = utcnow()
    window = _window(now)
    bookings = queries.feed_bookings(window, workspace_id=workspace.id)
    with force_locale(locale_for(user.language or workspace.default_language)):
        body = ics_for(
            bookings, name=_("Bookings at %(workspace)s", workspace=workspace.name), with_member=True, feed=True
        )
    dropped = _dropped_at(window, now, workspace_id=workspace.id)
    return _respond(body, bookings, dropped, f"{workspace.slug}-bookings.ics", workspace.created_at)


@bp.post("/calendar/rotate")
@login_required
def rotate():
    user = current_user._get_current_object()
    commit_work(lambda: services.rotate(user))
    flash(_("Your calendar links are new. Subscribe again with the new link; the old one no longer works."), "success")
    return redirect(url_for("accounts.profile") + "#calendar")
