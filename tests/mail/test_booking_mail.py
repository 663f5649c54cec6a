"""A booking's mails from end to end, at the real time: booked through the API while the mail
server is down (201 all the same), sent by ``flask worker --once`` once the server is back, read
as a calendar reads the invitation; cancelled, and the CANCEL follows — on both databases."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlalchemy import update

from coworking.db import utcnow
from coworking.extensions import db
from coworking.mail.models import PENDING, SENT, OutboxMessage
from tests.support.calendar import events_by_uid, feed_urls, fetch
from tests.support.factories import EVERY_DAY_8_TO_18
from tests.support.mails import invite_ics
from tests.support.outbox import rows
from tests.support.worker import run_once, worker_env

BRUSSELS = ZoneInfo("Europe/Brussels")


def _make_due(app) -> None:
    """The worker's back-off waits a minute after a failure: let the next pass try at once."""
    with app.app_context():
        db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()


def _invitation(message) -> tuple:
    cal = Calendar.from_ical(invite_ics(message))
    (event,) = cal.walk("VEVENT")
    return cal, event


def test_booked_while_the_mail_server_is_down_then_invited_and_cancelled(
    app, client, make_workspace, make_desk, make_user, api_as, smtp_down, database_url
):
    ws = make_workspace(slug="gent", name="Dok Noord", timezone="Europe/Brussels", opening_hours=EVERY_DAY_8_TO_18)
    desk = make_desk(ws, code="A1")
    ana = make_user(email="ana@example.org", name="Ana", workspaces=[ws])
    as_ana = api_as(ana)
    tomorrow = datetime.now(BRUSSELS).date() + timedelta(days=1)
    env = worker_env(database_url, smtp_down, MAIL_TIMEOUT_SECONDS="5")

    # The mail server is down: the booking is made all the same; its mail waits.
    made = as_ana.book(desk, tomorrow, "10:00", "12:30")
    assert made.status_code == 201, made.json
    code, output = run_once(env)
    assert code == 0 and "0 sent, 1 to retry, 0 failed." in output, output
    [waiting] = rows(app)
    assert waiting.status == PENDING and waiting.attempts == 1 and smtp_down.received == []

    # Back: the next pass sends it, once.
    smtp_down.start()
    _make_due(app)
    code, output = run_once(env)
    assert code == 0 and "1 sent" in output, output
    [got] = smtp_down.received
    assert got.rcpt_tos == ["ana@example.org"] and got.message["Message-ID"] == waiting.message_id
    cal, event = _invitation(got.message)
    assert str(cal["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 0
    start = datetime.combine(tomorrow, datetime.min.time().replace(hour=10), tzinfo=BRUSSELS)
    assert event.decoded("DTSTART") == start and event.decoded("DTEND") == start + timedelta(hours=2, minutes=30)
    (feed_uid,) = events_by_uid(fetch(client, feed_urls(as_ana)["feed_url"]).data)
    assert str(event["UID"]) == feed_uid == f"{made.json['id']}@{app.config['CALENDAR_UID_DOMAIN']}"

    # Cancelled: the CANCEL names the same event with a higher SEQUENCE.
    assert as_ana.delete(f"/api/v1/bookings/{made.json['id']}").status_code == 200
    code, output = run_once(env)
    assert code == 0 and "1 sent" in output, output
    assert len(smtp_down.received) == 2
    cancel_cal, cancelled = _invitation(smtp_down.received[1].message)
    assert str(cancel_cal["METHOD"]) == "CANCEL" and str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["UID"] == event["UID"] and int(cancelled["SEQUENCE"]) > int(event["SEQUENCE"])
    assert cancelled.decoded("DTSTART") == start
    assert {row.status for row in rows(app)} == {SENT}
