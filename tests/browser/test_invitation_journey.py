"""An admin invites a member from a phone; the member follows the mailed link, chooses a
password, makes their first choices on the welcome page and books a desk.

The link is read from the ``.eml`` the worker wrote: it is built from BASE_URL (here the
development default, not the live server's own address, which proves the request's Host played
no part), works once, and its token never reaches the server's log. Every page on the way fits a
390 px phone and has no serious or critical axe-core finding.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    BLOCKING_IMPACTS,
    PASSWORD,
    PHONE,
    assert_fits,
    axe_violations,
    describe,
    log_in,
)

pytestmark = pytest.mark.browser

INVITEE = {"name": "Ines Invited", "email": "ines.invited@browser.example.org", "password": "pancakes-by-the-canal"}
DESK = "D5"
BASE_URL = "http://127.0.0.1:5000"  # the live server's configured BASE_URL (the development default)


def phone(new_context) -> Page:
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB")
    context.set_default_timeout(10_000)
    return context.new_page()


def check_page(page: Page, name: str) -> None:
    """Fits the phone, and axe finds nothing serious or critical."""
    assert_fits(page, PHONE["width"])
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{name} ({page.url}):\n{describe(blocking)}"


def test_admin_invites_a_member_who_sets_a_password_and_books(new_context, site):
    # --- the admin invites from the members page ----------------------------------------
    admin = phone(new_context)
    log_in(admin, "admin@browser.example.org", PASSWORD)
    admin.goto("/workspaces")
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    expect(admin.get_by_role("heading", name="Members", level=1)).to_be_visible()
    check_page(admin, "members")
    admin.get_by_role("button", name="Invite a member").click()
    expect(admin.get_by_role("heading", name="Invite a member", level=1)).to_be_visible()
    check_page(admin, "invite")
    admin.get_by_label("Name").fill(INVITEE["name"])
    admin.get_by_label("Email").fill(INVITEE["email"])
    admin.get_by_label("Member", exact=True).check()
    admin.get_by_label("Home workspace").select_option(site.slug)
    admin.get_by_role("button", name="Send the invitation").click()
    expect(admin.get_by_role("heading", name=INVITEE["name"], level=1)).to_be_visible()
    expect(admin.locator("p.flash")).to_contain_text(f"we mailed {INVITEE['email']} a link")
    expect(admin.get_by_role("main")).to_contain_text("Invited, no password yet")
    check_page(admin, "member")

    # The admin finds the invitee by a part of the address.
    admin.get_by_role("link", name="Members").first.click()
    admin.get_by_label("Search by name, email or member number").fill("ines.inv")
    admin.get_by_role("button", name="Search").click()
    expect(admin.get_by_role("main").get_by_role("heading", level=2)).to_have_text([INVITEE["name"]])

    # --- the member opens the mail's link --------------------------------------------------
    (mail,) = site.mails_to(INVITEE["email"])
    assert mail["Subject"] == "You are invited to the cooperative's desk booking"
    link = re.search(r"https?://\S+/invitation/\S+", mail.get_body(("plain",)).get_content()).group(0)
    assert link.startswith(BASE_URL + "/invitation/"), link
    path = "/invitation/" + link.rsplit("/invitation/", 1)[1]
    member = phone(new_context)
    member.goto(path)
    expect(member.get_by_role("heading", name=f"Welcome, {INVITEE['name']}", level=1)).to_be_visible()
    check_page(member, "accept invitation")
    member.get_by_label("Password", exact=True).fill(INVITEE["password"])
    member.get_by_label("Repeat the password").fill(INVITEE["password"])
    member.get_by_role("button", name="Set my password and log in").click()

    # --- logged in, on the welcome page: home workspace, mails -------------------------------
    expect(member).to_have_url(re.compile(r"/welcome$"))
    expect(member.locator("p.flash")).to_contain_text("Your password is set.")
    expect(member.get_by_role("radio", name=re.compile(site.name))).to_be_checked()  # from the invitation
    check_page(member, "welcome")
    member.get_by_label("Reminder before a booking").select_option("same_morning")
    member.get_by_role("button", name="Save and start").click()
    expect(member).to_have_url(re.compile(rf"/workspaces/{site.slug}$"))
    expect(member.locator("p.flash")).to_contain_text("You are all set.")
    assert path.rsplit("/", 1)[1] not in site.server.log_text()  # the token is never logged

    # --- and books a desk ---------------------------------------------------------------
    day = site.today() + timedelta(days=6)
    member.goto(f"/workspaces/{site.slug}?date={day.isoformat()}")
    desk = member.get_by_label("Desk", exact=True)
    desk.select_option(label=desk.locator("option", has_text=re.compile(rf"^{DESK} ")).inner_text())
    member.get_by_label("Morning").check()
    member.get_by_role("button", name="Book", exact=True).click()
    expect(member).to_have_url(re.compile(r"/bookings/[0-9a-f-]{36}$"))
    expect(member.locator("p.flash")).to_contain_text("Booked!")
    expect(member.get_by_role("heading", level=1)).to_have_text(f"Desk {DESK} at {site.name}")
    assert_fits(member, PHONE["width"])

    # --- the link worked once ------------------------------------------------------------
    stranger = phone(new_context)
    stranger.goto(path)
    expect(stranger.get_by_role("heading", name="This invitation link no longer works", level=1)).to_be_visible()
