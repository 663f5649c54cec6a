"""The authorization matrix: every route of the app × every kind of caller → expected status.

The table is keyed by ``(rule, method)`` exactly as ``app.url_map`` lists them, and a test
compares the two: a new route (or method) without an entry fails until someone decides who may
call it. Each role runs every cell once, in table order, against real objects: the workspace
"gent" with two desks, a confirmed booking of ``member``, a closed January (to reopen), and a
second workspace "brugge" managed by ``manager_elsewhere``.

Roles: ``anonymous`` (no token, no session), ``member`` (owns the booking), ``other_member``
(same home workspace, not the booking's owner), ``manager_here`` (manages gent),
``manager_elsewhere`` (manages brugge only), ``admin``. API cells authenticate with a bearer
token, page cells with the session from ``POST /login``; calendar feeds with the caller's own
feed token (anonymous: none).

Conventions the table encodes: anonymous pages → 302 to /login, anonymous API → 401 (problem),
a booking that is not yours → 404 (no hint that it exists), a manager-only or admin-only route →
403, feeds with a token that does not open them → 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from tests.support.factories import PASSWORD

ROLES = ("anonymous", "member", "other_member", "manager_here", "manager_elsewhere", "admin")
YEAR = 2027
BOOKED_DAY = date(2027, 3, 2)  # Tuesday; the clock stands at Monday 1 March 2027, 09:00 in Brussels


def every(status: int, **overrides: int) -> dict[str, int]:
    """``status`` for every role, except the ones named."""
    return {role: overrides.get(role, status) for role in ROLES}


# Shapes of the expectations, as a user should see them.
PUBLIC = every(200)
API_USER = every(200, anonymous=401)  # any authenticated caller
API_MANAGER = every(403, anonymous=401, manager_here=200, admin=200)  # this workspace's managers, admins
API_ADMIN = every(403, anonymous=401, admin=200)
API_OWNER = every(404, anonymous=401, member=200, manager_here=200, admin=200)  # the booking's member
PAGE_USER = every(200, anonymous=302)
PAGE_MANAGER = every(403, anonymous=302, manager_here=200, admin=200)
PAGE_ADMIN = every(403, anonymous=302, admin=200)
PAGE_OWNER = every(404, anonymous=302, member=200, manager_here=200, admin=200)
FEED_OWN = every(200, anonymous=404)  # each caller's own member feed
FEED_MANAGER = every(404, manager_here=200, admin=200)


@dataclass(frozen=True)
class Cell:
    """One request. ``url`` may name fixture objects as ``{booking}``, ``{slug}``, ``{year}``,
    ``{static}``; ``json``/``data`` is the body; ``feed`` adds the caller's feed token."""

    url: str
    expected: dict[str, int]
    json: Any = None
    data: dict | None = None
    feed: str | None = None  # "member" or "workspace"
    credentials: bool = False  # POST /api/v1/tokens with the caller's own email and password
    api: bool = field(default=False)
    body: bytes | None = None  # a raw request body (a plan image), sent with ``content_type``
    content_type: str | None = None


def api(url, expected, **kw) -> Cell:
    return Cell(url, expected, api=True, **kw)


def page(url, expected, **kw) -> Cell:
    return Cell(url, expected, **kw)


PLAN = {
    "costs": {"rent": "1000.00", "service_charges": "0.00", "staff": "0.00", "equipment": "0.00", "other": "0.00"},
    "income": {"desk_fees": "500.00", "partner_contributions": "0.00", "subsidies": "0.00"},
    "target_occupancy": "0.6",
    "planned_desks": 2,
    "desk_day_price": "20.00",
    "approved": False,
}

# Order matters only for what changes state: feeds are read before anyone rotates their feed
# secret, the booking is read before it is cancelled, and the session ends last.
MATRIX: dict[tuple[str, str], Cell] = {
    # --- JSON API (bearer token) ------------------------------------------------------------
    ("/api/v1/openapi.json", "GET"): api("/api/v1/openapi.json", PUBLIC),
    ("/api/v1/tokens", "POST"): api("/api/v1/tokens", every(201, anonymous=401), credentials=True),
    ("/api/v1/workspaces", "GET"): api("/api/v1/workspaces", API_USER),
    ("/api/v1/workspaces", "POST"): api(
        "/api/v1/workspaces",
        {**API_ADMIN, "admin": 201},
        json={
            "slug": "leuven",
            "name": "Leuven",
            "city": "Leuven",
            "country": "BE",
            "address": "Naamsestraat 1",
            "timezone": "Europe/Brussels",
            "currency": "EUR",
            "opening_hours": [{"weekday": 0, "open": "09:00", "close": "17:00"}],
        },
    ),
    ("/api/v1/workspaces/<slug>", "GET"): api("/api/v1/workspaces/{slug}", API_USER),
    ("/api/v1/workspaces/<slug>", "PATCH"): api(
        "/api/v1/workspaces/{slug}", API_MANAGER, json={"policy": {"max_active_bookings": 9}}
    ),
    ("/api/v1/workspaces/<slug>/availability", "GET"): api(
        "/api/v1/workspaces/{slug}/availability?date=2027-03-02", API_USER
    ),
    ("/api/v1/workspaces/<slug>/desks", "GET"): api("/api/v1/workspaces/{slug}/desks", API_USER),
    ("/api/v1/workspaces/<slug>/week", "GET"): api("/api/v1/workspaces/{slug}/week?start=2027-03-01", API_USER),
    ("/api/v1/workspaces/<slug>/desks", "POST"): api(
        "/api/v1/workspaces/{slug}/desks",
        {**API_MANAGER, "manager_here": 201, "admin": 201},
        json={"code": "NEW", "kind": "hot_desk"},
    ),
    ("/api/v1/workspaces/<slug>/closures", "POST"): api(
        "/api/v1/workspaces/{slug}/closures",
        {**API_MANAGER, "manager_here": 201, "admin": 201},
        json={"start_date": "2027-05-03", "end_date": "2027-05-04", "reason": "Works"},
    ),
    # Workspace administration (issue 19): members read closures; only its managers change.
    ("/api/v1/workspaces/<slug>/closures", "GET"): api("/api/v1/workspaces/{slug}/closures", API_USER),
    ("/api/v1/workspaces/<slug>/desks/<int:desk_id>", "PATCH"): api(
        "/api/v1/workspaces/{slug}/desks/{desk2}", API_MANAGER, json={"zone": "Window"}
    ),
    # A desk's outages (out of service from–until): anyone signed in reads them, its managers change.
    ("/api/v1/workspaces/<slug>/desks/<int:desk_id>/outages", "GET"): api(
        "/api/v1/workspaces/{slug}/desks/{desk2}/outages", API_USER
    ),
    ("/api/v1/workspaces/<slug>/desks/<int:desk_id>/outages", "POST"): api(
        "/api/v1/workspaces/{slug}/desks/{desk2}/outages",
        {**API_MANAGER, "manager_here": 201, "admin": 201},
        json={"first_day": "2027-03-10", "last_day": "2027-03-10", "reason": "Repairs"},
    ),
    ("/api/v1/workspaces/<slug>/desks/<int:desk_id>/outages/<int:outage_id>", "DELETE"): api(
        "/api/v1/workspaces/{slug}/desks/{desk2}/outages/{outage}", API_MANAGER
    ),
    # Floors: any member reads them; managers add floors and upload plans (the body is the image).
    ("/api/v1/workspaces/<slug>/floors", "GET"): api("/api/v1/workspaces/{slug}/floors", API_USER),
    ("/api/v1/workspaces/<slug>/floors", "POST"): api(
        "/api/v1/workspaces/{slug}/floors", {**API_MANAGER, "manager_here": 201, "admin": 201}, json={"name": "Attic"}
    ),
    ("/api/v1/workspaces/<slug>/floors/<int:floor_id>/plan", "PUT"): api(
        "/api/v1/workspaces/{slug}/floors/{floor}/plan",
        API_MANAGER,
        body=b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>',
        content_type="image/svg+xml",
    ),
    ("/api/v1/workspaces/<slug>/closures/<int:closure_id>", "DELETE"): api(
        "/api/v1/workspaces/{slug}/closures/{closure}", API_MANAGER
    ),
    ("/api/v1/workspaces/<slug>/occupancy", "GET"): api(
        "/api/v1/workspaces/{slug}/occupancy?from=2027-02-01&to=2027-02-28", API_MANAGER
    ),
    ("/api/v1/workspaces/<slug>/usage", "GET"): api(
        "/api/v1/workspaces/{slug}/usage?from=2027-02-01&to=2027-02-28", API_MANAGER
    ),
    ("/api/v1/workspaces/<slug>/budget/<int:year>", "GET"): api("/api/v1/workspaces/{slug}/budget/{year}", API_MANAGER),
    ("/api/v1/workspaces/<slug>/budget/<int:year>", "PUT"): api(
        "/api/v1/workspaces/{slug}/budget/{year}", {**API_ADMIN, "admin": 201}, json=PLAN
    ),
    ("/api/v1/budget/<int:year>", "GET"): api("/api/v1/budget/{year}", API_ADMIN),
    ("/api/v1/budget/close", "POST"): api(
        "/api/v1/budget/close", {**API_ADMIN, "admin": 201}, json={"month": "2027-02"}
    ),
    ("/api/v1/budget/reopen", "POST"): api(
        "/api/v1/budget/reopen", API_ADMIN, json={"month": "2027-01", "workspace": "gent", "reason": "Late invoice"}
    ),
    ("/api/v1/audit", "GET"): api("/api/v1/audit", API_ADMIN),
    ("/api/v1/me/data", "GET"): api("/api/v1/me/data", API_USER),
    # members administration (admins): "newcomer" is invited (no password yet)
    ("/api/v1/users/invite", "POST"): api(
        "/api/v1/users/invite",
        {**API_ADMIN, "admin": 201},
        json={"email": "invitee@example.org", "name": "Invitee", "role": "member", "workspaces": ["gent"]},
    ),
    ("/api/v1/users", "GET"): api("/api/v1/users?q=example", API_ADMIN),
    ("/api/v1/users/<int:user_id>", "GET"): api("/api/v1/users/{newcomer}", API_ADMIN),
    ("/api/v1/users/<int:user_id>", "PATCH"): api("/api/v1/users/{newcomer}", API_ADMIN, json={"role": "member"}),
    ("/api/v1/users/<int:user_id>/invitation", "POST"): api(
        "/api/v1/users/{newcomer}/invitation", {**API_ADMIN, "admin": 201}
    ),
    ("/api/v1/users/<int:user_id>/erase", "POST"): api("/api/v1/users/{leaver}/erase", API_ADMIN),
    ("/api/v1/me/usage", "GET"): api("/api/v1/me/usage?from=2027-02-01&to=2027-02-28", API_USER),
    ("/api/v1/me/calendar", "GET"): api("/api/v1/me/calendar", API_USER),
    ("/api/v1/bookings", "GET"): api("/api/v1/bookings", API_USER),
    ("/api/v1/bookings", "POST"): api(
        "/api/v1/bookings",
        every(201, anonymous=401),
        json={"desk_id": "{desk2}", "start": "2027-03-03T10:00", "end": "2027-03-03T12:00"},
    ),
    ("/api/v1/bookings/<booking_id>", "GET"): api("/api/v1/bookings/{booking}", API_OWNER),
    # a meeting room's guests: only its booker changes them (the guest, other_member, and the
    # managers see the booking but may not: 403); the same list again changes nothing
    ("/api/v1/bookings/<booking_id>/guests", "PUT"): api(
        "/api/v1/bookings/{room_booking}/guests",
        every(403, anonymous=401, member=200, manager_elsewhere=404),
        json={"guests": [{"member_id": "{guest}"}]},
    ),
    ("/api/v1/guests/candidates", "GET"): api("/api/v1/guests/candidates?q=ot", API_USER),
    ("/api/v1/series", "POST"): api(
        "/api/v1/series",
        every(201, anonymous=401),
        json={"desk_id": "{desk2}", "start": "2027-03-08T14:00", "end": "2027-03-08T15:00", "dates": []},
    ),
    ("/api/v1/series/<series_id>", "GET"): api("/api/v1/series/{series}", API_OWNER),
    ("/api/v1/waitlist", "GET"): api("/api/v1/waitlist", API_USER),
    # desk G2 is free then: anyone signed in may ask, and is told to book it instead
    ("/api/v1/waitlist", "POST"): api(
        "/api/v1/waitlist",
        every(409, anonymous=401),
        json={"workspace": "gent", "start": "2027-03-02T10:00", "end": "2027-03-02T12:00"},
    ),
    # --- calendar feeds (token in the URL) ---------------------------------------------------
    ("/calendar/member.ics", "GET"): page("/calendar/member.ics", FEED_OWN, feed="member"),
    ("/calendar/workspace/<slug>.ics", "GET"): page("/calendar/workspace/{slug}.ics", FEED_MANAGER, feed="workspace"),
    ("/api/v1/me/calendar/rotate", "POST"): api("/api/v1/me/calendar/rotate", every(201, anonymous=401)),
    ("/api/v1/me/notifications", "GET"): api("/api/v1/me/notifications", API_USER),
    ("/api/v1/me/notifications", "PATCH"): api("/api/v1/me/notifications", API_USER, json={"reminders": "none"}),
    ("/api/v1/me/profile", "GET"): api("/api/v1/me/profile", API_USER),
    ("/api/v1/me/profile", "PATCH"): api("/api/v1/me/profile", API_USER, json={"visible_to_members": True}),
    # who's in: any member may ask (members see the visible ones, managers here everyone;
    # a manager of another workspace is a member there: tests/bookings/test_presence.py)
    ("/api/v1/workspaces/<slug>/presence", "GET"): api("/api/v1/workspaces/{slug}/presence?date=2027-03-02", API_USER),
    ("/api/v1/me/favourites", "GET"): api("/api/v1/me/favourites", API_USER),
    ("/api/v1/me/favourites", "PUT"): api(
        "/api/v1/me/favourites", API_USER, json={"home_workspace": "gent", "desks": []}
    ),
    # --- pages (session) -----------------------------------------------------------------------
    ("/static/<path:filename>", "GET"): page("/static/app.css", PUBLIC),
    ("/healthz", "GET"): page("/healthz", PUBLIC),
    ("/favicon.ico", "GET"): page("/favicon.ico", every(301)),  # to /static/favicon.svg
    ("/", "GET"): page("/", every(302)),
    ("/login", "GET"): page("/login", every(302, anonymous=200)),
    ("/register", "GET"): page("/register", every(302, anonymous=200)),
    ("/register", "POST"): page("/register", every(302, anonymous=200), data={}),
    ("/password/forgot", "GET"): page("/password/forgot", PUBLIC),
    ("/password/forgot", "POST"): page("/password/forgot", PUBLIC, data={}),
    ("/password/reset/<token>", "GET"): page("/password/reset/not-a-token", every(302)),
    ("/password/reset/<token>", "POST"): page("/password/reset/not-a-token", every(302), data={}),
    ("/language", "POST"): page("/language", every(302), data={"language": "nl", "next": "/workspaces"}),
    ("/workspaces", "GET"): page("/workspaces", PAGE_USER),
    ("/workspaces/<slug>", "GET"): page("/workspaces/{slug}?date=2027-03-02", PAGE_USER),
    ("/workspaces/<slug>", "POST"): page("/workspaces/{slug}", every(422, anonymous=302), data={}),
    ("/workspaces/<slug>/week", "GET"): page("/workspaces/{slug}/week?start=2027-03-01", PAGE_USER),
    ("/workspaces/<slug>/presence", "GET"): page("/workspaces/{slug}/presence?date=2027-03-02", PAGE_USER),
    # Any member may star any desk (members book everywhere); back to the day page.
    ("/workspaces/<slug>/favourites/<int:desk_id>", "POST"): page(
        "/workspaces/{slug}/favourites/{desk2}", every(302), data={"starred": "1"}
    ),
    # Desk QR codes: the printable sheet is the managers'; any member may open a desk's scan
    # page, and pressing its button answers with the scan page again (here: nothing to check in).
    # A floor's plan image: any member (the fixture has no floor: 404 for every member).
    ("/workspaces/<slug>/floors/<int:floor_id>/plan", "GET"): page(
        "/workspaces/{slug}/floors/999999/plan", every(404, anonymous=302)
    ),
    ("/workspaces/<slug>/desks/qr", "GET"): page("/workspaces/{slug}/desks/qr", PAGE_MANAGER),
    ("/workspaces/<slug>/desks/<int:desk_id>/scan", "GET"): page("/workspaces/{slug}/desks/{desk2}/scan", PAGE_USER),
    ("/workspaces/<slug>/desks/<int:desk_id>/scan", "POST"): page(
        "/workspaces/{slug}/desks/{desk2}/scan", every(302), data={"action": "check_in"}
    ),
    ("/bookings", "GET"): page("/bookings", PAGE_USER),
    ("/bookings/past", "GET"): page("/bookings/past", PAGE_USER),
    ("/bookings/<booking_id>", "GET"): page("/bookings/{booking}", PAGE_OWNER),
    ("/bookings/<booking_id>.ics", "GET"): page("/bookings/{booking}.ics", PAGE_OWNER),
    ("/bookings/<booking_id>/cancel", "GET"): page("/bookings/{booking}/cancel", PAGE_OWNER),
    # inviting someone already invited changes nothing (back to the page); others as for PUT
    ("/bookings/<booking_id>/guests", "POST"): page(
        "/bookings/{room_booking}/guests",
        every(403, anonymous=302, member=302, manager_elsewhere=404),
        data={"guest": "other@example.org"},
    ),
    ("/workspaces/<slug>/series", "GET"): page("/workspaces/{slug}/series", PAGE_USER),
    ("/workspaces/<slug>/series", "POST"): page("/workspaces/{slug}/series", every(422, anonymous=302), data={}),
    ("/series/<series_id>", "GET"): page("/series/{series}", PAGE_OWNER),
    ("/series/<series_id>/cancel", "GET"): page("/series/{series}/cancel", PAGE_OWNER),
    ("/reports", "GET"): page(
        "/reports", every(403, anonymous=302, manager_here=200, manager_elsewhere=200, admin=200)
    ),
    ("/reports/me", "GET"): page("/reports/me", PAGE_USER),
    ("/reports/overview", "GET"): page("/reports/overview", PAGE_ADMIN),
    ("/reports/<slug>/today", "GET"): page("/reports/{slug}/today", PAGE_MANAGER),
    ("/reports/<slug>/occupancy", "GET"): page("/reports/{slug}/occupancy", PAGE_MANAGER),
    ("/reports/<slug>/occupancy.<fmt>", "GET"): page("/reports/{slug}/occupancy.csv", PAGE_MANAGER),
    ("/reports/<slug>/usage", "GET"): page("/reports/{slug}/usage", PAGE_MANAGER),
    ("/reports/<slug>/usage.<fmt>", "GET"): page("/reports/{slug}/usage.csv", PAGE_MANAGER),
    ("/budget/", "GET"): page(
        "/budget/", every(403, anonymous=302, manager_here=200, manager_elsewhere=200, admin=302)
    ),
    ("/budget/<int:year>", "GET"): page("/budget/{year}", PAGE_ADMIN),
    ("/budget/<int:year>/pack", "GET"): page("/budget/{year}/pack", PAGE_ADMIN),
    ("/budget/<int:year>/export.<fmt>", "GET"): page("/budget/{year}/export.csv", PAGE_ADMIN),
    ("/budget/<slug>/<int:year>", "GET"): page("/budget/{slug}/{year}", PAGE_MANAGER),
    ("/budget/<slug>/<int:year>/plan", "GET"): page("/budget/{slug}/{year}/plan", PAGE_ADMIN),
    ("/budget/<slug>/<int:year>/plan", "POST"): page(
        "/budget/{slug}/{year}/plan", {**PAGE_ADMIN, "admin": 302}, data={"rent": "1.00"}
    ),
    ("/budget/<slug>/<int:year>/costs", "POST"): page(
        "/budget/{slug}/{year}/costs", {**PAGE_ADMIN, "admin": 302}, data={}
    ),
    ("/budget/close", "POST"): page("/budget/close", {**PAGE_ADMIN, "admin": 302}, data={"month": "2027-02"}),
    ("/budget/<slug>/<int:year>/reopen", "POST"): page(
        "/budget/{slug}/{year}/reopen", {**PAGE_ADMIN, "admin": 302}, data={"month": "2027-01", "reason": "x"}
    ),
    # Workspace administration pages (issue 19): a manager of brugge changes nothing of gent.
    ("/manage/", "GET"): page(
        "/manage/", every(403, anonymous=302, manager_here=200, manager_elsewhere=200, admin=200)
    ),
    ("/manage/<slug>", "GET"): page("/manage/{slug}", PAGE_MANAGER),
    ("/manage/<slug>", "POST"): page(
        "/manage/{slug}",
        {**PAGE_MANAGER, "manager_here": 302, "admin": 302},
        data={"name": "Gent", "city": "Gent", "address": "Kouter 1", "default_language": "nl", "mail_from": ""},
    ),
    ("/manage/<slug>/hours", "GET"): page("/manage/{slug}/hours", PAGE_MANAGER),
    ("/manage/<slug>/hours", "POST"): page(
        "/manage/{slug}/hours",
        {**PAGE_MANAGER, "manager_here": 302, "admin": 302},
        data={k: v for d in range(5) for k, v in ((f"open_{d}_0", "09:00"), (f"close_{d}_0", "18:00"))},
    ),
    ("/manage/<slug>/policy", "GET"): page("/manage/{slug}/policy", PAGE_MANAGER),
    ("/manage/<slug>/policy", "POST"): page(
        "/manage/{slug}/policy",
        {**PAGE_MANAGER, "manager_here": 302, "admin": 302},
        data={
            "slot_minutes": "30",
            "min_notice_minutes": "0",
            "max_advance_days": "730",
            "max_length_minutes": "600",
            "max_active_bookings": "10",
            "cancel_cutoff_minutes": "60",
            "check_in_opens_minutes": "15",
            "check_in_grace_minutes": "30",
        },
    ),
    ("/manage/<slug>/desks", "GET"): page("/manage/{slug}/desks", PAGE_MANAGER),
    ("/manage/<slug>/desks", "POST"): page(
        "/manage/{slug}/desks",
        {**PAGE_MANAGER, "manager_here": 302, "admin": 302},
        data={"code": "NEW-PAGE", "kind": "hot_desk"},
    ),
    ("/manage/<slug>/desks/<int:desk_id>", "GET"): page("/manage/{slug}/desks/{desk2}", PAGE_MANAGER),
    ("/manage/<slug>/desks/<int:desk_id>", "POST"): page(
        "/manage/{slug}/desks/{desk2}",
        {**PAGE_MANAGER, "manager_here": 302, "admin": 302},
        data={"code": "G2", "kind": "hot_desk", "zone": "Window", "amenities": "screen"},
    ),
    ("/manage/<slug>/desks/<int:desk_id>/service", "POST"): page(
        "/manage/{slug}/desks/{desk2}/service",
        {**PAGE_MANAGER, "manager_here": 302, "admin": 302},
        data={"in_service_from": "2020-01-01", "out_of_service_from": "", "reason": ""},
    ),
    # the outage's preview step: it shows what taking the desk out would cancel and changes nothing
    ("/manage/<slug>/desks/<int:desk_id>/outages", "POST"): page(
        "/manage/{slug}/desks/{desk2}/outages",
        PAGE_MANAGER,
        data={"first_day": "2027-03-11", "last_day": "2027-03-12", "reason": "Repairs"},
    ),
    ("/manage/<slug>/desks/<int:desk_id>/outages/<int:outage_id>/lift", "POST"): page(
        "/manage/{slug}/desks/{desk2}/outages/{outage_page}/lift",
        {**PAGE_MANAGER, "manager_here": 302, "admin": 302},
        data={},
    ),
    ("/manage/<slug>/floors", "GET"): page("/manage/{slug}/floors", PAGE_MANAGER),
    ("/manage/<slug>/floors", "POST"): page(
        "/manage/{slug}/floors", {**PAGE_MANAGER, "manager_here": 302, "admin": 302}, data={"name": "Loft"}
    ),
    ("/manage/<slug>/floors/<int:floor_id>", "GET"): page("/manage/{slug}/floors/{floor}", PAGE_MANAGER),
    ("/manage/<slug>/floors/<int:floor_id>", "POST"): page(
        "/manage/{slug}/floors/{floor}", {**PAGE_MANAGER, "manager_here": 302, "admin": 302}, data={"name": "Level 0"}
    ),
    ("/manage/<slug>/floors/<int:floor_id>/move", "POST"): page(
        "/manage/{slug}/floors/{floor}/move", {**PAGE_MANAGER, "manager_here": 302, "admin": 302}, data={"step": "up"}
    ),
    ("/manage/<slug>/floors/<int:floor_id>/desks/<int:desk_id>", "POST"): page(
        "/manage/{slug}/floors/{floor}/desks/{desk2}",
        {**PAGE_MANAGER, "manager_here": 302, "admin": 302},
        data={"x": "25", "y": "75"},
    ),
    # a plan that is not an image: refused with the page's word (422), nothing stored
    ("/manage/<slug>/floors/<int:floor_id>/plan", "POST"): page(
        "/manage/{slug}/floors/{floor}/plan", {**PAGE_MANAGER, "manager_here": 422, "admin": 422}, data={}
    ),
    # last among the floor's cells: the floor is gone afterwards
    ("/manage/<slug>/floors/<int:floor_id>/delete", "POST"): page(
        "/manage/{slug}/floors/{floor}/delete", {**PAGE_MANAGER, "manager_here": 302, "admin": 302}, data={}
    ),
    ("/manage/<slug>/closures", "GET"): page("/manage/{slug}/closures", PAGE_MANAGER),
    # the preview step: it shows what a closure would cancel and changes nothing
    ("/manage/<slug>/closures", "POST"): page(
        "/manage/{slug}/closures", PAGE_MANAGER, data={"start_date": "2027-03-02", "end_date": "2027-03-02"}
    ),
    ("/manage/<slug>/closures/<int:closure_id>/lift", "POST"): page(
        "/manage/{slug}/closures/{closure_page}/lift", {**PAGE_MANAGER, "manager_here": 302, "admin": 302}, data={}
    ),
    ("/manage/<slug>/bookings", "GET"): page("/manage/{slug}/bookings?date=2027-03-02", PAGE_MANAGER),
    ("/manage/<slug>/bookings/<booking_id>/cancel", "GET"): page(
        "/manage/{slug}/bookings/{booking}/cancel", PAGE_MANAGER
    ),
    ("/manage/<slug>/book", "GET"): page("/manage/{slug}/book", PAGE_MANAGER),
    # an empty form: refused (422) for its managers, before anything is booked
    ("/manage/<slug>/book", "POST"): page(
        "/manage/{slug}/book", every(403, anonymous=302, manager_here=422, admin=422), data={}
    ),
    ("/admin/audit/", "GET"): page("/admin/audit/", PAGE_ADMIN),
    ("/admin/outbox/", "GET"): page("/admin/outbox/", PAGE_ADMIN),
    ("/admin/outbox/retry", "POST"): page("/admin/outbox/retry", {**PAGE_ADMIN, "admin": 302}, data={}),
    ("/me/data", "GET"): page("/me/data", PAGE_USER),
    ("/welcome/home", "GET"): page("/welcome/home", every(301)),  # the former question: now /welcome
    ("/welcome", "GET"): page("/welcome", PAGE_USER),
    # no reminder choice: the page again, saying what is missing
    ("/welcome", "POST"): page("/welcome", every(422, anonymous=302), data={}),
    # a link that names no invitation: "no longer works", for anyone
    ("/invitation/<token>", "GET"): page("/invitation/not-a-token", every(404)),
    ("/invitation/<token>", "POST"): page("/invitation/not-a-token", every(404), data={}),
    ("/admin/members", "GET"): page("/admin/members?q=example", PAGE_ADMIN),
    ("/admin/members/invite", "GET"): page("/admin/members/invite", PAGE_ADMIN),
    # nothing filled in: the form again, saying what is missing
    ("/admin/members/invite", "POST"): page("/admin/members/invite", {**PAGE_ADMIN, "admin": 200}, data={}),
    ("/admin/members/<int:user_id>", "GET"): page("/admin/members/{newcomer}", PAGE_ADMIN),
    ("/admin/members/<int:user_id>/role", "POST"): page(
        "/admin/members/{newcomer}/role", {**PAGE_ADMIN, "admin": 302}, data={"role": "member"}
    ),
    ("/admin/members/<int:user_id>/deactivate", "POST"): page(
        "/admin/members/{newcomer}/deactivate", {**PAGE_ADMIN, "admin": 302}, data={}
    ),
    ("/admin/members/<int:user_id>/reactivate", "POST"): page(
        "/admin/members/{newcomer}/reactivate", {**PAGE_ADMIN, "admin": 302}, data={}
    ),
    ("/admin/members/<int:user_id>/invitation", "POST"): page(
        "/admin/members/{newcomer}/invitation", {**PAGE_ADMIN, "admin": 302}, data={}
    ),
    ("/admin/members/<int:user_id>/erase", "GET"): page("/admin/members/{newcomer}/erase", PAGE_ADMIN),
    # the wrong address typed: nothing erased, the form again
    ("/admin/members/<int:user_id>/erase", "POST"): page(
        "/admin/members/{newcomer}/erase", {**PAGE_ADMIN, "admin": 422}, data={"confirm_email": "wrong@example.org"}
    ),
    ("/profile", "GET"): page("/profile", PAGE_USER),
    ("/profile", "POST"): page("/profile", every(200, anonymous=302), data={"name": ""}),
    ("/password", "GET"): page("/password", PAGE_USER),
    ("/password", "POST"): page("/password", every(200, anonymous=302), data={}),
    ("/calendar/rotate", "POST"): page("/calendar/rotate", every(302), data={}),
    ("/profile/notifications", "POST"): page("/profile/notifications", every(302), data={"reminders": "none"}),
    ("/profile/visibility", "POST"): page("/profile/visibility", every(302), data={"visible": "1"}),
    ("/verify/<token>", "GET"): page("/verify/not-a-token", every(302)),
    ("/profile/verify", "POST"): page("/profile/verify", every(302), data={}),
    # a token that is not the caller's (none has this id): "not found", never revoked
    ("/profile/tokens/<int:token_id>/revoke", "POST"): page(
        "/profile/tokens/2000000000/revoke", every(404, anonymous=302), data={}
    ),
    # check-in: only the booking's member (a day ahead: the window is not open yet, so it
    # changes nothing); its managers do not check in for them
    ("/api/v1/bookings/<booking_id>/check-in", "POST"): api(
        "/api/v1/bookings/{booking}/check-in", every(404, anonymous=401, member=422)
    ),
    ("/bookings/<booking_id>/check-in", "POST"): page(
        "/bookings/{booking}/check-in", every(404, anonymous=302, member=302), data={}
    ),
    # state-changing cells on the booking, after every read of it
    ("/manage/<slug>/bookings/<booking_id>/cancel", "POST"): page(
        "/manage/{slug}/bookings/{booking}/cancel",
        {**PAGE_MANAGER, "manager_here": 302, "admin": 302},
        data={"reason": "Water leak"},
    ),
    ("/bookings/<booking_id>/cancel", "POST"): page(
        "/bookings/{booking}/cancel", {**PAGE_OWNER, "member": 302, "manager_here": 302, "admin": 302}, data={}
    ),
    ("/api/v1/bookings/<booking_id>", "DELETE"): api("/api/v1/bookings/{booking}", API_OWNER),
    ("/bookings/<booking_id>/guests/<int:guest_id>/remove", "POST"): page(
        "/bookings/{room_booking}/guests/{guest_row}/remove",
        every(403, anonymous=302, member=302, manager_elsewhere=404),
        data={},
    ),
    ("/series/<series_id>/cancel", "POST"): page(
        "/series/{series}/cancel", {**PAGE_OWNER, "member": 302, "manager_here": 302, "admin": 302}, data={}
    ),
    ("/api/v1/series/<series_id>", "DELETE"): api("/api/v1/series/{series}", API_OWNER),
    # desk G2 is free then: told so on the day page (302 back to it)
    ("/workspaces/<slug>/waitlist", "POST"): page(
        "/workspaces/{slug}/waitlist", every(302), data={"day": "2027-03-02", "start": "10:00", "end": "12:00"}
    ),
    ("/waitlist/<entry_id>/leave", "POST"): page(
        "/waitlist/{waitlist_entry}/leave", every(404, anonymous=302, member=302), data={}
    ),
    # only its member sees or leaves a waitlist entry, managers included
    ("/api/v1/waitlist/<entry_id>", "DELETE"): api(
        "/api/v1/waitlist/{waitlist_entry}", every(404, anonymous=401, member=200)
    ),
    # the caller's API token ends after every API cell; the session ends last
    ("/api/v1/tokens/current", "DELETE"): api("/api/v1/tokens/current", every(204, anonymous=401)),
    # the session ends last
    ("/login", "POST"): page(
        "/login", every(302, anonymous=200), data={"email": "nobody@example.org", "password": "x"}
    ),
    ("/logout/everywhere", "POST"): page("/logout/everywhere", every(302), data={}),
    ("/logout", "POST"): page("/logout", every(302), data={}),
}


def url_map_keys(app) -> set[tuple[str, str]]:
    return {(rule.rule, method) for rule in app.url_map.iter_rules() for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_and_method_has_an_entry(app):
    routes = url_map_keys(app)
    missing = sorted(routes - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routes)
    assert not missing, "routes without an entry in the authorization matrix:\n" + "\n".join(
        f"  {method} {rule}" for rule, method in missing
    )
    assert not stale, "matrix entries for routes that no longer exist:\n" + "\n".join(
        f"  {method} {rule}" for rule, method in stale
    )


@pytest.fixture
def world(db, clock, make_workspace, make_desk, make_user):
    from coworking.accounts import invitations
    from coworking.bookings import guests as booking_guests
    from coworking.bookings import series as booking_series
    from coworking.bookings import services as booking_services
    from coworking.bookings.waitlist_models import WaitlistEntry
    from coworking.budget import close as budget_close
    from coworking.workspaces.models import Closure, DeskOutage, Floor

    clock_now = datetime(2027, 3, 1, 8, tzinfo=UTC)
    clock.move_to(clock_now)  # Monday 09:00 in Brussels
    gent = make_workspace(slug="gent", name="Gent", city="Gent")
    brugge = make_workspace(slug="brugge", name="Brugge", city="Brugge")
    desk = make_desk(gent, code="G1")
    desk2 = make_desk(gent, code="G2")
    make_desk(brugge, code="B1")
    people = {
        "member": make_user(email="member@example.org", workspaces=[gent]),
        "other_member": make_user(email="other@example.org", workspaces=[gent]),
        "manager_here": make_user(role="manager", email="here@example.org", workspaces=[gent]),
        "manager_elsewhere": make_user(role="manager", email="there@example.org", workspaces=[brugge]),
        "admin": make_user(role="admin", email="admin@example.org"),
    }
    leaver = make_user(email="leaver@example.org", workspaces=[gent])  # erased by the admin's cell
    now = datetime.now(UTC)
    newcomer = invitations.invite(
        people["admin"], email="newcomer@example.org", name="Newcomer", role="member", workspaces=["gent"], now=now
    ).user
    booking = booking_services.book(
        people["member"],
        desk_id=desk.id,
        start="2027-03-02T10:00",
        end="2027-03-02T12:00",
        note="",
        now=now,
    )
    made = booking_series.book_series(
        people["member"],
        desk_id=desk.id,
        start="2027-03-09T10:00",
        end="2027-03-09T12:00",
        note="",
        now=now,
        dates=[date(2027, 3, 16)],
    )
    # Meeting room G3: the member meets other_member (who lets members find them) on Wednesday.
    room = make_desk(gent, code="G3", kind="meeting_room", capacity=4)
    people["other_member"].visible_to_members = True
    room_booking = booking_guests.book_with_guests(
        people["member"],
        desk_id=room.id,
        start="2027-03-03T14:00",
        end="2027-03-03T15:00",
        note="",
        guests=[booking_guests.GuestRef(member_id=people["other_member"].id)],
        now=now,
    )
    budget_close.close_month(people["admin"], "2027-01", now)  # a closed month to reopen
    entry = WaitlistEntry(  # the member waits for a desk on Tuesday afternoon
        member_id=people["member"].id,
        workspace_id=gent.id,
        starts_at=datetime(2027, 3, 2, 13, tzinfo=UTC),
        ends_at=datetime(2027, 3, 2, 15, tzinfo=UTC),
        status="waiting",
        created_at=now,
        updated_at=now,
    )
    db.session.add(entry)
    closures = [  # lifted by its managers' cells: one through the API, one through the page
        Closure(workspace_id=gent.id, start_date=day, end_date=day, reason="Works", created_at=now)
        for day in (date(2027, 6, 1), date(2027, 6, 8))
    ]
    db.session.add_all(closures)
    outages = [  # of desk G2, one for the API's DELETE, one for the page's lift
        DeskOutage(desk_id=desk2.id, first_day=day, last_day=day, reason="Repairs", created_at=clock_now)
        for day in (date(2027, 3, 20), date(2027, 3, 21))
    ]
    db.session.add_all(outages)
    floor = Floor(workspace_id=gent.id, name="Ground floor", created_at=clock_now)
    db.session.add(floor)
    db.session.commit()
    return SimpleNamespace(
        floor=floor.id,
        outage=outages[0].id,
        outage_page=outages[1].id,
        closure=closures[0].id,
        closure_page=closures[1].id,
        gent=gent,
        desk=desk,
        desk2=desk2,
        booking=str(booking.uuid),
        room_booking=str(room_booking.uuid),
        guest=people["other_member"].id,
        guest_row=room_booking.guests[0].id,
        series=str(made.series.id),
        waitlist_entry=str(entry.uuid),
        people=people,
        leaver=leaver.id,
        newcomer=newcomer.id,
    )


def _fill(value, values):
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in values:
            return values[value[1:-1]]
        return value.format(**values)
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    return value


def run_matrix(role, world, client, auth, app) -> dict[tuple[str, str], int]:
    """Every cell once as ``role``; the observed status per (rule, method)."""
    from coworking.calendar import services as calendar_services
    from coworking.extensions import db

    user = world.people.get(role)
    values = {
        "slug": "gent",
        "year": YEAR,
        "booking": world.booking,
        "room_booking": world.room_booking,
        "guest": world.guest,
        "guest_row": world.guest_row,
        "series": world.series,
        "waitlist_entry": world.waitlist_entry,
        "desk2": world.desk2.id,
        "leaver": world.leaver,
        "newcomer": world.newcomer,
        "closure": world.closure,
        "closure_page": world.closure_page,
        "outage": world.outage,
        "outage_page": world.outage_page,
        "floor": world.floor,
    }
    headers = auth(user, kind="cli") if user else {}
    observed: dict[tuple[str, str], int] = {}
    logged_in = False
    for (rule, method), cell in MATRIX.items():
        url = _fill(cell.url, values)
        kwargs: dict[str, Any] = {}
        if cell.api:
            kwargs["headers"] = headers
            body = _fill(cell.json, values)
            if cell.credentials:
                email = user.email if user else "member@example.org"
                body = {"email": email, "password": PASSWORD if user else "wrong password"}
            if body is not None:
                kwargs["json"] = body
            if cell.body is not None:
                kwargs["data"], kwargs["content_type"] = cell.body, cell.content_type
        else:
            if user and not logged_in and not cell.feed:
                r = client.post("/login", data={"email": user.email, "password": PASSWORD})
                assert r.status_code == 302, (role, "login", r.status_code)
                logged_in = True
            if cell.feed and user:
                fresh = db.session.get(type(user), user.id)
                secret = app.config["SECRET_KEY"]
                token = (
                    calendar_services.member_token(fresh, secret)
                    if cell.feed == "member"
                    else calendar_services.workspace_token(fresh, world.gent, secret)
                )
                url = f"{url}?token={token}"
            if cell.data is not None:
                kwargs["data"] = _fill(cell.data, values)
        response = client.open(url, method=method, **kwargs)
        response.close()
        observed[(rule, method)] = response.status_code
        if cell.api and response.status_code in (401, 403, 404):
            assert response.mimetype == "application/problem+json", (method, rule, response.mimetype)
        if response.status_code == 302 and role == "anonymous" and cell.expected["anonymous"] == 302:
            location = response.headers["Location"]
            if rule not in {"/", "/password/reset/<token>", "/language", "/logout", "/logout/everywhere"}:
                assert "/login" in location, (method, rule, location)
    return observed


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(role, world, client, auth, app):
    observed = run_matrix(role, world, client, auth, app)
    wrong = [
        f"  {method} {rule}: expected {cell.expected[role]}, got {observed[(rule, method)]}"
        for (rule, method), cell in MATRIX.items()
        if observed[(rule, method)] != cell.expected[role]
    ]
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
