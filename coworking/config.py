"""Configuration: safe defaults, then environment variables.

Plain names (``DATABASE_URL``, ``SECRET_KEY``, ``REDIS_URL``, ``RATELIMIT_ENABLED``) are read
as documented in the README; any ``COWORKING_*`` variable overrides the key of the same name
(``COWORKING_MAIL_SERVER`` → ``MAIL_SERVER``) through ``app.config.from_prefixed_env``.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

DEV_ENVIRONMENTS = {"development", "testing"}


class Defaults:
    # "production" unless told otherwise: a forgotten setting must fail closed.
    ENVIRONMENT = "production"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled from DATABASE_URL or the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    REDIS_URL: str | None = None
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    TOKEN_RATE_LIMIT = "10 per minute;100 per hour"
    # Failed logins per account (the normalised email), from any address: web and API share it.
    LOGIN_FAILURE_RATE_LIMIT = "10 per 15 minutes"
    # Password-reset mails per email asked for, from any address (no mailbox flooding).
    RESET_MAIL_RATE_LIMIT = "5 per hour"
    # Password changes per member (every POST of the form, right or wrong current password).
    PASSWORD_CHANGE_RATE_LIMIT = "10 per 15 minutes"
    # Report pages, downloads and report endpoints, per member (the figures are expensive).
    REPORT_RATE_LIMIT = "30 per minute;300 per hour"
    # Redis away (restart, network cut): count in each process's memory until it answers
    # again, never answer 5xx. Short socket timeouts so a hung Redis cannot hold a worker.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    REDIS_SOCKET_TIMEOUT = 0.5  # seconds, connecting and each command

    # API tokens: an API login lasts a working day, a CLI token (for scripts) 90 days.
    API_TOKEN_HOURS = 12
    CLI_TOKEN_DAYS = 90
    # "argon2id" (default), or a werkzeug method ("scrypt", "pbkdf2:sha256:..."); tests use a
    # cheap one. Hashes made another way are upgraded at the member's next login.
    PASSWORD_HASH_METHOD = "argon2id"

    # SQLite: how long a writer waits for the lock, and how often a locked/serialization-failed
    # unit of work is retried before the client gets a 503.
    SQLITE_BUSY_TIMEOUT_MS = 10_000
    WRITE_RETRIES = 5

    # flask-smorest / OpenAPI
    API_TITLE = "coworking"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {
        "security": [{"bearerAuth": []}],
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        "info": {
            "description": "Desk booking for the cooperative's shared workspaces. Errors are "
            "application/problem+json (RFC 9457) with a stable `code`."
        },
    }

    # Mail: queued in the outbox, sent by `flask worker` (coworking/mail). Backend "smtp" in
    # production; development writes .eml files under MAIL_FILE_DIR (default instance/mail/)
    # and logs them; tests keep them in memory. MAIL_FROM is the sender and the ORGANIZER of
    # booking invitations unless a workspace has its own mailbox.
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_FROM = "coworking <no-reply@localhost>"
    MAIL_TIMEOUT_SECONDS = 10
    MAIL_FILE_DIR: str | None = None
    MAIL_KEEP_SENT_DAYS = 30  # sent messages hold addresses: the worker deletes them after this
    MAIL_KEEP_FAILED_DAYS = 90
    WORKER_INTERVAL_SECONDS = 5
    PASSWORD_RESET_HOURS = 2

    # Where members reach the app, e.g. "https://desks.example.coop": every absolute link in a
    # mail is built from it (accounts.links.external_url), never from the request. Required in
    # production; http://127.0.0.1:5000 in development and tests. Requests for any other host
    # get a 400, except the hosts listed in ALLOWED_HOSTS (comma-separated names; ports are
    # not compared).
    BASE_URL: str | None = None
    ALLOWED_HOSTS: str | tuple = ""
    # "open": anyone may register (and must prove the address before booking); "closed":
    # accounts only by admins, `flask users create/import` or invitation.
    REGISTRATION = "open"
    EMAIL_VERIFY_HOURS = 48
    EMAIL_VERIFY_RESEND_LIMIT = "3 per hour"

    # Cookies: HttpOnly and SameSite=Lax always; COWORKING_SESSION_COOKIE_SECURE=true behind HTTPS
    # (implied when BASE_URL is https, which also sends Strict-Transport-Security).
    SESSION_COOKIE_SECURE = False
    HSTS_SECONDS = 31_536_000  # one year
    REMEMBER_COOKIE_DURATION_DAYS = 30  # at most 30 (larger values are capped)
    # A login ends after this many days without a request, and at the latest
    # REMEMBER_COOKIE_DURATION_DAYS after it began. Last-seen is written at most every
    # SESSION_TOUCH_MINUTES, a token's last use every TOKEN_LAST_USED_MINUTES.
    SESSION_IDLE_DAYS = 14
    SESSION_TOUCH_MINUTES = 5
    TOKEN_LAST_USED_MINUTES = 5

    # iCalendar UIDs are "<booking uuid>@<this domain>": keep it stable forever.
    CALENDAR_UID_DOMAIN = "coworking.invalid"
    # Feeds: bookings from this many days back to this many ahead; cancelled ones stay (as
    # STATUS:CANCELLED) this many days after the cancellation so calendars remove them.
    CALENDAR_PAST_DAYS = 90
    CALENDAR_FUTURE_DAYS = 365
    CALENDAR_CANCELLED_DAYS = 30
    CALENDAR_RATE_LIMIT = "60 per minute"

    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "nl", "fr", "de")
    JSON_SORT_KEYS = False
    MAX_CONTENT_LENGTH = 1_000_000  # bytes; larger bodies get 413
    # Reverse proxies in front of the app (load balancer, nginx): how many X-Forwarded-* hops
    # to trust, so rate limits and redirects see the client, not the proxy. 0 = none.
    TRUSTED_PROXIES = 0


DEV_BASE_URL = "http://127.0.0.1:5000"
MAX_REMEMBER_DAYS = 30


def _env_flag(value: str) -> bool:
    return value.strip().lower() not in {"0", "false", "no", "off", ""}


def load(app, overrides: dict | None) -> None:
    """Fill ``app.config``: defaults, plain env names, COWORKING_* names, then ``overrides``."""
    app.config.from_object(Defaults)
    env = os.environ
    if "DATABASE_URL" in env:
        app.config["SQLALCHEMY_DATABASE_URI"] = env["DATABASE_URL"]
    if "SECRET_KEY" in env:
        app.config["SECRET_KEY"] = env["SECRET_KEY"]
    if "REDIS_URL" in env:
        app.config["REDIS_URL"] = env["REDIS_URL"]
    if "RATELIMIT_ENABLED" in env:
        app.config["RATELIMIT_ENABLED"] = _env_flag(env["RATELIMIT_ENABLED"])
    app.config.from_prefixed_env("COWORKING")
    if overrides:
        app.config.from_mapping(overrides)

    cfg = app.config
    if not cfg.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        cfg["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "coworking.sqlite")
    uri = cfg["SQLALCHEMY_DATABASE_URI"]
    # Heroku-style URLs and bare postgresql:// go through psycopg 3, the only driver we ship.
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            cfg["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len(prefix) :]
    if cfg.get("REDIS_URL") and cfg["RATELIMIT_STORAGE_URI"] == "memory://":
        cfg["RATELIMIT_STORAGE_URI"] = cfg["REDIS_URL"]
    if str(cfg["RATELIMIT_STORAGE_URI"]).startswith(("redis://", "rediss://", "redis+")):
        timeout = float(cfg["REDIS_SOCKET_TIMEOUT"])
        cfg["RATELIMIT_STORAGE_OPTIONS"] = {
            "socket_connect_timeout": timeout,
            "socket_timeout": timeout,
            **(cfg.get("RATELIMIT_STORAGE_OPTIONS") or {}),
        }
    if cfg["ENVIRONMENT"] == "development" and "MAIL_BACKEND" not in (overrides or {}):
        cfg["MAIL_BACKEND"] = os.environ.get("COWORKING_MAIL_BACKEND", "file")
    if cfg["ENVIRONMENT"] in DEV_ENVIRONMENTS:
        # Development and tests only: a fixed, obviously-not-secret key.
        cfg["SECRET_KEY"] = cfg.get("SECRET_KEY") or DEV_SECRET_KEY
    else:
        check_secret_key(cfg.get("SECRET_KEY"))
    _load_site(cfg)


DEV_SECRET_KEY = "dev-only-not-a-secret"
MIN_SECRET_KEY_BYTES = 32
_NEW_KEY = "`python -c 'import secrets; print(secrets.token_hex(32))'`"


def check_secret_key(key) -> None:
    """Production refuses to start without a real key: set, at least 32 bytes, and not the
    development key (anyone could sign sessions and reset links with a known or short key)."""
    if not key:
        raise RuntimeError(
            f"SECRET_KEY is not set. Set SECRET_KEY (e.g. {_NEW_KEY}), "
            "or COWORKING_ENVIRONMENT=development for local use."
        )
    raw = key if isinstance(key, bytes) else str(key).encode("utf-8")
    if raw.strip() == DEV_SECRET_KEY.encode():
        raise RuntimeError(f"SECRET_KEY is the development key: set a random one (e.g. {_NEW_KEY}).")
    if len(raw) < MIN_SECRET_KEY_BYTES:
        raise RuntimeError(
            f"SECRET_KEY is {len(raw)} bytes long; production needs at least {MIN_SECRET_KEY_BYTES} "
            f"random bytes (e.g. {_NEW_KEY})."
        )


def _load_site(cfg) -> None:
    """BASE_URL (required in production), the allowed hosts, registration and session limits."""

    if not cfg.get("BASE_URL"):
        if cfg["ENVIRONMENT"] not in DEV_ENVIRONMENTS:
            raise RuntimeError(
                "COWORKING_BASE_URL is not set. Set it to the address members use, e.g. "
                "COWORKING_BASE_URL=https://desks.example.coop: links in mails are built from it."
            )
        cfg["BASE_URL"] = DEV_BASE_URL
    base = urlsplit(str(cfg["BASE_URL"]).strip())
    if base.scheme not in {"http", "https"} or not base.hostname or base.query or base.fragment:
        raise RuntimeError(
            f"COWORKING_BASE_URL must be an http(s) address like https://desks.example.coop, got {cfg['BASE_URL']!r}."
        )
    cfg["BASE_URL"] = f"{base.scheme}://{base.netloc}{base.path.rstrip('/')}"
    hosts = cfg.get("ALLOWED_HOSTS") or ()
    if isinstance(hosts, str):
        hosts = hosts.split(",")
    if cfg["ENVIRONMENT"] == "development":
        hosts = [*hosts, "localhost"]  # `flask run` is opened as localhost as often as 127.0.0.1
    cfg["ALLOWED_HOSTS"] = tuple(dict.fromkeys([base.hostname, *(h.strip().lower() for h in hosts if h.strip())]))
    if cfg.get("REGISTRATION") not in {"open", "closed"}:
        raise RuntimeError(f"COWORKING_REGISTRATION must be 'open' or 'closed', got {cfg.get('REGISTRATION')!r}.")
    cfg["REMEMBER_COOKIE_DURATION_DAYS"] = min(int(cfg["REMEMBER_COOKIE_DURATION_DAYS"]), MAX_REMEMBER_DAYS)
    cfg["SESSION_IDLE_DAYS"] = int(cfg["SESSION_IDLE_DAYS"])
