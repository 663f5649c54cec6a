"""The budget line page and the assembly pack in Chromium: they open
for an admin, show the chart and the month table, fit a phone's width, and axe-core finds no
serious or critical violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    BLOCKING_IMPACTS,
    DESKTOP,
    PASSWORD,
    PHONE,
    assert_fits,
    axe_violations,
    describe,
    log_in,
)

pytestmark = pytest.mark.browser


def blocking(page: Page) -> list[dict]:
    return [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_budget_line_page_and_assembly_pack_are_axe_clean(page: Page, site, viewport):
    page.set_viewport_size(viewport)
    log_in(page, "admin@browser.example.org", PASSWORD)
    year = site.today().year

    page.goto(f"/budget/{site.slug}/{year}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(year))
    expect(page.get_by_role("img")).to_have_count(1)
    expect(page.get_by_role("table")).to_have_count(1)
    expect(page.get_by_text("mean of the last three closed months")).to_be_visible()
    expect(page.get_by_role("button", name="Reopen the month")).to_have_count(0)  # nothing closed yet
    violations = blocking(page)
    assert not violations, describe(violations)
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])

    page.goto(f"/budget/{year}/pack")
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(year))
    expect(page.get_by_role("link", name="XLSX")).to_be_visible()
    violations = blocking(page)
    assert not violations, describe(violations)
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
