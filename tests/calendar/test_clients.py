"""Every booking instant lands where the API says in four iCalendar readers (icalendar,
vobject, ical, and ical.js run by node), for bookings around both clock changes in Brussels
and New York: before and right after the spring change, both passes of the autumn change's
repeated hour, and right after it.

ical.js is vendored (tests/vendor/ical.js-2.2.1, the npm package's ES5 build and its
LICENSE). Without node the ical.js check is skipped, unless ``COWORKING_REQUIRE_NODE=1`` (CI,
set by .ci/run, which installs Debian's nodejs), where it fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess  # nosec B404: runs node on a test script
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.support.calendar import assert_block_exact, check_rfc5545_shape, check_with_three_parsers, feed_urls, fetch
from tests.support.factories import ALL_DAYS_ALL_HOURS

ICAL_JS = Path(__file__).resolve().parents[1] / "clients" / "ical_instants.cjs"
REQUIRE_NODE = os.environ.get("COWORKING_REQUIRE_NODE") == "1"

# (zone, local start with its offset): 30-minute bookings.
AROUND_CHANGES = {
    "Europe/Brussels": [
        "2026-10-25T02:30:00+02:00",  # repeated hour, first pass (CEST)
        "2026-10-25T02:30:00+01:00",  # repeated hour, second pass (CET)
        "2026-10-25T03:00:00+01:00",  # right after the autumn change
        "2027-03-28T01:30:00+01:00",  # right before the spring change
        "2027-03-28T03:00:00+02:00",  # right after the spring change
        "2027-10-31T02:30:00+02:00",
        "2027-10-31T02:30:00+01:00",  # the example
        "2027-10-31T03:00:00+01:00",
    ],
    "America/New_York": [
        "2026-11-01T01:30:00-04:00",  # repeated hour, first pass (EDT)
        "2026-11-01T01:30:00-05:00",  # repeated hour, second pass (EST)
        "2026-11-01T02:00:00-05:00",  # right after the autumn change
        "2027-03-14T01:30:00-05:00",  # right before the spring change
        "2027-03-14T03:00:00-04:00",  # right after the spring change
        "2027-11-07T01:30:00-04:00",
        "2027-11-07T01:30:00-05:00",
        "2027-11-07T02:00:00-05:00",
    ],
}


def node() -> str:
    found = shutil.which("node")
    if found is None:
        if REQUIRE_NODE:
            pytest.fail("COWORKING_REQUIRE_NODE=1 but node is missing (apt-get install -y nodejs)", pytrace=False)
        pytest.skip("node is missing: ical.js not checked (CI requires it)")
    return found


def ical_js_instants(body: bytes) -> dict[str, tuple[datetime, datetime]]:
    done = subprocess.run(  # nosec B603: fixed argv
        [node(), str(ICAL_JS)], input=body, capture_output=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
    return {
        uid: (datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC))
        for uid, (start, end) in json.loads(done.stdout).items()
    }


@pytest.fixture
def around_changes(app, monkeypatch, make_workspace, make_desk, make_user, api_as):
    """A member in Brussels and one in New York, booked around each change, and a manager of
    both workspaces; the feed window reaches from September 2026 to the end of 2027."""
    import time_machine

    monkeypatch.setitem(app.config, "CALENDAR_FUTURE_DAYS", 500)
    with time_machine.travel("2026-09-01T08:00:00+00:00", tick=False):
        workspaces = [
            make_workspace(slug=zone.split("/")[1].lower(), timezone=zone, opening_hours=ALL_DAYS_ALL_HOURS)
            for zone in AROUND_CHANGES
        ]
        manager = make_user(role="manager", workspaces=workspaces)
        members = []
        expected = {}
        for ws, starts in zip(workspaces, AROUND_CHANGES.values(), strict=True):
            as_member = api_as(make_user(workspaces=[ws]))
            members.append(as_member)
            desk = make_desk(ws)
            for start in starts:
                begin = datetime.fromisoformat(start)
                end = begin.astimezone(UTC) + timedelta(minutes=30)
                r = as_member.post(
                    "/api/v1/bookings", json={"desk_id": desk.id, "start": start, "end": end.isoformat()}
                )
                assert r.status_code == 201, r.json
                uid = f"{r.json['id']}@{app.config['CALENDAR_UID_DOMAIN']}"
                expected[uid] = (begin.astimezone(UTC), end)
        yield members, api_as(manager), expected


def feeds(client, around_changes) -> list[tuple[bytes, dict]]:
    """Each member's feed and each workspace feed, with the instants its events must have."""
    members, as_manager, expected = around_changes
    bodies = [fetch(client, feed_urls(as_member)["feed_url"]).data for as_member in members]
    bodies += [fetch(client, url).data for url in feed_urls(as_manager)["workspace_feeds"].values()]
    out = []
    for body in bodies:
        uids = [str(e["UID"]) for e in Calendar.from_ical(body).walk("VEVENT")]
        out.append((body, {uid: expected[uid] for uid in uids}))
    assert len(out) == 4 and {uid for _body, mine in out for uid in mine} == set(expected)
    assert len(expected) == 16
    return out


def test_every_instant_lands_where_the_api_says_in_icalendar_vobject_and_ical(client, around_changes):
    for body, expected in feeds(client, around_changes):
        check_rfc5545_shape(body)
        check_with_three_parsers(body, expected)


def test_every_instant_lands_where_the_api_says_in_ical_js(client, around_changes):
    for body, expected in feeds(client, around_changes):
        assert ical_js_instants(body) == expected


def test_the_repeated_hour_is_written_in_utc_and_other_times_with_the_zone(client, around_changes):
    members, _manager, _expected = around_changes
    body = b"".join(fetch(client, feed_urls(as_member)["feed_url"]).data for as_member in members).decode()
    # Both passes of Brussels' repeated hour on 2027-10-31: 00:30Z and 01:30Z.
    assert "DTSTART:20271031T003000Z" in body and "DTSTART:20271031T013000Z" in body
    # Right after the change, the local time is unambiguous: written with the zone.
    assert "DTSTART;TZID=Europe/Brussels:20271031T030000" in body
    assert "DTSTART;TZID=America/New_York:20271107T020000" in body


def test_the_zone_blocks_served_with_the_events_agree_with_zoneinfo(client, around_changes):
    """Each feed's VTIMEZONE, as served beside events on both sides of every change, gives
    zoneinfo's offset at every hour from the first change to the last and at each change
    to the second; every observance starts at a real change (tests/calendar/test_vtimezone.py)."""
    span = (date(2026, 10, 24), date(2027, 11, 9))  # every event of the fixture lies inside
    checked = set()
    for body, _expected in feeds(client, around_changes):
        keys = {str(tz["TZID"]) for tz in Calendar.from_ical(body).walk("VTIMEZONE")}
        assert keys, "a feed with local times states their zone"
        for key in keys:
            assert_block_exact(body, key, span)
        checked |= keys
    assert checked == set(AROUND_CHANGES)
