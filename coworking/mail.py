"""Outgoing mail. Backends (config ``MAIL_BACKEND``): ``smtp`` (production), ``log`` (the
default in development: the message is written to the app log), ``memory`` (tests read
``app.extensions["mail_outbox"]``)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app

from coworking.db import after_commit
from coworking.extensions import db


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of ``endpoint`` under the configured ``BASE_URL``: the one way to put
    a link in a mail. Never built from the request (its ``Host`` is whatever the client sent),
    and usable outside a request (CLI, workers)."""
    base = urlsplit(current_app.config["BASE_URL"])
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def send(to: str, subject: str, body: str) -> None:
    """Send a plain-text mail once the unit of work in progress commits (never if it rolls
    back): a mail never announces a change that was not kept."""
    app = current_app._get_current_object()
    after_commit(db.session, lambda: _deliver(app, to, subject, body))


def _deliver(app, to: str, subject: str, body: str) -> None:
    cfg = app.config
    message = EmailMessage()
    message["From"] = cfg["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    backend = cfg["MAIL_BACKEND"]
    if backend == "memory":
        app.extensions.setdefault("mail_outbox", []).append(message)
    elif backend == "log":
        # The decoded text, not the wire form: a quoted-printable link cannot be followed.
        app.logger.info("Mail (not sent, MAIL_BACKEND=log) to %s: %s\n\n%s", message["To"], message["Subject"], body)
    elif backend == "smtp":
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=10) as smtp:
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            smtp.send_message(message)
    else:
        raise RuntimeError(f"Unknown MAIL_BACKEND {backend!r}")
