"""The waitlist's order under concurrent cancellations, against a real gunicorn (4 workers × 4
threads), on each database: ten members wait for the same full period, six holders cancel at
the same instant, each cancellation serves the line in its own transaction → the six earliest
entries get the six desks, the four later ones keep waiting, and SQL shows no desk and no
member with two overlapping confirmed bookings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from coworking.bookings import services, waitlist
from coworking.bookings.models import Booking
from coworking.bookings.waitlist_models import WaitlistEntry
from tests.support.clock import local
from tests.support.concurrency import EVERY_DAY_7_TO_22, fire_together, overlapping_pairs, target_day
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.slow

DESKS = 6
WAITING = 10
POLICY = {"min_notice_minutes": 0, "max_advance_days": 730, "max_active_bookings": 10}


@pytest.fixture(scope="module")
def server(app, database_url):
    with LiveServer(env={"DATABASE_URL": database_url}, workers=4, worker_class="gthread", threads=4) as live:
        yield live


def test_concurrent_cancellations_serve_the_line_in_order(server, db, make_workspace, make_desk, make_user, auth):
    ws = make_workspace(slug="full", opening_hours=EVERY_DAY_7_TO_22, policy=POLICY)
    desks = [make_desk(ws) for _ in range(DESKS)]
    day = target_day()
    now = datetime.now(UTC)
    holders = [make_user(workspaces=[ws]) for _ in range(DESKS)]
    held = [
        str(services.book(h, desk_id=d.id, start=local(day, 10), end=local(day, 12), note=None, now=now).uuid)
        for h, d in zip(holders, desks, strict=True)
    ]
    # Ten members join the line for that period, one after the other.
    waiting = [make_user(workspaces=[ws]) for _ in range(WAITING)]
    entries = []
    for i, member in enumerate(waiting):
        placed = waitlist.join(member, "full", local(day, 10), local(day, 12), None, now + timedelta(seconds=i))
        assert placed.position == i + 1
        entries.append(placed.entry.id)
    calls = [(h.id, auth(h), {"id": booking_id}) for h, booking_id in zip(holders, held, strict=True)]
    waiting_ids = [m.id for m in waiting]
    db.session.commit()
    db.session.remove()

    since = server.log_size()
    with server.log_on_failure(since):
        answers, wall = fire_together(server.url, calls, path="/api/v1/bookings/{id}", method="delete")
        print(f"{DESKS} cancellations in {wall:.2f} s")
        assert sorted(a.status for a in answers) == [200] * DESKS

    with db.engine.connect() as conn:
        rows = conn.execute(
            sa.select(WaitlistEntry.id, WaitlistEntry.status, Booking.desk_id, Booking.starts_at, Booking.ends_at)
            .outerjoin(Booking, Booking.id == WaitlistEntry.booking_id)
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
        ).all()
        served_entries = conn.execute(
            sa.select(sa.func.count())
            .select_from(Booking)
            .where(Booking.status == "confirmed", Booking.member_id.in_(waiting_ids))
        ).scalar()
    assert [r.id for r in rows] == entries
    # The earliest entries got a desk, in order; the later ones still wait.
    statuses = [r.status for r in rows]
    assert statuses == ["booked"] * DESKS + ["waiting"] * (WAITING - DESKS), statuses
    assert served_entries == DESKS
    assert len({r.desk_id for r in rows if r.status == "booked"}) == DESKS
    assert overlapping_pairs(db, "desk_id") == []
    assert overlapping_pairs(db, "member_id") == []
