"""``flask worker``: sends the outbox and runs the periodic jobs.

A pass runs each registered job (in its own unit of work), then sends what is due, in small
batches: a batch is claimed in one short transaction (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so two workers never claim the same row; SQLite's ``BEGIN IMMEDIATE`` serialises
the claim) by setting a lease (``claimed_until``), then each message is sent with no
transaction open and its outcome written in another short one. A worker killed mid-send
leaves its lease to expire: the message is sent once more, with the same ``Message-ID``.
SIGTERM lets the message in hand finish, releases the rest of the batch and ends the loop."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import or_, select, update

from coworking.db import run_unit_of_work, utcnow
from coworking.extensions import db
from coworking.mail import rules, services
from coworking.mail.delivery import DeliveryError, Sender
from coworking.mail.models import FAILED, PENDING, SENT, OutboxMessage

log = logging.getLogger("coworking.worker")

BATCH = 10
# A claimed message not sent within the lease is another worker's to send: longer than a
# batch of sends at the SMTP timeout can take (checked before each send).
LEASE = timedelta(minutes=5)

Job = Callable[[datetime], object]


class Jobs:
    """The periodic jobs, registered by the composition root (features above mail)."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}

    def register(self, name: str, job: Job) -> None:
        """``job(now)`` runs once per pass in its own unit of work (it only flushes)."""
        self._jobs[name] = job

    def items(self) -> list[tuple[str, Job]]:
        return list(self._jobs.items())


jobs = Jobs()


class PassResult(NamedTuple):
    sent: int
    retried: int
    failed: int


def _retries(app) -> int:
    return int(app.config["WRITE_RETRIES"])


def run_jobs(app, now: datetime) -> None:
    """Each job in its own unit of work; one that fails is logged and the others still run."""
    for name, job in jobs.items():
        try:
            run_unit_of_work(db.session, lambda job=job: job(now), retries=_retries(app))
        except Exception:
            log.exception("worker job %s failed", name)


def _claim(app, worker_id: str, now: datetime, limit: int) -> list[OutboxMessage]:
    def claim() -> list[OutboxMessage]:
        due = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == PENDING,
                OutboxMessage.next_attempt_at <= now,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
        if db.session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        ids = list(db.session.scalars(due))
        if not ids:
            return []
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(claimed_until=now + LEASE, claimed_by=worker_id)
        )
        rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all()
        for row in rows:
            db.session.expunge(row)  # kept as read: the commit below does not expire them
        return sorted(rows, key=lambda row: (row.next_attempt_at, row.id))

    return run_unit_of_work(db.session, claim, retries=_retries(app))


def _settle(app, row_id: int, worker_id: str, values: dict) -> None:
    """Write a send's outcome and drop the lease (only ours: a lease that expired and was
    taken by another worker is theirs)."""

    def write() -> None:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, OutboxMessage.claimed_by == worker_id)
            .values(claimed_until=None, claimed_by=None, **values)
        )

    run_unit_of_work(db.session, write, retries=_retries(app))


def _release(app, ids: list[int], worker_id: str) -> None:
    if ids:
        run_unit_of_work(
            db.session,
            lambda: db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == worker_id)
                .values(claimed_until=None, claimed_by=None)
            ),
            retries=_retries(app),
        )


def send_due(app, worker_id: str, stop: threading.Event | None = None, clock=utcnow) -> PassResult:
    """Send every message due now, batch by batch, until none is left or ``stop`` is set."""
    sent = retried = failed = 0
    sender = Sender(app)
    timeout = timedelta(seconds=float(app.config["MAIL_TIMEOUT_SECONDS"]))
    try:
        while not (stop and stop.is_set()):
            batch = _claim(app, worker_id, clock(), BATCH)
            if not batch:
                break
            for index, row in enumerate(batch):
                now = clock()
                if (stop and stop.is_set()) or now + timeout >= row.claimed_until:
                    _release(app, [r.id for r in batch[index:]], worker_id)
                    break
                try:
                    sender.send(row)
                except DeliveryError as exc:
                    now = clock()
                    attempts = row.attempts + 1
                    if exc.permanent or rules.is_permanent(exc.smtp_code) or now >= row.give_up_at:
                        failed += 1
                        log.warning("mail %s (%s) failed for good: %s", row.id, row.kind, exc)
                        _settle(
                            app,
                            row.id,
                            worker_id,
                            {"status": FAILED, "failed_at": now, "attempts": attempts, "last_error": str(exc)[:500]},
                        )
                    else:
                        retried += 1
                        log.info("mail %s (%s) not sent (attempt %d), retrying: %s", row.id, row.kind, attempts, exc)
                        _settle(
                            app,
                            row.id,
                            worker_id,
                            {
                                "attempts": attempts,
                                "next_attempt_at": rules.next_attempt(attempts, now),
                                "last_error": str(exc)[:500],
                            },
                        )
                else:
                    sent += 1
                    _settle(app, row.id, worker_id, {"status": SENT, "sent_at": clock(), "last_error": None})
    finally:
        sender.close()
    return PassResult(sent, retried, failed)


def run_pass(app, worker_id: str, stop: threading.Event | None = None, clock=utcnow) -> PassResult:
    """One pass: the periodic jobs, the outbox, and the purge of old messages."""
    now = clock()
    run_jobs(app, now)
    result = send_due(app, worker_id, stop, clock)
    cfg = app.config
    run_unit_of_work(
        db.session,
        lambda: services.purge(clock(), sent_days=cfg["MAIL_KEEP_SENT_DAYS"], failed_days=cfg["MAIL_KEEP_FAILED_DAYS"]),
        retries=_retries(app),
    )
    return result


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_forever(app, interval: float) -> None:
    """Passes every ``interval`` seconds until SIGTERM or SIGINT (the message in hand is
    finished first). Errors in a pass (the database gone) are logged and the next pass tries
    again."""
    stop = threading.Event()

    def on_signal(signum, _frame) -> None:
        log.info("worker got signal %d: finishing the message in hand", signum)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    me = worker_id()
    log.info("worker %s started (every %ss, MAIL_BACKEND=%s)", me, interval, app.config["MAIL_BACKEND"])
    while not stop.is_set():
        try:
            result = run_pass(app, me, stop)
            if result.sent or result.retried or result.failed:
                log.info("worker pass: %d sent, %d to retry, %d failed", *result)
        except Exception:
            log.exception("worker pass failed; trying again in %ss", interval)
            db.session.rollback()
        stop.wait(interval)
    log.info("worker %s stopped", me)
