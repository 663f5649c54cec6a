"""A member books Tuesday and Thursday for four weeks in one form, on a phone: "Book several
days", weekly on Tue and Thu, and the eight bookings appear under "My bookings"."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import PASSWORD, PHONE, SERIES_MEMBER, assert_fits, log_in

pytestmark = pytest.mark.browser


def phone(new_context) -> Page:
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(10_000)
    return context.new_page()


def test_book_tuesday_and_thursday_for_four_weeks_in_one_form(new_context, site):
    first = datetime.now(ZoneInfo(site.timezone)).date() + timedelta(days=1)
    until = first + timedelta(days=27)  # any 28 days hold four Tuesdays and four Thursdays
    page = phone(new_context)
    log_in(page, SERIES_MEMBER, PASSWORD)
    page.goto(f"/workspaces/{site.slug}/series")
    assert_fits(page, PHONE["width"])
    desk = page.get_by_label("Desk", exact=True)
    desk.select_option(label="D6")
    # 07:00–08:00: no other browser test books D6 then (test_same_day_form takes D6 09:00–13:00
    # two days ahead, a Thursday whenever the suite runs on a Tuesday).
    page.get_by_label("From", exact=True).select_option("07:00")
    page.get_by_label("Until", exact=True).select_option("08:00")
    page.get_by_role("radio", name="Every week on these days").check()
    page.get_by_role("checkbox", name="Tue", exact=True).check()
    page.get_by_role("checkbox", name="Thu", exact=True).check()
    page.get_by_label("Starting").fill(first.isoformat())
    page.get_by_label("Until (included)").fill(until.isoformat())
    page.get_by_role("radio", name="Book the possible dates and list the others").check()
    page.get_by_role("button", name="Book these days").click()
    expect(page).to_have_url(re.compile(r"/series/[0-9a-f-]+"))
    expect(page.get_by_role("status")).to_contain_text("8 bookings made.")
    assert_fits(page, PHONE["width"])
    page.get_by_role("link", name="All my bookings").click()
    upcoming = page.locator("section[aria-labelledby=upcoming] article.booking")
    expect(upcoming).to_have_count(8)
    days = upcoming.locator("h3").all_inner_texts()
    assert {d.split(",")[0] for d in days} == {"Tuesday", "Thursday"}
