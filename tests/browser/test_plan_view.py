"""The plan tab of a workspace's day, on a phone: a member opens it, sees each desk on the
floor's plan with its state, taps a free desk, books it with the form that link prefilled, and
sees it as "yours" on the plan. The page fits the phone, passes axe, works without JavaScript
(the markers are plain links), and with it zooms."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.support.app import make_app
from tests.support.browser import BLOCKING_IMPACTS, DESKTOP, PHONE, assert_fits, axe_violations, describe, log_in

pytestmark = pytest.mark.browser

SLUG = "plan-hub"
ADMIN = "admin@browser.example.org"
PASSWORD = "browser-password-1"
MEMBER = "plan-member@browser.example.org"
OTHER = "plan-other@browser.example.org"
ZONE = ZoneInfo("Europe/Brussels")


def seed(live_server) -> str:
    """Plan Hub, open every day 06:00–22:00, desks P1–P4 placed on the ground floor's plan (a
    drawing like the demo's); P1 booked by another member tomorrow morning. Returns tomorrow."""
    from coworking.accounts import services as accounts
    from coworking.accounts.models import User
    from coworking.bookings import services as bookings
    from coworking.demo.plans import Area, Desks, FloorSpec, draw
    from coworking.extensions import db
    from coworking.web.unit_of_work import run
    from coworking.workspaces import services as workspaces
    from coworking.workspaces.models import Floor

    app = make_app(live_server.database_url)
    with app.app_context():

        def made():
            now = datetime.now(UTC)
            admin = db.session.query(User).filter_by(email=ADMIN).one()
            ws = workspaces.create_workspace(
                admin,
                {
                    "slug": SLUG,
                    "name": "Plan Hub",
                    "city": "Ghent",
                    "country": "BE",
                    "address": "Dok Noord 5",
                    "timezone": "Europe/Brussels",
                    "currency": "EUR",
                    "opening_hours": [{"weekday": d, "open": "06:00", "close": "22:00"} for d in range(7)],
                    "policy": {"min_notice_minutes": 0, "max_advance_days": 30},
                },
                now,
            )
            codes = ("P1", "P2", "P3", "P4")
            desks = {code: workspaces.add_desk(admin, ws, {"code": code, "kind": "hot_desk"}, now) for code in codes}
            room = Area("Open space", 40, 40, 720, 420, walls=False)
            drawn = draw(FloorSpec("Ground floor", 800, 500, (room,), (Desks(codes, room, 2),)))
            floor = Floor(
                workspace_id=ws.id,
                name="Ground floor",
                plan=drawn.svg,
                plan_type="image/svg+xml",
                plan_sha256=hashlib.sha256(drawn.svg).hexdigest(),
                plan_width=800,
                plan_height=500,
                plan_updated_at=now,
                created_at=now,
            )
            db.session.add(floor)
            db.session.flush()
            for code, (x, y) in drawn.places.items():
                desks[code].floor_id, desks[code].plan_x, desks[code].plan_y = floor.id, x, y
            tomorrow = (now.astimezone(ZONE) + timedelta(days=1)).date().isoformat()
            for email in (MEMBER, OTHER):
                accounts.create_user(
                    email=email, name=email.split("@")[0].title(), role="member", password=PASSWORD, now=now,
                    workspaces=[SLUG],
                )  # fmt: skip
            other = db.session.query(User).filter_by(email=OTHER).one()
            bookings.book(
                other, desk_id=desks["P1"].id, start=f"{tomorrow}T08:00", end=f"{tomorrow}T12:00", note=None, now=now
            )
            return tomorrow

        day = run(made)
        db.session.remove()
        db.engine.dispose()
    return day


@pytest.fixture(scope="module")
def plan_day(live_server) -> str:
    return seed(live_server)


def assert_axe_clean(page: Page) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)


def test_a_member_taps_a_free_desk_on_the_plan_books_it_and_sees_it_as_theirs(new_context, site, plan_day):
    day = plan_day
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, MEMBER, PASSWORD)
    page.goto(f"/workspaces/{SLUG}?date={day}")
    page.get_by_role("navigation", name="Show the desks").get_by_role("link", name="Plan").click()
    expect(page).to_have_url(re.compile(r"view=plan&floor=\d+.*#desks$"))
    plan = page.locator("svg.floor-plan")
    expect(plan).to_be_visible()
    expect(page.get_by_role("link", name="Desk P1, partly free")).to_be_visible()  # taken 08:00–12:00 only
    expect(page.get_by_role("link", name="Desk P2, free")).to_be_visible()
    image = page.locator("svg.floor-plan image").get_attribute("href")
    assert re.fullmatch(rf"/workspaces/{SLUG}/floors/\d+/plan\?v=\w+", image)
    answer = page.request.get(image)
    assert answer.ok and answer.headers["content-type"].startswith("image/svg+xml")
    assert_fits(page, PHONE["width"])
    box = plan.bounding_box()
    assert box["width"] <= PHONE["width"]  # the plan scales to the phone's width
    assert_axe_clean(page)

    # Tap P2: the booking form, prefilled with P2 and the morning's times.
    page.get_by_role("link", name="Desk P2, free").tap()
    expect(page).to_have_url(re.compile(r"desk=\d+&start=\d\d:\d\d&end=\d\d:\d\d#book$"))
    desk = page.get_by_label("Desk", exact=True)
    expect(desk.locator("option:checked")).to_contain_text("P2")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text("Booked!")

    # Back on the plan: P2 is the member's now.
    page.goto(f"/workspaces/{SLUG}?date={day}&view=plan")
    expect(page.get_by_role("link", name="Desk P2, yours")).to_be_visible()
    expect(page.locator("svg.floor-plan a.marker.mine text.symbol")).to_have_text("★")
    assert_axe_clean(page)
    context.close()


def test_the_plan_works_without_javascript_and_zooms_with_it(new_context, site, plan_day):
    day = plan_day
    no_js = new_context(viewport=DESKTOP, locale="en-GB", java_script_enabled=False)
    page = no_js.new_page()
    page.set_default_timeout(10_000)
    log_in(page, MEMBER, PASSWORD)
    page.goto(f"/workspaces/{SLUG}?date={day}&view=plan")
    expect(page.locator(".plan-zoom")).to_be_hidden()
    markers = page.locator("svg.floor-plan a.marker")
    expect(markers).to_have_count(4)
    href = page.get_by_role("link", name="Desk P3, free").get_attribute("href")
    assert f"date={day}" in href and href.endswith("#book")
    no_js.close()

    js = new_context(viewport=DESKTOP, locale="en-GB")
    page = js.new_page()
    page.set_default_timeout(10_000)
    log_in(page, MEMBER, PASSWORD)
    page.goto(f"/workspaces/{SLUG}?date={day}&view=plan")
    scroller = page.locator(".plan-scroll")
    before = page.locator("svg.floor-plan").bounding_box()["width"]
    page.get_by_role("button", name="Zoom in").click()
    after = page.locator("svg.floor-plan").bounding_box()["width"]
    assert after > before * 1.4
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    page.get_by_role("button", name="Fit to width").click()
    assert page.locator("svg.floor-plan").bounding_box()["width"] == pytest.approx(before, abs=1)
    assert_axe_clean(page)
    js.close()
