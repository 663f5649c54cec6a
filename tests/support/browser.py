"""Small steps shared by the browser tests (tests/browser/), and the password of every user
their live server is seeded with."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

# Debian's Chromium, as DESIGN.md prescribes (docs/make_screenshots.py uses the same).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LANGUAGES = ("en", "nl", "fr", "de")
PASSWORD = "browser-test-passphrase"
SERIES_MEMBER = "series@browser.example.org"  # seeded with no bookings, for the series form
AXE_JS = Path(__file__).resolve().parent.parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BLOCKING_IMPACTS = ("serious", "critical")


def log_in(page: Page, email: str, password: str) -> None:
    """Log in through the form, in English (accessible names). The member lands on their home
    workspace's day, the list of workspaces, or (once, without a home) the welcome page: the
    caller goes on from wherever that is."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/(workspaces(/[\w-]+)?|welcome)$"))


def assert_fits(page: Page, width: int) -> None:
    """No horizontal scrolling: the document is no wider than the viewport. Measured once the
    page has loaded: a locator can match while the stylesheet is still on its way (a busy
    machine), and an unstyled page is as wide as its widest table."""
    page.wait_for_load_state("load")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide, wider than the {width} px viewport"


def switch_language(page: Page, code: str) -> None:
    """Choose ``code`` in the footer's language switcher (located without its translated label:
    the one select in the page's contentinfo landmark). The page's script submits on change."""
    switcher = page.get_by_role("contentinfo").get_by_role("combobox")
    # The submit-on-change handler is attached by the deferred script: a choice made before the
    # page has loaded (e.g. right after the login redirect) would change nothing.
    page.wait_for_load_state("load")
    with page.expect_navigation():
        switcher.select_option(code)
    expect(page.locator("html")).to_have_attribute("lang", code)


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core in the page and return its violations.

    axe is evaluated through the DevTools protocol (``page.evaluate``), which the page's
    Content-Security-Policy (``script-src 'self'``) does not govern, so the audited page keeps
    its real CSP. ``page.add_script_tag`` would add an inline script the CSP blocks, and a
    ``bypass_csp`` context would audit a page that differs from what members get."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, { resultTypes: ['violations'] })")
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:10]:
            lines.append(f"    target {json.dumps(node['target'])}: {node.get('failureSummary', '').strip()}")
            lines.append(f"      html: {node['html'][:200]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more nodes")
    return "\n".join(lines)
