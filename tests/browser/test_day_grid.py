"""Booking from the day's grid on a phone (390×844).

Without JavaScript a free cell is a link: tapping it opens the form with that desk and half
hour, and "Book" books them. With JavaScript, tapping a first and then a last free cell of one
desk fills the form with that range and scrolls to it. Days four and five from today, so the
other journeys' bookings (tomorrow, the day after, the audit day) are not in the way."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import PASSWORD, PHONE, assert_fits, log_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def member(live_server) -> str:
    """A member of this module's own (the other journeys count their members' bookings),
    created as an operator does, with ``flask users create``."""
    email = "grid@browser.example.org"
    command = ["users", "create", email, "--name", "Grid Member", "--password", PASSWORD]
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *command],
        cwd=live_server.server.cwd,
        env=live_server.server.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return email


def phone(new_context, *, javascript: bool) -> Page:
    context = new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def test_without_javascript_a_free_cell_opens_the_form_with_its_desk_and_time(new_context, site, member):
    page = phone(new_context, javascript=False)
    log_in(page, member, PASSWORD)
    day = site.today() + timedelta(days=4)
    page.goto(f"/workspaces/{site.slug}?date={day.isoformat()}")
    page.get_by_role("link", name="D3 10:00: free, book").tap()
    expect(page).to_have_url(re.compile(r"desk=\d+&start=10:00&end=10:30#book$"))
    expect(page.get_by_label("Choose times")).to_be_checked()
    expect(page.get_by_label("Desk", exact=True).locator("option:checked")).to_have_text(re.compile(r"^D3 "))
    expect(page.get_by_label("From", exact=True)).to_have_value("10:00")
    expect(page.get_by_label("Until", exact=True)).to_have_value("10:30")
    assert_fits(page, PHONE["width"])
    page.get_by_role("button", name="Book", exact=True).tap()
    expect(page).to_have_url(re.compile(r"/bookings/[0-9a-f-]{36}$"))
    expect(page.get_by_role("main")).to_contain_text("10:00–10:30")
    expect(page.get_by_role("main")).to_contain_text("D3")


def test_with_javascript_two_taps_choose_a_range_of_one_desk(new_context, site, member):
    page = phone(new_context, javascript=True)
    log_in(page, member, PASSWORD)
    day = site.today() + timedelta(days=5)
    page.goto(f"/workspaces/{site.slug}?date={day.isoformat()}")
    page.get_by_role("link", name="D4 11:00: free, book").tap()
    expect(page.get_by_role("status").or_(page.locator("#pick-status"))).to_contain_text("From 11:00")
    expect(page).not_to_have_url(re.compile("#book"))  # the first tap only starts the range
    page.get_by_role("link", name="D4 12:00: free, book").tap()
    expect(page.locator("td.picked")).to_have_count(3)  # 11:00, 11:30, 12:00
    expect(page.get_by_label("Choose times")).to_be_checked()
    expect(page.get_by_label("Desk", exact=True).locator("option:checked")).to_have_text(re.compile(r"^D4 "))
    expect(page.get_by_label("From", exact=True)).to_have_value("11:00")
    expect(page.get_by_label("Until", exact=True)).to_have_value("12:30")
    expect(page.get_by_role("button", name="Book", exact=True)).to_be_in_viewport()
    page.get_by_role("button", name="Book", exact=True).tap()
    expect(page).to_have_url(re.compile(r"/bookings/[0-9a-f-]{36}$"))
    expect(page.get_by_role("main")).to_contain_text("11:00–12:30")
    expect(page.get_by_role("main")).to_contain_text("D4")
