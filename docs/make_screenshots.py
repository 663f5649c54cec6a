"""Screenshots for the README: the day view (phone and desktop) and "My bookings".

Rerun with the app running on demo data (`make run` in another terminal), then:

    .venv/bin/python docs/make_screenshots.py [--base-url http://127.0.0.1:5000]

It drives Debian's Chromium (/usr/bin/chromium) through Playwright, logs in as the demo member,
books a desk for the next open day if they have none, and writes PNGs to docs/screenshots/.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MEMBER = ("member@demo.example.org", "demo-password-2027")
WORKSPACE = "brussels-dansaert"


def next_weekday() -> date:
    """The next Monday–Friday after today: a day the demo workspace is open."""
    day = date.today() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:5000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for name, viewport, mobile in [
            ("phone", {"width": 390, "height": 844}, True),
            ("desktop", {"width": 1280, "height": 900}, False),
        ]:
            context = browser.new_context(
                viewport=viewport, is_mobile=mobile, device_scale_factor=2 if mobile else 1, locale="en-GB"
            )
            page = context.new_page()
            page.goto(f"{args.base_url}/login")
            page.get_by_label("Email").fill(MEMBER[0])
            page.get_by_label("Password").fill(MEMBER[1])
            page.get_by_role("button", name="Log in").click()
            page.goto(f"{args.base_url}/workspaces/{WORKSPACE}?date={next_weekday().isoformat()}")
            page.screenshot(path=OUT / f"day-{name}.png", full_page=True)
            page.goto(f"{args.base_url}/bookings")
            page.screenshot(path=OUT / f"my-bookings-{name}.png", full_page=not mobile)
            page.goto(f"{args.base_url}/workspaces")
            page.screenshot(path=OUT / f"workspaces-{name}.png", full_page=False)
            context.close()
        browser.close()
    print(f"Wrote screenshots to {OUT}")


if __name__ == "__main__":
    main()
