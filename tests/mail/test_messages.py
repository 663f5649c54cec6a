"""What leaves, and what does not: an invitation's parts through a real SMTP server, the
development backend's ``.eml`` files, and nothing at all from a request that was refused —
on both databases."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

import pytest

from coworking import errors
from coworking.db import run_unit_of_work, utcnow
from coworking.extensions import db
from coworking.mail import services, worker
from coworking.mail.models import SENT
from coworking.web import unit_of_work
from tests.support.app import make_app
from tests.support.outbox import queue, rows

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//coworking//tests//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:0b6f@coworking.invalid\r\nDTSTAMP:20270301T080000Z\r\n"
    "DTSTART:20270302T080000Z\r\nDTEND:20270302T160000Z\r\nSUMMARY:Bureau A1 – Dok Noord\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_an_invitation_arrives_with_its_calendar_part_and_attachment_unchanged(smtp_app, smtp):
    mail = services.Mail(
        "Réservation confirmée – A1", "Votre bureau est réservé.\n", "<p>Votre bureau est réservé.</p>"
    )
    mail = mail._replace(calendar={"method": "REQUEST", "ics": ICS})
    with smtp_app.app_context():
        run_unit_of_work(
            db.session,
            lambda: services.enqueue(mail, to="ana@example.org", kind="booking.confirmed", language="fr", now=utcnow()),
            retries=1,
        )
        assert worker.send_due(smtp_app, "test-worker") == (1, 0, 0)

    [row] = rows(smtp_app)
    [got] = smtp.received
    message = got.message
    assert message["Message-ID"] == row.message_id
    assert message["Subject"] == "Réservation confirmée – A1"
    assert message["Content-Language"] == "fr"
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Votre bureau est réservé.\n"
    calendar = message.get_body(("calendar",))
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content() == ICS
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content() == ICS.encode()


def test_the_file_backend_writes_one_eml_per_message(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "file")
    monkeypatch.setitem(app.config, "MAIL_FILE_DIR", str(tmp_path / "mail"))
    queued = queue(app, 3)

    with app.app_context():
        assert worker.send_due(app, "test-worker") == (3, 0, 0)
        assert worker.send_due(app, "test-worker", clock=lambda: utcnow() + timedelta(hours=1)) == (0, 0, 0)

    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 3
    messages = [email.message_from_bytes(path.read_bytes(), policy=email.policy.default) for path in files]
    by_id = {m["Message-ID"]: m for m in messages}
    assert set(by_id) == {row.message_id for row in queued}
    for n, row in enumerate(queued):
        message = by_id[row.message_id]
        assert (message["To"], message["Subject"]) == (f"member{n}@example.org", f"Message {n}")
        assert message.get_body(("plain",)).get_content() == f"Text of message {n}.\n"
        assert message.get_body(("html",)).get_content().strip() == f"<p>Text of message {n}.</p>"
    assert {row.status for row in rows(app)} == {SENT}


@pytest.fixture
def refusing_site(database_url, app, smtp):
    """An app sending to ``smtp`` with two test routes that queue a mail through the same
    unit of work as every view: one refuses afterwards (422), one redirects (302)."""
    site = make_app(
        database_url, MAIL_BACKEND="smtp", MAIL_SERVER=smtp.host, MAIL_PORT=smtp.port, PROPAGATE_EXCEPTIONS=False
    )

    def queue_mail(subject: str) -> None:
        mail = services.Mail(subject, "The text.\n", "<p>The text.</p>")
        services.enqueue(mail, to="ana@example.org", kind="test", language="en", now=utcnow())

    def refused():
        queue_mail("Should never leave")
        raise errors.ValidationFailed("no")

    def kept():
        queue_mail("Kept")
        return "", 302, {"Location": "/"}

    site.add_url_rule("/_t/refused", "refused", unit_of_work.view(refused), methods=["POST"])
    site.add_url_rule("/_t/kept", "kept", unit_of_work.view(kept), methods=["POST"])
    yield site
    with site.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_refused_request_sends_nothing_and_a_kept_one_sends_its_mail(refusing_site, smtp):
    client = refusing_site.test_client()
    assert client.post("/_t/refused").status_code == 422
    with refusing_site.app_context():
        assert worker.send_due(refusing_site, "test-worker") == (0, 0, 0)
    assert rows(refusing_site) == [] and smtp.received == []

    assert client.post("/_t/kept").status_code == 302
    with refusing_site.app_context():
        assert worker.send_due(refusing_site, "test-worker") == (1, 0, 0)
    assert [got.message["Subject"] for got in smtp.received] == ["Kept"]
