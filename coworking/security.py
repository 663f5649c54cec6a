"""Security for HTML responses: headers on every response and the safe ``next`` check."""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote, urlsplit

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; "
    "object-src 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TOKEN_IN_URL = re.compile(r"([?&]token=)[^&\s\"]+")


def redact(text: str) -> str:
    """Hide feed secrets (``?token=…``) in anything written to a log."""
    return _TOKEN_IN_URL.sub(r"\1[redacted]", text)


class RedactTokens(logging.Filter):
    """Log filter: the development server and any handler it sits on never write a feed token."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        record.msg = redact(str(record.msg))
        return True


def safe_next(target: str | None, default: str) -> str:
    """``target`` if it is a path on this site, else ``default``.

    Refuses absolute URLs, scheme-relative ``//host``, backslash tricks (``/\\host``, which
    browsers read as ``//host``), control characters, and each of these percent-encoded (once or
    twice)."""
    if not target:
        return default
    decoded = target
    for _ in range(3):  # look through repeated percent-encoding
        decoded = unquote(decoded)
    for candidate in (target, decoded):
        if _CONTROL.search(candidate) or "\\" in candidate:
            return default
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return default
        if not candidate.startswith("/") or candidate.startswith("//"):
            return default
    return target


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """Whether a ``Host`` header (``name``, ``name:port``, ``[v6]:port``) names one of the
    ``allowed`` host names. Ports are not compared: links never come from the request (see
    mail.external_url), and a server listening on another port is still this site."""
    host = (host or "").strip().lower()
    if host.startswith("["):
        name = host[1 : host.find("]")] if "]" in host else ""
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return bool(name) and name.rstrip(".") in allowed


def refuse_unknown_hosts(app) -> None:
    """400 for a request whose ``Host`` is neither BASE_URL's host nor in ALLOWED_HOSTS: a
    forged host cannot reach pages, caches or anything that might echo it. ``/healthz`` is
    exempt (load balancers probe it by address)."""
    from flask import abort, current_app, request

    @app.before_request
    def _check_host():
        if request.path != "/healthz" and not host_allowed(request.host, current_app.config["ALLOWED_HOSTS"]):
            abort(400)


def init_app(app) -> None:
    refuse_unknown_hosts(app)
    for name in ("werkzeug", "gunicorn.access", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())

    from datetime import timedelta

    cfg = app.config
    # Flask's own defaults exist for these keys, so set them, not setdefault.
    cfg["SESSION_COOKIE_HTTPONLY"] = True
    cfg["REMEMBER_COOKIE_HTTPONLY"] = True
    cfg["SESSION_COOKIE_SAMESITE"] = cfg.get("SESSION_COOKIE_SAMESITE") or "Lax"
    cfg["REMEMBER_COOKIE_SAMESITE"] = cfg.get("REMEMBER_COOKIE_SAMESITE") or "Lax"
    cfg["REMEMBER_COOKIE_SECURE"] = bool(cfg.get("SESSION_COOKIE_SECURE"))
    cfg["REMEMBER_COOKIE_DURATION"] = timedelta(days=int(cfg["REMEMBER_COOKIE_DURATION_DAYS"]))

    @app.before_request
    def _refuse_nul():
        """NUL cannot be stored (PostgreSQL refuses it) and has no business in a URL or form."""
        from flask import abort, request

        values = [request.path, *request.args.keys(), *request.args.values()]
        if request.method == "POST" and request.mimetype in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            values += [*request.form.keys(), *request.form.values()]
        if any("\x00" in value for value in values):
            abort(400)

    @app.after_request
    def _headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
