"""The feed is assembled from cached serialised parts (calendar head, VTIMEZONEs, events):
the bytes are exactly what icalendar writes for the same document built as one object."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from coworking.i18n import locale_for
from tests.support.calendar import feed_urls, fetch


def reference(app, rows, *, name, with_member):
    from coworking.calendar import content, ics

    with app.test_request_context():
        link = content.link_template()
        domain = app.config["CALENDAR_UID_DOMAIN"]
        events = []
        for row in rows:
            summary, description = content.event_text(row, with_member=with_member)
            events.append(
                ics.booking_event(
                    row,
                    uid_domain=domain,
                    summary=summary,
                    description=description,
                    url=f"{link[0]}{row.uuid}{link[1]}",
                )
            )
        return ics.calendar_component(events, ics.spans(rows), name=name, refresh=content.REFRESH).to_ical()


def test_member_feed_is_byte_identical_to_one_icalendar_object(client, app, world, db):
    from coworking.calendar import queries
    from coworking.calendar.views import _window
    from coworking.db import utcnow

    world.ana.language = "fr"
    db.session.commit()
    url = feed_urls(world.as_ana)["feed_url"]
    fetch(client, url)  # fill the caches
    body = fetch(client, url).data
    with app.test_request_context():
        rows = queries.feed_rows(_window(utcnow()), member_id=world.ana.id)
    with app.test_request_context(), force_locale(locale_for("fr")):
        expected = reference(app, rows, name=gettext("My desk bookings"), with_member=False)
    assert len(rows) == 2 and body == expected


def test_workspace_feed_is_byte_identical_to_one_icalendar_object(client, app, world):
    from coworking.calendar import queries
    from coworking.calendar.views import _window
    from coworking.db import utcnow

    url = feed_urls(world.as_manager)["workspace_feeds"]["brussels"]
    body = fetch(client, url).data
    with app.test_request_context():
        rows = queries.feed_rows(_window(utcnow()), workspace_id=world.brussels.id)
    with app.test_request_context(), force_locale(locale_for(None)):
        expected = reference(app, rows, name="Bookings at Dansaert", with_member=True)
    assert len(rows) == 2 and rows[0].member_name and body == expected


def test_rendered_feeds_are_bounded_and_keyed_by_etag():
    from coworking.calendar.content import RenderedFeeds

    feeds = RenderedFeeds(max_bytes=1600)
    calls = []

    def render(n):
        def make():
            calls.append(n)
            return bytes([n]) * 100

        return make

    assert feeds.get_or_render("a", render(1)) == b"\x01" * 100
    assert feeds.get_or_render("a", render(2)) == b"\x01" * 100  # same ETag: same bytes, no render
    assert calls == [1]
    for n in range(2, 20):
        feeds.get_or_render(f"e{n}", render(n))
    assert feeds._size <= 1600 and "a" not in feeds._bodies  # the oldest went first
    assert feeds.get_or_render("big", lambda: b"x" * 101) == b"x" * 101  # over 1/16 of the bound:
    assert "big" not in feeds._bodies  # served, not kept
