"""The worker against a real SMTP server (aiosmtpd on 127.0.0.1): what arrives, what happens
when the server is down, answers "try later" or refuses, and what an admin sees and retries —
on both databases."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from coworking.db import utcnow
from coworking.extensions import db
from coworking.mail import rules, worker
from coworking.mail.models import FAILED, PENDING, SENT, OutboxMessage
from tests.support.http import logged_in, visible
from tests.support.outbox import queue, rows
from tests.support.smtp import PERMANENT, TEMPORARY, SmtpServer
from tests.support.worker import run_once, worker_env


def send_pass(app, at):
    """One in-process pass of the worker with its clock at ``at``."""
    with app.app_context():
        return worker.send_due(app, "test-worker", clock=lambda: at)


def test_flask_worker_once_delivers_the_reset_mail_to_the_smtp_server(app, client, member, smtp, database_url):
    answer = client.post("/password/forgot", data={"email": "ana@example.org"})
    assert answer.status_code == 302
    [row] = rows(app)
    assert row.status == PENDING and not smtp.received  # queued, not sent by the request

    code, output = run_once(worker_env(database_url, smtp))

    assert code == 0, output
    assert "1 sent, 0 to retry, 0 failed." in output
    [got] = smtp.received
    assert got.rcpt_tos == ["ana@example.org"]
    message = got.message
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "Reset your coworking password"
    assert message["Content-Language"] == "en"
    assert message["Message-ID"] == row.message_id
    assert "/password/reset/" in message.get_body(("plain",)).get_content()
    assert "/password/reset/" in message.get_body(("html",)).get_content()
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
    [after] = rows(app)
    assert after.status == SENT and after.sent_at is not None
    assert after.claimed_until is None and after.attempts == 0


def test_a_server_that_is_down_delays_the_mail_and_it_leaves_once_when_back(
    app, client, member, smtp_down, smtp_down_app, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "mailer-login")
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "hunter2-not-in-errors")
    answer = client.post("/password/forgot", data={"email": "ana@example.org"})
    assert answer.status_code == 302  # the reset is answered as usual: no 500
    [queued] = rows(app)

    first = utcnow()
    assert send_pass(app, first) == (0, 1, 0)

    [row] = rows(app)
    assert row.status == PENDING and row.attempts == 1
    assert row.next_attempt_at == rules.next_attempt(1, first) > first
    assert row.claimed_until is None
    assert row.last_error
    for secret in ("hunter2-not-in-errors", "mailer-login", "ana@example.org", "/password/reset/"):
        assert secret not in row.last_error

    monkeypatch.delitem(app.config, "MAIL_USERNAME")  # the test server takes no login
    smtp_down.start()
    assert send_pass(app, row.next_attempt_at - timedelta(seconds=1)) == (0, 0, 0)  # not due yet
    assert smtp_down.received == []
    assert send_pass(app, row.next_attempt_at) == (1, 0, 0)
    assert send_pass(app, row.next_attempt_at + timedelta(hours=1)) == (0, 0, 0)

    assert smtp_down.message_ids() == [queued.message_id]
    [after] = rows(app)
    assert after.status == SENT and after.last_error is None


def test_try_later_then_accepted_sends_the_mail_once(smtp_app, smtp):
    [queued] = queue(smtp_app)
    smtp.refuse_next(1, TEMPORARY)

    first = utcnow()
    assert send_pass(smtp_app, first) == (0, 1, 0)
    [row] = rows(smtp_app)
    assert (row.status, row.attempts) == (PENDING, 1)
    assert row.last_error == "server answered 451"
    assert row.next_attempt_at == rules.next_attempt(1, first)

    assert send_pass(smtp_app, row.next_attempt_at) == (1, 0, 0)
    assert [r.message_id for r in smtp.refused] == [queued.message_id]
    assert smtp.message_ids() == [queued.message_id]
    assert rows(smtp_app)[0].status == SENT


def test_a_permanent_refusal_fails_the_mail_at_once(smtp_app, smtp):
    [queued] = queue(smtp_app)
    smtp.refuse_next(1, PERMANENT)

    now = utcnow()
    assert send_pass(smtp_app, now) == (0, 0, 1)
    [row] = rows(smtp_app)
    assert (row.status, row.attempts, row.failed_at) == (FAILED, 1, now)
    assert row.last_error == "server answered 550"
    assert row.claimed_until is None

    assert send_pass(smtp_app, now + timedelta(days=1)) == (0, 0, 0)  # never tried again
    assert smtp.received == []
    assert [r.message_id for r in smtp.refused] == [queued.message_id]


def test_a_mail_still_refused_after_a_day_fails_and_an_admin_retries_it(smtp_app, smtp, client, admin, member):
    [queued] = queue(smtp_app, now=utcnow() - timedelta(hours=24, minutes=5), to="bo@example.org")
    smtp.refuse_next(2, TEMPORARY)
    assert send_pass(smtp_app, queued.give_up_at - timedelta(hours=1)) == (0, 1, 0)
    assert send_pass(smtp_app, queued.give_up_at + timedelta(seconds=1)) == (0, 0, 1)
    [row] = rows(smtp_app)
    assert (row.status, row.attempts) == (FAILED, 2)
    assert smtp.received == [] and len(smtp.refused) == 2

    logged_in(client, member)
    assert client.get("/admin/outbox").status_code == 403
    assert client.post("/admin/outbox/retry", data={"id": str(row.id)}).status_code == 403
    client.post("/logout")
    assert rows(smtp_app)[0].status == FAILED

    logged_in(client, admin)
    page = client.get("/admin/outbox")
    assert page.status_code == 200
    text = visible(page.get_data(as_text=True))
    assert "Failed: 1" in text
    assert "bo@example.org" in text and "Message 0" in text and "server answered 451" in text

    answer = client.post("/admin/outbox/retry", data={"id": str(row.id)})
    assert answer.status_code == 302
    [retried] = rows(smtp_app)
    assert (retried.status, retried.attempts, retried.failed_at) == (PENDING, 0, None)
    assert retried.give_up_at > utcnow() + timedelta(hours=23)

    assert send_pass(smtp_app, utcnow()) == (1, 0, 0)
    assert smtp.message_ids() == [queued.message_id]
    assert rows(smtp_app)[0].status == SENT
    text = visible(client.get("/admin/outbox").get_data(as_text=True))
    assert "Failed: 0" in text and "No failed messages." in text


def test_a_refused_login_keeps_the_mail_waiting_until_the_settings_are_fixed(app, monkeypatch):
    """530 (a login is required) and 535 (wrong password) refuse our settings, not this
    message: the mail waits for an admin to fix them instead of failing for good like a
    refused recipient, and the error names no credential."""
    with SmtpServer(login=("mailer", "right-password")) as server:
        for key, value in {"MAIL_BACKEND": "smtp", "MAIL_SERVER": server.host, "MAIL_PORT": server.port}.items():
            monkeypatch.setitem(app.config, key, value)
        [queued] = queue(app)

        first = utcnow()
        assert send_pass(app, first) == (0, 1, 0)  # no login configured: 530 to MAIL FROM
        [row] = rows(app)
        assert (row.status, row.attempts, row.last_error) == (PENDING, 1, "server answered 530")

        monkeypatch.setitem(app.config, "MAIL_USERNAME", "mailer")
        monkeypatch.setitem(app.config, "MAIL_PASSWORD", "wrong-password")
        second = row.next_attempt_at
        assert send_pass(app, second) == (0, 1, 0)
        [row] = rows(app)
        assert (row.status, row.attempts) == (PENDING, 2)
        assert row.next_attempt_at == rules.next_attempt(2, second)
        assert row.last_error == "the mail server refused the login (535)"

        monkeypatch.setitem(app.config, "MAIL_PASSWORD", "right-password")
        assert send_pass(app, row.next_attempt_at) == (1, 0, 0)
        assert server.message_ids() == [queued.message_id]
        assert rows(app)[0].status == SENT


def test_a_non_ascii_address_fails_at_once_on_a_server_without_smtputf8(app, monkeypatch):
    """Such a server can never take the address (addresses may hold any letter): failed at
    once for an admin to see, not retried for a day; the other mails of the pass still leave."""
    with SmtpServer(smtputf8=False) as server:
        for key, value in {"MAIL_BACKEND": "smtp", "MAIL_SERVER": server.host, "MAIL_PORT": server.port}.items():
            monkeypatch.setitem(app.config, key, value)
        queue(app, 1, to="jörg@exämple.org")
        queue(app, 1, to="bo@example.org")

        assert send_pass(app, utcnow()) == (1, 0, 1)
        umlaut, ascii_only = rows(app)
        assert (umlaut.status, umlaut.attempts) == (FAILED, 1)
        assert umlaut.last_error == "the mail server takes no non-ASCII addresses (SMTPUTF8)"
        assert ascii_only.status == SENT
        assert server.message_ids() == [ascii_only.message_id]


def test_a_non_ascii_address_is_delivered_by_a_server_with_smtputf8(smtp_app, smtp):
    [queued] = queue(smtp_app, to="jörg@exämple.org")
    assert send_pass(smtp_app, utcnow()) == (1, 0, 0)
    [got] = smtp.received
    assert got.rcpt_tos == ["jörg@exämple.org"]
    assert got.message_id == queued.message_id


def test_a_message_a_worker_holds_is_shown_as_being_sent_without_a_retry_button(app, client, admin):
    queue(app, 2)
    held, free = rows(app)
    with app.app_context():
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == held.id)
            .values(claimed_until=utcnow() + worker.LEASE, claimed_by="gone:1")
        )
        db.session.commit()

    logged_in(client, admin)
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Being sent" in visible(page)
    assert page.count('name="id"') == 1 and f'name="id" value="{free.id}"' in page
    # What the button would have asked is refused: the worker may be sending it right now.
    assert client.post("/admin/outbox/retry", data={"id": str(held.id)}).status_code == 404
