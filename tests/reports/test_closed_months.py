"""Closed months: reports read them from the snapshot stored with the monthly close, and
merging those snapshots with live figures for the rest of a period gives exactly the figures
computed live over the whole period (docs/figures.md, "Closed months"). Through the real
database, so on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support.clock import at
from tests.support.factories import add_closure, booking_row, cancelled, insert_bookings
from tests.support.http import logged_in, visible

B = ZoneInfo("Europe/Brussels")
# Every day: a night, a day and an evening window, so bookings run across midnight (and across
# the clock changes of 28 March and 31 October 2027).
HOURS = [
    {"weekday": d, "open": o, "close": c}
    for d in range(7)
    for o, c in (("00:00", "06:00"), ("09:00", "17:00"), ("18:00", "23:30"))
]
CLOSED = ["2027-03", "2027-05", "2027-06", "2027-10"]
PERIODS = [
    (date(2027, 2, 15), date(2027, 11, 20)),  # partial months at both ends
    (date(2027, 3, 1), date(2027, 3, 31)),  # one closed month, nothing live
    (date(2027, 3, 1), date(2027, 6, 30)),  # closed, live, closed, closed
    (date(2027, 3, 10), date(2027, 10, 31)),  # starts inside a closed month: March live
    (date(2027, 1, 1), date(2027, 12, 31)),
]
AFTER = datetime(2027, 12, 5, 12, tzinfo=UTC)


def d(month: int, day: int) -> date:
    return date(2027, month, day)


@pytest.fixture
def year(db, make_workspace, make_desk, make_user):
    ws = make_workspace(slug="nuit", name="Nuit", opening_hours=HOURS, policy={"cancel_cutoff_minutes": 180})
    lisbon = make_workspace(
        slug="alfama",
        name="Alfama",
        timezone="Europe/Lisbon",
        opening_hours=[{"weekday": w, "open": "09:00", "close": "18:00"} for w in range(5)],
    )
    a1 = make_desk(ws, code="A1", zone="Window")
    a2 = make_desk(ws, code="A2", in_service_from=d(3, 10), in_service_until=d(10, 31))
    a3 = make_desk(ws, code="A3", kind="fixed_desk", zone="Back")
    l1 = make_desk(lisbon, code="L1")
    add_closure(db, ws, d(5, 30), d(6, 2))  # across the end of a closed month
    ana = make_user(name="Ana", workspaces=[ws])
    bo = make_user(name="Bo", workspaces=[ws])
    cy = make_user(name="Cy", workspaces=[lisbon])
    manager = make_user(role="manager", workspaces=[ws])

    rows = []
    for month in range(1, 13):  # an ordinary day in every month
        day = d(month, 16)
        rows.append(booking_row(a1, ana, at(B, day, 9), at(B, day, 17), made=at(B, day, 9) - timedelta(days=9)))
        rows.append(booking_row(a3, bo, at(B, day, 13), at(B, day, 19), made=at(B, day, 8) - timedelta(hours=30)))
        rows.append(booking_row(l1, cy, at(B, day + timedelta(days=1), 11), at(B, day + timedelta(days=1), 14)))
    rows += [
        # Across midnight at month ends: closed → live, live → closed, closed → live (out of service).
        booking_row(a1, ana, at(B, d(3, 31), 22), at(B, d(4, 1), 2)),
        booking_row(a1, bo, at(B, d(4, 30), 23), at(B, d(5, 1), 3)),
        booking_row(a2, cy, at(B, d(10, 31), 22), at(B, d(11, 1), 5)),
        booking_row(a3, ana, at(B, d(2, 28), 23), at(B, d(3, 1), 1)),
        # Across the clock changes.
        booking_row(a1, bo, at(B, d(3, 27), 23), at(B, d(3, 28), 4)),
        booking_row(a1, ana, at(B, d(10, 30), 22), at(B, d(10, 31), 5)),
        # On a closure day: a booking, no desk-hours.
        booking_row(a1, bo, at(B, d(5, 31), 9), at(B, d(5, 31), 17)),
        # Starting before the first period, ending after the last one's end.
        booking_row(a1, ana, at(B, d(2, 14), 22), at(B, d(2, 15), 2)),
        booking_row(a3, bo, at(B, d(11, 20), 23), at(B, d(11, 21), 1)),
        # Two desks at once (the peak), with a member from elsewhere.
        booking_row(a2, cy, at(B, d(6, 16), 9), at(B, d(6, 16), 12)),
    ]
    late = booking_row(a1, bo, at(B, d(3, 18), 9), at(B, d(3, 18), 12))
    early = booking_row(a1, ana, at(B, d(10, 20), 9), at(B, d(10, 20), 12))
    by_manager = booking_row(a3, cy, at(B, d(6, 18), 9), at(B, d(6, 18), 12))
    live_late = booking_row(a1, cy, at(B, d(8, 18), 9), at(B, d(8, 18), 12))
    rows += [
        cancelled(late, at(B, d(3, 18), 8), bo),
        cancelled(early, at(B, d(10, 1), 8), ana),
        cancelled(by_manager, at(B, d(6, 18), 8), manager),
        cancelled(live_late, at(B, d(8, 17), 20), cy),
    ]
    insert_bookings(db, rows)
    check_in_some(db, ana, bo)
    return ws


def check_in_some(db, ana, bo) -> None:
    """Ana checked in to each of her bookings ten minutes early; Bo's ordinary days were
    released at the end of a 30-minute grace (no-shows), in closed and live months alike."""
    from sqlalchemy import select

    from coworking.bookings.models import Booking

    for booking in db.session.scalars(select(Booking).where(Booking.status == "confirmed")):
        if booking.member_id == ana.id:
            booking.checked_in_at = booking.starts_at - timedelta(minutes=10)
        elif booking.member_id == bo.id and booking.starts_at.astimezone(B).day == 16:
            booking.status, booking.released_at = "released", booking.starts_at + timedelta(minutes=30)
    db.session.commit()


def same(frozen, live) -> None:
    """Field by field, then every figure derived from them."""
    for f in dataclasses.fields(live):
        assert getattr(frozen, f.name) == getattr(live, f.name), f.name
    assert frozen.usage == live.usage
    assert (frozen.lead_time_median, frozen.lead_time_mean) == (live.lead_time_median, live.lead_time_mean)
    for granularity in ("day", "week", "month"):
        assert frozen.series(granularity) == live.series(granularity), granularity
    assert frozen.by("kind") == live.by("kind") and frozen.by("zone") == live.by("zone")
    assert frozen.ranked_desks() == live.ranked_desks()


def reports(periods):
    from coworking.reports.queries.workspace_report import report_for
    from coworking.workspaces.services import get_workspace

    workspace = get_workspace("nuit", with_hours=True)
    return {period: report_for(workspace, *period) for period in periods}


def test_snapshots_of_closed_months_merged_with_live_figures_equal_live_figures(year, db, make_user):
    from sqlalchemy import text

    from coworking.budget import close as budget_close
    from coworking.reports.queries import closed_months, cooperative

    admin = make_user(role="admin")
    live = reports(PERIODS)
    live_members = {period: {r.member.id: r for r in report.member_rows()} for period, report in live.items()}
    live_overview = cooperative.overview(admin, *PERIODS[0])
    assert live[PERIODS[0]].figures.totals.booked > 0 and live[PERIODS[0]].figures.late_cancellations == 2

    for month in CLOSED:
        budget_close.close_month(None, month, AFTER)
    db.session.commit()
    assert len(closed_months.snapshots([year.id], *PERIODS[-1])[year.id]) == len(CLOSED)

    frozen = reports(PERIODS)
    for period in PERIODS:
        same(frozen[period].figures, live[period].figures)
        assert {r.member.id: r for r in frozen[period].member_rows()} == live_members[period]
    overview = cooperative.overview(admin, *PERIODS[0])
    assert overview.members == live_overview.members
    for row, before in zip(overview.rows, live_overview.rows, strict=True):
        same(row.figures, before.figures)
        assert (row.members, row.visitors, row.visitor_desk_days) == (
            before.members,
            before.visitors,
            before.visitor_desk_days,
        )

    # Reopened: March is live again (and the same, as nothing changed); its snapshot is gone.
    budget_close.reopen_month(admin, "nuit", "2027-03", "Check", AFTER)
    db.session.commit()
    nulls = text("SELECT workspace_id FROM month_closes WHERE month = 3 AND report_snapshot IS NULL")
    assert db.session.execute(nulls).scalars().all() == [year.id]  # SQL NULL, not JSON null
    assert len(closed_months.snapshots([year.id], *PERIODS[-1])[year.id]) == len(CLOSED) - 1
    for period, report in reports(PERIODS).items():
        same(report.figures, live[period].figures)


def test_a_closed_month_is_frozen_and_a_close_without_snapshot_is_live(year, db, make_desk):
    from sqlalchemy import update

    from coworking.budget import close as budget_close
    from coworking.budget.models import MonthClose
    from coworking.reports.queries import closed_months

    march = (d(3, 1), d(3, 31))
    before = reports([march])[march].figures
    budget_close.close_month(None, "2027-03", AFTER)
    db.session.commit()
    make_desk(year, code="A9")  # in service since 2020: March's live capacity grows
    after = reports([march])[march].figures
    assert after.totals == before.totals
    assert [row.desk.code for row in after.desks] == ["A1", "A2", "A3", "A9"]

    # A close made before snapshots existed has none: the month is computed live.
    db.session.execute(update(MonthClose).values(report_snapshot=None))
    db.session.commit()
    assert closed_months.snapshots([year.id], *march) == {}
    live = reports([march])[march].figures
    assert live.totals.capacity > before.totals.capacity


def test_months_closed_before_check_in_show_used_and_no_shows_as_not_available(year, db, app, make_user, api_as):
    """A snapshot stored before used time and no-shows existed keeps what it stored: its booked
    figures still count, its used ones are not available (null), never 0 — alone and inside a
    longer period. A new close stores them."""
    from sqlalchemy import select

    from coworking.budget import close as budget_close
    from coworking.budget.models import MonthClose

    march, spring = (d(3, 1), d(3, 31)), (d(3, 1), d(4, 30))
    live = reports([march, spring])
    assert live[march].figures.totals.used > 0 and live[march].figures.no_shows == 1
    budget_close.close_month(None, "2027-03", AFTER)
    db.session.commit()
    close = db.session.scalars(select(MonthClose).where(MonthClose.workspace_id == year.id)).one()
    stored = close.report_snapshot
    assert stored["no_shows"] == 1 and len(stored["members"]) == 10  # a new close stores them

    # As a close made before check-in stored it: no used seconds, no no-show columns.
    old = {k: v for k, v in stored.items() if k not in ("no_shows", "settled")}
    old["days"] = [row[:5] for row in stored["days"]]
    old["members"] = stored["members"][:7]
    close.report_snapshot = old
    db.session.commit()

    frozen = reports([march, spring])
    for period in (march, spring):
        figures = frozen[period].figures
        assert figures.totals.booked == live[period].figures.totals.booked
        assert figures.totals.used is None and figures.no_shows is None and figures.no_show_rate is None
        assert all(row.usage.used is None for row in frozen[period].member_rows())
    april_used = live[spring].figures.series("month")[1].totals.used
    assert [b.totals.used for b in frozen[spring].figures.series("month")] == [None, april_used]

    manager = api_as(make_user(role="admin"))
    body = manager.get("/api/v1/workspaces/nuit/occupancy?from=2027-03-01&to=2027-04-30&granularity=month").json
    assert body["totals"]["booked_hours"] > 0
    assert (body["totals"]["used_hours"], body["totals"]["used_occupancy"]) == (None, None)
    assert (body["totals"]["no_shows"], body["totals"]["no_show_rate"]) == (None, None)
    assert body["series"][0]["used_hours"] is None and body["series"][1]["used_hours"] > 0
    usage = manager.get("/api/v1/workspaces/nuit/usage?from=2027-03-01&to=2027-03-31").json
    assert {m["used_hours"] for m in usage["members"]} == {None}
    assert usage["totals"]["used_hours"] is None and usage["totals"]["desk_hours"] > 0
    client = logged_in(app.test_client(), make_user(role="admin", email="boss@example.org").email)
    page = visible(client.get("/reports/nuit/occupancy?from=2027-03-01&to=2027-03-31").get_data(as_text=True))
    assert "Used occupancy – Used desk-hours – No-shows –" in page


def test_many_members_are_read_in_one_statement_without_a_list_of_ids(year, make_user, monkeypatch):
    from coworking.reports.queries import cooperative, rows

    admin = make_user(role="admin")
    period = PERIODS[0]
    by_id = {r.member.id: r for r in reports([period])[period].member_rows()}
    homes = {row.workspace.slug: row.visitors for row in cooperative.overview(admin, *period).rows}
    monkeypatch.setattr(rows, "MAX_IDS", 1)
    assert {r.member.id: r for r in reports([period])[period].member_rows()} == by_id
    assert {row.workspace.slug: row.visitors for row in cooperative.overview(admin, *period).rows} == homes
    assert len(by_id) == 3 and homes == {"nuit": 1, "alfama": 0}


def test_a_members_own_usage_reads_closed_months_like_the_workspace_reports(year, db):
    """/me/usage and the workspace's per-member usage agree for a closed month, also after the
    opening hours change (found by review: /me/usage stayed live)."""
    from sqlalchemy import select

    from coworking.accounts.models import User
    from coworking.budget import close as budget_close
    from coworking.reports.queries.own_usage import member_usage
    from coworking.reports.queries.workspace_report import report_for
    from coworking.workspaces.rules import parse_hhmm
    from coworking.workspaces.services import get_workspace

    def both(first: date, last: date) -> tuple:
        ws = get_workspace("nuit", with_hours=True)
        workspace_row = report_for(ws, first, last).figures.members[ana.id]
        own = next(u for w, u in member_usage(ana, first, last).rows if w.slug == "nuit")
        return workspace_row, own

    ana = db.session.scalar(select(User).where(User.name == "Ana"))
    march, spring = (d(3, 1), d(3, 31)), (d(2, 15), d(4, 20))  # closed; closed + live around it
    budget_close.close_month(None, "2027-03", AFTER)
    db.session.commit()
    frozen = both(*march)
    assert frozen[0] == frozen[1] and frozen[0].booked > 0
    for hours in get_workspace("nuit", with_hours=True).opening_hours:
        if hours.opens_at == parse_hhmm("09:00"):
            hours.opens_at = parse_hhmm("10:00")
    db.session.commit()
    assert both(*march) == frozen  # March stays as closed, in both
    workspace_row, own = both(*spring)
    assert workspace_row == own  # February and April live, March frozen, in both
