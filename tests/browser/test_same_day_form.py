"""The booking form's presets fill From/Until on a phone.

Without JavaScript the server preselects a part of the day and shows its times in From and
Until (tests/bookings/test_same_day.py); with it, choosing another part of the day updates them, and
changing a time selects "Choose times". At 390×844, as a member holds a phone."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import PHONE, assert_fits, log_in

pytestmark = pytest.mark.browser
SCREENSHOTS = os.environ.get("COWORKING_SCREENSHOTS")  # a directory: keep what the test saw


def phone(new_context) -> Page:
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(10_000)
    return context.new_page()


def test_choosing_a_part_of_the_day_fills_from_and_until(new_context, site):
    page = phone(new_context)
    log_in(page, site.second_member.email, site.second_member.password)
    # The day after tomorrow: the member journey books tomorrow with the same member.
    later = site.today() + timedelta(days=2)
    page.goto(f"/workspaces/{site.slug}?date={later.isoformat()}")
    start, end = page.get_by_label("From", exact=True), page.get_by_label("Until", exact=True)
    morning = page.get_by_label(re.compile(r"Morning \("))
    afternoon = page.get_by_label(re.compile(r"Afternoon \("))
    custom = page.get_by_label("Choose times")

    # The server's default: the morning, with its times in the fields.
    expect(morning).to_be_checked()
    expect(start).to_have_value("06:00")
    expect(end).to_have_value("13:00")
    assert_fits(page, PHONE["width"])
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / "day-phone.png"), full_page=True)

    afternoon.check()
    expect(start).to_have_value("13:00")
    expect(end).to_have_value("23:00")  # the longest booking here is 10 hours
    morning.check()
    expect(start).to_have_value("06:00")
    expect(end).to_have_value("13:00")

    # Changing a time means "these times".
    desk = page.get_by_label("Desk", exact=True)
    desk.select_option(label=desk.locator("option", has_text=re.compile(r"^D6 ")).inner_text())
    start.select_option("09:00")
    expect(custom).to_be_checked()
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page).to_have_url(re.compile(r"/bookings/[0-9a-f-]{36}$"))
    expect(page.get_by_role("main")).to_contain_text("09:00–13:00")
    assert_fits(page, PHONE["width"])
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / "booked-phone.png"), full_page=True)
