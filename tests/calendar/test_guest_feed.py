"""A meeting room's guests in calendar feeds, read as calendar clients do: a guest member's own
feed has the meeting (the booking's UID, the booker as ORGANIZER, the guest as ATTENDEE),
another member's does not; a guest taken off the list loses it (a new ETag), a cancelled
meeting shows as cancelled; the booker's feed keeps it as their own booking."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import vobject

from tests.support.app import outbox
from tests.support.calendar import check_rfc5545_shape, check_with_three_parsers, events_by_uid, feed_urls, fetch
from tests.support.clock import TUESDAY
from tests.support.guests import OUTSIDER, meeting_team

START = datetime(2027, 3, 2, 9, tzinfo=UTC)  # Tuesday 10:00 in Brussels
END = datetime(2027, 3, 2, 11, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _empty_outbox(app):
    outbox(app).clear()


@pytest.fixture
def team(clock, factories, api_as):
    return meeting_team(factories, api_as, capacity=4)


def _meeting(team, guests):
    r = team.as_ana.book(team.room, TUESDAY, "10:00", "12:00", guests=guests)
    assert r.status_code == 201, r.json
    return r.json


def test_each_guest_member_finds_the_meeting_in_their_feed_as_an_attendee(app, client, team):
    booking = _meeting(team, [{"member_id": team.bo.id}, {"email": "di@example.org"}, {"email": OUTSIDER}])
    uid = f"{booking['id']}@{app.config['CALENDAR_UID_DOMAIN']}"
    for api, email, name in ((team.as_bo, "bo@example.org", "Bo Peeters"), (team.as_di, "di@example.org", "Di Hidden")):
        r = fetch(client, feed_urls(api)["feed_url"])
        assert r.status_code == 200
        check_rfc5545_shape(r.data)
        check_with_three_parsers(r.data, {uid: (START, END)})
        event = events_by_uid(r.data)[uid]
        assert int(event["SEQUENCE"]) == 1 and str(event["STATUS"]) == "CONFIRMED"
        assert str(event["ORGANIZER"]) == "mailto:ana@example.org" and event["ORGANIZER"].params["CN"] == "Ana Booker"
        assert str(event["ATTENDEE"]) == f"mailto:{email}" and event["ATTENDEE"].params["CN"] == name
        # vobject reads the same people.
        parsed = vobject.readOne(r.data.decode())
        assert parsed.vevent.organizer.value == "mailto:ana@example.org"
        assert parsed.vevent.attendee.value == f"mailto:{email}"
    # The booker's feed has it as their own booking (no organizer but the workspace's booking).
    own = events_by_uid(fetch(client, feed_urls(team.as_ana)["feed_url"]).data)[uid]
    assert "ORGANIZER" not in own and int(own["SEQUENCE"]) == 1
    # Someone who is not a guest sees nothing of it.
    assert events_by_uid(fetch(client, feed_urls(team.as_cy)["feed_url"]).data) == {}


def test_a_guest_taken_off_loses_the_event_and_the_feed_changes_its_etag(app, client, team):
    booking = _meeting(team, [{"member_id": team.bo.id}])
    url = feed_urls(team.as_bo)["feed_url"]
    first = fetch(client, url)
    assert len(events_by_uid(first.data)) == 1
    assert fetch(client, url, **{"If-None-Match": first.headers["ETag"]}).status_code == 304

    r = team.as_ana.put(f"/api/v1/bookings/{booking['id']}/guests", json={"guests": [{"member_id": team.cy.id}]})
    assert r.status_code == 200
    gone = fetch(client, url, **{"If-None-Match": first.headers["ETag"]})
    assert gone.status_code == 200 and gone.headers["ETag"] != first.headers["ETag"]
    assert events_by_uid(gone.data) == {}
    assert len(events_by_uid(fetch(client, feed_urls(team.as_cy)["feed_url"]).data)) == 1


def test_a_cancelled_meeting_shows_cancelled_in_the_guests_feed(app, client, team):
    booking = _meeting(team, [{"member_id": team.bo.id}])
    url = feed_urls(team.as_bo)["feed_url"]
    before = fetch(client, url)
    assert team.as_ana.delete(f"/api/v1/bookings/{booking['id']}").status_code == 200
    after = fetch(client, url, **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    (event,) = events_by_uid(after.data).values()
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 2
