"""Calendar feeds: RFC 5545 content checked by three parsers, HTTP caching, secrets."""

from __future__ import annotations

import re
import runpy
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import requests
from icalendar import Calendar

from tests.support.calendar import (
    check_rfc5545_shape,
    check_with_three_parsers,
    events_by_uid,
    feed_urls,
    fetch,
    path_of,
)
from tests.support.factories import PASSWORD, booking_row, cancelled, insert_bookings
from tests.support.live_server import LiveServer

REPO = Path(__file__).resolve().parents[2]


def uid(booking_json, app) -> str:
    return f"{booking_json['id']}@{app.config['CALENDAR_UID_DOMAIN']}"


def test_member_feed_content_and_instants(client, app, world):
    urls = feed_urls(world.as_ana)
    assert "workspace_feeds" not in urls
    r = fetch(client, urls["feed_url"])
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert r.headers["Content-Disposition"].startswith("inline; filename=")
    assert "private" in r.headers["Cache-Control"]
    body = r.data
    check_rfc5545_shape(body)
    check_with_three_parsers(
        body,
        {
            uid(world.after_dst, app): (datetime(2027, 3, 29, 7, tzinfo=UTC), datetime(2027, 3, 29, 15, tzinfo=UTC)),
            uid(world.in_lisbon, app): (
                datetime(2027, 3, 30, 8, tzinfo=UTC),
                datetime(2027, 3, 30, 11, 30, tzinfo=UTC),
            ),
        },
    )
    text = body.decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text and "X-PUBLISHED-TTL:PT1H" in text
    assert "X-WR-CALNAME:My desk bookings" in text
    cal = Calendar.from_ical(body)
    ev = events_by_uid(body)[uid(world.after_dst, app)]
    assert str(ev["STATUS"]) == "CONFIRMED" and int(ev["SEQUENCE"]) == 0
    assert str(ev["SUMMARY"]) == "Desk B1 at Dansaert"
    assert str(ev["LOCATION"]) == "Rue de la Loi 1"
    assert str(ev["URL"]).endswith(f"/bookings/{world.after_dst['id']}")
    for prop in ("DTSTAMP", "CREATED", "LAST-MODIFIED", "DESCRIPTION"):
        assert prop in ev
    assert str(ev["DTSTART"].params["TZID"]) == "Europe/Brussels"
    assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {"Europe/Brussels", "Europe/Lisbon"}
    # Never another member's booking.
    assert uid(world.bos, app) not in events_by_uid(body)


def test_feed_is_localised_in_the_members_language(client, app, world, db):
    from flask_babel import force_locale, gettext

    world.ana.language = "nl"
    db.session.commit()
    body = fetch(client, feed_urls(world.as_ana)["feed_url"]).data.decode()
    with app.test_request_context(), force_locale("nl"):
        name = gettext("My desk bookings")
        summary = gettext("Desk %(desk)s at %(workspace)s", desk="B1", workspace="Dansaert")
    assert name != "My desk bookings"  # the Dutch catalog has it
    assert f"X-WR-CALNAME:{name}" in body and f"SUMMARY:{summary}" in body


def test_same_bytes_and_stable_uids_across_requests(client, world):
    url = feed_urls(world.as_ana)["feed_url"]
    first, second = fetch(client, url), fetch(client, url)
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]


def test_cancelled_bookings_stay_as_cancelled_for_30_days(client, app, world):
    url = feed_urls(world.as_ana)["feed_url"]
    key = uid(world.after_dst, app)
    before = events_by_uid(fetch(client, url).data)[key]
    assert world.as_ana.delete(f"/api/v1/bookings/{world.after_dst['id']}").status_code == 200
    after = events_by_uid(fetch(client, url).data)[key]
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    check_rfc5545_shape(fetch(client, url).data)
    world.clock.shift(timedelta(days=29))
    assert key in events_by_uid(fetch(client, url).data)
    world.clock.shift(timedelta(days=2))  # 31 days after the cancellation
    assert key not in events_by_uid(fetch(client, url).data)


def test_etag_gives_304_until_something_changes(client, world):
    url = feed_urls(world.as_ana)["feed_url"]
    first = fetch(client, url)
    etag = first.headers["ETag"]
    assert fetch(client, url, **{"If-None-Match": etag}).status_code == 304
    head = client.head(path_of(url))
    assert head.status_code == 200 and head.data == b"" and head.headers["ETag"] == etag
    # A new booking: a new ETag and the full feed again.
    world.clock.shift(timedelta(minutes=5))
    assert world.as_ana.book(world.b_desk, date(2027, 3, 31), "09:00", "10:00").status_code == 201
    changed = fetch(client, url, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    # A cancellation changes it again.
    etag2 = changed.headers["ETag"]
    world.clock.shift(timedelta(minutes=5))
    world.as_ana.delete(f"/api/v1/bookings/{world.in_lisbon['id']}")
    assert fetch(client, url, **{"If-None-Match": etag2}).status_code == 200


def test_rotation_deactivation_and_bad_tokens(client, world, db):
    old = feed_urls(world.as_ana)["feed_url"]
    assert fetch(client, old).status_code == 200
    r = world.as_ana.post("/api/v1/me/calendar/rotate")
    assert r.status_code == 201
    new = r.json["feed_url"]
    assert new != old and feed_urls(world.as_ana)["feed_url"] == new
    assert fetch(client, old).status_code == 404
    assert fetch(client, new).status_code == 200
    # Unknown and malformed tokens: the same plain 404.
    ana_id, ana_mac = re.search(r"token=([^&]+)", new).group(1).split(".")
    assert (
        ana_id == str(world.ana.id) and client.get(f"/calendar/member.ics?token={ana_id}.{ana_mac}").status_code == 200
    )
    for bad in ("", "token=", f"token={world.ana.id}.AAAA", "token=abc"):
        r = client.get(f"/calendar/member.ics?{bad}")
        assert r.status_code == 404
    # Well formed, naming Bo (an active member with feeds), with Ana's valid secret: the HMAC
    # comparison runs against Bo's and refuses it.
    from coworking.calendar.rules import token_user_id

    bos_with_anas = f"{world.bo.id}.{ana_mac}"
    assert token_user_id(bos_with_anas) == world.bo.id
    assert fetch(client, feed_urls(world.as_bo)["feed_url"]).status_code == 200
    assert client.get(f"/calendar/member.ics?token={bos_with_anas}").status_code == 404
    world.ana.active = False
    db.session.commit()
    assert fetch(client, new).status_code == 404


def test_tokens_are_long_and_not_stored(world, db, app):
    from coworking.accounts.models import User

    url = feed_urls(world.as_ana)["feed_url"]
    token = re.search(r"token=([^&]+)", url).group(1)
    secret_part = token.split(".", 1)[1]
    assert len(secret_part) * 6 >= 128  # base64url characters → bits
    row = db.session.get(User, world.ana.id)
    for column in User.__table__.columns:
        assert secret_part not in str(getattr(row, column.key))


def test_workspace_feed_for_managers_only(client, app, world, make_user, api_as):
    urls = feed_urls(world.as_manager)
    feeds = urls["workspace_feeds"]
    assert set(feeds) == {"brussels"}
    r = fetch(client, feeds["brussels"])
    assert r.status_code == 200
    body = r.data
    check_rfc5545_shape(body)
    events = events_by_uid(body)
    assert set(events) == {uid(world.after_dst, app), uid(world.bos, app)}  # not Lisbon's
    assert str(events[uid(world.bos, app)]["SUMMARY"]).startswith("Bo Peeters")
    check_with_three_parsers(
        body,
        {
            uid(world.after_dst, app): (datetime(2027, 3, 29, 7, tzinfo=UTC), datetime(2027, 3, 29, 15, tzinfo=UTC)),
            uid(world.bos, app): (datetime(2027, 3, 29, 8, tzinfo=UTC), datetime(2027, 3, 29, 9, tzinfo=UTC)),
        },
    )
    # The token is tied to the workspace: another slug with it is a 404.
    token = re.search(r"token=([^&]+)", feeds["brussels"]).group(1)
    assert client.get(f"/calendar/workspace/lisbon.ics?token={token}").status_code == 404
    # A member's own token does not open a workspace feed.
    member_token = re.search(r"token=([^&]+)", feed_urls(world.as_ana)["feed_url"]).group(1)
    assert client.get(f"/calendar/workspace/brussels.ics?token={member_token}").status_code == 404
    # A manager who no longer manages it loses the feed.
    world.manager.managed_workspaces = []
    from coworking.extensions import db

    db.session.commit()
    assert fetch(client, feeds["brussels"]).status_code == 404


def test_single_booking_download_has_the_same_event(client, app, world):
    client.post("/login", data={"email": "ana@example.org", "password": PASSWORD})
    single = client.get(f"/bookings/{world.after_dst['id']}.ics").data
    check_rfc5545_shape(single)
    feed = fetch(client, feed_urls(world.as_ana)["feed_url"]).data
    key = uid(world.after_dst, app)
    a, b = events_by_uid(single)[key], events_by_uid(feed)[key]
    assert a.to_ical() == b.to_ical()


def test_feed_runs_the_same_number_of_queries_for_5_and_500_bookings(client, world, db, sql_statements):
    url = feed_urls(world.as_ana)["feed_url"]

    def count():
        with sql_statements() as statements:
            assert fetch(client, url).status_code == 200
        return len(statements)

    now = datetime.now(UTC)
    rows = []
    for n in range(3):  # 2 existing + 3 = 5
        start = datetime(2027, 4, 1, 8, tzinfo=UTC) + timedelta(days=n)
        rows.append(booking_row(world.b_desk, world.ana, start, start + timedelta(hours=1), made=now))
    insert_bookings(db, rows)
    small = count()
    assert len(events_by_uid(fetch(client, url).data)) == 5
    more = []
    for n in range(495):
        start = datetime(2027, 4, 10, 6, tzinfo=UTC) + timedelta(hours=2 * n)
        desk = world.b_desk if n % 2 else world.l_desk
        row = booking_row(desk, world.ana, start, start + timedelta(hours=1), made=now)
        more.append(row if n % 7 else cancelled(row, now, world.ana))
    insert_bookings(db, more)
    assert count() == small
    assert len(events_by_uid(fetch(client, url).data)) == 500


def test_feeds_are_rate_limited(database_url, world):
    from coworking.extensions import db, limiter
    from tests.support.app import make_app

    was = limiter.enabled
    app = make_app(database_url, RATELIMIT_ENABLED=True, CALENDAR_RATE_LIMIT="2 per minute")
    try:
        client = app.test_client()
        codes = [client.get("/calendar/member.ics?token=1.nope").status_code for _ in range(3)]
        assert codes == [404, 404, 429]
    finally:
        limiter.reset()
        limiter.enabled = was
        with app.app_context():
            db.engine.dispose()


def test_no_token_in_logs(world, database_url, caplog):
    """Fetch feeds through a real gunicorn with the README's access-log format, and through the
    app's own loggers; the secrets appear in neither."""
    import logging

    from coworking.security import RedactTokens

    urls = [feed_urls(world.as_ana)["feed_url"], *feed_urls(world.as_manager)["workspace_feeds"].values()]
    tokens = [re.search(r"token=([^&]+)", u).group(1) for u in urls]
    fmt = runpy.run_path(str(REPO / "gunicorn.conf.py"))["access_log_format"]
    with LiveServer(
        env={"DATABASE_URL": database_url, "COWORKING_CALENDAR_UID_DOMAIN": "coworking.invalid"},
        workers=1,
        extra_args=("--access-logfile", "-", "--access-logformat", fmt),
    ) as server:
        for u in urls:
            assert requests.get(server.url + path_of(u), timeout=10).status_code == 200
            assert requests.get(server.url + path_of(u) + "x", timeout=10).status_code == 404
        log = server.log_text()
    assert "/calendar/member.ics" in log  # the requests were logged...
    for token in tokens:
        assert token not in log  # ...without their secrets
    # The development server's logger (werkzeug) redacts too.
    logger = logging.getLogger("werkzeug")
    assert any(isinstance(f, RedactTokens) for f in logger.filters)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logger.info('127.0.0.1 - - "GET %s HTTP/1.1" 200 -', path_of(urls[0]))
    assert tokens[0] not in caplog.text and "token=[redacted]" in caplog.text
