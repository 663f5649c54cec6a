"""What the rate limits count, and how their storage behaves (Flask-Limiter, ``extensions.limiter``).

- **Per address** (the limiter's default key): every login, registration, reset and token
  request, as before.
- **Per account**: failed logins for one email, from any address, web login and
  ``POST /api/v1/tokens`` together (``LOGIN_FAILURE_RATE_LIMIT``, 10 per 15 minutes). The key is
  a hash of the normalised email, whether or not an account uses it, so the refusal is the same
  for unknown emails (no enumeration). Only failures count (``deduct_when``): a member who
  logs in right is never charged.
- **Per address asked for**: password-reset mails for one email (``RESET_MAIL_RATE_LIMIT``),
  from any client, so a mailbox cannot be flooded; unknown emails count alike.
- **Per member**: the password-change form and the reports (pages, downloads, API), keyed by
  the logged-in or token user.

Storage: Redis when ``REDIS_URL`` is set; while it does not answer, each process counts in its
own memory (``RATELIMIT_IN_MEMORY_FALLBACK_ENABLED``), logs one warning, and goes back to Redis
when a periodic check finds it again. Without Redis, counters are per process: with several
workers in production the app says so at start (``warn_if_per_worker``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re

from flask import current_app, g, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from coworking.extensions import limiter
from coworking.ops.logging import LogHandler

LOGIN_SCOPE = "login-failures"
LIMITER_LOGGER = "flask-limiter"


def _submitted_email() -> str:
    if request.mimetype == "application/json":
        body = request.get_json(silent=True)
        value = body.get("email") if isinstance(body, dict) else None
    else:
        value = request.form.get("email")
    return value.strip().lower() if isinstance(value, str) else ""


def login_email_key() -> str:
    """The account a login attempt is for: the normalised email as typed (known or not),
    hashed so the counters hold no address."""
    digest = hashlib.sha256(_submitted_email().encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"email:{digest}"


def login_failed(response) -> bool:
    """A refused login: the form shown again (200) or the API's 401. A success (302, 201), a
    malformed request (400, 422) or an outage (503) does not count."""
    return response.status_code in (200, 401)


def login_failure_limit() -> str:
    return current_app.config["LOGIN_FAILURE_RATE_LIMIT"]


# Decorates the web login and POST /api/v1/tokens: one counter per account for both.
login_failures = limiter.shared_limit(
    login_failure_limit,
    scope=LOGIN_SCOPE,
    key_func=login_email_key,
    deduct_when=login_failed,
    methods=["POST"],
)


def reset_mail_limit() -> str:
    return current_app.config["RESET_MAIL_RATE_LIMIT"]


# Decorates the forgotten-password form: reset mails per address asked for, from any client,
# so nobody can flood a member's mailbox from many addresses (the same answer for unknown ones).
reset_mails = limiter.shared_limit(reset_mail_limit, scope="reset-mails", key_func=login_email_key, methods=["POST"])


def member_key() -> str:
    """The member making the request (token or session), else the client address."""

    user = g.get("user")
    if user is None and current_user and current_user.is_authenticated:
        user = current_user
    if user is not None:
        return f"user:{user.id}"
    return get_remote_address() or "-"


def report_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


# Every report page, download and endpoint: one budget per member for all of them.
reports = limiter.shared_limit(report_limit, scope="reports", key_func=member_key)


def password_change_limit() -> str:
    return current_app.config["PASSWORD_CHANGE_RATE_LIMIT"]


# --- several workers without Redis ---------------------------------------------------------------

_WORKERS_ARG = re.compile(r"(?:^|\s)(?:--workers(?:=|\s+)|-w\s*)(\d+)")


def declared_workers(env=None) -> int:
    """How many worker processes serve the app, as the environment tells: ``WEB_CONCURRENCY``
    (set by gunicorn.conf.py to its final count, and by most platforms), ``GUNICORN_WORKERS``,
    or ``--workers`` in ``GUNICORN_CMD_ARGS``. 1 when nothing says."""
    env = os.environ if env is None else env
    counts = []
    for name in ("WEB_CONCURRENCY", "GUNICORN_WORKERS"):
        if str(env.get(name, "")).strip().isdigit():
            counts.append(int(env[name]))
    match = _WORKERS_ARG.search(env.get("GUNICORN_CMD_ARGS", ""))
    if match:
        counts.append(int(match.group(1)))
    return counts[0] if counts else 1


def per_worker_warning(config, workers: int) -> str | None:
    """The start-up warning when limits would be counted per process in production."""
    if config.get("ENVIRONMENT") != "production" or not config.get("RATELIMIT_ENABLED", True):
        return None
    if not str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory://") or workers <= 1:
        return None
    return (
        f"Rate limits are counted per worker: {workers} workers and no REDIS_URL, so each worker "
        f"allows the full limit (up to {workers}x in all) and a login lockout holds only in the "
        "worker that counted it. Set REDIS_URL to share the counters."
    )


def init_app(app) -> None:
    """Send the limiter's own messages (storage lost, recovered) to the app's log, and warn
    at start when several workers would each keep their own counters."""

    limiter_log = logging.getLogger(LIMITER_LOGGER)
    for old in [h for h in limiter_log.handlers if isinstance(h, LogHandler)]:
        limiter_log.removeHandler(old)  # a second create_app (tests) replaces, never adds
    for handler in app.logger.handlers:
        if handler not in limiter_log.handlers:
            limiter_log.addHandler(handler)
    limiter_log.propagate = False
    if limiter_log.level == logging.NOTSET or limiter_log.level > logging.INFO:
        limiter_log.setLevel(logging.INFO)
    message = per_worker_warning(app.config, declared_workers())
    if message:
        app.logger.warning(message)
