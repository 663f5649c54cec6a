"""A manager places desks on a floor plan (issue 20), on a phone and with a mouse.

Against the live gunicorn: the manager adds a floor, uploads its SVG plan, puts desk F1 on the
floor (it appears in the plan's middle), moves it with the arrow keys (Shift: bigger steps) and
then drags it with the mouse; each time the stored place changes as expected. Both floor
pages pass axe (no serious or critical violation) and fit a phone's width."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from tests.support.app import make_app
from tests.support.browser import BLOCKING_IMPACTS, DESKTOP, PHONE, assert_fits, axe_violations, describe, log_in
from tests.support.plans import PLAN_SVG

pytestmark = pytest.mark.browser

SLUG = "floor-hub"
MANAGER = {"email": "floor-manager@browser.example.org", "password": "plans-and-places-20"}


@pytest.fixture(scope="module")
def hub(live_server):
    """Workspace ``floor-hub`` with desks F1 and F2 and its manager; a function reading a
    desk's stored place."""
    from coworking.accounts import services as accounts
    from coworking.extensions import db
    from coworking.web.unit_of_work import run
    from coworking.workspaces import services as workspaces
    from coworking.workspaces.models import Desk

    now = datetime.now(UTC)
    app = make_app(live_server.server.env["DATABASE_URL"])

    def seed():
        admin = accounts.create_user(
            email="floor-admin@browser.example.org",
            name="Floor Admin",
            role="admin",
            password="floor-admin-passphrase",
            now=now,
        )
        workspace = workspaces.create_workspace(
            admin,
            {
                "slug": SLUG,
                "name": "Floor Hub",
                "city": "Gent",
                "country": "BE",
                "timezone": "Europe/Brussels",
                "currency": "EUR",
                "opening_hours": [{"weekday": d, "open": "08:00", "close": "18:00"} for d in range(7)],
            },
            now,
        )
        for code in ("F1", "F2"):
            workspaces.add_desk(admin, workspace, {"code": code, "kind": "hot_desk"}, now)
        accounts.create_user(
            email=MANAGER["email"],
            name="Fien Floor",
            role="manager",
            password=MANAGER["password"],
            now=now,
            workspaces=[SLUG],
        )

    with app.app_context():
        run(seed)
        db.session.remove()

    def place(code: str):
        with app.app_context():
            desk = db.session.query(Desk).filter_by(code=code).join(Desk.workspace).filter_by(slug=SLUG).one()
            found = (desk.floor_id, desk.plan_x, desk.plan_y)
            db.session.remove()
            return found

    yield place
    with app.app_context():
        db.engine.dispose()


def audit(page: Page, name: str, problems: list[str], width: int) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        problems.append(f"{name} ({page.url}):\n{describe(blocking)}")
    assert_fits(page, width)


def test_manager_places_a_desk_by_keyboard_and_by_dragging(new_context, site, hub, tmp_path):
    place = hub
    problems: list[str] = []
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, MANAGER["email"], MANAGER["password"])

    page.goto(f"/manage/{SLUG}/floors")
    expect(page.get_by_text("This workspace has no floors yet.")).to_be_visible()
    page.get_by_label("Name of the floor").fill("Ground floor")
    page.get_by_role("button", name="Add floor").click()
    expect(page.get_by_role("heading", name="Ground floor", level=1)).to_be_visible()
    plan = tmp_path / "ground.svg"
    plan.write_bytes(PLAN_SVG)
    page.get_by_label(re.compile(r"^Plan image")).set_input_files(str(plan))
    page.get_by_role("button", name="Upload plan").click()
    expect(page.get_by_role("status").filter(has_text="The plan of Ground floor is saved.")).to_be_visible()

    page.get_by_role("button", name="Place F1 on this floor").click()
    marker = page.locator("g.plan-marker").filter(has_text="F1")
    expect(marker).to_have_attribute("aria-label", "Desk F1, 50.0% from the left, 50.0% from the top")
    floor_id, x, y = place("F1")
    assert floor_id is not None and (x, y) == (0.5, 0.5)
    audit(page, "floor (phone)", problems, PHONE["width"])

    # Keyboard: two steps right, one big step down.
    marker.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowDown")
    status = page.locator("#plan-status")
    expect(status).to_have_text("Desk F1 is placed 52.0% from the left and 55.0% from the top.")
    assert place("F1") == (floor_id, 0.52, 0.55)
    expect(page.locator("#x-" + marker.get_attribute("id").removeprefix("marker-"))).to_have_value("52.0")

    page.goto(f"/manage/{SLUG}/floors")
    audit(page, "floors (phone)", problems, PHONE["width"])
    context.close()

    # Dragging with a mouse on a desktop: to a quarter of the width, three quarters down.
    context = new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, MANAGER["email"], MANAGER["password"])
    page.goto(f"/manage/{SLUG}/floors/{floor_id}")
    svg = page.locator("svg.floor-plan-svg").bounding_box()
    marker = page.locator("g.plan-marker").filter(has_text="F1")
    start = marker.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    for i in range(1, 6):
        tx = svg["x"] + svg["width"] * (0.52 + (0.25 - 0.52) * i / 5)
        ty = svg["y"] + svg["height"] * (0.55 + (0.75 - 0.55) * i / 5)
        page.mouse.move(tx, ty)
    page.mouse.up()
    expect(page.locator("#plan-status")).to_have_text(re.compile(r"^Desk F1 is placed \d+\.\d% from the left"))
    _floor, x, y = place("F1")
    assert abs(x - 0.25) < 0.02 and abs(y - 0.75) < 0.02, (x, y)
    page.reload()
    audit(page, "floor (desktop)", problems, DESKTOP["width"])
    context.close()
    assert not errors, errors  # no CSP refusal, no script error
    assert not problems, "\n".join(problems)
