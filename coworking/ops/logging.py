"""Structured logs with a request id.

Every request gets an id: the incoming ``X-Request-ID`` when it is a short safe token (so a
load balancer's id follows the request), else a new one. It is returned in the
``X-Request-ID`` response header and carried by every record the app logs while serving the
request, plus one access line per request (logger ``coworking.access``).

``COWORKING_LOG_FORMAT=json`` writes one JSON object per line (time, level, logger, message,
request_id, method, path, status, duration_ms); ``text`` a readable line. The default is text
in development and JSON elsewhere. The path is logged without its query string (feed tokens
travel there), and ``coworking.security.RedactTokens`` stays on the handler as a second guard.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import g, has_request_context, request
from flask.logging import default_handler

from coworking.security import RedactTokens

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
ACCESS_LOGGER = "coworking.access"
# Record attributes the JSON formatter writes when present.
CONTEXT_FIELDS = ("request_id", "method", "path", "status", "duration_ms")


def request_id_from(header: str | None) -> str:
    """The caller's id if it is a short safe token, else a fresh one."""
    if header and _SAFE_ID.match(header):
        return header
    return uuid.uuid4().hex


class RequestContext(logging.Filter):
    """Adds the current request's id, method and path (no query string) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:

        if has_request_context():
            if getattr(record, "request_id", None) is None:
                record.request_id = g.get("request_id")
            if getattr(record, "method", None) is None:
                record.method = request.method
            if getattr(record, "path", None) is None:
                record.path = request.path
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return super().format(record)


class LogHandler(logging.StreamHandler):
    """Ours, so a second ``create_app`` (tests) replaces it instead of adding another."""


def log_format(app) -> str:
    chosen = str(app.config.get("LOG_FORMAT") or "").strip().lower()
    if chosen in {"json", "text"}:
        return chosen
    return "text" if app.config.get("ENVIRONMENT") == "development" else "json"


def init_app(app) -> None:

    handler = LogHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format(app) == "json" else TextFormatter())
    handler.addFilter(RequestContext())
    handler.addFilter(RedactTokens())
    for logger in (app.logger, logging.getLogger(ACCESS_LOGGER)):
        if not any(isinstance(f, RequestContext) for f in logger.filters):
            logger.addFilter(RequestContext())
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
    app.logger.removeHandler(default_handler)
    for old in [h for h in app.logger.handlers if isinstance(h, LogHandler)]:
        app.logger.removeHandler(old)
    app.logger.addHandler(handler)
    if app.logger.level == logging.NOTSET or app.logger.level > logging.INFO:
        app.logger.setLevel(logging.INFO)

    access = logging.getLogger(ACCESS_LOGGER)

    @app.before_request
    def _start():
        g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        request_id = g.get("request_id") or request_id_from(None)
        response.headers[REQUEST_ID_HEADER] = request_id
        started = g.get("request_started")
        duration_ms = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
        access.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response
