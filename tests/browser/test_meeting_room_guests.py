"""A member books a meeting room on a phone with two guests, one found by name and one by
email address; each guest gets the invitation by mail and finds the meeting in their own
calendar feed (the link on their profile page, read with icalendar), with the booker as
organizer and themselves as attendee."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.support.app import make_app
from tests.support.browser import PASSWORD, assert_fits, axe_violations, describe, log_in

pytestmark = pytest.mark.browser

SLUG = "meeting-house"
BOOKER = "booker@meeting.example.org"
FOUND = ("gita@meeting.example.org", "Gita Findable")  # lets members find her by name
HIDDEN = ("hugo@meeting.example.org", "Hugo Private")  # invited by his address
PHONE = {"width": 360, "height": 740}


def seed_meeting_house(site) -> None:
    """A workspace of its own (so the shared one's desks stay as other tests expect): desk H1
    and meeting room M1 for four; the booker and the two guests-to-be."""
    from coworking.accounts import services as accounts
    from coworking.extensions import db
    from coworking.web.unit_of_work import run
    from coworking.workspaces import services as workspaces
    from coworking.workspaces.models import Workspace

    app = make_app(site.database_url)
    with app.app_context():

        def seed():
            now = datetime.now(UTC)
            if db.session.query(Workspace).filter_by(slug=SLUG).first() is not None:
                return  # a rerun against the same server
            admin = accounts.create_user(
                email="admin@meeting.example.org", name="Meeting Admin", role="admin", password=PASSWORD, now=now
            )
            workspace = workspaces.create_workspace(
                admin,
                {
                    "slug": SLUG,
                    "name": "Meeting House",
                    "city": "Brussels",
                    "country": "BE",
                    "address": "Rue Haute 10",
                    "timezone": site.timezone,
                    "currency": "EUR",
                    "opening_hours": [{"weekday": d, "open": "08:00", "close": "20:00"} for d in range(7)],
                    "policy": {"min_notice_minutes": 0, "max_advance_days": 60},
                },
                now,
            )
            for code, kind, capacity in (("H1", "hot_desk", 1), ("M1", "meeting_room", 4)):
                workspaces.add_desk(
                    admin,
                    workspace,
                    {"code": code, "kind": kind, "capacity": capacity, "zone": "Ground floor"},
                    now,
                )
            for email, name in ((BOOKER, "Bea Booker"), FOUND, HIDDEN):
                user = accounts.create_user(
                    email=email, name=name, role="member", password=PASSWORD, now=now, workspaces=[SLUG]
                )
                user.visible_to_members = email == FOUND[0]

        run(seed)
        db.session.remove()
        db.engine.dispose()


def feed_events(page, email: str) -> dict:
    """Log in as ``email``, take the private calendar link from the profile page and read
    the feed as a calendar client would: UID → VEVENT."""
    page.context.clear_cookies()
    log_in(page, email, PASSWORD)
    page.goto("/profile")
    url = page.locator("#feed-url").input_value()
    response = page.request.get(url)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    return {str(e["UID"]): e for e in Calendar.from_ical(response.body()).walk("VEVENT")}


def test_a_member_books_a_meeting_room_with_two_guests_who_find_it_in_their_feeds(page, site):
    seed_meeting_house(site)
    day = datetime.now(ZoneInfo(site.timezone)).date() + timedelta(days=4)
    page.set_default_timeout(10_000)
    page.set_viewport_size(PHONE)
    log_in(page, BOOKER, PASSWORD)
    page.goto(f"/workspaces/{SLUG}?date={day.isoformat()}")

    guests = page.get_by_label("Guests (meeting rooms)")
    expect(guests).to_be_hidden()  # a desk is chosen: no guests to give
    room = page.locator("#desk option", has_text=re.compile(r"^M1 · meeting room for 4 ")).get_attribute("value")
    page.get_by_label("Desk", exact=True).select_option(room)
    expect(guests).to_be_visible()
    guests.fill(f"gita findable\n{HIDDEN[0]}")
    assert_fits(page, PHONE["width"])
    page.locator("input[name=period][value=morning]").check()
    page.get_by_role("button", name="Book", exact=True).click()

    expect(page.get_by_text("Your guests get the invitation by mail.")).to_be_visible()
    section = page.locator("section.guests")
    expect(section.locator("li")).to_have_count(2)
    expect(section).to_contain_text(FOUND[1])
    expect(section).to_contain_text(HIDDEN[1])
    assert_fits(page, PHONE["width"])
    assert not (found := axe_violations(page)), describe(found)
    booking_id = page.url.rsplit("/", 1)[-1].split("#")[0]

    for email, name in (FOUND, HIDDEN):
        (mail,) = site.mails_to(email)
        assert mail["Subject"] == "Invitation from Bea Booker: room M1 at Meeting House"
        calendar = next(p for p in mail.walk() if p.get_content_type() == "text/calendar")
        assert calendar.get_param("method") == "REQUEST"

        events = feed_events(page, email)
        (uid,) = [uid for uid in events if uid.startswith(booking_id)]
        event = events[uid]
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["ORGANIZER"]) == f"mailto:{BOOKER}"
        assert str(event["ATTENDEE"]) == f"mailto:{email}" and event["ATTENDEE"].params["CN"] == name
        assert event.decoded("DTSTART").date() == day

        # The guest sees the meeting in "My bookings" and on its page, without changing it.
        page.goto("/bookings")
        expect(page.get_by_role("heading", name="Meetings I am invited to")).to_be_visible()
        page.goto(f"/bookings/{booking_id}")
        expect(page.get_by_text("Booked by Bea Booker.")).to_be_visible()
        expect(page.get_by_role("button", name="Invite")).to_have_count(0)
