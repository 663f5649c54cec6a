"""A member's own usage over five years is bounded (issue 12, item 6): closed months come from
their snapshots (changing their bookings afterwards changes nothing), and the live rest of the
period is worked out only on the days the member's bookings touch, not day by day over five
years of every workspace they visited. Timing: bench/member_usage.py (docs/reliability.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support.clock import at
from tests.support.factories import booking_row, insert_bookings

B = ZoneInfo("Europe/Brussels")
AFTER = datetime(2027, 12, 5, 12, tzinfo=UTC)
FIVE_YEARS = "from=2023-01-01&to=2027-12-31"


@pytest.fixture
def member(db, make_workspace, make_desk, make_user):
    gent = make_workspace(slug="gent")
    lille = make_workspace(slug="lille", timezone="Europe/Paris")
    g1, l1 = make_desk(gent, code="G1"), make_desk(lille, code="L1")
    ana = make_user(email="ana@example.org", workspaces=[gent])
    rows = []
    for day in (date(2027, 3, 8), date(2027, 3, 9), date(2027, 3, 22)):  # March: closed below
        rows.append(booking_row(g1, ana, at(B, day, 9), at(B, day, 17)))
    rows.append(booking_row(l1, ana, at(B, date(2027, 3, 10), 9), at(B, date(2027, 3, 10), 12)))
    for day in (date(2027, 11, 15), date(2027, 11, 16)):  # November: live
        rows.append(booking_row(g1, ana, at(B, day, 9), at(B, day, 13)))
    insert_bookings(db, rows)
    return ana


def _close_march(db):
    from coworking.budget import close as budget_close

    budget_close.close_month(None, "2027-03", AFTER)
    db.session.commit()


def test_closed_months_are_read_from_their_snapshots(member, db, client, auth):
    from sqlalchemy import delete, func, select, update

    from coworking.bookings.models import Booking

    headers = auth(member)
    before = client.get(f"/api/v1/me/usage?{FIVE_YEARS}", headers=headers).json
    assert before["totals"]["bookings"] == 6 and before["totals"]["desk_hours"] == 35.0
    _close_march(db)
    # March's rows change afterwards (a hand edit, a restore gone wrong): one goes, another is
    # cut to an hour. The closed month keeps the figures its close froze.
    first = db.session.scalars(select(Booking).order_by(Booking.starts_at)).first()
    db.session.execute(delete(Booking).where(Booking.id == first.id))
    march_9 = datetime(2027, 3, 9, tzinfo=UTC)
    db.session.execute(
        update(Booking)
        .where(Booking.starts_at >= march_9, Booking.starts_at < march_9 + timedelta(days=1))
        .values(ends_at=at(B, date(2027, 3, 9), 10))
    )
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Booking)) == 5
    assert client.get(f"/api/v1/me/usage?{FIVE_YEARS}", headers=headers).json == before


def test_the_live_part_is_worked_out_on_the_booked_days_only(member, db, client, auth, monkeypatch):
    from coworking.reports.figures import compute

    _close_march(db)
    planned = []
    real_plan_days = compute.plan_days

    def recording_plan_days(schedule, first, last):
        planned.append((first, last))
        return real_plan_days(schedule, first, last)

    monkeypatch.setattr(compute, "plan_days", recording_plan_days)
    resp = client.get(f"/api/v1/me/usage?{FIVE_YEARS}", headers=auth(member))
    assert resp.status_code == 200 and resp.json["totals"]["bookings"] == 6
    days = sum((last - first).days + 1 for first, last in planned)
    # November's two booked days (a day either side at most), not 1,800 days of two workspaces.
    assert 0 < days <= 4, planned
    assert all(first >= date(2027, 11, 14) and last <= date(2027, 11, 17) for first, last in planned)
    assert timedelta(days=days) < timedelta(days=31)
