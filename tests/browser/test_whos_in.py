"""Who's in, on a phone: Quinn opens the day page and its "who's in" page and sees nobody by
name; Pia turns on "show my first name" on her profile; Quinn now sees "Pia" on her desk in
the grid and on the who's-in page, and shows himself with the page's button, after which Pia
sees him too. Both pages fit the phone and pass axe."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import BLOCKING_IMPACTS, PHONE, assert_fits, axe_violations, describe, log_in

pytestmark = pytest.mark.browser

PIA, QUINN = "pia@browser.example.org", "quinn@browser.example.org"


def phone_page(new_context, email: str, password: str) -> Page:
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, email, password)
    return page


def assert_accessible(page: Page) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)


def test_members_see_each_other_once_they_choose_to(new_context, site):
    day = (site.audit_day + timedelta(days=1)).isoformat()
    password = site.second_member.password
    quinn = phone_page(new_context, QUINN, password)

    # Nobody shows their name yet: Pia's desk is just "taken".
    quinn.goto(f"/workspaces/{site.slug}?date={day}")
    grid = quinn.locator("table.desk-grid")
    expect(grid.locator("td.cell.taken").first).to_be_attached()
    expect(grid.locator("td.named", has_text="Pia")).to_have_count(0)
    quinn.get_by_role("link", name="Who's in that day").click()
    expect(quinn).to_have_url(re.compile(rf"/workspaces/{site.slug}/presence\?date={day}$"))
    expect(quinn.get_by_role("heading", level=1)).to_have_text(f"Who's in · {site.name}")
    # Other tests may book that day too: count the members not shown rather than assume them.
    people = quinn.locator("ul.presence-list li")
    quinn_row = people.filter(has_text="Quinn")
    expect(quinn_row).to_have_count(1)
    expect(quinn_row).to_contain_text("you")
    expect(people.filter(has_text="Pia")).to_have_count(0)
    others = quinn.locator("#others")
    hidden = int(re.match(r"\d+", others.inner_text())[0])  # Pia at least
    assert_fits(quinn, PHONE["width"])
    assert_accessible(quinn)

    # Pia chooses to be seen, on her profile.
    pia = phone_page(new_context, PIA, password)
    pia.goto("/profile")
    switch = pia.get_by_role("switch", name="Show my first name to other members on the desks I book")
    expect(switch).not_to_be_checked()
    switch.check()
    pia.locator("#visibility").get_by_role("button", name="Save").click()
    expect(pia.get_by_text("Other members now see your first name on the desks you book.")).to_be_visible()
    expect(pia.get_by_role("switch", name="Show my first name to other members on the desks I book")).to_be_checked()

    # Quinn sees her on the who's-in page, and on her desk in the grid.
    quinn.reload()
    pia_row = people.filter(has_text="Pia")
    expect(pia_row).to_have_count(1)
    expect(pia_row).to_contain_text("desk D5")
    expect(pia_row).to_contain_text("10:00–12:00")
    if hidden == 1:
        expect(others).to_have_count(0)
    else:
        expect(others).to_contain_text(f"{hidden - 1} more member")
    assert "Peeters" not in quinn.content()  # a first name only
    quinn.goto(f"/workspaces/{site.slug}?date={day}")
    named = grid.locator("td.named", has_text="Pia")
    expect(named).to_have_count(1)
    expect(named).to_have_attribute("colspan", "4")  # 10:00–12:00 in half hours
    expect(named.locator(".who")).to_have_text("Pia")
    assert_accessible(quinn)

    # Quinn shows himself with the who's-in page's button, and comes back to it.
    quinn.get_by_role("link", name="Who's in that day").click()
    quinn.get_by_role("button", name="Show my first name to other members").click()
    expect(quinn).to_have_url(re.compile(rf"/workspaces/{site.slug}/presence\?date={day}$"))
    expect(quinn.get_by_text("Other members now see your first name on the desks you book.")).to_be_visible()
    expect(quinn.get_by_role("button", name="Stop showing my name")).to_be_visible()

    pia.goto(f"/workspaces/{site.slug}/presence?date={day}")
    names = pia.locator("ul.presence-list li .presence-name")
    expect(names.filter(has_text="Quinn")).to_have_count(1)
    expect(names.filter(has_text="Pia")).to_have_count(1)
    assert_fits(pia, PHONE["width"])
