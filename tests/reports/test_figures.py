"""Report figures (issue 5): hand-computed expectations, the worked example of docs/figures.md,
and hypothesis properties (reconciliation, bounds) — all through the real database, so each
runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL with the same expected answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.clock import BRUSSELS, LISBON, at
from tests.support.docs import number
from tests.support.factories import add_closure, booking_row, cancelled, insert_bookings
from tests.support.figures import MON, SUN, doc_table

H = 3600


# --- the worked example of docs/figures.md (tests/support/figures.py) ----------------------------


@pytest.fixture
def admin_api(make_user, api_as):
    return api_as(make_user(role="admin"))


def test_the_worked_example_in_the_docs_is_what_the_api_says(example, admin_api):
    r = admin_api.get("/api/v1/workspaces/dansaert/occupancy?from=2027-03-22&to=2027-03-28&granularity=day")
    assert r.status_code == 200, r.json
    body = r.json
    assert (body["workspace"], body["from"], body["to"], body["granularity"]) == (
        "dansaert",
        "2027-03-22",
        "2027-03-28",
        "day",
    )
    expected_totals = {row["total"]: number(row["value"]) for row in doc_table("totals")}
    assert {key: body["totals"][key] for key in expected_totals} == expected_totals
    expected_days = [{k: v if k == "period_start" else number(v) for k, v in row.items()} for row in doc_table("days")]
    assert [{key: item[key] for key in expected_days[0]} for item in body["series"]] == expected_days

    usage = admin_api.get("/api/v1/workspaces/dansaert/usage?from=2027-03-22&to=2027-03-28").json
    got = {
        m["member"]["name"]: {"home_workspace": m["home_workspace"], **{k: m[k] for k in m if k not in {"member"}}}
        for m in usage["members"]
    }
    for row in doc_table("members"):
        name = row.pop("member")
        want = {k: v if k == "home_workspace" else number(v) for k, v in row.items()}
        assert {k: got[name][k] for k in want} == want, name
    assert [m["member"]["name"] for m in usage["members"]] == ["Ana", "Bo", "Cy"]  # most desk-hours first

    # The weekly and monthly series are one bucket each, equal to the totals.
    for granularity in ("week", "month"):
        series = admin_api.get(
            f"/api/v1/workspaces/dansaert/occupancy?from=2027-03-22&to=2027-03-28&granularity={granularity}"
        ).json["series"]
        assert (
            len(series) == 1 and series[0]["period_start"] == "2027-03-22" and series[0]["period_end"] == "2027-03-28"
        )
        assert series[0]["booked_hours"] == 21.0 and series[0]["capacity_hours"] == 88.0


def test_worked_example_desks_kinds_zones_heatmap_and_lead_time(example, make_user):
    from coworking.reports.queries.workspace_report import workspace_report

    report = workspace_report(make_user(role="admin"), "dansaert", MON, SUN)
    figures = report.figures
    assert (figures.totals.capacity, figures.totals.booked) == (88 * H, 21 * H)
    assert figures.totals.occupancy == Fraction(21, 88)
    assert figures.totals.desk_days == Fraction(21, 8)
    assert figures.totals.peak == Fraction(2, 3) and figures.totals.peak_desks == 2
    desks = {d.desk.code: (d.booked // H, d.capacity // H) for d in figures.desks}
    assert desks == {"A1": (9, 32), "A2": (4, 32), "A3": (8, 24)}
    assert [d.desk.code for d in figures.ranked_desks()] == ["A3", "A1", "A2"]
    assert {g.key: g.occupancy for g in figures.by("kind")} == {
        "hot_desk": Fraction(13, 64),
        "fixed_desk": Fraction(1, 3),
    }
    assert {g.key: g.occupancy for g in figures.by("zone")} == {"Window": Fraction(9, 32), "Back": Fraction(12, 56)}
    heat = {key: cell.occupancy for key, cell in figures.heatmap.items()}
    assert all(heat[(0, h)] == Fraction(2, 3) for h in range(9, 17))
    assert [heat[(2, h)] for h in range(9, 17)] == [0] * 4 + [Fraction(1, 3)] * 4
    assert [heat[(3, h)] for h in range(9, 17)] == [Fraction(1, 2)] + [0] * 7
    assert all(heat[(1, h)] == 0 for h in range(9, 17))
    assert not any(key[0] in (4, 5, 6) for key in figures.heatmap)  # closed Friday, no weekend hours
    assert figures.lead_times == [1 * H, 12 * H, 24 * H, 48 * H, 72 * H]
    assert figures.lead_time_median == 24 * H and figures.lead_time_mean == Fraction(157 * H, 5)
    assert (figures.cancellations, figures.late_cancellations) == (2, 1)


def test_worked_example_own_usage_in_two_time_zones(example, api_as):
    body = api_as(example.members["Cy"]).get("/api/v1/me/usage?from=2027-03-22&to=2027-03-28").json
    rows = {w["workspace"]: w for w in body["workspaces"]}
    assert rows["dansaert"] == {
        "workspace": "dansaert",
        "name": "Dansaert",
        "bookings": 1,
        "desk_hours": 4.0,
        "desk_days": 0.5,
        "cancellations": 1,
        "late_cancellations": 1,
        "used_hours": 0.0,
        "no_shows": 0,
        "settled_check_ins": 0,
        "no_show_rate": None,
    }
    assert {k: rows["alfama"][k] for k in ("bookings", "desk_hours", "desk_days")} == {
        "bookings": 1,
        "desk_hours": 3.0,
        "desk_days": 0.33,
    }
    assert body["totals"] == {
        "bookings": 2,
        "desk_hours": 7.0,
        "desk_days": 0.83,
        "cancellations": 1,
        "late_cancellations": 1,
        "used_hours": 0.0,
        "no_shows": 0,
        "settled_check_ins": 0,
        "no_show_rate": None,
    }


# --- hand-computed: a DST week, a night window, a closure, a desk retired, two time zones --------

# Monday 22 March .. Sunday 4 April 2027: two ISO weeks, two months; clocks go forward in
# Brussels and Lisbon in the night of Saturday 27 to Sunday 28 March (01:00 UTC).
FIRST, LAST = date(2027, 3, 22), date(2027, 4, 4)
DST_SUNDAY = date(2027, 3, 28)
NIGHT_HOURS = [{"weekday": d, "open": "09:00", "close": "17:00"} for d in range(5)] + [
    {"weekday": 6, "open": "00:00", "close": "06:00"}
]


@pytest.fixture
def night(db, make_workspace, make_desk, make_user):
    ws = make_workspace(slug="nachtwerk", name="Nachtwerk", opening_hours=NIGHT_HOURS)
    lisbon = make_workspace(
        slug="alfama",
        name="Alfama",
        city="Lisbon",
        country="PT",
        timezone="Europe/Lisbon",
        opening_hours=[{"weekday": d, "open": "09:00", "close": "18:00"} for d in range(5)],
    )
    n1 = make_desk(ws, code="N1")
    n2 = make_desk(ws, code="N2", in_service_until=date(2027, 3, 30))
    l1 = make_desk(lisbon, code="L1")
    add_closure(db, ws, date(2027, 4, 2), date(2027, 4, 2))
    ana = make_user(name="Ana", workspaces=[ws])
    bo = make_user(name="Bo", workspaces=[ws])
    cy = make_user(name="Cy", workspaces=[lisbon])
    manager = make_user(role="manager", workspaces=[ws])
    made = datetime(2027, 3, 20, 12, tzinfo=UTC)
    b = BRUSSELS
    insert_bookings(
        db,
        [
            # Sunday 00:00–06:00 across the clock change: 5 elapsed hours.
            booking_row(n1, ana, at(b, DST_SUNDAY, 0), at(b, DST_SUNDAY, 6), made=made),
            # 01:00 CET–04:00 CEST: 2 hours.
            booking_row(n2, bo, at(b, DST_SUNDAY, 1), at(b, DST_SUNDAY, 4), made=made),
            booking_row(n1, ana, at(b, date(2027, 3, 29), 9), at(b, date(2027, 3, 29), 17), made=made),
            # 16:00–18:00, open until 17:00: 1 hour.
            booking_row(n2, bo, at(b, date(2027, 3, 30), 16), at(b, date(2027, 3, 30), 18), made=made),
            # N2 is out of service from 31 March: a booking, but no desk-hours.
            booking_row(n2, bo, at(b, date(2027, 3, 31), 9), at(b, date(2027, 3, 31), 12), made=made),
            # Sunday 4 April 05:00–07:00, open until 06:00: 1 hour.
            booking_row(n1, cy, at(b, date(2027, 4, 4), 5), at(b, date(2027, 4, 4), 7), made=made),
            # Cancelled 23.5 elapsed hours ahead (24.5 on the wall clock): late.
            cancelled(
                booking_row(n1, cy, at(b, DST_SUNDAY, 5), at(b, DST_SUNDAY, 6), made=made),
                at(b, date(2027, 3, 27), 4, 30),
                cy,
            ),
            # Cancelled by a manager (the closure day) at short notice: not late.
            cancelled(
                booking_row(n1, ana, at(b, date(2027, 4, 2), 9), at(b, date(2027, 4, 2), 17), made=made),
                at(b, date(2027, 4, 1), 18),
                manager,
            ),
            # Lisbon, the other time zone: Monday 29 March 09:00–12:00 WEST.
            booking_row(l1, cy, at(LISBON, date(2027, 3, 29), 9), at(LISBON, date(2027, 3, 29), 12), made=made),
        ],
    )
    return {"ws": ws, "lisbon": lisbon, "ana": ana, "bo": bo, "cy": cy, "manager": manager}


def test_hand_computed_figures_across_the_clock_change(night):
    from coworking.reports.queries.workspace_report import workspace_report

    report = workspace_report(night["manager"], "nachtwerk", FIRST, LAST)
    f = report.figures
    days = {d.day: d for d in f.days}
    # Capacity: weekdays 8 h × 2 desks until Tue 30, then × 1; Sun 28 is 5 h (clocks go forward);
    # Fri 2 April closed; Sun 4 April 6 h × 1 desk.
    assert [days[date(2027, 3, 22) + timedelta(days=i)].capacity // H for i in range(14)] == [
        16, 16, 16, 16, 16, 0, 10, 16, 16, 8, 8, 0, 0, 6,
    ]  # fmt: skip
    assert days[DST_SUNDAY].open_seconds == 5 * H
    assert f.totals.capacity == 144 * H
    assert f.totals.booked == 17 * H
    assert f.totals.occupancy == Fraction(17, 144)
    assert f.totals.desk_days == Fraction(7, 5) + 1 + Fraction(1, 8) + Fraction(1, 6)
    assert (days[DST_SUNDAY].peak, days[DST_SUNDAY].peak_desks) == (1, 2)
    assert days[date(2027, 3, 29)].peak == Fraction(1, 2)
    assert days[date(2027, 3, 31)].peak == 0  # the only booking is on a desk out of service
    months = f.series("month")
    assert [(m.start, m.end, m.totals.capacity // H, m.totals.booked // H) for m in months] == [
        (date(2027, 3, 22), date(2027, 3, 31), 130, 16),
        (date(2027, 4, 1), date(2027, 4, 4), 14, 1),
    ]
    assert months[0].totals.desk_days == Fraction(101, 40) and months[1].totals.desk_days == Fraction(1, 6)
    weeks = f.series("week")
    assert [(w.start, w.totals.capacity // H, w.totals.booked // H, w.totals.peak) for w in weeks] == [
        (date(2027, 3, 22), 90, 7, 1),
        (date(2027, 3, 29), 54, 10, 1),
    ]
    members = {report.members[mid].name: u for mid, u in f.members.items()}
    assert {n: (u.bookings, u.booked // H, u.desk_days) for n, u in members.items()} == {
        "Ana": (2, 13, Fraction(2)),
        "Bo": (3, 3, Fraction(2, 5) + Fraction(1, 8)),
        "Cy": (1, 1, Fraction(1, 6)),
    }
    assert {n: (u.cancellations, u.late_cancellations) for n, u in members.items()} == {
        "Ana": (1, 0),
        "Bo": (0, 0),
        "Cy": (1, 1),
    }
    # Sunday cells: hour 2 does not exist on 28 March, so only 4 April gives it capacity.
    sunday = {h: (f.heatmap[(6, h)].booked, f.heatmap[(6, h)].capacity) for h in range(6)}
    assert sunday == {
        0: (1 * H, 3 * H),
        1: (2 * H, 3 * H),
        2: (0, 1 * H),
        3: (2 * H, 3 * H),
        4: (1 * H, 3 * H),
        5: (2 * H, 3 * H),
    }
    # Booked on 20 March 12:00 UTC; the starts in UTC are 27th 23:00, 28th 00:00, 29th 07:00,
    # 30th 14:00, 31st 07:00 and 3 April 03:00.
    assert f.lead_times == [179 * H, 180 * H, 211 * H, 242 * H, 259 * H, 351 * H]
    assert f.lead_time_median == Fraction(453 * H, 2) and f.lead_time_mean == 237 * H


def test_hand_computed_through_the_api_and_for_the_member(night, api_as):
    manager = api_as(night["manager"])
    body = manager.get("/api/v1/workspaces/nachtwerk/occupancy?from=2027-03-22&to=2027-04-04&granularity=week").json
    assert body["totals"] == {
        "capacity_hours": 144.0,
        "booked_hours": 17.0,
        "occupancy": 0.1181,
        "desk_days": 2.69,
        "peak": 1.0,
        "peak_desks": 2,
        "bookings": 6,
        "cancellations": 2,
        "late_cancellations": 1,
        "lead_time_median_hours": 226.5,
        "lead_time_mean_hours": 237.0,
        "used_hours": 0.0,
        "used_occupancy": 0.0,
        "no_shows": 0,
        "settled_check_ins": 0,
        "no_show_rate": None,
    }
    assert [(s["period_start"], s["period_end"], s["capacity_hours"]) for s in body["series"]] == [
        ("2027-03-22", "2027-03-28", 90.0),
        ("2027-03-29", "2027-04-04", 54.0),
    ]
    mine = api_as(night["cy"]).get("/api/v1/me/usage?from=2027-03-22&to=2027-04-04").json
    assert [(w["workspace"], w["bookings"], w["desk_hours"], w["desk_days"]) for w in mine["workspaces"]] == [
        ("alfama", 1, 3.0, 0.33),
        ("nachtwerk", 1, 1.0, 0.17),
    ]
    assert mine["totals"]["desk_hours"] == 4.0 and mine["totals"]["desk_days"] == 0.5


def test_overview_puts_both_time_zones_side_by_side(night, make_user):
    from coworking.reports.queries.cooperative import overview

    result = overview(make_user(role="admin"), FIRST, LAST)
    rows = {row.workspace.slug: row for row in result.rows}
    assert rows["nachtwerk"].figures.totals.booked == 17 * H
    assert rows["alfama"].figures.totals.booked == 3 * H
    # Alfama: 9 h × 1 desk on 10 weekdays.
    assert rows["alfama"].figures.totals.capacity == 90 * H
    assert (rows["nachtwerk"].members, rows["nachtwerk"].visitors) == (3, 1)  # Cy is from Lisbon
    assert rows["nachtwerk"].visitor_desk_days == Fraction(1, 6)
    assert (rows["alfama"].members, rows["alfama"].visitors) == (1, 0)
    assert result.members == 3  # Cy counted once
    assert result.totals.booked == 20 * H and result.totals.capacity == 234 * H


def test_fall_back_day_has_a_25_hour_night():
    """The rules alone: a window 00:00–06:00 on the night clocks go back lasts 7 hours, and
    the repeated hour counts double in the heatmap."""
    from coworking.reports.figures.compute import compute
    from coworking.reports.figures.inputs import BookingRow, DeskRow
    from coworking.workspaces.rules import Schedule, Window

    sunday = date(2027, 10, 31)
    schedule = Schedule(BRUSSELS, (Window(6, time(0), time(6)),))
    desk = DeskRow(1, "N1", "hot_desk", "", date(2020, 1, 1), None)
    booking = BookingRow(
        1, 1, 7, at(BRUSSELS, sunday, 1), at(BRUSSELS, sunday, 4), True, datetime(2027, 10, 1, tzinfo=UTC)
    )
    f = compute(schedule, [desk], [booking], sunday, sunday, 60)
    assert f.totals.capacity == 7 * H
    assert f.totals.booked == 4 * H  # 01:00 CEST .. 04:00 CET
    assert f.heatmap[(6, 2)].capacity == 2 * H and f.heatmap[(6, 2)].booked == 2 * H


@pytest.mark.parametrize(
    ("first", "last", "ok"),
    [
        ("2023-01-01", "2027-12-31", True),
        ("2023-01-01", "2028-01-01", False),
        ("2024-02-29", "2029-02-28", True),
        ("2024-02-29", "2029-03-01", False),
        ("2027-03-02", "2027-03-01", False),
        ("2027-03-01", "2027-03-01", True),
    ],
)
def test_period_limits(first, last, ok):
    from coworking import errors
    from coworking.reports.figures.periods import check_period

    if ok:
        check_period(date.fromisoformat(first), date.fromisoformat(last))
    else:
        with pytest.raises(errors.ValidationFailed):
            check_period(date.fromisoformat(first), date.fromisoformat(last))


def test_rounding_is_half_up_at_the_edge_only():
    from coworking.reports.figures.heat import heat_level
    from coworking.rounding import hours, ratio

    assert ratio(Fraction(21, 8), 2) == 2.63
    assert ratio(Fraction(1, 8), 2) == 0.13
    assert hours(5400) == 1.5
    assert ratio(Fraction(2, 3)) == 0.6667
    assert [heat_level(Fraction(n, 10)) for n in range(11)] == [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert heat_level(None) is None


# --- properties (hypothesis), through the database ------------------------------------------------

ZONES = ["Europe/Brussels", "Europe/Lisbon", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]


@st.composite
def scenarios(draw):
    first = date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 330)))
    length = draw(st.integers(1, 70))
    windows = []
    for weekday in range(7):
        if draw(st.booleans()):
            start = draw(st.integers(0, 44))  # half-hours
            end = draw(st.integers(start + 1, 47))
            windows.append((weekday, start, end))
            if end < 46 and draw(st.booleans()):
                start2 = draw(st.integers(end + 1, 46))
                windows.append((weekday, start2, draw(st.integers(start2 + 1, 47))))
    closures = draw(st.lists(st.tuples(st.integers(-3, length + 3), st.integers(0, 4)), max_size=2))
    desks = draw(
        st.lists(st.tuples(st.integers(-10, length), st.none() | st.integers(0, length)), min_size=1, max_size=4)
    )
    bookings = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(desks) - 1),  # desk
                st.integers(-2, length + 1),  # day offset
                st.integers(0, 47),  # start, half-hours after local midnight (elapsed)
                st.integers(1, 24),  # length in half-hours (may cross midnight)
                st.integers(0, 2),  # member
                st.sampled_from(["confirmed", "confirmed", "cancelled", "checked_in", "released"]),
                st.integers(0, 24 * 10),  # booked this many hours ahead
                st.integers(0, 24 * 3),  # cancelled this many hours ahead (released: half-hours in)
            ),
            max_size=30,
        )
    )
    return {
        "zone": draw(st.sampled_from(ZONES)),
        "first": first,
        "last": first + timedelta(days=length - 1),
        "windows": windows,
        "closures": closures,
        "desks": desks,
        "bookings": bookings,
    }


def half_hour(value: int) -> str:
    return f"{value // 2:02d}:{30 * (value % 2):02d}"


def build_scenario(db, members, scenario, serial):
    """Insert the scenario: a workspace, desks and valid (non-overlapping) bookings."""
    from coworking.bookings.rules import overlaps
    from coworking.workspaces.models import Closure, Desk, OpeningHours, Workspace
    from coworking.workspaces.rules import local_day_bounds, parse_hhmm

    first, tz = scenario["first"], ZoneInfo(scenario["zone"])
    ws = Workspace(
        slug=f"prop-{serial}",
        name=f"Prop {serial}",
        city="X",
        country="BE",
        timezone=scenario["zone"],
        currency="EUR",
        created_at=datetime.now(UTC),
        cancel_cutoff_minutes=90,
    )
    ws.opening_hours = [
        OpeningHours(weekday=d, opens_at=parse_hhmm(half_hour(a)), closes_at=parse_hhmm(half_hour(b)))
        for d, a, b in scenario["windows"]
    ]
    for offset, days in scenario["closures"]:
        start = first + timedelta(days=offset)
        ws.closures.append(
            Closure(start_date=start, end_date=start + timedelta(days=days), created_at=datetime.now(UTC))
        )
    db.session.add(ws)
    db.session.flush()
    desks = []
    for i, (since, until) in enumerate(scenario["desks"]):
        start = first + timedelta(days=since)
        end = None if until is None else max(start, first + timedelta(days=until))
        desks.append(Desk(workspace_id=ws.id, code=f"P{i}", in_service_from=start, in_service_until=end))
    db.session.add_all(desks)
    db.session.flush()
    rows, taken = [], []
    for desk_i, day_offset, start_slot, slots, member_i, status, ahead, cancel_ahead in scenario["bookings"]:
        midnight = local_day_bounds(first + timedelta(days=day_offset), tz)[0]
        start = midnight + timedelta(minutes=30 * start_slot)
        end = start + timedelta(minutes=30 * slots)
        desk, member = desks[desk_i], members[member_i]
        row = booking_row(
            desk, member, start, end, made=start - timedelta(hours=ahead), checked_in_at=None, released_at=None
        )
        held_until = end
        if status == "checked_in":
            row["checked_in_at"] = start - timedelta(minutes=10)
        elif status == "released":  # booked until its release, free after (the guards skip it)
            held_until = start + timedelta(minutes=30 * (cancel_ahead % (slots + 1)))
            row.update(status="released", released_at=held_until)
        if status == "cancelled":
            by = member if cancel_ahead % 2 else members[(member_i + 1) % 3]
            rows.append(cancelled(row, start - timedelta(hours=cancel_ahead), by))
            continue
        if held_until > start and any(
            overlaps(start, held_until, s, e) and (d == desk.id or m == member.id) for d, m, s, e in taken
        ):  # the database would refuse it (or, released, it could not have been held then)
            continue
        if held_until > start:
            taken.append((desk.id, member.id, start, held_until))
        rows.append(row)
    db.session.commit()
    insert_bookings(db, rows)
    return ws


def remove_scenario(db, ws):
    from sqlalchemy import delete

    from coworking.bookings.models import Booking
    from coworking.workspaces.models import Closure, Desk, OpeningHours, Workspace

    db.session.rollback()
    for model in (Booking, Desk, Closure, OpeningHours):
        db.session.execute(delete(model).where(model.workspace_id == ws.id))
    db.session.execute(delete(Workspace).where(Workspace.id == ws.id))
    db.session.commit()


@pytest.fixture
def three_members(make_user):
    return [make_user(name=f"Member {i}") for i in range(3)]


@pytest.fixture
def serials():
    return iter(range(1, 10_000))


def check_bounds(value):
    assert 0 <= value <= 1, value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios())
def test_figures_reconcile_and_stay_within_bounds(db, three_members, serials, scenario):
    from coworking.reports.figures.periods import GRANULARITIES
    from coworking.reports.figures.results import Usage
    from coworking.reports.queries.own_usage import member_usage
    from coworking.reports.queries.workspace_report import report_for
    from coworking.workspaces.services import get_workspace

    ws = build_scenario(db, three_members, scenario, next(serials))
    try:
        workspace = get_workspace(ws.slug, with_hours=True)
        report = report_for(workspace, scenario["first"], scenario["last"])
        f = report.figures
        total = f.totals
        # Σ per member = the workspace (exactly).
        assert sum(u.booked for u in f.members.values()) == total.booked
        assert sum((u.desk_days for u in f.members.values()), Fraction(0)) == total.desk_days
        # … and for used time, no-shows and settled check-ins; used never exceeds booked.
        assert sum(u.used for u in f.members.values()) == total.used <= total.booked
        assert sum(u.no_shows for u in f.members.values()) == f.no_shows <= f.settled
        assert sum(u.settled for u in f.members.values()) == f.settled
        # Σ of every series = the period's total; the peak is the highest bucket's.
        for granularity in GRANULARITIES:
            buckets = f.series(granularity)
            assert buckets[0].start == scenario["first"] and buckets[-1].end == scenario["last"]
            assert sum(b.totals.capacity for b in buckets) == total.capacity
            assert sum(b.totals.booked for b in buckets) == total.booked
            assert sum(b.totals.used for b in buckets) == total.used
            assert sum((b.totals.desk_days for b in buckets), Fraction(0)) == total.desk_days
            assert max(b.totals.peak for b in buckets) == total.peak
            for b in buckets:
                check_bounds(b.totals.occupancy)
                check_bounds(b.totals.peak)
                check_bounds(b.totals.used_occupancy)
        # Per desk and per heatmap cell add up too, and every share is 0..1.
        assert sum(d.capacity for d in f.desks) == total.capacity
        assert sum(d.booked for d in f.desks) == total.booked
        assert sum(c.capacity for c in f.heatmap.values()) == total.capacity
        assert sum(c.booked for c in f.heatmap.values()) == total.booked
        for value in [total.occupancy, total.peak]:
            check_bounds(value)
        for day in f.days:
            check_bounds(day.occupancy)
            check_bounds(day.peak)
            assert day.used <= day.booked
            assert day.desk_days <= day.desks_in_service
        for desk in f.desks:
            check_bounds(desk.occupancy)
        for cell in f.heatmap.values():
            if cell.capacity:
                check_bounds(cell.occupancy)
            else:
                assert cell.booked == 0
        assert f.late_cancellations <= f.cancellations
        # A member's own usage (another query, across workspaces) says the same.
        for member in three_members:
            mine = member_usage(member, scenario["first"], scenario["last"])
            expected = f.members.get(member.id, Usage())
            assert mine.total == expected
    finally:
        remove_scenario(db, ws)
