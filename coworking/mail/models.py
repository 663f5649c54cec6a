"""OutboxMessage: one mail to send, written in the transaction of the change that causes it.

The message is rendered when it is queued (subject, text, HTML, calendar part), so the row is
exactly what will be sent, whatever changes afterwards, and sending needs no feature's code.
States: ``pending`` (due at ``next_attempt_at``; ``claimed_until`` set while a worker holds
it), ``sent`` or ``failed`` (after 24 hours of attempts, or a permanent refusal)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from coworking.db import Base, UTCDateTime

PENDING = "pending"
SENT = "sent"
FAILED = "failed"
STATUSES = (PENDING, SENT, FAILED)


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # "<…@domain>", fixed when queued: a copy sent again after a crash folds into the first.
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(60))  # "booking.confirmed", "account.reset", …
    recipient: Mapped[str] = mapped_column(String(320))
    # The member it is for, when it is one (erasure forgets their messages); no foreign key:
    # mail sits below accounts and knows no other feature's table.
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    sender: Mapped[str | None] = mapped_column(String(320))  # None: the configured MAIL_FROM
    language: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(300))
    # {"text": …, "html": …, "calendar": {"method": "REQUEST", "ics": "BEGIN:VCALENDAR…"}}
    payload: Mapped[dict] = mapped_column(JSON)
    # At most one message per key (e.g. one reminder per booking and start): a job that runs
    # in two workers at once queues it once.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # failed attempts so far
    give_up_at: Mapped[datetime] = mapped_column(UTCDateTime())  # a day after queued (or retried)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
