"""A member finds every desk taken for an evening, joins the waitlist from the day page, sees
their place in line under "My bookings" and leaves it again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.support.app import make_app
from tests.support.browser import PASSWORD, log_in

pytestmark = pytest.mark.browser

MEMBER = "waitlist@browser.example.org"


def fill_the_evening(site, day) -> None:
    """Every desk booked 19:00–21:00 on ``day`` by members of its own, and the waiting member."""
    from coworking.accounts import services as accounts
    from coworking.bookings import services as bookings
    from coworking.extensions import db
    from coworking.web.unit_of_work import run
    from coworking.workspaces.models import Desk, Workspace

    app = make_app(site.database_url)
    with app.app_context():

        def seed():
            now = datetime.now(UTC)
            # The shared workspace's desks only: other tests add workspaces of their own.
            desks = db.session.query(Desk).join(Workspace).filter(Workspace.slug == site.slug).order_by(Desk.code).all()
            for desk in desks:
                holder = accounts.create_user(
                    email=f"evening-{desk.code.lower()}@browser.example.org",
                    name=f"Evening {desk.code}",
                    role="member",
                    password=PASSWORD,
                    now=now,
                    workspaces=[site.slug],
                )
                bookings.book(holder, desk_id=desk.id, start=f"{day}T19:00", end=f"{day}T21:00", note=None, now=now)
            accounts.create_user(
                email=MEMBER, name="Waiting Member", role="member", password=PASSWORD, now=now, workspaces=[site.slug]
            )

        run(seed)
        db.session.remove()
        db.engine.dispose()


def test_join_and_leave_the_waitlist_from_a_full_evening(page, site):
    day = datetime.now(ZoneInfo(site.timezone)).date() + timedelta(days=12)
    fill_the_evening(site, day.isoformat())
    page.set_default_timeout(10_000)
    log_in(page, MEMBER, PASSWORD)
    page.goto(f"/workspaces/{site.slug}?date={day.isoformat()}&start=19:00&end=21:00")
    join = page.get_by_role("button", name="Join the waitlist for this period")
    expect(join).to_be_visible()
    join.click()
    expect(page.get_by_role("heading", name="Waiting for a desk")).to_be_visible()
    entry = page.locator("article.waitlist-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("19:00–21:00")
    expect(entry).to_contain_text("number 1 in line")
    entry.get_by_role("button", name="Leave").click()
    expect(page.get_by_text("You left the waitlist.")).to_be_visible()
    expect(page.locator("article.waitlist-entry")).to_have_count(0)
