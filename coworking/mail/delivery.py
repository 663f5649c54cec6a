"""Turning an outbox row into a MIME message and handing it to the configured backend.

Backends (config ``MAIL_BACKEND``): ``smtp`` (production), ``file`` (the default in
development: each mail becomes an ``.eml`` under ``MAIL_FILE_DIR``, default
``instance/mail/``, and a log line), ``log`` (the text in the log), ``memory`` (tests read
``app.extensions["mail_outbox"]``)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from coworking.mail.models import OutboxMessage


class DeliveryError(Exception):
    """A send that did not happen; ``smtp_code`` is the server's answer when there was one,
    ``permanent`` says that trying again cannot help whatever the code."""

    def __init__(self, message: str, smtp_code: int | None = None, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.smtp_code = smtp_code
        self.permanent = permanent


def build_message(row: OutboxMessage, default_sender: str) -> EmailMessage:
    """The MIME message: text and HTML alternatives, and for an invitation (RFC 6047) the
    ``text/calendar; method=…`` alternative plus the same calendar as ``invite.ics``."""
    message = EmailMessage()
    message["From"] = row.sender or default_sender
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Message-ID"] = row.message_id
    message["Date"] = format_datetime(row.created_at)
    message["Auto-Submitted"] = "auto-generated"
    payload = row.payload
    message.set_content(payload["text"])
    if payload.get("html"):
        message.add_alternative(payload["html"], subtype="html")
    invitation = payload.get("calendar")
    if invitation:
        ics = invitation["ics"]
        method = invitation["method"]
        # Quoted-printable, not base64: its lines then travel with the message's CRLF endings,
        # as RFC 5545 requires (a base64 body would keep the "\n" Python's email writes).
        message.add_alternative(ics, subtype="calendar", params={"method": method}, cte="quoted-printable")
        message.make_mixed()
        attachment = EmailMessage()
        attachment.set_content(
            ics.encode("utf-8"),
            maintype="application",
            subtype="ics",
            disposition="attachment",
            filename="invite.ics",
        )
        message.attach(attachment)
    # Last: setting or wrapping the body drops or moves every Content-* header set before.
    message["Content-Language"] = row.language
    return message


class Sender:
    """Sends messages with one backend for a worker pass; an SMTP connection is opened at the
    first message and reused until the pass ends or a send fails."""

    def __init__(self, app) -> None:
        self.app = app
        self.cfg = app.config
        self.backend = self.cfg["MAIL_BACKEND"]
        if self.backend not in {"smtp", "file", "log", "memory"}:
            raise RuntimeError(f"Unknown MAIL_BACKEND {self.backend!r}")
        self._smtp: smtplib.SMTP | None = None

    def send(self, row: OutboxMessage) -> None:
        message = build_message(row, self.cfg["MAIL_FROM"])
        if self.backend == "memory":
            self.app.extensions.setdefault("mail_outbox", []).append(message)
        elif self.backend == "log":
            self.app.logger.info(
                "Mail (not sent, MAIL_BACKEND=log) to %s: %s\n\n%s", row.recipient, row.subject, row.payload["text"]
            )
        elif self.backend == "file":
            path = self._write_file(row, message)
            self.app.logger.info("Mail written to %s (MAIL_BACKEND=file): to %s: %s", path, row.recipient, row.subject)
        else:
            self._send_smtp(message)

    def _write_file(self, row: OutboxMessage, message: EmailMessage) -> Path:
        folder = Path(self.cfg.get("MAIL_FILE_DIR") or Path(self.app.instance_path, "mail"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{row.created_at:%Y%m%d-%H%M%S}-{row.id}-{row.kind}.eml"
        path.write_bytes(message.as_bytes())
        return path

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            cfg = self.cfg
            smtp = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT_SECONDS"])
            try:
                if cfg["MAIL_USE_TLS"]:
                    smtp.starttls(context=ssl.create_default_context())
                if cfg.get("MAIL_USERNAME"):
                    smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            except BaseException:
                smtp.close()
                raise
            self._smtp = smtp
        return self._smtp

    def _send_smtp(self, message: EmailMessage) -> None:
        try:
            smtp = self._connection()
        except smtplib.SMTPResponseException as exc:
            # A refused greeting, STARTTLS or login is about the server or our settings, never
            # this message: no code, so it is tried again (the code is kept for the admins).
            step = "login" if isinstance(exc, smtplib.SMTPAuthenticationError) else "connection"
            raise DeliveryError(f"the mail server refused the {step} ({exc.smtp_code})") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"could not reach the mail server ({type(exc).__name__})") from exc
        try:
            smtp.send_message(message)
        except smtplib.SMTPNotSupportedError as exc:
            # Raised before anything is sent: a non-ASCII address and a server without
            # SMTPUTF8. That server will never take this message.
            raise DeliveryError("the mail server takes no non-ASCII addresses (SMTPUTF8)", permanent=True) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            self.close()
            codes = [code for code, _text in exc.recipients.values()]
            raise DeliveryError(f"recipient refused ({codes[0] if codes else '?'})", min(codes, default=None)) from exc
        except smtplib.SMTPResponseException as exc:
            self.close()
            raise DeliveryError(f"server answered {exc.smtp_code}", exc.smtp_code) from exc
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            # The class of the error only: a server's text may quote the message or credentials.
            raise DeliveryError(f"could not reach the mail server ({type(exc).__name__})") from exc

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None
