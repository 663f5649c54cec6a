"""axe-core finds no serious or critical violation on the member pages.

The vendored axe-core (tests/vendor/axe-core-4.14.1) runs in the same Chromium on: login,
registration, workspaces, a workspace's day (with free, taken and "yours" cells in the grid), its
week, the home workspace question, my bookings, a booking, the cancel confirmation, and profile;
in every language at phone
width, and in two at desktop width. The language is chosen the way a member does: with the
footer's switcher, first logged out (kept in the session), then again once logged in (saved to
the profile, which the profile page then shows). Nothing here reads translated text, so the test holds while the
catalogs change; the ``lang`` attribute proves which language each page is in.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    BLOCKING_IMPACTS,
    DESKTOP,
    LANGUAGES,
    PHONE,
    axe_violations,
    describe,
    switch_language,
)

pytestmark = pytest.mark.browser


class Audit:
    """Runs axe on each page visited and keeps every finding; fails at the end if any page
    had a serious or critical one (so one run reports all pages)."""

    def __init__(self, page: Page, language: str):
        self.page = page
        self.language = language
        self.blocking: list[str] = []
        self.other: list[str] = []
        self.csp_errors: list[str] = []
        page.on("console", self._console)

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_errors.append(f"{self.page.url}: {message.text}")

    def check(self, name: str) -> None:
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)
        violations = axe_violations(self.page)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        other = [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]
        if blocking:
            self.blocking.append(f"{name} ({self.page.url}):\n{describe(blocking)}")
        if other:
            self.other.append(f"{name} ({self.page.url}):\n{describe(other)}")

    def finish(self) -> None:
        if self.other:
            print("axe: minor and moderate findings (not failures):\n" + "\n".join(self.other))
        assert not self.blocking, "axe: serious or critical violations:\n" + "\n".join(self.blocking)
        assert not self.csp_errors, "the Content-Security-Policy blocked something:\n" + "\n".join(self.csp_errors)


def log_in_any_language(page: Page, email: str, password: str) -> None:
    form = page.get_by_role("main").locator("form")
    form.locator("input[autocomplete=email]").fill(email)
    form.locator("input[autocomplete=current-password]").fill(password)
    form.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/workspaces(/[\w-]+)?$"))  # the home workspace's day


# Every language on a phone; at desktop width English and German (the longest words).
CASES = [pytest.param(language, PHONE, id=f"{language}-phone") for language in LANGUAGES] + [
    pytest.param(language, DESKTOP, id=f"{language}-desktop") for language in ("en", "de")
]


@pytest.mark.parametrize(("language", "viewport"), CASES)
def test_member_pages_have_no_serious_axe_violations(new_context, site, language, viewport):
    member = site.audit_members[language]
    context = new_context(viewport=viewport, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    audit = Audit(page, language)

    # Logged out: the switcher keeps the choice in the session.
    page.goto("/login")
    if language != "en":
        expect(page.locator("html")).to_have_attribute("lang", "en")
        switch_language(page, language)
    audit.check("login")
    page.goto("/register")
    audit.check("registration")

    # Logged in: the member's own setting (none yet, so the browser's English) until they
    # choose again, which the app saves to their profile.
    page.goto("/login")
    log_in_any_language(page, member.email, member.password)
    if language != "en":
        switch_language(page, language)
    page.goto("/workspaces")
    audit.check("workspaces")

    page.goto(f"/workspaces/{site.slug}?date={site.audit_day.isoformat()}")
    grid = page.locator("table.desk-grid")
    for state in ("free", "taken", "mine"):
        expect(grid.locator(f"td.cell.{state}").first).to_be_attached()
    audit.check("day view")

    page.goto(f"/workspaces/{site.slug}/week?start={site.audit_day.isoformat()}")
    expect(page.locator("ol.week > li")).to_have_count(7)
    expect(page.locator("ol.week .part.mine").first).to_be_attached()
    audit.check("week view")
    page.goto("/welcome/home")
    audit.check("home workspace question")

    page.goto("/bookings")
    cards = page.locator("main article.booking")
    expect(cards).to_have_count(1)
    audit.check("my bookings")
    cards.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/bookings/[0-9a-f-]{36}$"))
    audit.check("booking")
    page.goto(page.url + "/cancel")
    audit.check("cancel confirmation")
    # The page a desk's QR code opens (the desks were the fresh database's first: ids 1, 2, …).
    page.goto(f"/workspaces/{site.slug}/desks/{site.desks.index(site.audit_desks[language]) + 1}/scan")
    expect(page.get_by_role("heading", level=1)).to_contain_text(site.audit_desks[language])
    audit.check("desk scan")

    page.goto("/profile")
    if language != "en":
        expect(page.get_by_role("main").locator("select#language")).to_have_value(language)
    audit.check("profile")

    audit.finish()
