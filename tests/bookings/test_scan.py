"""The desk QR codes (issue 18): the managers' printable sheet, and the page a code opens, where
a member checks in to their booking at that desk or books the free desk now, until its next
booking or closing. On every backend, with the clock passed in."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
import segno
from sqlalchemy import select

from coworking.bookings.models import Booking
from tests.support.clock import BRUSSELS, TUESDAY, at
from tests.support.factories import PASSWORD, gent_team
from tests.support.http import logged_in, visible

CHECK_IN = {"check_in_required": True, "check_in_opens_minutes": 15, "check_in_grace_minutes": 30}
START = at(BRUSSELS, TUESDAY, 9)  # Tuesday 2 March 2027, 09:00 in Brussels; gent is open 09:00–18:00


@pytest.fixture
def team(clock, factories, api_as, app):
    """``gent_team`` with check-in required and Ana's booking of A1 on Tuesday 09:00–12:00."""
    s = gent_team(factories, policy=CHECK_IN)
    s.clock = clock
    s.as_ana = api_as(s.ana)
    r = s.as_ana.book(s.desk, TUESDAY, "09:00", "12:00")
    assert r.status_code == 201, r.json
    s.booking_id = r.json["id"]
    s.scan_a1 = f"/workspaces/gent/desks/{s.desk.id}/scan"
    s.scan_a2 = f"/workspaces/gent/desks/{s.desk2.id}/scan"
    return s


def _member(app, who):
    return logged_in(app.test_client(), who)


def _page(client, url) -> str:
    r = client.get(url)
    assert r.status_code == 200, r.status_code
    return visible(r.get_data(as_text=True))


def _row(db, booking_id) -> Booking:
    db.session.expire_all()
    return db.session.scalar(select(Booking).where(Booking.uuid == uuid.UUID(booking_id)))


def _bookings_of(db, member) -> list[Booking]:
    db.session.expire_all()
    return list(db.session.scalars(select(Booking).where(Booking.member_id == member.id).order_by(Booking.starts_at)))


def test_scanning_my_desk_checks_me_in_with_one_tap(team, app, db):
    team.clock.move_to(START + timedelta(minutes=5))
    client = _member(app, team.ana)
    text = _page(client, team.scan_a1)
    assert "Your booking: 09:00–12:00." in text and "Check in" in text
    assert _row(db, team.booking_id).checked_in_at is None  # opening the page changes nothing
    r = client.post(team.scan_a1, data={"action": "check_in"})
    assert r.status_code == 302 and r.headers["Location"].endswith(team.scan_a1)
    assert _row(db, team.booking_id).checked_in_at == START + timedelta(minutes=5)
    text = _page(client, team.scan_a1)
    assert "You are checked in (09:05)." in text and "Check in" not in text.replace("checked in", "")


def test_before_the_window_the_scan_says_when_check_in_opens(team, app, db):
    team.clock.move_to(START - timedelta(minutes=40))  # 08:20: gent opens at 09:00
    client = _member(app, team.ana)
    text = _page(client, team.scan_a1)
    assert "check-in opens at 08:45" in text
    r = client.post(team.scan_a1, data={"action": "check_in"})
    assert r.status_code == 302
    assert _row(db, team.booking_id).checked_in_at is None
    assert "Check-in is not open for this booking right now." in _page(client, team.scan_a1)


def test_someone_elses_booked_desk_is_taken_until_its_end_and_cannot_be_checked_into(team, app, db):
    team.clock.move_to(START + timedelta(minutes=5))
    assert team.as_ana.post(f"/api/v1/bookings/{team.booking_id}/check-in").status_code == 200
    client = _member(app, team.bo)
    text = _page(client, team.scan_a1)
    assert "This desk is taken until 12:00." in text
    assert "Ana" not in text  # who holds it is not shown
    client.post(team.scan_a1, data={"action": "check_in"})
    client.post(team.scan_a1, data={"action": "book"})
    assert _row(db, team.booking_id).checked_in_at is not None
    assert _bookings_of(db, team.bo) == []


def test_a_free_desk_is_booked_now_until_its_next_booking_and_checked_in(team, app, db, api_as):
    # Bo has A2 from 14:00; the manager (a member too) scans A2 at 10:07: on gent's 30-minute
    # slots a booking made now starts at 10:30, and the desk is free until Bo's booking. The
    # member is at the desk: checked in at once, though check-in opens only at 10:15.
    as_bo = api_as(team.bo)
    assert as_bo.book(team.desk2, TUESDAY, "14:00", "16:00").status_code == 201
    team.clock.move_to(START + timedelta(hours=1, minutes=7))
    client2 = _member(app, team.manager)
    text = _page(client2, team.scan_a2)
    assert "This desk is free from 10:30 to 14:00." in text
    assert "Book it until 14:00" in text
    r = client2.post(team.scan_a2, data={"action": "book"})
    assert r.status_code == 302
    [booking] = _bookings_of(db, team.manager)
    assert booking.desk_id == team.desk2.id
    assert booking.starts_at == START + timedelta(hours=1, minutes=30)
    assert booking.ends_at == at(BRUSSELS, TUESDAY, 14)
    assert booking.checked_in_at == START + timedelta(hours=1, minutes=7)  # checked in at once
    text = _page(client2, team.scan_a2)
    assert "Desk A2 is yours until 14:00. You are checked in." in text
    assert "Your booking: 10:30–14:00." in text


def test_a_free_desk_until_closing_is_capped_by_the_longest_booking(clock, factories, app, db):
    ws = factories.workspace(slug="gent", policy={"max_length_minutes": 120})
    desk = factories.desk(ws, code="A1")
    bo = factories.user(email="bo@example.org", workspaces=[ws])
    clock.move_to(at(BRUSSELS, TUESDAY, 15))
    client = _member(app, bo)
    url = f"/workspaces/gent/desks/{desk.id}/scan"
    assert "free from 15:00 to 17:00" in _page(client, url)
    client.post(url, data={"action": "book"})
    [booking] = _bookings_of(db, bo)
    assert (booking.starts_at, booking.ends_at) == (at(BRUSSELS, TUESDAY, 15), at(BRUSSELS, TUESDAY, 17))
    assert booking.checked_in_at == at(BRUSSELS, TUESDAY, 15)  # recorded, though not required here


def test_an_overdue_booking_frees_the_desk_for_the_scanner(team, app, db):
    # Ana never checked in: from 09:30 her A1 is free (all day: her booking is released); Bo
    # scans it at 09:40 and gets it from 10:00, the next slot, until closing.
    team.clock.move_to(START + timedelta(minutes=40))
    client = _member(app, team.bo)
    assert "This desk is free from 10:00 to 18:00." in _page(client, team.scan_a1)
    client.post(team.scan_a1, data={"action": "book"})
    [mine] = _bookings_of(db, team.bo)
    assert (mine.desk_id, mine.starts_at, mine.checked_in_at) == (
        team.desk.id,
        START + timedelta(minutes=60),
        START + timedelta(minutes=40),
    )
    assert _row(db, team.booking_id).status == "released"
    # Ana's own scan no longer offers her a check-in: her time is gone, the desk is Bo's.
    text = _page(_member(app, team.ana), team.scan_a1)
    assert "Check in" not in text and "taken until 18:00" in text


def test_closed_or_out_of_service_desks_cannot_be_booked_from_a_scan(team, app, db, factories):
    team.clock.move_to(at(BRUSSELS, TUESDAY, 19))  # gent closed at 18:00
    client = _member(app, team.bo)
    assert "This desk cannot be booked any more today." in _page(client, team.scan_a2)
    client.post(team.scan_a2, data={"action": "book"})
    assert _bookings_of(db, team.bo) == []
    retired = factories.desk(team.ws, code="OLD", in_service_until=TUESDAY - timedelta(days=1))
    team.clock.move_to(at(BRUSSELS, TUESDAY, 10))
    assert "cannot be booked" in _page(_member(app, team.bo), f"/workspaces/gent/desks/{retired.id}/scan")


def test_scan_refuses_another_workspaces_desk_a_bad_action_and_anonymous(team, app, factories):
    other = factories.workspace(slug="brugge")
    far = factories.desk(other, code="B1")
    client = _member(app, team.bo)
    assert client.get(f"/workspaces/gent/desks/{far.id}/scan").status_code == 404
    assert client.post(f"/workspaces/gent/desks/{far.id}/scan", data={"action": "book"}).status_code == 404
    assert client.post(team.scan_a2, data={"action": "delete"}).status_code == 400
    r = app.test_client().get(team.scan_a2)
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert "next=" in r.headers["Location"]  # back to the scan after logging in


def test_the_sheet_holds_one_code_per_desk_pointing_at_its_scan_page(team, app, db):
    team.desk.zone = "Window"
    db.session.commit()
    text_html = _member(app, team.manager).get("/workspaces/gent/desks/qr").get_data(as_text=True)
    base = app.config["BASE_URL"].rstrip("/")
    for desk in (team.desk, team.desk2):
        url = f"{base}/workspaces/gent/desks/{desk.id}/scan"
        assert url in text_html
        # The code drawn is exactly segno's code of that URL: scanning it opens the scan page.
        path = re.search(r'd="([^"]+)"', segno.make(url, error="m").svg_inline(scale=1, omitsize=True)).group(1)
        assert path in text_html
    text = visible(text_html)
    assert "A1" in text and "Window" in text and "Scan to check in or book" in text
    assert _member(app, team.bo).get("/workspaces/gent/desks/qr").status_code == 403


def test_the_sheet_is_built_from_base_url_whatever_allowed_host_was_used(team, app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://desks.example.coop")
    monkeypatch.setitem(app.config, "ALLOWED_HOSTS", ("desks.example.coop", "localhost", "desks.internal"))
    client = app.test_client()
    inside = "http://desks.internal:8443"
    r = client.post("/login", data={"email": team.manager.email, "password": PASSWORD}, base_url=inside)
    assert r.status_code == 302
    html = client.get("/workspaces/gent/desks/qr", base_url=inside).get_data(as_text=True)
    assert "desks.internal" not in html
    assert f"https://desks.example.coop/workspaces/gent/desks/{team.desk.id}/scan" in html
    # A host that is not allowed never gets a sheet at all.
    assert client.get("/workspaces/gent/desks/qr", base_url="http://evil.example").status_code == 400


def test_a_desk_code_is_escaped_in_the_svg_title(clock, factories, app):
    ws = factories.workspace(slug="gent")
    factories.desk(ws, code="<b>X</b>")
    admin = factories.user(role="admin", email="admin@example.org")
    html = _member(app, admin).get("/workspaces/gent/desks/qr").get_data(as_text=True)
    assert "<b>X</b>" not in html and "&lt;b&gt;X&lt;/b&gt;" in html
