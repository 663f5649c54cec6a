"""What calendar answers say around the events: download file names (RFC 6266), no
Last-Modified that stays while the body changes, short plain 404s for bad feed tokens, error
pages that never carry the query string into a form, and cancelled bookings."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from werkzeug.http import http_date, parse_options_header

from tests.support.calendar import check_rfc5545_shape, feed_urls, fetch, path_of
from tests.support.factories import ALL_DAYS_ALL_HOURS
from tests.support.http import log_in

# --- 10. download file names ---------------------------------------------------------------


@pytest.mark.parametrize("code", ["Δ-1", 'A"B;x'])
def test_ics_download_of_a_desk_with_any_code_is_named_safely(client, world, make_desk, code):
    desk = make_desk(world.brussels, code=code)
    made = world.as_ana.book(desk, date(2027, 3, 31), "09:00", "10:00").json["id"]
    log_in(client, "ana@example.org")
    r = client.get(f"/bookings/{made}.ics")
    assert r.status_code == 200
    header = r.headers["Content-Disposition"]
    assert header.isascii() and "\r" not in header and "\n" not in header
    kind, params = parse_options_header(header)
    # Werkzeug reads filename* (RFC 5987) first: the exact name comes back.
    assert kind == "attachment" and params["filename"] == f"booking-{code}-20270331.ics"
    fallback = re.search(r'filename="([^"]*)"', header).group(1)
    assert fallback.startswith("booking-") and fallback.endswith("-20270331.ics") and fallback.isascii()
    assert Calendar.from_ical(r.data).walk("VEVENT")


def test_every_download_header_escapes_its_name():
    from coworking.downloads import content_disposition

    header = content_disposition('café "x";\r\nSet-Cookie: a=b/../.csv')
    assert header.isascii() and "\r" not in header and "\n" not in header
    assert parse_options_header(header)[1]["filename"] == 'café "x";\r\nSet-Cookie: a=b_.._.csv'
    assert re.fullmatch(r'attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8\'\'[^\s";]+', header)


# --- 15. Last-Modified ---------------------------------------------------------------------


def test_a_client_that_asks_if_modified_since_gets_a_changed_body(client, db, world):
    """The member's language and the workspace's name change the feed's text but no booking:
    no Last-Modified may keep such a client on the old body."""
    url = feed_urls(world.as_ana)["feed_url"]
    first = fetch(client, url)
    since = first.headers.get("Last-Modified") or http_date(datetime.now(UTC))
    world.clock.shift(timedelta(minutes=5))
    world.ana.language = "fr"
    db.session.commit()
    in_french = fetch(client, url, **{"If-Modified-Since": since})
    assert in_french.status_code == 200 and in_french.data != first.data
    world.clock.shift(timedelta(minutes=5))
    world.brussels.name = "Dansaert Deux"
    db.session.commit()
    renamed = fetch(client, url, **{"If-Modified-Since": in_french.headers.get("Last-Modified") or since})
    assert renamed.status_code == 200 and b"Dansaert Deux" in renamed.data
    assert "Last-Modified" not in renamed.headers
    # The ETag still gives the 304.
    assert fetch(client, url, **{"If-None-Match": renamed.headers["ETag"]}).status_code == 304


# --- 16. bad tokens and error pages --------------------------------------------------------


def test_a_bad_or_revoked_token_is_a_short_plain_404(client, world):
    member = feed_urls(world.as_ana)["feed_url"]
    workspace = feed_urls(world.as_manager)["workspace_feeds"]["brussels"]
    world.as_ana.post("/api/v1/me/calendar/rotate")  # the old member URL is revoked
    secret = "S3cr3tT0kenValue"
    paths = [
        path_of(member),
        f"/calendar/member.ics?token={world.ana.id}.{secret}",
        f"/calendar/workspace/brussels.ics?token={world.manager.id}.{secret}",
        path_of(workspace).replace("brussels.ics", "nowhere.ics"),
    ]
    for path in paths:
        client.delete_cookie("session")
        r = client.get(path)
        token = path.split("token=", 1)[1]
        assert r.status_code == 404 and r.mimetype == "text/plain", path
        assert len(r.data) < 40 and token.encode() not in r.data
        assert "Set-Cookie" not in r.headers
        assert all(token not in value and secret not in value for _name, value in r.headers.items())


def test_error_pages_never_put_the_query_string_in_a_form(client, world):
    log_in(client, "ana@example.org")
    r = client.get("/no-such-page?token=S3cr3tT0kenValue&next=x")
    assert r.status_code == 404 and r.mimetype == "text/html"
    page = r.get_data(as_text=True)
    assert "S3cr3tT0kenValue" not in page
    assert 'name="next" value="/no-such-page"' in page  # the language switch still comes back here
    # An ordinary page keeps its query string for the language switch (filters survive).
    page = client.get("/bookings?x=1").get_data(as_text=True)
    assert 'name="next" value="/bookings?x=1"' in page


# --- 17. cancelled bookings and zones ------------------------------------------------------


def test_a_cancelled_event_is_transparent_and_offers_no_download(client, world):
    url = feed_urls(world.as_ana)["feed_url"]
    lisbon = world.in_lisbon["id"]
    log_in(client, "ana@example.org")
    assert f"/bookings/{lisbon}.ics" in client.get(f"/bookings/{lisbon}").get_data(as_text=True)
    world.clock.shift(timedelta(minutes=5))
    assert world.as_ana.delete(f"/api/v1/bookings/{lisbon}").status_code == 200  # the cancelled booking
    events = {str(e["UID"]).split("@")[0]: e for e in Calendar.from_ical(fetch(client, url).data).walk("VEVENT")}
    assert str(events[lisbon]["STATUS"]) == "CANCELLED" and str(events[lisbon]["TRANSP"]) == "TRANSPARENT"
    assert str(events[world.after_dst["id"]]["TRANSP"]) == "OPAQUE"
    assert f"/bookings/{lisbon}.ics" not in client.get(f"/bookings/{lisbon}").get_data(as_text=True)


def test_no_vtimezone_for_a_zone_no_event_writes(client, app, make_workspace, make_desk, make_user, api_as):
    """A New York member whose only booking is in the repeated hour: written in UTC, so the
    feed carries no America/New_York block."""
    ws = make_workspace(slug="nyc", timezone="America/New_York", opening_hours=ALL_DAYS_ALL_HOURS)
    desk = make_desk(ws)
    as_member = api_as(make_user(workspaces=[ws]))
    r = as_member.post(
        "/api/v1/bookings",
        json={"desk_id": desk.id, "start": "2027-11-07T01:00:00-05:00", "end": "2027-11-07T01:30:00-05:00"},
    )
    assert r.status_code == 201, r.json
    body = fetch(client, feed_urls(as_member)["feed_url"]).data
    check_rfc5545_shape(body)
    cal = Calendar.from_ical(body)
    assert not cal.walk("VTIMEZONE")
    event = cal.walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime(2027, 11, 7, 6, tzinfo=UTC)
