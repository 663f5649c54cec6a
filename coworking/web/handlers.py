"""How errors reach people and programs: domain errors and HTTP errors as problem+json on
the API, as translated pages elsewhere, as short plain text to calendar clients; a database
that is busy or gone as 503 with Retry-After, never a bare 500."""

from __future__ import annotations

import contextlib

from flask import render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError

from coworking.db import StorageBusy
from coworking.errors import DomainError
from coworking.extensions import db
from coworking.i18n import error_message
from coworking.web.problems import problem


def init_app(app) -> None:
    """Register handlers: domain errors and 5xx as problem+json on /api, pages elsewhere."""

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
