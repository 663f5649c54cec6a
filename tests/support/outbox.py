"""The outbox table for the mail tests: queue messages as a feature does (``compose``'s result
through ``enqueue``, in one unit of work) and read the rows back as plain values."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select, update

from coworking.db import run_unit_of_work, utcnow
from coworking.extensions import db
from coworking.mail import services
from coworking.mail.models import PENDING, OutboxMessage


class Row(NamedTuple):
    id: int
    message_id: str
    recipient: str
    subject: str
    status: str
    attempts: int
    next_attempt_at: datetime
    give_up_at: datetime
    claimed_until: datetime | None
    claimed_by: str | None
    sent_at: datetime | None
    failed_at: datetime | None
    last_error: str | None


def queue(app, count: int = 1, *, now: datetime | None = None, to: str = "member{n}@example.org") -> list[Row]:
    """Queue ``count`` mails ("Message 0" … to member0@example.org …) in one unit of work;
    every row of the outbox afterwards."""
    when = now or utcnow()

    def work() -> None:
        for n in range(count):
            mail = services.Mail(f"Message {n}", f"Text of message {n}.\n", f"<p>Text of message {n}.</p>")
            services.enqueue(mail, to=to.format(n=n), kind="test", language="en", now=when)

    with app.app_context():
        run_unit_of_work(db.session, work, retries=5)
        db.session.remove()
    return rows(app)


def rows(app) -> list[Row]:
    """Every outbox row, in the order queued, as the database has it now."""
    with app.app_context():
        found = [
            Row(*(getattr(row, name) for name in Row._fields))
            for row in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        ]
        db.session.remove()
    return found


def pending_count(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).where(OutboxMessage.status == PENDING))
        db.session.remove()
    return count


def set_rows(app, **values) -> None:
    """Change every row (e.g. ``claimed_until=<past>`` to end a dead worker's lease)."""
    with app.app_context():
        run_unit_of_work(db.session, lambda: db.session.execute(update(OutboxMessage).values(**values)), retries=5)
        db.session.remove()
