"""A manager runs their workspace from a phone (issue 19).

On a phone-sized Chromium against the live gunicorn: the manager opens "Manage", adds a desk,
takes it out of service with a reason, closes the workspace for a day — first seeing which
bookings that cancels and whose they are, then confirming — and finds those bookings cancelled
in the day's list, while each member gets the cancellation by mail. Every administration page
passes axe (no serious or critical violation) and fits the phone's width.

The module adds its own workspace, manager and members to the live site's database (through
the services), so its closure cancels nothing the other browser tests rely on.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.support.app import make_app
from tests.support.browser import BLOCKING_IMPACTS, PHONE, assert_fits, axe_violations, describe, log_in

pytestmark = pytest.mark.browser

SLUG = "manage-hub"
MANAGER = {"email": "desk-manager@browser.example.org", "password": "closures-and-desks", "name": "Mona Manager"}
MEMBERS = (("ines@browser.example.org", "Ines Verhulst"), ("jonas@browser.example.org", "Jonas Peeters"))
PASSWORD = "member-passphrase-19"


@pytest.fixture(scope="module")
def hub(live_server) -> date:
    """Workspace ``manage-hub`` (open every day 07:00–22:00, desks H1 and H2), its manager, and
    two members with a booking each in five days' time. Returns that day."""
    from coworking.accounts import services as accounts
    from coworking.bookings import services as bookings
    from coworking.extensions import db
    from coworking.web.unit_of_work import run
    from coworking.workspaces import services as workspaces

    now = datetime.now(UTC)
    day = now.astimezone(ZoneInfo("Europe/Brussels")).date() + timedelta(days=5)

    def seed():
        admin = accounts.create_user(
            email="hub-admin@browser.example.org", name="Hub Admin", role="admin", password=PASSWORD, now=now
        )
        workspace = workspaces.create_workspace(
            admin,
            {
                "slug": SLUG,
                "name": "Manage Hub",
                "city": "Leuven",
                "country": "BE",
                "timezone": "Europe/Brussels",
                "currency": "EUR",
                "opening_hours": [{"weekday": d, "open": "07:00", "close": "22:00"} for d in range(7)],
                "policy": {"min_notice_minutes": 0, "max_advance_days": 60},
            },
            now,
        )
        desks = [
            workspaces.add_desk(admin, workspace, {"code": code, "kind": "hot_desk", "zone": "Loft"}, now)
            for code in ("H1", "H2")
        ]
        accounts.create_user(
            email=MANAGER["email"],
            name=MANAGER["name"],
            role="manager",
            password=MANAGER["password"],
            now=now,
            workspaces=[SLUG],
        )
        for (email, name), desk in zip(MEMBERS, desks, strict=True):
            member = accounts.create_user(
                email=email, name=name, role="member", password=PASSWORD, now=now, workspaces=[SLUG]
            )
            bookings.book(member, desk_id=desk.id, start=f"{day}T09:00", end=f"{day}T12:00", note=None, now=now)

    app = make_app(live_server.server.env["DATABASE_URL"])
    with app.app_context():
        run(seed)
        db.session.remove()
        db.engine.dispose()
    return day


def phone(new_context) -> Page:
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(10_000)
    return context.new_page()


def audit(page: Page, name: str, problems: list[str]) -> None:
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        problems.append(f"{name} ({page.url}):\n{describe(blocking)}")
    assert_fits(page, PHONE["width"])


def test_manager_adds_a_desk_takes_it_out_of_service_and_closes_a_day(new_context, site, hub):
    day = hub
    page = phone(new_context)
    problems: list[str] = []
    log_in(page, MANAGER["email"], MANAGER["password"])

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Manage").click()
    expect(page).to_have_url(re.compile(r"/manage/$"))
    audit(page, "manage", problems)
    page.get_by_role("link", name="Manage Hub").click()
    expect(page.get_by_role("heading", name="Details")).to_be_visible()
    audit(page, "details", problems)
    page.get_by_role("link", name="Opening hours").click()
    expect(page.get_by_label("Opens").first).to_have_value("07:00")
    audit(page, "hours", problems)
    page.get_by_role("link", name="Booking rules").click()
    expect(page.get_by_text("How many days ahead members may book.")).to_be_visible()
    audit(page, "policy", problems)

    # A desk: added, then out of service from the day after the closure, with a reason.
    page.get_by_role("link", name="Desks").click()
    page.get_by_label("Code", exact=True).fill("W9")
    page.get_by_label("Kind", exact=True).select_option("phone_booth")
    page.get_by_label("Zone", exact=True).fill("Window")
    page.get_by_role("button", name="Add desk").click()
    expect(page.get_by_role("status").filter(has_text="Desk W9 is added.")).to_be_visible()
    card = page.locator("article.desk-card").filter(has_text="W9")
    expect(card).to_contain_text("phone booth · Window")
    expect(card).to_contain_text("In service")
    audit(page, "desks", problems)

    card.get_by_role("link", name="Change desk W9").click()
    out_from = day + timedelta(days=1)
    page.get_by_label(re.compile(r"^Out of service from")).fill(out_from.isoformat())
    page.get_by_label(re.compile(r"^Reason")).fill("Cable works")
    audit(page, "desk", problems)
    page.get_by_role("button", name="Save service period").click()
    expect(page.get_by_role("status").filter(has_text="The service period of desk W9 is saved.")).to_be_visible()
    card = page.locator("article.desk-card").filter(has_text="W9")
    expect(card).to_contain_text(re.compile(r"In service until \d+ \w+ \d{4}"))
    expect(card).to_contain_text("Cable works")

    # A closure: the preview names the bookings it cancels and their members, then it is made.
    page.get_by_role("link", name="Closures").click()
    page.get_by_label("First closed day").fill(day.isoformat())
    page.get_by_label("Last closed day").fill(day.isoformat())
    page.get_by_label(re.compile(r"^Reason")).fill("Public holiday")
    page.get_by_role("button", name="See which bookings it cancels").click()
    preview = page.locator(".closure-preview")
    expect(preview.get_by_role("heading", name="This closure cancels 2 bookings")).to_be_visible()
    for _email, name in MEMBERS:
        expect(preview).to_contain_text(name)
    expect(preview).to_contain_text("09:00–12:00")
    audit(page, "closure preview", problems)
    page.get_by_role("button", name="Confirm closure").click()
    expect(page.get_by_role("status").filter(has_text="2 bookings were cancelled")).to_be_visible()
    expect(page.locator(".closure-list")).to_contain_text("Public holiday")
    expect(page.get_by_role("button", name="Lift this closure")).to_be_visible()
    audit(page, "closures", problems)

    # The day's bookings: both cancelled, with the closure's reason.
    page.get_by_role("link", name="Bookings", exact=True).click()
    page.get_by_label("Day", exact=True).fill(day.isoformat())
    page.get_by_role("button", name="Show").click()
    cards = page.locator("article.booking-card")
    expect(cards).to_have_count(2)
    for i in range(2):
        expect(cards.nth(i)).to_contain_text("cancelled")
    audit(page, "bookings", problems)
    page.get_by_role("link", name="Book for a member").first.click()
    expect(page.get_by_label(re.compile(r"^Member"))).to_be_visible()
    audit(page, "book for a member", problems)

    # Lifted again (a mistake): the day opens; the cancelled bookings stay cancelled.
    page.get_by_role("link", name="Closures", exact=True).click()
    page.get_by_role("button", name="Lift this closure").click()
    expect(page.get_by_role("status").filter(has_text="The closure is lifted")).to_be_visible()
    expect(page.get_by_text("No closures are planned.")).to_be_visible()

    for email, _name in MEMBERS:
        mails = [m for m in site.mails_to(email) if "cancel" in str(m["Subject"]).lower()]
        assert mails, f"no cancellation mail to {email}"
        assert "Public holiday" in mails[-1].get_body(("plain",)).get_content()
    assert not problems, "\n".join(problems)


def test_manager_takes_a_desk_out_of_service_for_two_days_and_sees_what_it_cancels(new_context, site, hub):
    """A booking of H1 a week ahead; the manager takes H1 out of service for that day and the
    next "because" of repairs: the preview names the booking and its member, confirming cancels
    it (the member is mailed with the reason), and the outage is listed with its button."""
    from coworking.accounts.models import User
    from coworking.bookings import services as bookings
    from coworking.extensions import db
    from coworking.web.unit_of_work import run
    from coworking.workspaces.models import Desk, Workspace

    now = datetime.now(UTC)
    first = hub + timedelta(days=2)
    email, name = MEMBERS[0]

    def seed():
        workspace = db.session.query(Workspace).filter_by(slug=SLUG).one()
        desk = db.session.query(Desk).filter_by(workspace_id=workspace.id, code="H1").one()
        member = db.session.query(User).filter_by(email=email).one()
        bookings.book(member, desk_id=desk.id, start=f"{first}T14:00", end=f"{first}T16:00", note=None, now=now)

    app = make_app(site.database_url)
    with app.app_context():
        run(seed)
        db.session.remove()
        db.engine.dispose()

    page = phone(new_context)
    problems: list[str] = []
    log_in(page, MANAGER["email"], MANAGER["password"])
    page.goto(f"/manage/{SLUG}/desks")
    page.locator("article.desk-card").filter(has_text="H1").get_by_role("link", name="Change desk H1").click()
    section = page.locator("#desk-outages-section")
    section.get_by_label(re.compile(r"^From")).fill(first.isoformat())
    section.get_by_label(re.compile(r"^Until")).fill((first + timedelta(days=1)).isoformat())
    section.get_by_label(re.compile(r"^Because")).fill("New floor in the loft")
    section.get_by_role("button", name="See which bookings it cancels").click()
    preview = page.locator("#desk-outages-section .closure-preview")
    expect(preview.get_by_role("heading", name="This cancels 1 booking")).to_be_visible()
    expect(preview).to_contain_text(name)
    expect(preview).to_contain_text("14:00–16:00")
    audit(page, "outage preview", problems)
    page.get_by_role("button", name="Confirm: take it out of service").click()
    expect(page.get_by_role("status").filter(has_text="1 booking was cancelled")).to_be_visible()
    expect(page.locator(".outage-list")).to_contain_text("New floor in the loft")
    expect(page.get_by_role("button", name="Cancel this outage")).to_be_visible()
    audit(page, "desk with an outage", problems)

    mails = [m for m in site.mails_to(email) if "New floor in the loft" in m.get_body(("plain",)).get_content()]
    assert mails, f"no cancellation mail with the reason to {email}"
    assert not problems, "\n".join(problems)
