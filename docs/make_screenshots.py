"""Screenshots for the README: a workspace's day (phone and desktop), "My bookings", the
workspaces list, the week view, the form that books several days, "who's in", and the workspace
administration pages of its manager (desks, a closure's preview, the day's bookings), and the
day's plan tab (the floor with the member's booking). One command, nothing else to start:

    .venv/bin/python docs/make_screenshots.py
    .venv/bin/python docs/make_screenshots.py --only plan   # just the plan view's pictures

It builds a throw-away SQLite database (``flask db upgrade`` and ``flask seed-demo`` with this
venv's ``flask``), serves it with gunicorn (``tests/support/live_server.py``) on a free local port, and
drives Debian's Chromium (``/usr/bin/chromium``, or ``CHROMIUM_PATH``; never ``playwright
install``) through Playwright: it logs in as the demo member, takes the next weekday the demo
workspace brussels-dansaert is open and the member has nothing booked there, books a morning
at one of the grid's first desks through the day page's form (so the grid shows "yours"), and
writes PNGs to docs/screenshots/. Then it logs in as the workspace's manager and shows its
desks, the preview of a closure of that day (the bookings it would cancel; nothing is closed)
and that day's bookings.
The demo data is generated around today's date, so the pictures change from day to day.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from tests.support.browser import CHROMIUM_ARGS  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

OUT = REPO / "docs" / "screenshots"
FLASK = Path(sys.executable).parent / "flask"
MEMBER = ("member@demo.example.org", "demo-password-2027")
MANAGER = ("manager.brussels@demo.example.org", "demo-password-2027")  # Dansaert's manager
WORKSPACE = "brussels-dansaert"
TIMEZONE = ZoneInfo("Europe/Brussels")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1}
GRID_ROWS_SHOWN = 6  # the day view shows the booking form and this many desks of the grid


def run_flask(env: dict, *args: str) -> None:
    done = subprocess.run([str(FLASK), *args], cwd=REPO, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (our own flask)
    if done.returncode != 0:
        sys.exit(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def log_in(page: Page) -> None:
    """Log in, then make sure the pages are in English (the demo logins use English)."""
    page.goto("/login")
    page.get_by_label("Email").fill(MEMBER[0])
    page.get_by_label("Password", exact=True).fill(MEMBER[1])
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"/workspaces/{WORKSPACE}$"))  # the member's home workspace
    if page.locator("html").get_attribute("lang") != "en":
        with page.expect_navigation():  # the footer's language switcher submits on change
            page.get_by_role("contentinfo").get_by_role("combobox").select_option("en")
        expect(page.locator("html")).to_have_attribute("lang", "en")


def open_day_with_booking(page: Page) -> str:
    """Go to the next weekday (in Brussels) the workspace is open and the member has nothing
    booked there yet, book a morning at one of the grid's first desks (so "yours" shows in the
    picture), and return the day."""
    day = datetime.now(TIMEZONE).date()
    for _ in range(21):
        day += timedelta(days=1)
        if day.weekday() >= 5:
            continue
        url = f"/workspaces/{WORKSPACE}?date={day.isoformat()}"
        page.goto(url)
        if not page.locator("#book").count():  # no booking form: closed, or no desks
            continue
        if page.locator("td.cell.mine").count():
            continue  # already booked here: its cells may be far down or to the right
        if book_morning(page, url):
            page.goto(url)
            return day.isoformat()
    sys.exit(f"found no weekday in the next three weeks to show a booking at {WORKSPACE}")


def book_morning(page: Page, url: str) -> bool:
    """Book the morning at the first of the grid's top desks (not rooms) that is free, through
    the day page's form. False when none is, or the member is busy elsewhere that morning."""
    rows = page.locator("table.desk-grid tbody th[scope=row] a")
    desk_ids = [re.search(r"desk=(\d+)", rows.nth(i).get_attribute("href"))[1] for i in range(GRID_ROWS_SHOWN)]
    menu = page.get_by_label("Desk", exact=True)
    desk_ids = [d for d in desk_ids if " desk " in menu.locator(f"option[value='{d}']").inner_text()]
    for desk in desk_ids:
        page.goto(url)
        page.get_by_label("Desk", exact=True).select_option(desk)
        page.get_by_label(re.compile(r"Morning \(")).check()  # "Morning (08:00–13:00)"
        page.get_by_role("button", name="Book", exact=True).click()
        page.wait_for_load_state()
        if "/bookings/" in page.url:
            return True
        code = page.get_by_role("alert").get_attribute("data-error-code")
        if code != "desk_taken":
            return False
    return False


def shoot_manage(page: Page, day: str, name: str, out: Path) -> list[str]:
    """As the workspace's manager: its desks, a closure's preview for ``day`` and the bookings
    of ``day``. The preview only reads: the closure is never confirmed."""
    page.context.clear_cookies()
    page.goto("/login")
    page.get_by_label("Email").fill(MANAGER[0])
    page.get_by_label("Password", exact=True).fill(MANAGER[1])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    page.goto(f"/manage/{WORKSPACE}/desks")
    page.screenshot(path=out / f"manage-desks-{name}.png")
    page.goto(f"/manage/{WORKSPACE}/closures")
    page.get_by_label("First closed day").fill(day)
    page.get_by_label("Last closed day").fill(day)
    page.get_by_label(re.compile(r"^Reason")).fill("Public holiday")
    page.get_by_role("button", name="See which bookings it cancels").click()
    expect(page.locator(".closure-preview")).to_be_visible()
    page.locator(".closure-preview").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=out / f"manage-closure-{name}.png", full_page=name == "desktop")
    page.goto(f"/manage/{WORKSPACE}/bookings?date={day}")
    page.screenshot(path=out / f"manage-bookings-{name}.png")
    return [f"manage-{kind}-{name}.png" for kind in ("desks", "closure", "bookings")]


def shoot_day(page: Page, path: Path) -> None:
    """From the top of the page to the end of the grid's first rows: the form and the grid."""
    rows = page.locator("table.desk-grid tbody tr")
    last = rows.nth(min(GRID_ROWS_SHOWN, rows.count()) - 1).bounding_box()
    scroll_y = page.evaluate("window.scrollY")
    bottom = last["y"] + scroll_y + last["height"] + 2
    width = page.viewport_size["width"]
    page.screenshot(path=path, full_page=True, clip={"x": 0, "y": 0, "width": width, "height": bottom})


def shoot_plan(page: Page, day: str, path: Path) -> None:
    """The day's plan tab for the morning, on the floor where the member's booking is (so
    "yours" shows): from the tabs to the end of the plan."""
    page.goto(f"/workspaces/{WORKSPACE}?date={day}&view=plan&period=morning#desks")
    floors = page.get_by_role("navigation", name="Floors").get_by_role("link")
    for i in range(floors.count()):
        if page.locator("svg.floor-plan a.marker.mine").count():
            break
        page.get_by_role("navigation", name="Floors").get_by_role("link").nth(i).click()
        page.wait_for_load_state()
    page.locator("svg.floor-plan image").evaluate("i => i.getBBox()")  # laid out
    page.wait_for_load_state("networkidle")
    top = page.locator("#desks").bounding_box()
    end = page.locator(".plan-scroll").bounding_box()
    scroll_y = page.evaluate("window.scrollY")
    width = page.viewport_size["width"]
    clip = {"x": 0, "y": top["y"] + scroll_y - 8, "width": width, "height": end["y"] - top["y"] + end["height"] + 24}
    page.screenshot(path=path, full_page=True, clip=clip)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", choices=["plan"], help="take only these pictures (the demo is built all the same)")
    args = parser.parse_args()
    if not os.access(args.chromium, os.X_OK):
        sys.exit(f"Chromium not found at {args.chromium}: apt-get install -y chromium (or pass --chromium)")
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="coworking-screenshots-") as tmp:
        env = {
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'demo.sqlite'}",
            "COWORKING_ENVIRONMENT": "development",
            "COWORKING_MAIL_BACKEND": "log",
            "RATELIMIT_ENABLED": "0",
        }
        flask_env = {**os.environ, "FLASK_APP": "wsgi", **env}
        print("Building the demo database …", flush=True)
        run_flask(flask_env, "db", "upgrade")
        run_flask(flask_env, "seed-demo")
        with LiveServer(env=env, workers=2) as server, sync_playwright() as p:
            print(f"Serving it at {server.url}; taking screenshots …", flush=True)
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            written, day = [], None
            for name, options in (("phone", PHONE), ("desktop", DESKTOP)):
                context = browser.new_context(base_url=server.url, locale="en-GB", **options)
                context.set_default_timeout(15_000)
                page = context.new_page()
                log_in(page)
                if day is None:  # book once; the desktop shows the same day
                    day = open_day_with_booking(page)
                else:
                    page.goto(f"/workspaces/{WORKSPACE}?date={day}")
                shoot_plan(page, day, args.out / f"plan-{name}.png")
                written.append(f"plan-{name}.png")
                if args.only == "plan":
                    context.close()
                    continue
                shoot_day(page, args.out / f"day-{name}.png")
                page.goto("/bookings")
                page.screenshot(path=args.out / f"my-bookings-{name}.png")
                page.goto("/workspaces")
                page.screenshot(path=args.out / f"workspaces-{name}.png")
                page.goto(f"/workspaces/{WORKSPACE}/week?start={day}")
                page.screenshot(path=args.out / f"week-{name}.png", full_page=name == "desktop")
                page.goto(f"/workspaces/{WORKSPACE}/series?date={day}")
                page.screenshot(path=args.out / f"series-{name}.png", full_page=name == "desktop")
                page.goto(f"/workspaces/{WORKSPACE}/presence?date={day}")
                page.screenshot(path=args.out / f"whos-in-{name}.png", full_page=True)
                kinds = ("day", "my-bookings", "workspaces", "week", "series", "whos-in")
                written += [f"{kind}-{name}.png" for kind in kinds]
                written += shoot_manage(page, day, name, args.out)
                context.close()
            browser.close()
    for file in written:
        path = args.out / file
        print(f"  {path.relative_to(REPO) if path.is_relative_to(REPO) else path}  {path.stat().st_size // 1024} KB")
    print(f"Day shown: {day} at {WORKSPACE}.")


if __name__ == "__main__":
    main()
