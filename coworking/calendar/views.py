"""Calendar feeds (subscription URLs), the page actions around them, and one booking's .ics.

The secret travels in the query string (``?token=``), never in the path, so access logs that
record the path only (see the README's gunicorn format) never hold it."""

from __future__ import annotations

import hashlib
from datetime import datetime

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.http import is_resource_modified

from coworking import errors
from coworking.bookings import services as booking_services
from coworking.calendar import queries, services
from coworking.calendar.content import FEEDS, events_ical, ics_for, link_template, runtime_fingerprint
from coworking.calendar.rules import FeedWindow, feed_validator
from coworking.db import utcnow
from coworking.downloads import content_disposition
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


def _feed_parts(scope: tuple, user, locale: str, state: list, dropped: datetime | None) -> tuple:
    """Everything a feed's bytes depend on besides the code (rules.FEED_FORMAT): which feed and
    whose secret (rotation), the language, the libraries' and catalogs' versions, the links'
    and UIDs' form, the window's settings, and per workspace/desk(/member) group the
    displayed names and the aggregate of its bookings (see queries.feed_state). The window's
    moving bounds are not in it (they would change the ETag on every request): a booking
    leaving at the past edge changes its group's first start, one entering at the future
    edge its last start, a cancellation ageing out its group's count and ``dropped``."""
    cfg = current_app.config
    secret = hashlib.sha256(user.calendar_secret.encode()).hexdigest()
    return (
        scope,
        user.id,
        secret,
        locale,
        runtime_fingerprint(),
        link_template(),
        cfg["CALENDAR_UID_DOMAIN"],
        (cfg["CALENDAR_PAST_DAYS"], cfg["CALENDAR_FUTURE_DAYS"], cfg["CALENDAR_CANCELLED_DAYS"]),
        sorted(tuple(group) for group in state if group.n),
        dropped,
    )


def _dropped_at(state: list, window: FeedWindow, now: datetime) -> datetime | None:
    """When the feed last lost a cancelled booking by ageing (its cancellation + the keep
    period): a change a client must see even though no row changed then."""
    last = max((group.dropped for group in state if group.dropped is not None), default=None)
    return last + (now - window.cancelled_since) if last is not None else None


def _respond(parts: tuple, filename: str, render) -> Response:
    """text/calendar with its validator computed before rendering: a strong ETag, a hash of
    everything the bytes depend on. A client that has the current version gets a 304 and
    ``render`` is never called. No Last-Modified: the bytes also change with no dated change
    behind them (the member's language, a workspace's or desk's name), and a date that stays
    while the body changes would keep an If-Modified-Since client on the old body."""
    etag = feed_validator(parts)
    response = Response(mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = content_disposition(filename, inline=True)
    response.headers["Cache-Control"] = "private, max-age=300"
    response.set_etag(etag)
    if is_resource_modified(request.environ, etag=etag):
        response.set_data(FEEDS.get_or_render(etag, render))
    return response.make_conditional(request)


@bp.route("/calendar/member.ics", methods=["GET", "HEAD"])
@limiter.limit(_rate)
def member_feed():
    """A member's own bookings. Unknown, rotated or deactivated tokens: 404, no hint."""
    user = services.member_for_token(request.args.get("token", ""), current_app.config["SECRET_KEY"])
    if user is None:
        abort(404)
    now = utcnow()
    window = _window(now)
    locale = locale_for(user.language)
    state = queries.feed_state(window, member_id=user.id)
    dropped = _dropped_at(state, window, now)

    def render() -> bytes:
        rows = queries.feed_rows(window, member_id=user.id, attendee=(user.name, user.email))
        with force_locale(locale):
            return events_ical(rows, name=_("My desk bookings"), feed=True)

    parts = _feed_parts(("member", user.name, user.email), user, locale, state, dropped)
    return _respond(parts, "my-desk-bookings.ics", render)


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
    locale = locale_for(user.language or workspace.default_language)
    state = queries.feed_state(window, workspace_id=workspace.id)
    dropped = _dropped_at(state, window, now)

    def render() -> bytes:
        rows = queries.feed_rows(window, workspace_id=workspace.id)
        with force_locale(locale):
            name = _("Bookings at %(workspace)s", workspace=workspace.name)
            return events_ical(rows, name=name, with_member=True, feed=True)

    scope = ("workspace", workspace.id, workspace.slug, workspace.name)
    parts = _feed_parts(scope, user, locale, state, dropped)
    return _respond(parts, f"{workspace.slug}-bookings.ics", render)


@bp.post("/calendar/rotate")
@login_required
def rotate():
    services.rotate(current_user._get_current_object())
    flash(_("Your calendar links are new. Subscribe again with the new link; the old one no longer works."), "success")
    return redirect(url_for("accounts.profile") + "#calendar")


@bp.get("/bookings/<booking_id>.ics")
@login_required
def booking_ics(booking_id: str):
    """One booking as a download, for whoever may see its page (its member, the workspace's
    managers, admins; the same check as the booking's page): 404 for anyone else."""
    try:
        booking = booking_services.get_booking(current_user, booking_id)
    except errors.NotFound:
        abort(404)
    body = ics_for([booking], name=None)
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Type": "text/calendar; charset=utf-8",
            "Content-Disposition": content_disposition(f"booking-{booking.desk.code}-{booking.starts_at:%Y%m%d}.ics"),
        },
    )
