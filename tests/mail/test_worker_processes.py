"""Real ``flask worker`` processes against a real SMTP server: two at once send every message
exactly once, a worker killed mid-send leaves its lease for the next pass (the same
Message-ID), and SIGTERM finishes the message in hand — on both databases."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

from coworking.db import utcnow
from coworking.mail import worker
from coworking.mail.models import PENDING, SENT
from tests.support.outbox import pending_count, queue, rows
from tests.support.worker import WorkerProcess, worker_env

MESSAGES = 200


def wait_until_nothing_pending(app, workers, timeout: float = 40.0) -> None:
    deadline = time.monotonic() + timeout
    while (left := pending_count(app)) > 0:
        for w in workers:
            assert w.proc.poll() is None, f"a worker ended ({w.proc.returncode}):\n{w.log_text()}"
        assert time.monotonic() < deadline, f"{left} messages still pending after {timeout} s"
        time.sleep(0.1)


def test_two_workers_send_each_of_200_mails_exactly_once(app, smtp, database_url, backend):
    env = worker_env(database_url, smtp)
    with WorkerProcess(env, "--interval", "0.2") as a, WorkerProcess(env, "--interval", "0.2") as b:
        a.wait_until_started()
        b.wait_until_started()
        queued = queue(app, MESSAGES)  # one commit: both workers find them on their next pass
        wait_until_nothing_pending(app, [a, b])
        a.terminate()
        b.terminate()
        assert a.wait() == 0, a.log_text()
        assert b.wait() == 0, b.log_text()

    received = smtp.message_ids()
    twice = [mid for mid, n in Counter(received).items() if n > 1]
    assert not twice, f"sent more than once: {twice}"
    assert sorted(received) == sorted(row.message_id for row in queued)
    assert {row.status for row in rows(app)} == {SENT}
    split = (a.sent(), b.sent())
    print(f"\n[{backend}] {MESSAGES} mails, two workers: worker A sent {split[0]}, worker B sent {split[1]}")
    assert sum(split) == MESSAGES


def test_a_worker_killed_mid_send_leaves_the_message_to_the_next_pass_after_its_lease(
    app, smtp_app, smtp, database_url
):
    queued = queue(app, 3)
    smtp.hold_next()
    with WorkerProcess(worker_env(database_url, smtp), "--once") as doomed:
        smtp.wait_for_held()  # the first message's data is in; the worker waits for "250"
        doomed.kill()
        assert doomed.wait() < 0
    smtp.release()

    held = rows(app)
    assert [row.status for row in held] == [PENDING] * 3
    assert all(row.claimed_until is not None and row.claimed_until > utcnow() for row in held)
    with app.app_context():
        assert worker.send_due(app, "next-worker") == (0, 0, 0)  # the dead worker's lease holds

    lease_over = max(row.claimed_until for row in held) + timedelta(seconds=1)
    with app.app_context():
        assert worker.send_due(app, "next-worker", clock=lambda: lease_over) == (3, 0, 0)

    counts = Counter(smtp.message_ids())
    first, *others = (row.message_id for row in queued)
    assert counts[first] == 2  # received by the server, but the worker died before the answer
    assert [counts[mid] for mid in others] == [1, 1]
    assert set(counts) == {row.message_id for row in queued}  # the copy has the same Message-ID
    assert {row.status for row in rows(app)} == {SENT}


def test_sigterm_finishes_the_message_in_hand_releases_the_rest_and_exits_0(app, smtp, database_url):
    first, *rest = queue(app, 3)
    smtp.hold_next()
    with WorkerProcess(worker_env(database_url, smtp), "--interval", "0.2") as running:
        smtp.wait_for_held()
        running.terminate()
        time.sleep(0.2)  # let the signal land while the answer is still awaited
        assert running.proc.poll() is None, running.log_text()
        smtp.release()
        assert running.wait() == 0, running.log_text()

    assert smtp.message_ids() == [first.message_id]
    after = rows(app)
    assert after[0].status == SENT and after[0].claimed_until is None
    for row in after[1:]:
        assert (row.status, row.claimed_until, row.claimed_by, row.attempts) == (PENDING, None, None, 0)
    assert [row.message_id for row in after[1:]] == [row.message_id for row in rest]
