"""50 series of bookings posted together against a real gunicorn (4 workers × 4 threads), on
each database: whatever interleaving the server picks, no desk and no member ends up with two
overlapping confirmed bookings, every answer is a 201 or a 409/422 problem (never a 5xx), a
"fail" series that lost a date kept nothing, and every booking the answers list exists."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from coworking.bookings.models import Booking
from tests.support.concurrency import EVERY_DAY_7_TO_22, PROBLEM_JSON, fire_together, overlapping_pairs, target_day
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.slow

SERIES = 50
POLICY = {"min_notice_minutes": 0, "max_advance_days": 730, "max_active_bookings": 1000}


@pytest.fixture(scope="module")
def server(app, database_url):
    with LiveServer(env={"DATABASE_URL": database_url}, workers=4, worker_class="gthread", threads=4) as live:
        yield live


def test_fifty_series_over_overlapping_dates_never_double_book(server, db, make_workspace, make_desk, make_user, auth):
    ws = make_workspace(opening_hours=EVERY_DAY_7_TO_22, policy=POLICY)
    desks = [make_desk(ws).id for _ in range(2)]
    # 25 members, each posting two series at once (on both desks, so the member guard races too).
    members = [make_user(workspaces=[ws]) for _ in range(SERIES // 2)]
    people = [(m.id, auth(m)) for m in members]
    db.session.commit()
    db.session.remove()
    first = target_day()
    calls = []
    for i in range(SERIES):
        member_id, headers = people[i // 2]
        day = first + timedelta(days=i % 5)
        start_minutes = 9 * 60 + 30 * (i % 4)  # 09:00 … 10:30, two hours each: all overlap 10:30–11:00
        dates = [str(day + timedelta(days=d)) for d in range(1, 8) if (d + i) % 3]
        payload = {
            "desk_id": desks[i % 2],
            "start": f"{day}T{start_minutes // 60:02d}:{start_minutes % 60:02d}",
            "end": f"{day}T{start_minutes // 60 + 2:02d}:{start_minutes % 60:02d}",
            "dates": dates,
            "on_conflict": "skip" if i % 3 else "fail",
        }
        calls.append((member_id, headers, payload))
    since = server.log_size()
    with server.log_on_failure(since):
        answers, wall = fire_together(server.url, calls, path="/api/v1/series")
        print(f"{SERIES} series in {wall:.2f} s")
        statuses = sorted(a.status for a in answers)
        assert not [a for a in answers if a.status >= 500], statuses
        made = [a for a in answers if a.status == 201]
        assert made, statuses
        for a in answers:
            if a.status != 201:
                assert a.status in (409, 422), (a.status, a.body)
                assert a.content_type.split(";")[0].strip() == PROBLEM_JSON
                assert a.body["conflicts"], a.body
            elif a.payload["on_conflict"] == "fail":
                assert a.body["skipped"] == []
        assert overlapping_pairs(db, "desk_id") == []
        assert overlapping_pairs(db, "member_id") == []
        with db.engine.connect() as conn:
            confirmed = set(conn.execute(sa.select(Booking.uuid).where(Booking.status == "confirmed")).scalars().all())
        answered = {b["id"] for a in made for b in a.body["bookings"]}
        assert {str(u) for u in confirmed} == answered
        # The race was real: some dates were lost to others.
        assert any(a.status != 201 or a.body["skipped"] for a in answers)
