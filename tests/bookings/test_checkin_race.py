"""The check-in/booking race (issue 18), on every backend: a member checks in at the last
second of the grace while another member books the same desk from the grace's end (releasing
the booking in their unit of work). Fifty rounds, two threads with their own sessions against
the real database: each round exactly one wins, never both, and the database never holds two
confirmed bookings of the desk at one instant."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa

from coworking import errors
from coworking.accounts.models import User
from coworking.bookings import checkin, services
from coworking.db import run_unit_of_work
from coworking.extensions import db as _db
from tests.support.clock import BRUSSELS, TUESDAY, at
from tests.support.factories import EVERY_DAY_8_TO_18

ROUNDS = 50
POLICY = {
    "check_in_required": True,
    "check_in_opens_minutes": 15,
    "check_in_grace_minutes": 30,
    "max_active_bookings": 1000,
}
OVERLAPS = sa.text(
    "SELECT count(*) FROM bookings a JOIN bookings b ON a.desk_id = b.desk_id AND a.id < b.id "
    "WHERE a.status = 'confirmed' AND b.status = 'confirmed' AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
)


def _in_own_unit(app, barrier, work):
    """``work()`` in its own app context (its own session) and unit of work, started with the
    other thread's: 'ok' or the refusal's code."""
    with app.app_context():
        barrier.wait(timeout=30)
        try:
            run_unit_of_work(_db.session, work, retries=10)
            return "ok"
        except errors.DomainError as exc:
            return exc.code
        finally:
            _db.session.remove()


def test_a_last_second_check_in_and_a_booking_of_the_released_desk_never_both_win(app, db, factories):
    ws = factories.workspace(slug="race", opening_hours=EVERY_DAY_8_TO_18, policy=POLICY)
    desk = factories.desk(ws, code="R1")
    ana = factories.user(email="ana@example.org", workspaces=[ws])
    bo = factories.user(email="bo@example.org", workspaces=[ws])
    ana_id, bo_id, desk_id = ana.id, bo.id, desk.id
    outcomes = []
    for n in range(ROUNDS):
        day = TUESDAY + timedelta(days=n)
        start = at(BRUSSELS, day, 9)
        grace_end = start + timedelta(minutes=30)
        booking = factories.booking(desk, ana, start, start + timedelta(hours=3))
        booking_id = str(booking.uuid)
        db.session.rollback()  # the test's session holds no read while the two race
        barrier = threading.Barrier(2)

        def check_in(booking_id=booking_id, grace_end=grace_end):
            user = _db.session.get(User, ana_id)
            checkin.check_in(user, booking_id, grace_end - timedelta(seconds=1))

        def book(day=day, grace_end=grace_end):
            user = _db.session.get(User, bo_id)
            services.book(
                user,
                desk_id=desk_id,
                start=f"{day.isoformat()}T09:30",
                end=f"{day.isoformat()}T11:00",
                note=None,
                now=grace_end,
            )

        with ThreadPoolExecutor(max_workers=2) as pool:
            checked, booked = pool.map(lambda work, barrier=barrier: _in_own_unit(app, barrier, work), [check_in, book])
        outcomes.append((checked, booked))
        assert (checked, booked) in {("ok", "desk_taken"), ("not_active", "ok")}, (n, checked, booked)
        assert db.session.execute(OVERLAPS).scalar() == 0
        db.session.rollback()
    statuses = db.session.execute(sa.text("SELECT status, count(*) FROM bookings GROUP BY status")).all()
    checked_wins = sum(1 for checked, _ in outcomes if checked == "ok")
    assert dict(statuses) == {
        "confirmed": ROUNDS,  # one per round: Ana's checked in, or Bo's
        **({"released": ROUNDS - checked_wins} if checked_wins < ROUNDS else {}),
    }
