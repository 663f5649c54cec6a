"""The worker's reminder job: one mail per booking when its reminder is due, whatever the
number of passes or workers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.app import mail_text, outbox
from tests.support.mails import calendar_part, sent_to


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def run_jobs(app, now: datetime, clock) -> None:
    """A pass of the worker's jobs at ``now`` (the clock moved there, so what they queue is due)."""
    from coworking.mail import worker

    clock.move_to(now)
    with app.app_context():
        worker.run_jobs(app, now)


def test_day_before_at_18_local_once_however_often_the_job_runs(app, team, make_booking):
    start = utc(2027, 3, 3, 8)  # Wednesday 09:00 CET
    make_booking(team.desk, team.ana, start, start + timedelta(hours=4), made=utc(2027, 3, 1, 8))
    run_jobs(app, utc(2027, 3, 2, 16, 59), team.clock)  # 17:59 local
    assert outbox(app) == []
    run_jobs(app, utc(2027, 3, 2, 17), team.clock)  # 18:00 local
    run_jobs(app, utc(2027, 3, 2, 17, 5), team.clock)
    (mail,) = outbox(app)
    assert mail["To"] == "ana@example.org" and mail["Subject"] == "Reminder: desk B1 at Dansaert"
    assert calendar_part(mail) is None
    text = mail_text(mail)
    assert "Wednesday, 3 March 2027" in text and "09:00–13:00" in text and "Europe/Brussels" in text
    assert "/workspaces/brussels?date=2027-03-03" in text and "/bookings/" in text


def test_same_morning_and_none(app, team, make_booking):
    team.as_ana.patch("/api/v1/me/notifications", json={"reminders": "same_morning"})
    team.as_bo.patch("/api/v1/me/notifications", json={"reminders": "none"})
    start = utc(2027, 3, 3, 8)
    made = utc(2027, 3, 1, 8)
    make_booking(team.desk, team.ana, start, start + timedelta(hours=2), made=made)
    make_booking(team.desk2, team.bo, start, start + timedelta(hours=2), made=made)
    run_jobs(app, utc(2027, 3, 2, 17), team.clock)  # the evening before: neither
    assert outbox(app) == []
    run_jobs(app, utc(2027, 3, 3, 6), team.clock)  # 07:00 local
    assert [m["To"] for m in outbox(app)] == ["ana@example.org"]


def test_a_booking_made_after_the_reminder_time_gets_none(app, team, make_booking):
    start = utc(2027, 3, 3, 8)
    make_booking(team.desk, team.ana, start, start + timedelta(hours=2), made=utc(2027, 3, 2, 19))  # 20:00 local
    run_jobs(app, utc(2027, 3, 2, 19, 30), team.clock)
    assert outbox(app) == []


def test_cancelled_bookings_get_no_reminder(app, team, make_booking):
    start = utc(2027, 3, 3, 8)
    make_booking(team.desk, team.ana, start, start + timedelta(hours=2), cancelled_at=utc(2027, 3, 1, 9))
    run_jobs(app, utc(2027, 3, 2, 17), team.clock)
    assert outbox(app) == []


def test_across_the_spring_forward_weekend_in_brussels(app, team, make_booking):
    sunday = utc(2027, 3, 28, 7)  # Sunday 09:00 CEST, the day clocks go forward
    monday = utc(2027, 3, 29, 7)  # Monday 09:00 CEST
    make_booking(team.desk, team.ana, sunday, sunday + timedelta(hours=2), made=utc(2027, 3, 20, 9))
    make_booking(team.desk, team.bo, monday, monday + timedelta(hours=2), made=utc(2027, 3, 20, 9))
    run_jobs(app, utc(2027, 3, 27, 16, 59), team.clock)  # Saturday 17:59 CET
    assert outbox(app) == []
    run_jobs(app, utc(2027, 3, 27, 17), team.clock)  # Saturday 18:00 CET
    assert [m["To"] for m in outbox(app)] == ["ana@example.org"]
    run_jobs(app, utc(2027, 3, 28, 15, 59), team.clock)  # Sunday 17:59 CEST
    assert len(outbox(app)) == 1
    run_jobs(app, utc(2027, 3, 28, 16), team.clock)  # Sunday 18:00 CEST
    (bos,) = sent_to(app, "bo@example.org")
    assert "09:00–11:00" in mail_text(bos)


def test_reminders_in_the_members_language(app, team, make_booking, db):
    from coworking.accounts.models import User

    db.session.get(User, team.ana.id).language = "nl"
    db.session.commit()
    start = utc(2027, 3, 3, 8)
    make_booking(team.desk, team.ana, start, start + timedelta(hours=2), made=utc(2027, 3, 1, 8))
    run_jobs(app, utc(2027, 3, 2, 17), team.clock)
    (mail,) = outbox(app)
    assert mail["Content-Language"] == "nl"
    assert "woensdag 3 maart 2027" in mail_text(mail) and "09:00–11:00" in mail_text(mail)
