"""A member books from a phone.

At a 390×844 viewport: a new member registers, logs in, opens tomorrow at a workspace, books a
desk for the morning, finds it under "My bookings" and cancels it through the confirmation step.
Meanwhile a second member, whose day page was loaded before the booking, tries the same desk
and slot and is told the desk is taken; once the first booking is cancelled it is theirs.
Every page on the way fits the phone's width.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from babel.dates import format_time
from playwright.sync_api import Page, expect

from tests.support.browser import PHONE, assert_fits, log_in
from tests.support.mails import invite_event, invite_ics

pytestmark = pytest.mark.browser

NEW_MEMBER = {"name": "Noor Janssens", "email": "noor.janssens@browser.example.org", "password": "tulips-and-waffles"}
DESK = "D1"


def phone(new_context) -> Page:
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(10_000)
    return context.new_page()


def choose_desk(page: Page, code: str) -> None:
    """Pick ``code`` in the desk menu, whose options read e.g. "D1 · hot desk · free …"."""
    desk = page.get_by_label("Desk", exact=True)
    label = desk.locator("option", has_text=re.compile(rf"^{re.escape(code)} ")).inner_text()
    desk.select_option(label=label)


def test_member_registers_books_tomorrow_morning_and_cancels(new_context, site):
    # English pages use British conventions (en_GB): 06:00–13:00.
    morning = f"{format_time(time(6), 'short', locale='en_GB')}–{format_time(time(13), 'short', locale='en_GB')}"
    width = PHONE["width"]

    # --- a new member registers ---------------------------------------------------------
    member = phone(new_context)
    member.goto("/register")
    assert_fits(member, width)
    member.get_by_label("Name", exact=True).fill(NEW_MEMBER["name"])
    member.get_by_label("Email").fill(NEW_MEMBER["email"])
    member.get_by_label("Password", exact=True).fill(NEW_MEMBER["password"])
    member.get_by_label("Repeat the password").fill(NEW_MEMBER["password"])
    member.get_by_role("button", name="Create my account").click()
    expect(member).to_have_url(re.compile(r"/login$"))
    expect(member.get_by_role("status")).to_contain_text("your account is ready")
    # The welcome mail, sent by the worker after the answer, holds the link that proves the
    # address; the link is built from BASE_URL, and its token never reaches the server's log.
    (welcome,) = site.mails_to(NEW_MEMBER["email"])
    link = re.search(r"https?://\S+/verify/\S+", welcome.get_body(("plain",)).get_content()).group(0)
    verify_path = "/verify/" + link.rsplit("/verify/", 1)[1]
    assert verify_path.split("/")[-1] not in site.server.log_text()

    # --- logs in ------------------------------------------------------------------------
    assert_fits(member, width)
    member.get_by_label("Email").fill(NEW_MEMBER["email"])
    member.get_by_label("Password", exact=True).fill(NEW_MEMBER["password"])
    member.get_by_role("button", name="Log in").click()
    # Without a home workspace, welcomed once (language, home workspace, mails): later.
    expect(member).to_have_url(re.compile(r"/welcome$"))
    expect(member.get_by_role("heading", name="Welcome to the cooperative's desks", level=1)).to_be_visible()
    assert_fits(member, width)
    member.get_by_role("button", name="Later").click()
    expect(member).to_have_url(re.compile(r"/workspaces$"))
    expect(member.get_by_role("heading", name="Workspaces", level=1)).to_be_visible()
    assert_fits(member, width)

    # --- follows the link in the welcome mail -------------------------------------------
    member.goto(verify_path)
    expect(member).to_have_url(re.compile(r"/profile$"))
    expect(member.get_by_role("status").first).to_contain_text("your address is confirmed")
    assert verify_path.split("/")[-1] not in site.server.log_text()  # nor the access log's line
    member.goto("/workspaces")

    # --- opens the workspace: today (in its time zone) ------------------------------------
    member.get_by_role("link", name=site.name).click()
    expect(member.get_by_role("heading", name=site.name, level=1)).to_be_visible()
    day_picker = member.get_by_label("Day", exact=True)
    expect(day_picker).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    today = date.fromisoformat(day_picker.input_value())
    assert abs(today - site.today()) <= timedelta(days=1), (today, site.today())  # the server's today
    tomorrow = today + timedelta(days=1)
    day_path = f"/workspaces/{site.slug}?date={tomorrow.isoformat()}"

    # --- the second member opens tomorrow's page now, before the desk is booked -----------
    rival = phone(new_context)
    log_in(rival, site.second_member.email, site.second_member.password)
    rival.goto(day_path)
    expect(rival.get_by_label("Day", exact=True)).to_have_value(tomorrow.isoformat())

    # --- the new member goes to tomorrow and books the morning -------------------------
    member.get_by_role("button", name="Next day").click()
    expect(day_picker).to_have_value(tomorrow.isoformat())
    assert_fits(member, width)
    choose_desk(member, DESK)
    member.get_by_label("Morning").check()
    member.get_by_role("button", name="Book", exact=True).click()

    # --- lands on the booking's page ----------------------------------------------------
    expect(member).to_have_url(re.compile(r"/bookings/[0-9a-f-]{36}$"))
    booking_path = "/" + member.url.split("/", 3)[3]
    expect(member.get_by_role("status")).to_contain_text("Booked!")
    expect(member.get_by_role("heading", level=1)).to_have_text(f"Desk {DESK} at {site.name}")
    expect(member.get_by_role("main")).to_contain_text(morning)
    assert_fits(member, width)

    # --- the confirmation mail's invitation: what a calendar reads ------------------------
    uuid = booking_path.rsplit("/", 1)[1]
    confirmation = next(m for m in site.mails_to(NEW_MEMBER["email"]) if m["Subject"].startswith("Booked:"))
    request = invite_ics(confirmation)
    cal, event = invite_event(confirmation)
    assert str(cal["METHOD"]) == "REQUEST" and str(event["UID"]).startswith(uuid + "@")
    zone = ZoneInfo(site.timezone)
    starts = datetime.combine(tomorrow, time(6), tzinfo=zone)
    assert event.decoded("DTSTART") == starts and event.decoded("DTEND") == starts.replace(hour=13)
    (read,) = vobject.readComponents(request.decode())
    assert read.vevent.dtstart.value == starts and read.method.value == "REQUEST"

    # --- the second member tries the same desk and slot: "desk taken" -------------------
    choose_desk(rival, DESK)
    rival.get_by_label("Morning").check()
    rival.get_by_role("button", name="Book", exact=True).click()
    alert = rival.get_by_role("alert")
    expect(alert).to_have_attribute("data-error-code", "desk_taken")
    expect(alert).to_contain_text("someone else has just booked this desk")
    expect(rival).to_have_url(re.compile(rf"/workspaces/{site.slug}$"))
    assert_fits(rival, width)
    rival.get_by_role("navigation", name="Main").get_by_role("link", name="My bookings").click()
    expect(rival.get_by_role("region", name="Upcoming").get_by_role("article")).to_have_count(0)

    # --- "My bookings" shows it; cancel through the confirmation step ------------------
    member.get_by_role("navigation", name="Main").get_by_role("link", name="My bookings").click()
    expect(member).to_have_url(re.compile(r"/bookings$"))
    upcoming = member.get_by_role("region", name="Upcoming")
    card = upcoming.get_by_role("article").filter(has_text=f"Desk {DESK} at {site.name}")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(morning)
    expect(card.get_by_role("link", name=re.compile(r"\d"))).to_have_attribute("href", booking_path)
    assert_fits(member, width)
    card.get_by_role("button", name="Cancel").click()

    expect(member.get_by_role("heading", name="Cancel this booking?", level=1)).to_be_visible()
    expect(member.get_by_role("main")).to_contain_text("You can cancel until")
    assert_fits(member, width)
    member.get_by_role("button", name="Yes, cancel it").click()

    expect(member).to_have_url(re.compile(r"/bookings$"))
    expect(member.get_by_role("status")).to_contain_text("Your booking is cancelled.")
    expect(member.get_by_role("region", name="Upcoming").get_by_role("article")).to_have_count(0)
    cancelled = member.get_by_role("region", name="Past and cancelled").get_by_role("article")
    expect(cancelled).to_have_count(1)
    expect(cancelled).to_contain_text("Cancelled")
    assert_fits(member, width)
    # The cancellation mail removes the event from the member's calendar: same UID, later SEQUENCE.
    notice = next(m for m in site.mails_to(NEW_MEMBER["email"]) if m["Subject"].startswith("Cancelled:"))
    cal_cancel, event_cancel = invite_event(notice)
    assert str(cal_cancel["METHOD"]) == "CANCEL" and event_cancel["UID"] == event["UID"]
    assert event_cancel["SEQUENCE"] > event["SEQUENCE"]

    # --- the desk is free again: the second member gets it -------------------------------
    rival.goto(day_path)
    choose_desk(rival, DESK)
    rival.get_by_label("Morning").check()
    rival.get_by_role("button", name="Book", exact=True).click()
    expect(rival).to_have_url(re.compile(r"/bookings/[0-9a-f-]{36}$"))
    expect(rival.get_by_role("heading", level=1)).to_have_text(f"Desk {DESK} at {site.name}")
