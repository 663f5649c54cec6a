"""Security for HTML responses: headers on every response and the safe ``next`` check."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from urllib.parse import unquote, urlsplit

from flask import abort, current_app, request

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
# Routes whose last path segment is a secret: a password-reset link (/password/reset/<token>),
# an address check (/verify/<token>, /email/verify/<token>), an invitation. Any segment that
# follows one of these words is hidden, so a new route of that kind is covered by its name.
TOKEN_PATH_WORDS = ("reset", "verify", "verification", "confirm", "invitation", "invite")
_TOKEN_IN_PATH = re.compile(r"(/(?:" + "|".join(TOKEN_PATH_WORDS) + r")/)[^/?#&\s\"']+", re.IGNORECASE)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """Hide secrets that travel in URLs (a feed's ``?token=…``, a reset or verification link's
    last path segment) in anything written to a log."""
    text = _TOKEN_IN_URL.sub(r"\1" + REDACTED, text)
    return _TOKEN_IN_PATH.sub(r"\1" + REDACTED, text)


# Record attributes that can carry a URL (the structured access lines set ``path``).
_URL_ATTRIBUTES = ("path", "url", "request_line")


class RedactTokens(logging.Filter):
    """Log filter: the development server and any handler it sits on never write a feed token
    or a reset/verification token, in the message or in a structured field."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        record.msg = redact(str(record.msg))
        for name in _URL_ATTRIBUTES:
            value = getattr(record, name, None)
            if isinstance(value, str):
                setattr(record, name, redact(value))
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

    cfg = app.config
    # Flask's own defaults exist for these keys, so set them, not setdefault.
    cfg["SESSION_COOKIE_HTTPONLY"] = True
    cfg["REMEMBER_COOKIE_HTTPONLY"] = True
    cfg["SESSION_COOKIE_SAMESITE"] = cfg.get("SESSION_COOKIE_SAMESITE") or "Lax"
    cfg["REMEMBER_COOKIE_SAMESITE"] = cfg.get("REMEMBER_COOKIE_SAMESITE") or "Lax"
    https = https_only(app)
    if https:
        # Served over HTTPS only: cookies never travel in clear, browsers remember to use HTTPS.
        cfg["SESSION_COOKIE_SECURE"] = True
        cfg["PREFERRED_URL_SCHEME"] = "https"
    cfg["REMEMBER_COOKIE_SECURE"] = bool(cfg.get("SESSION_COOKIE_SECURE"))
    hsts = f"max-age={int(cfg.get('HSTS_SECONDS', 31_536_000))}" if https else None
    cfg["REMEMBER_COOKIE_DURATION"] = timedelta(days=int(cfg["REMEMBER_COOKIE_DURATION_DAYS"]))

    @app.before_request
    def _refuse_nul():
        """NUL cannot be stored (PostgreSQL refuses it) and has no business in a URL or form."""

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
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", hsts)
        if response.mimetype == "text/html" or _personal(response):
            _no_store(response)
        return response


def https_only(app) -> bool:
    """True when the configured public address (``BASE_URL``) is https."""
    return str(app.config.get("BASE_URL") or "").strip().lower().startswith("https://")


# API answers that carry a secret or one member's data: never kept by a browser or a proxy.
NO_STORE_PATHS = ("/api/v1/tokens", "/api/v1/me/", "/api/v1/users/")
NO_STORE_PATTERNS = (re.compile(r"^/api/v1/workspaces/[^/]+/(usage|occupancy)$"), re.compile(r"^/reports/"))
DOWNLOAD_TYPES = {
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _personal(response) -> bool:

    path = request.path
    if path.startswith(NO_STORE_PATHS) or any(p.match(path) for p in NO_STORE_PATTERNS):
        return True
    if response.mimetype in DOWNLOAD_TYPES:
        return True  # every CSV and XLSX download
    return response.headers.get("Content-Disposition", "").lower().startswith("attachment")


def _no_store(response) -> None:
    """``no-store`` (kept with ``private`` when the view said so); replaces any weaker choice."""
    current = response.headers.get("Cache-Control", "")
    if "no-store" not in current:
        response.headers["Cache-Control"] = "no-store"
