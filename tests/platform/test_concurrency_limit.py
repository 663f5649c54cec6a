"""The active-booking limit holds when one member races it, on each database.

One member with a limit of 1 active booking sends 25 bookings for 25 distinct, non-overlapping
slots (one desk each, so neither overlap guard can refuse them) at the same instant, to a real
gunicorn with 4 worker processes. Only the limit stands between them and 25 bookings: exactly
one may get through, every other request is a 422 ``limit_reached`` problem.

What serialises them: on PostgreSQL the row lock ``bookings.services.book`` takes on the
member's row before counting their active bookings (without it several transactions count 0
at once and all insert); on SQLite ``BEGIN IMMEDIATE`` serialises every writer anyway, so
there this test passes with or without the row lock (it guards the SQLite path itself).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from coworking.bookings.models import Booking
from tests.support.clock import local
from tests.support.concurrency import EVERY_DAY_7_TO_22, PROBLEM_JSON, fire_together, report, rows, target_day

pytestmark = pytest.mark.slow

N = 25
LIMIT_ONE = {"min_notice_minutes": 0, "max_advance_days": 730, "max_active_bookings": 1}


@pytest.fixture
def member_with_limit_one(db, make_workspace, make_desk, make_user, auth):
    """(member id, headers, N desk ids) in a workspace allowing 1 active booking, committed."""
    ws = make_workspace(opening_hours=EVERY_DAY_7_TO_22, policy=LIMIT_ONE)
    assert ws.policy.max_active_bookings == 1
    desk_ids = [make_desk(ws).id for _ in range(N)]
    user = make_user(workspaces=[ws])
    member_id, headers = user.id, auth(user)
    db.session.commit()
    db.session.remove()
    return member_id, headers, desk_ids


def test_one_member_25_distinct_slots_at_once_with_a_limit_of_one(server, member_with_limit_one, db, backend):
    member_id, headers, desk_ids = member_with_limit_one
    first = target_day()
    # Distinct days, distinct desks: no two requests overlap in time or desk.
    calls = [
        (member_id, headers, {"desk_id": desk_id, "start": local(day, 10), "end": local(day, 11)})
        for desk_id, day in ((desk_id, first + timedelta(days=i)) for i, desk_id in enumerate(desk_ids))
    ]
    since = server.log_size()
    with server.log_on_failure(since):
        answers, wall = fire_together(server.url, calls)
        report(backend, "one member, 25 slots, limit 1", answers, wall)
        statuses = sorted(a.status for a in answers)
        created = [a for a in answers if a.status == 201]
        assert len(created) == 1, f"the limit of 1 let {len(created)} through: {statuses}"
        for a in answers:
            if a.status == 201:
                continue
            assert a.status == 422, (a.status, a.body)
            assert a.content_type.split(";")[0].strip() == PROBLEM_JSON, a.content_type
            assert a.body is not None and a.body.get("code") == "limit_reached", a.body
        # The database agrees: one confirmed booking of that member, the one answered 201.
        found = rows(db, sa.and_(Booking.member_id == member_id, Booking.status == "confirmed"))
        assert len(found) == 1, f"expected one booking row, found {found}"
        (winner,) = created
        assert found[0].desk_id == winner.payload["desk_id"]
        assert found[0].starts_at == datetime.fromisoformat(winner.body["start"])
