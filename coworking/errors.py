"""The DomainError family and how errors reach clients.

Services raise ``DomainError`` subclasses; each carries a stable ``code`` (the API contract),
an HTTP status and an English title. The API answers them as ``application/problem+json``
(RFC 9457); HTML pages render them (issue 3 translates them by code).

This module imports no Flask at module level so ``rules.py`` files can raise these errors
and stay free of the web framework.
"""

from __future__ import annotations

import contextlib


def N_(message: str) -> str:
    """Mark a message for translation where it is raised (pybabel extracts N_); the web layer
    translates it with gettext when it shows it to a person. The API keeps the English text."""
    return message


class DomainError(Exception):
    code = "domain_error"
    status = 422
    title = "The request breaks a rule"

    def __init__(self, detail: str | None = None, **extra):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


def _error(name: str, code: str, status: int, title: str) -> type[DomainError]:
    return type(name, (DomainError,), {"code": code, "status": status, "title": title})


# 409: the slot is taken — by another booking of the desk, or by the member elsewhere.
DeskTaken = _error("DeskTaken", "desk_taken", 409, "This desk is already booked at that time")
MemberBusy = _error("MemberBusy", "member_busy", 409, "You already have a booking at that time")
# 422: the request breaks a booking rule.
InvalidInterval = _error("InvalidInterval", "invalid_interval", 422, "The end must be after the start")
Misaligned = _error("Misaligned", "misaligned", 422, "Start and end must be on the slot grid")
OutsideOpeningHours = _error(
    "OutsideOpeningHours", "outside_opening_hours", 422, "The workspace is not open at that time"
)
Closed = _error("Closed", "closed", 422, "The workspace is closed on that day")
InThePast = _error("InThePast", "in_the_past", 422, "That time is in the past")
TooSoon = _error("TooSoon", "too_soon", 422, "Bookings need more notice")
TooFarAhead = _error("TooFarAhead", "too_far_ahead", 422, "That is too far ahead to book")
TooLong = _error("TooLong", "too_long", 422, "The booking is longer than allowed")
LimitReached = _error("LimitReached", "limit_reached", 422, "You have reached the number of active bookings allowed")
DeskOutOfService = _error("DeskOutOfService", "desk_out_of_service", 422, "This desk is not in service then")
NonexistentLocalTime = _error(
    "NonexistentLocalTime", "nonexistent_local_time", 422, "That local time does not exist (clocks go forward)"
)
AmbiguousLocalTime = _error(
    "AmbiguousLocalTime",
    "ambiguous_local_time",
    422,
    "That local time happens twice (clocks go back); give a UTC offset",
)
CancellationClosed = _error("CancellationClosed", "cancellation_closed", 422, "It is too late to cancel this booking")
ValidationFailed = _error("ValidationFailed", "validation_error", 422, "The request is not valid")
Conflict = _error("Conflict", "conflict", 409, "That already exists")
# Budget (issue 6): a closed month is locked until an admin reopens it.
MonthClosed = _error("MonthClosed", "month_closed", 409, "That month is closed")
MonthNotFinished = _error("MonthNotFinished", "month_not_finished", 422, "That month is not over yet")
# Access
Unauthorized = _error("Unauthorized", "unauthorized", 401, "Authentication is required")
Forbidden = _error("Forbidden", "forbidden", 403, "You are not allowed to do this")
NotFound = _error("NotFound", "not_found", 404, "Not found")

PROBLEM_JSON = "application/problem+json"

# Stable codes for plain HTTP errors (werkzeug / webargs) on the API.
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def problem(status: int, code: str, title: str, detail: str, **extra):
    """An RFC 9457 problem response."""
    from flask import jsonify

    body = {"type": "about:blank", "status": status, "code": code, "title": title, "detail": detail}
    body.update(extra)
    resp = jsonify(body)
    resp.status_code = status
    resp.mimetype = PROBLEM_JSON
    return resp


def init_app(app) -> None:
    """Register handlers: domain errors and 5xx as problem+json on /api, pages elsewhere."""
    from flask import render_template, request
    from flask_babel import gettext as _
    from flask_wtf.csrf import CSRFError
    from sqlalchemy.exc import InterfaceError, OperationalError

    from coworking.db import StorageBusy
    from coworking.extensions import db
    from coworking.i18n import error_message

    def wants_problem() -> bool:
        return request.path.startswith("/api/")

    def for_calendar_client() -> bool:
        """A feed URL (a calendar client, its secret in the query string): answered in short
        plain text, never the HTML page (whose forms would carry the query string)."""
        return request.path.startswith("/calendar/") and request.path.endswith(".ics")

    def plain(status: int, text: str):
        resp = app.make_response((text + "\n", status))
        resp.mimetype = "text/plain"
        resp.headers["Cache-Control"] = "no-store"
        return resp

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError):
        db.session.rollback()
        if wants_problem():
            resp = problem(exc.status, exc.code, exc.title, exc.detail, **exc.extra)
            if exc.status == 401:
                resp.headers["WWW-Authenticate"] = 'Bearer realm="coworking"'
            return resp
        return render_template("error.html", title=error_message(exc.code, exc.title), detail=""), exc.status

    @app.teardown_appcontext
    def _release_session(_exc):
        """Runs before Flask-SQLAlchemy's own teardown (registered later, run first). Ending
        the request's session rolls back its read transaction; if the database went away in
        between (restart, failover) that ROLLBACK fails, and the answer already made would
        become a 500. Drop the broken session instead: its connection is invalidated and the
        pool (pre-ping) replaces it on the next checkout."""
        try:
            db.session.remove()
        except (OperationalError, InterfaceError):
            broken = db.session.registry()
            db.session.registry.clear()
            with contextlib.suppress(OperationalError, InterfaceError):
                broken.invalidate()

    @app.errorhandler(StorageBusy)
    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _busy(_exc):
        # StorageBusy: retries exhausted. OperationalError / InterfaceError outside a unit of
        # work (a read, a token lookup): the database is unreachable or restarting (the pool
        # pre-pings and reconnects on the next request). Either way: 503, try again shortly.
        try:
            db.session.rollback()
        except (OperationalError, InterfaceError):
            db.session.remove()
        if wants_problem():
            resp = problem(503, "unavailable", "Service Unavailable", "The database is busy; try again.")
        else:
            try:
                page = render_template(
                    "error.html", title=_("We are very busy"), detail=_("Please try again in a moment.")
                )
            except (OperationalError, InterfaceError):  # the page itself needed the database
                page = "Service Unavailable"
            resp = app.make_response((page, 503))
        resp.headers["Retry-After"] = "1"
        return resp

    @app.errorhandler(500)
    def _internal(_exc):
        db.session.rollback()
        if wants_problem():
            return problem(500, "internal_error", "Internal Server Error", "Something went wrong on our side.")
        return render_template(
            "error.html",
            title=_("Something went wrong on our side"),
            detail=_("Nothing was changed. Please try again; if it keeps happening, tell your space manager."),
        ), 500

    @app.errorhandler(404)
    def _not_found(exc):
        if wants_problem():
            return problem(404, "not_found", "Not Found", exc.description)
        if for_calendar_client():
            return plain(404, "Not Found")
        return render_template("error.html", title=_("Page not found"), detail=_("We could not find that page.")), 404

    @app.errorhandler(429)
    def _too_many(exc):
        if wants_problem():
            return problem(429, "rate_limited", "Too Many Requests", "Too many attempts; wait a minute and try again.")
        if for_calendar_client():
            return plain(429, "Too Many Requests")
        return render_template(
            "error.html",
            title=_("Too many attempts"),
            detail=_("Please wait a minute, then try again."),
        ), 429

    @app.errorhandler(CSRFError)
    def _csrf(_exc):
        return render_template(
            "error.html",
            title=_("This form has expired"),
            detail=_("Nothing was changed. Go back, reload the page and try again."),
        ), 400
