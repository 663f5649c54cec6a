"""Bookings around and on the DST changes: Europe/Brussels (CET/CEST) and America/New_York."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from coworking.bookings.models import Booking
from tests.support.factories import ALL_DAYS_ALL_HOURS
from tests.support.http import log_in, problem_code


@pytest.fixture
def brussels(make_workspace, make_desk, make_user, api_as):
    with time_machine.travel("2027-03-01T08:00:00+00:00", tick=False):
        ws = make_workspace(slug="brussels", timezone="Europe/Brussels", opening_hours=ALL_DAYS_ALL_HOURS)
        desk = make_desk(ws)
        member = api_as(make_user(workspaces=[ws]))
        yield ws, desk, member


@pytest.mark.parametrize(
    ("day", "utc_start", "utc_end"),
    [
        (date(2027, 3, 26), datetime(2027, 3, 26, 8, tzinfo=UTC), datetime(2027, 3, 26, 16, tzinfo=UTC)),  # Fri, CET
        (date(2027, 3, 29), datetime(2027, 3, 29, 7, tzinfo=UTC), datetime(2027, 3, 29, 15, tzinfo=UTC)),  # Mon, CEST
        (date(2027, 10, 29), datetime(2027, 10, 29, 7, tzinfo=UTC), datetime(2027, 10, 29, 15, tzinfo=UTC)),  # CEST
        (date(2027, 11, 1), datetime(2027, 11, 1, 8, tzinfo=UTC), datetime(2027, 11, 1, 16, tzinfo=UTC)),  # CET
    ],
)
def test_nine_to_five_lands_on_the_right_instant(brussels, db, day, utc_start, utc_end):
    _ws, desk, member = brussels
    with time_machine.travel("2027-03-01T08:00:00+00:00", tick=False):
        r = member.book(desk, day, "09:00", "17:00")
    assert r.status_code == 201, r.json
    row = db.session.scalar(select(Booking))
    assert (row.starts_at, row.ends_at) == (utc_start, utc_end)
    # Shown back in local time with that day's offset.
    assert r.json["start"].startswith(f"{day.isoformat()}T09:00:00+0")
    assert r.json["end"].startswith(f"{day.isoformat()}T17:00:00+0")


def test_spring_forward_gap_is_refused_before_any_other_rule(brussels, db):
    _ws, desk, member = brussels
    with time_machine.travel("2027-03-01T08:00:00+00:00", tick=False):
        # 02:30 does not exist on Sunday 28 March 2027 (02:00 CET → 03:00 CEST).
        r = member.book(desk, date(2027, 3, 28), "02:30", "04:00")
        assert r.status_code == 422 and problem_code(r) == "nonexistent_local_time"
        # ... even when the request also breaks other rules (misaligned end, in the past if the
        # clock were later, end before start): local time is resolved first.
        r = member.book(desk, date(2027, 3, 28), "02:30", "01:10")
        assert problem_code(r) == "nonexistent_local_time"
    with time_machine.travel("2027-04-01T08:00:00+00:00", tick=False):
        assert problem_code(member.book(desk, date(2027, 3, 28), "02:30", "04:00")) == "nonexistent_local_time"
    assert db.session.query(Booking).count() == 0


def test_fall_back_repeat_needs_an_offset(brussels, db):
    _ws, desk, member = brussels
    with time_machine.travel("2027-03-01T08:00:00+00:00", tick=False):
        r = member.book(desk, date(2027, 10, 31), "02:30", "04:00")
        assert r.status_code == 422 and problem_code(r) == "ambiguous_local_time"
        assert "+02:00" in r.json["detail"] and "+01:00" in r.json["detail"]
        # The first 02:30 (CEST) to the second 02:30 (CET): one hour, stated with offsets.
        r = member.post(
            "/api/v1/bookings",
            json={"desk_id": desk.id, "start": "2027-10-31T02:30:00+02:00", "end": "2027-10-31T02:30:00+01:00"},
        )
        assert r.status_code == 201, r.json
    row = db.session.scalar(select(Booking))
    assert row.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert row.ends_at == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)
    assert r.json["start"] == "2027-10-31T02:30:00+02:00" and r.json["end"] == "2027-10-31T02:30:00+01:00"


def test_a_whole_dst_day_is_23_or_25_hours_of_availability(brussels):
    _ws, _desk, member = brussels
    with time_machine.travel("2027-03-01T08:00:00+00:00", tick=False):
        spring = member.get("/api/v1/workspaces/brussels/availability?date=2027-03-28").json
        autumn = member.get("/api/v1/workspaces/brussels/availability?date=2027-10-31").json
    assert spring["open"] == [{"start": "2027-03-28T00:00:00+01:00", "end": "2027-03-28T23:30:00+02:00"}]
    assert autumn["open"] == [{"start": "2027-10-31T00:00:00+02:00", "end": "2027-10-31T23:30:00+01:00"}]


# --- the change Sundays themselves ----------------------------------------------------------

# (zone, change Sunday, UTC offset in hours before the change, after it). Stated here, not
# read from zoneinfo: a resolution one hour off on these days must not agree with itself.
CHANGE_SUNDAYS = [
    ("Europe/Brussels", date(2026, 3, 29), 1, 2),  # 02:00 CET → 03:00 CEST
    ("Europe/Brussels", date(2026, 10, 25), 2, 1),  # 03:00 CEST → 02:00 CET
    ("Europe/Brussels", date(2027, 3, 28), 1, 2),
    ("Europe/Brussels", date(2027, 10, 31), 2, 1),
    ("America/New_York", date(2026, 3, 8), -5, -4),  # 02:00 EST → 03:00 EDT
    ("America/New_York", date(2026, 11, 1), -4, -5),  # 02:00 EDT → 01:00 EST
    ("America/New_York", date(2027, 3, 14), -5, -4),
    ("America/New_York", date(2027, 11, 7), -4, -5),
]
# Local wall times clear of both zones' skipped and repeated hours (01:00–03:00): before the
# change, across it, after it.
SPANS = [("00:00", "00:30"), ("00:30", "05:00"), ("09:00", "17:00")]
BEFORE_EVERY_CHANGE = "2026-03-01T12:00:00+00:00"  # the booking window (730 days) covers them all


def expected_instant(day: date, wall: str, before: int, after: int) -> datetime:
    """The UTC instant of ``wall`` on ``day``: times before 01:00 keep the offset before the
    change, times from 04:00 on have the offset after it."""
    hh, mm = (int(p) for p in wall.split(":"))
    offset = before if hh < 1 else after
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=UTC) - timedelta(hours=offset)


def offset_text(hours: int) -> str:
    return f"{'+' if hours >= 0 else '-'}{abs(hours):02d}:00"


@pytest.fixture
def on_a_sunday(make_workspace, make_desk, make_user, api_as):
    """``on_a_sunday(zone)`` → (desk, member api, member) in a workspace open all day, every day."""

    def make(zone: str):
        slug = zone.split("/")[1].lower()
        ws = make_workspace(slug=slug, timezone=zone, opening_hours=ALL_DAYS_ALL_HOURS)
        desk = make_desk(ws)
        user = make_user(workspaces=[ws])
        return desk, api_as(user), user

    return make


@pytest.mark.parametrize(("zone", "day", "before", "after"), CHANGE_SUNDAYS, ids=lambda v: str(v))
def test_booking_on_a_change_sunday_through_the_api(on_a_sunday, db, zone, day, before, after):
    with time_machine.travel(BEFORE_EVERY_CHANGE, tick=False):
        desk, member, _user = on_a_sunday(zone)
        answers = [member.book(desk, day, start, end) for start, end in SPANS]
        for r in answers:
            assert r.status_code == 201, r.json
        fetched = [member.get(f"/api/v1/bookings/{r.json['id']}").json for r in answers]
    stored = {str(b.uuid): (b.starts_at, b.ends_at) for b in db.session.scalars(select(Booking))}
    for (start, end), answer, again in zip(SPANS, answers, fetched, strict=True):
        utc = (expected_instant(day, start, before, after), expected_instant(day, end, before, after))
        assert stored[answer.json["id"]] == utc, (start, end)
        # Returned in local time with the offset of that moment, the same when read again.
        shown = (
            f"{day.isoformat()}T{start}:00{offset_text(before if start < '01:00' else after)}",
            f"{day.isoformat()}T{end}:00{offset_text(before if end < '01:00' else after)}",
        )
        assert (answer.json["start"], answer.json["end"]) == shown
        assert (again["start"], again["end"]) == shown
        assert tuple(datetime.fromisoformat(t) for t in shown) == utc


@pytest.mark.parametrize(("zone", "day", "before", "after"), CHANGE_SUNDAYS, ids=lambda v: str(v))
def test_booking_on_a_change_sunday_through_the_web(client, on_a_sunday, db, zone, day, before, after):
    with time_machine.travel(BEFORE_EVERY_CHANGE, tick=False):
        desk, _member, user = on_a_sunday(zone)
        log_in(client, user.email)
        pages = []
        for start, end in SPANS:
            r = client.post(
                f"/workspaces/{desk.workspace.slug}",
                data={"day": day.isoformat(), "desk": str(desk.id), "period": "custom", "start": start, "end": end},
            )
            assert r.status_code == 302, r.get_data(as_text=True)
            pages.append(client.get(r.headers["Location"]).get_data(as_text=True))
    stored = sorted((b.starts_at, b.ends_at) for b in db.session.scalars(select(Booking)))
    assert stored == [
        (expected_instant(day, start, before, after), expected_instant(day, end, before, after)) for start, end in SPANS
    ]
    # Each booking's page shows the local times that were asked for.
    for (start, end), page in zip(SPANS, pages, strict=True):
        assert f"<dd>{start}–{end}, " in page, re.search(r"<dt>Time</dt><dd>[^<]*</dd>", page)
