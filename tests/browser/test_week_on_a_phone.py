"""A member with a home workspace logs in on a phone, lands on that workspace's day, and opens
its week: a list of days, each with its morning and afternoon, that fits the phone's width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import PHONE, assert_fits

pytestmark = pytest.mark.browser


def test_a_member_lands_on_their_home_workspace_and_opens_its_week(new_context, site):
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    member = site.audit_members["en"]  # home: the site's workspace; a booking on the audit day

    page.goto("/login")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password", exact=True).fill(member.password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/workspaces/{site.slug}$"))
    expect(page.get_by_role("heading", name=site.name, level=1)).to_be_visible()

    page.goto(f"/workspaces/{site.slug}/week?start={site.audit_day.isoformat()}")
    days = page.get_by_role("list", name="Days of the week").locator(":scope > li")
    expect(days).to_have_count(7)
    expect(page.get_by_text(re.compile(r"Your booking: desk D1, 09:00–11:00"))).to_be_visible()
    assert_fits(page, PHONE["width"])
    # On a phone the days read top to bottom: each below the one before.
    first, second = days.nth(0).bounding_box(), days.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"]

    # A day's heading opens that day's grid (Sunday: after the audit day, so still ahead).
    days.nth(6).get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/workspaces/{site.slug}\?date=\d{{4}}-\d{{2}}-\d{{2}}$"))
    expect(page.get_by_role("heading", name=site.name, level=1)).to_be_visible()
