"""Check-in in a browser (issue 18), at whatever hour the suite runs.

A workspace that requires check-in, in a time zone where it is around midday now (so it is open
and "now" can be booked whenever the suite runs), with three desks and three members:
- Ana checks in from "My bookings" on a phone;
- the manager prints the desk codes (three across the page), and Bo opens the code of the desk he booked
  (its URL, as a phone's camera would) and checks in with one tap;
- Carla opens the code of a free desk and books it on the spot, checked in at once.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.support.app import make_app
from tests.support.browser import BLOCKING_IMPACTS, PASSWORD, PHONE, assert_fits, axe_violations, describe, log_in

pytestmark = pytest.mark.browser

SLUG = "scan-hub"
ADMIN = "admin@browser.example.org"
ANA, BO, CARLA = (f"{n}@scan.browser.example.org" for n in ("ana", "bo", "carla"))
# One zone per UTC offset from −11 to +14: for any instant one of them is near midday.
ZONES = (
    "Pacific/Pago_Pago", "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Denver",
    "America/Chicago", "America/New_York", "America/Halifax", "America/Sao_Paulo", "Atlantic/South_Georgia",
    "Atlantic/Cape_Verde", "UTC", "Africa/Lagos", "Africa/Johannesburg", "Europe/Moscow", "Asia/Dubai",
    "Asia/Karachi", "Asia/Dhaka", "Asia/Bangkok", "Asia/Shanghai", "Asia/Tokyo", "Australia/Brisbane",
    "Pacific/Noumea", "Pacific/Tarawa", "Pacific/Tongatapu", "Pacific/Kiritimati",
)  # fmt: skip


def zone_near_midday(now: datetime) -> str:
    """A zone whose local time is between 10:00 and 13:59 at ``now``."""
    return next(z for z in ZONES if 10 <= now.astimezone(ZoneInfo(z)).hour < 14)


def seed(site) -> str:
    """The workspace, its desks, the members and Ana's and Bo's bookings starting at the next
    quarter hour; the zone chosen."""
    from coworking.accounts import services as accounts
    from coworking.accounts.models import User
    from coworking.bookings import services as bookings
    from coworking.extensions import db
    from coworking.web.unit_of_work import run
    from coworking.workspaces import services as workspaces

    app = make_app(site.database_url)
    with app.app_context():

        def made():
            now = datetime.now(UTC)
            zone = zone_near_midday(now)
            admin = db.session.query(User).filter_by(email=ADMIN).one()
            ws = workspaces.create_workspace(
                admin,
                {
                    "slug": SLUG,
                    "name": "Scan Hub",
                    "city": "Ghent",
                    "country": "BE",
                    "address": "Dok Noord 3",
                    "timezone": zone,
                    "currency": "EUR",
                    "opening_hours": [{"weekday": d, "open": "06:00", "close": "22:00"} for d in range(7)],
                    "policy": {
                        "slot_minutes": 15,
                        "max_length_minutes": 16 * 60,
                        "min_notice_minutes": 0,
                        "check_in_required": True,
                        "check_in_opens_minutes": 30,
                        "check_in_grace_minutes": 30,
                    },
                },
                now,
            )
            desks = {
                code: workspaces.add_desk(admin, ws, {"code": code, "kind": "hot_desk", "zone": "Window"}, now)
                for code in ("S1", "S2", "S3")
            }
            local = now.astimezone(ZoneInfo(zone))
            start = (local + timedelta(minutes=15 - local.minute % 15)).replace(second=0, microsecond=0)
            span = (
                start.replace(tzinfo=None).isoformat(),
                (start + timedelta(hours=2)).replace(tzinfo=None).isoformat(),
            )
            for email, code in ((ANA, "S1"), (BO, "S2"), (CARLA, None)):
                user = accounts.create_user(
                    email=email, name=email.split("@")[0].title(), role="member", password=PASSWORD, now=now,
                    workspaces=[SLUG],
                )  # fmt: skip
                if code:
                    bookings.book(user, desk_id=desks[code].id, start=span[0], end=span[1], note=None, now=now)
            return zone

        zone = run(made)
        db.session.remove()
        db.engine.dispose()
    return zone


def assert_axe_clean(page: Page) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)


def phone(new_context) -> Page:
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(10_000)
    return context.new_page()


def test_check_in_from_my_bookings_and_by_scanning_a_booked_and_a_free_desk(new_context, page, site):
    seed(site)

    # --- Ana checks in from "My bookings" ------------------------------------------------
    ana = phone(new_context)
    log_in(ana, ANA, PASSWORD)
    ana.goto("/bookings")
    row = (
        ana.locator("li, article, tr")
        .filter(has_text="Scan Hub")
        .filter(has=ana.get_by_role("button", name=re.compile("^Check in")))
    )
    expect(row.first).to_be_visible()
    row.first.get_by_role("button", name=re.compile("^Check in")).click()
    expect(ana.locator(".flash-success")).to_contain_text("You are checked in.")
    expect(ana.get_by_text("Checked in").first).to_be_visible()
    assert_fits(ana, PHONE["width"])

    # --- the manager prints the codes: one A4 page, a code per desk ---------------------
    page.set_default_timeout(10_000)
    log_in(page, ADMIN, PASSWORD)
    page.goto(f"/workspaces/{SLUG}/desks/qr")
    cards = page.locator(".qr-card")
    expect(cards).to_have_count(3)
    expect(cards.filter(has_text="S2").locator("svg title")).to_have_text("QR code of desk S2")
    assert_axe_clean(page)
    urls = {
        code: cards.filter(has=page.locator(".qr-desk", has_text=code)).locator(".qr-url a").get_attribute("href")
        for code in ("S1", "S2", "S3")
    }
    assert all(
        urlsplit(u).path == f"/workspaces/{SLUG}/desks/{urlsplit(u).path.split('/')[4]}/scan" for u in urls.values()
    )
    # Printed: no site header, the three codes side by side (three across an A4 page).
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    tops = {round(cards.nth(i).bounding_box()["y"]) for i in range(3)}
    assert len(tops) == 1, tops
    page.emulate_media(media="screen")

    # --- Bo scans the desk he booked and checks in -----------------------------------------
    bo = phone(new_context)
    bo.goto(urlsplit(urls["S2"]).path)  # not logged in yet: the login brings him back here
    bo.get_by_label("Email").fill(BO)
    bo.get_by_label("Password", exact=True).fill(PASSWORD)
    bo.get_by_role("button", name="Log in").click()
    expect(bo.get_by_role("heading", level=1)).to_have_text("Desk S2")
    bo.get_by_role("button", name="Check in").click()
    expect(bo.get_by_text(re.compile(r"You are checked in \(\d\d:\d\d\)\."))).to_be_visible()
    expect(bo.get_by_role("button", name="Check in")).to_have_count(0)
    assert_fits(bo, PHONE["width"])

    # --- Carla scans a free desk and books it on the spot --------------------------------
    carla = phone(new_context)
    log_in(carla, CARLA, PASSWORD)
    carla.goto(urlsplit(urls["S3"]).path)
    expect(carla.get_by_text(re.compile(r"This desk is free from \d\d:\d\d to 22:00\."))).to_be_visible()
    assert_axe_clean(carla)
    carla.get_by_role("button", name="Book it until 22:00").click()
    expect(carla.get_by_text("Desk S3 is yours until 22:00. You are checked in.")).to_be_visible()
    expect(carla.get_by_text(re.compile(r"You are checked in \(\d\d:\d\d\)\."))).to_be_visible()
    # And someone else scanning S1 (Ana's, checked in) sees it taken.
    carla.goto(urlsplit(urls["S1"]).path)
    expect(carla.get_by_text(re.compile(r"This desk is taken until \d\d:\d\d\."))).to_be_visible()
