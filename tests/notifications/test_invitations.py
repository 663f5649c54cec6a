"""Booking mails with a calendar invitation (iTIP over mail, RFC 5546/6047): made and cancelled
bookings, whoever cancels, read as a mail client and a calendar client would."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import vobject

from tests.support.app import mail_text, outbox
from tests.support.calendar import events_by_uid, feed_urls, fetch
from tests.support.clock import TUESDAY
from tests.support.http import logged_in, problem_code
from tests.support.mails import calendar_part, invite_event, invite_ics, sent_to

START = datetime(2027, 3, 2, 8, tzinfo=UTC)  # Tuesday 09:00 in Brussels (CET)
END = datetime(2027, 3, 2, 16, 30, tzinfo=UTC)  # 17:30


def _book(team, api=None, desk=None, day=TUESDAY, start="09:00", end="17:30"):
    r = (api or team.as_ana).book(desk or team.desk, day, start, end)
    assert r.status_code == 201, r.json
    return r.json


def test_a_booking_mails_its_member_an_invitation_with_the_feeds_uid(app, client, team):
    booking = _book(team)
    (mail,) = outbox(app)
    assert mail["To"] == "ana@example.org"
    assert mail["Subject"] == "Booked: desk B1 at Dansaert"
    assert mail["Content-Language"] == "en"
    part = calendar_part(mail)
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "REQUEST"

    cal, event = invite_event(mail)
    assert str(cal["METHOD"]) == "REQUEST"
    feed = fetch(client, feed_urls(team.as_ana)["feed_url"])
    (feed_uid,) = events_by_uid(feed.data)
    assert str(event["UID"]) == feed_uid == f"{booking['id']}@{app.config['CALENDAR_UID_DOMAIN']}"
    assert int(event["SEQUENCE"]) == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART") == START and event.decoded("DTEND") == END
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Brussels"]
    # The very VTIMEZONE the feed writes, byte for byte.
    assert _vtimezone(invite_ics(mail)) == _vtimezone(feed.data)
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:no-reply@localhost" and organizer.params["CN"] == "Dansaert"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:ana@example.org" and attendee.params["CN"] == "Ana Lopes"
    assert attendee.params["PARTSTAT"] == "ACCEPTED" and attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert str(event["URL"]) == f"http://127.0.0.1:5000/bookings/{booking['id']}"


def _vtimezone(body: bytes) -> bytes:
    text = body.replace(b"\r\n ", b"")
    return text[text.index(b"BEGIN:VTIMEZONE") : text.index(b"END:VTIMEZONE")]


def test_the_mail_says_where_and_when_in_the_workspaces_time(app, team):
    _book(team)
    text = mail_text(outbox(app)[0])
    for expected in ("B1", "Dansaert", "Rue Dansaert 7", "Tuesday, 2 March 2027", "09:00–17:30", "Europe/Brussels"):
        assert expected in text, (expected, text)
    html = outbox(app)[0].get_body(("html",)).get_content()
    assert "09:00–17:30" in html and "Rue Dansaert 7" in html


def test_calendar_clients_read_the_invitation(app, team):
    _book(team)
    (mail,) = outbox(app)
    cal = vobject.readOne(invite_ics(mail).decode("utf-8"))
    assert cal.method.value == "REQUEST"
    event = cal.vevent
    assert event.dtstart.value.astimezone(UTC) == START and event.dtend.value.astimezone(UTC) == END
    assert event.attendee.value == "mailto:ana@example.org"


def test_the_members_own_cancellation_sends_a_cancel_with_a_higher_sequence(app, team):
    booking = _book(team)
    (request,) = outbox(app)
    assert team.as_ana.delete(f"/api/v1/bookings/{booking['id']}").status_code == 200
    cancel = outbox(app)[-1]
    assert cancel["Subject"] == "Cancelled: desk B1 at Dansaert"
    assert calendar_part(cancel).get_param("method") == "CANCEL"
    _, invited = invite_event(request)
    cal, event = invite_event(cancel)
    assert str(cal["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(invited["UID"])
    assert int(event["SEQUENCE"]) > int(invited["SEQUENCE"])
    assert "as you asked" in mail_text(cancel)
    # Cancelling again changes nothing and mails nothing.
    team.as_ana.delete(f"/api/v1/bookings/{booking['id']}")
    assert len(outbox(app)) == 2


def test_a_manager_cancelling_says_who_and_why_even_to_a_member_who_wants_no_cancellations(app, client, team):
    assert team.as_ana.patch("/api/v1/me/notifications", json={"cancellations": False}).status_code == 200
    booking = _book(team)
    logged_in(client, team.mia)
    r = client.post(f"/bookings/{booking['id']}/cancel", data={"reason": "Desk needed for an exam"})
    assert r.status_code == 302
    (cancel,) = sent_to(app, "ana@example.org")[1:]
    text = mail_text(cancel)
    assert "Mia" in text and "Desk needed for an exam" in text
    assert calendar_part(cancel).get_param("method") == "CANCEL"


def test_a_closure_cancels_with_a_mail_to_each_member(app, team):
    ana = _book(team)
    bo = _book(team, team.as_bo, team.desk2, start="10:00", end="12:00")
    assert team.as_bo.patch("/api/v1/me/notifications", json={"cancellations": False}).status_code == 200
    r = team.as_mia.post(
        "/api/v1/workspaces/brussels/closures",
        json={"start_date": "2027-03-02", "end_date": "2027-03-02", "reason": "Burst pipe"},
    )
    assert r.status_code == 201 and r.json["cancelled_bookings"] == 2
    for member, booking in (("ana@example.org", ana), ("bo@example.org", bo)):
        _confirmed, cancelled = sent_to(app, member)
        cal, event = invite_event(cancelled)
        assert str(cal["METHOD"]) == "CANCEL"
        assert str(event["UID"]).startswith(booking["id"])
        assert "closed" in mail_text(cancelled) and "Burst pipe" in mail_text(cancelled)


def test_a_refused_booking_mails_nothing(app, team):
    _book(team)
    r = team.as_bo.book(team.desk, TUESDAY, "10:00", "11:00")
    assert problem_code(r) == "desk_taken"
    assert sent_to(app, "bo@example.org") == []


def test_a_booking_rolled_back_mails_nothing(app, team):
    """The day page shows a refusal in the page: its unit of work rolls back, the mail with it."""
    from coworking.bookings import services
    from coworking.db import run_unit_of_work
    from coworking.extensions import db

    with app.app_context():
        user = db.session.get(type(team.ana), team.ana.id)

        def book_then_fail():
            start, end = "2027-03-02T09:00", "2027-03-02T10:00"
            services.book(user, desk_id=team.desk.id, start=start, end=end, note="", now=_now())
            raise RuntimeError("something after the booking failed")

        with pytest.raises(RuntimeError):
            run_unit_of_work(db.session, book_then_fail, retries=0)
    assert outbox(app) == []


def _now() -> datetime:
    return datetime.now(UTC)


def test_confirmations_can_be_turned_off(app, team):
    team.as_ana.patch("/api/v1/me/notifications", json={"confirmations": False})
    _book(team)
    assert outbox(app) == []


def test_mails_come_from_the_workspaces_own_mailbox(app, team, api_as, make_user):
    admin = api_as(make_user(role="admin"))
    r = admin.patch("/api/v1/workspaces/brussels", json={"mail_from": "dansaert@desks.example.coop"})
    assert r.status_code == 200 and r.json["mail_from"] == "dansaert@desks.example.coop"
    assert admin.patch("/api/v1/workspaces/brussels", json={"mail_from": "not an address"}).status_code == 422
    _book(team)
    (mail,) = outbox(app)
    assert mail["From"] == "Dansaert <dansaert@desks.example.coop>"
    _, event = invite_event(mail)
    assert str(event["ORGANIZER"]) == "mailto:dansaert@desks.example.coop"


def test_a_dutch_member_gets_mails_in_dutch_with_local_times(app, team, make_user, api_as, db):
    from coworking.accounts.models import User

    user = db.session.get(User, team.ana.id)
    user.language = "nl"
    db.session.commit()
    _book(team, start="08:30", end="12:00")
    (mail,) = outbox(app)
    assert mail["Content-Language"] == "nl"
    text = mail_text(mail)
    assert "dinsdag 2 maart 2027" in text and "08:30–12:00" in text and "Europe/Brussels" in text
    # Every line of the plain-text part is Dutch too, not only the ones the HTML part shares.
    assert f"Werkplek: {team.desk.code}" in text and "Tijd: 08:30–12:00" in text and "Tijdzone: " in text
    assert "Desk:" not in text and "Time zone:" not in text


def test_a_booking_in_another_zone_shows_that_zones_times(app, team, make_workspace, make_desk, db):
    lisbon = make_workspace(slug="lisbon", name="Ribeira", city="Lisbon", timezone="Europe/Lisbon")
    desk = make_desk(lisbon, code="L1")
    r = team.as_ana.book(desk, date(2027, 3, 2), "09:00", "12:00")
    assert r.status_code == 201, r.json
    text = mail_text(outbox(app)[0])
    assert "09:00–12:00" in text and "Europe/Lisbon" in text
    _, event = invite_event(outbox(app)[0])
    assert event.decoded("DTSTART") == datetime(2027, 3, 2, 9, tzinfo=UTC)


def test_the_calendar_part_travels_with_crlf_line_endings(app, team):
    """What an SMTP server receives: every line of the text/calendar part ends in CRLF."""
    import email
    import email.policy

    _book(team)
    (mail,) = outbox(app)
    wire = mail.as_bytes(policy=email.policy.SMTP)
    received = email.message_from_bytes(wire, policy=email.policy.default)
    body = calendar_part(received).get_payload(decode=True)
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and b"METHOD:REQUEST\r\n" in body
    assert b"\n" not in body.replace(b"\r\n", b"")
