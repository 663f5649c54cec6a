"""Queueing mail (in the caller's unit of work) and what admins do with the outbox.

``compose`` renders ``templates/mail/<template>.txt`` and ``.html`` in the recipient's
language; ``enqueue`` writes the row. Neither sends: the worker does, after the commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

from flask import current_app, g, render_template
from flask_babel import force_locale
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from coworking import errors
from coworking.extensions import db
from coworking.i18n import locale_for
from coworking.mail import rules
from coworking.mail.links import external_url
from coworking.mail.models import FAILED, PENDING, SENT, OutboxMessage


class Mail(NamedTuple):
    """A rendered mail: subject, plain text, HTML, and an optional calendar part
    (``{"method": "REQUEST" | "CANCEL", "ics": str}``)."""

    subject: str
    text: str
    html: str
    calendar: dict | None = None


def compose(template: str, language: str | None, subject, calendar: dict | None = None, **context) -> Mail:
    """Render ``mail/<template>.txt`` and ``.html`` and the subject in ``language`` (the
    member's; English when unknown). ``subject`` is a lazy string or a callable, evaluated in
    that language. Usable in a request, a CLI command or the worker."""
    # Flask-Babel keeps the forced locale on ``g`` and ignores an empty ``g``: make it non-empty.
    g.mail_rendering = True
    with force_locale(locale_for(language)):
        title = str(subject() if callable(subject) else subject)
        context = {"subject": title, "mail_url": external_url, **context}
        text = render_template(f"mail/{template}.txt", **context)
        html = render_template(f"mail/{template}.html", **context)
    return Mail(title, text.strip() + "\n", html, calendar)


def enqueue(
    mail: Mail,
    *,
    to: str,
    kind: str,
    language: str | None,
    now: datetime,
    user_id: int | None = None,
    sender: str | None = None,
    dedupe_key: str | None = None,
) -> None:
    """Queue ``mail`` for ``to`` in the current transaction: sent by the worker once it
    commits, never if it rolls back. With ``dedupe_key``, a second message with that key is
    not queued (no error)."""
    values = {
        "message_id": rules.new_message_id(rules.domain_of(sender or current_app.config["MAIL_FROM"])),
        "kind": kind,
        "recipient": to,
        "user_id": user_id,
        "sender": sender,
        "language": language or "en",
        "subject": mail.subject[:300],
        "payload": {"text": mail.text, "html": mail.html, "calendar": mail.calendar},
        "dedupe_key": dedupe_key,
        "status": PENDING,
        "created_at": now,
        "next_attempt_at": now,
        "attempts": 0,
        "give_up_at": rules.give_up_at(now),
    }
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(OutboxMessage).values(**values)
    if dedupe_key is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["dedupe_key"])
    db.session.execute(statement)


def queued_keys(keys: Iterable[str]) -> set[str]:
    """Which of these dedupe keys already have a message (in any state)."""
    wanted = list(keys)
    if not wanted:
        return set()
    return set(db.session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(wanted))))


def forget_member(user_id: int) -> None:
    """Erasure: the member's messages go, sent or not (they hold the address and names)."""
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.user_id == user_id))


def purge(now: datetime, *, sent_days: int, failed_days: int) -> int:
    """Delete sent messages older than ``sent_days`` and failed ones older than ``failed_days``."""
    result = db.session.execute(
        delete(OutboxMessage).where(
            ((OutboxMessage.status == SENT) & (OutboxMessage.sent_at < now - timedelta(days=sent_days)))
            | ((OutboxMessage.status == FAILED) & (OutboxMessage.failed_at < now - timedelta(days=failed_days)))
        )
    )
    return result.rowcount or 0


# --- admins -------------------------------------------------------------------------------


def require_admin(user) -> None:
    if user is None or not user.is_admin:
        raise errors.Forbidden("Only admins may see the outbox.")


class OutboxOverview(NamedTuple):
    counts: dict[str, int]
    pending: list[OutboxMessage]
    failed: list[OutboxMessage]


def overview(user, *, limit: int = 100) -> OutboxOverview:
    """Counts by state and the oldest pending and newest failed messages."""
    require_admin(user)
    counts = dict.fromkeys((PENDING, SENT, FAILED), 0)
    counts.update(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    pending = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == PENDING)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    failed = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == FAILED)
        .order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    ).all()
    return OutboxOverview(counts, list(pending), list(failed))


def retry(user, message_id: int | None, *, now: datetime) -> int:
    """Make a failed or waiting message (or, with None, every one) due now, with a fresh day
    of attempts. Returns how many."""
    require_admin(user)
    # Not one a worker holds right now (it is being sent).
    held = OutboxMessage.claimed_until.is_not(None) & (OutboxMessage.claimed_until > now)
    where = OutboxMessage.status.in_((PENDING, FAILED)) & ~held
    if message_id is not None:
        where = where & (OutboxMessage.id == message_id)
    result = db.session.execute(
        update(OutboxMessage)
        .where(where)
        .values(
            status=PENDING,
            next_attempt_at=now,
            give_up_at=rules.give_up_at(now),
            attempts=0,
            failed_at=None,
            claimed_until=None,
        )
    )
    if message_id is not None and not result.rowcount:
        raise errors.NotFound("There is no such message waiting or failed.")
    return result.rowcount or 0
