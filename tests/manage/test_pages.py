"""The workspace administration pages through real requests (issue 19): what a manager sees
and changes, what members are told, and that a manager of another workspace changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from coworking.bookings.models import Booking
from coworking.workspaces.models import Closure, Desk, Workspace
from tests.support.app import mail_text, outbox
from tests.support.clock import MONDAY, TUESDAY
from tests.support.factories import gent_team
from tests.support.http import logged_in, visible

WEDNESDAY = TUESDAY + timedelta(days=1)
THURSDAY = TUESDAY + timedelta(days=2)


@pytest.fixture
def team(clock, factories, app, api_as):
    """``gent`` (A1, A2), Ana and Bo, its manager (logged in as ``s.page``) and ``lille`` with
    its own manager (logged in as ``s.elsewhere``)."""
    s = gent_team(factories, ana={"name": "Ana Lopes"})
    s.lille = factories.workspace(slug="lille", name="Lille", timezone="Europe/Paris")
    s.lille_manager = factories.user(role="manager", email="lille@example.org", workspaces=[s.lille])
    s.page = logged_in(app.test_client(), s.manager)
    s.elsewhere = logged_in(app.test_client(), s.lille_manager)
    s.as_ana = api_as(s.ana)
    s.as_bo = api_as(s.bo)
    return s


def test_the_manage_page_lists_the_managed_workspaces(team, app):
    page = visible(team.page.get("/manage/").get_data(as_text=True))
    assert "Workspace" in page and "Lille" not in page
    assert "Lille" in visible(team.elsewhere.get("/manage/").get_data(as_text=True))
    member = logged_in(app.test_client(), team.ana)
    assert member.get("/manage/").status_code == 403
    nav = team.page.get("/manage/gent").get_data(as_text=True)
    assert 'href="/manage/"' in nav  # the "Manage" link in the site's menu


def test_details_are_changed_and_fixed_facts_shown(team, db):
    page = visible(team.page.get("/manage/gent").get_data(as_text=True))
    assert "Europe/Brussels" in page and "EUR" in page
    r = team.page.post(
        "/manage/gent", data={"name": "Dok Noord", "city": "Ghent", "address": "Dok 1", "default_language": "nl"}
    )
    assert r.status_code == 302
    assert "The details are saved." in visible(team.page.get(r.headers["Location"]).get_data(as_text=True))
    assert db.session.scalar(select(Workspace.name).where(Workspace.slug == "gent")) == "Dok Noord"
    r = team.page.post("/manage/gent", data={"name": "", "city": "Ghent", "default_language": "nl"})
    assert r.status_code == 422 and "Please check the fields marked below." in visible(r.get_data(as_text=True))


def test_opening_hours_by_weekday(team, db):
    form = team.page.get("/manage/gent/hours").get_data(as_text=True)
    assert 'name="open_0_0" value="09:00"' in form and 'name="open_5_0" value=""' in form
    data = {f"open_{d}_0": "08:00" for d in range(5)} | {f"close_{d}_0": "12:00" for d in range(5)}
    data |= {"open_0_1": "13:00", "close_0_1": "19:00", "open_5_0": "10:00", "close_5_0": "14:00"}
    r = team.page.post("/manage/gent/hours", data=data)
    assert r.status_code == 302, visible(r.get_data(as_text=True))
    day = team.as_ana.get(f"/api/v1/workspaces/gent/availability?date={date(2027, 3, 8)}").json  # a Monday
    assert [(o["start"][11:16], o["end"][11:16]) for o in day["open"]] == [("08:00", "12:00"), ("13:00", "19:00")]
    saturday = team.as_ana.get(f"/api/v1/workspaces/gent/availability?date={date(2027, 3, 6)}").json
    assert [(o["start"][11:16], o["end"][11:16]) for o in saturday["open"]] == [("10:00", "14:00")]
    # Refused as the API refuses: overlapping windows, off the slot grid, half a window.
    bad = team.page.post(
        "/manage/gent/hours",
        data={"open_0_0": "08:00", "close_0_0": "12:00", "open_0_1": "11:00", "close_0_1": "13:00"},
    )
    assert bad.status_code == 422 and "overlap" in visible(bad.get_data(as_text=True))
    off = team.page.post("/manage/gent/hours", data={"open_0_0": "08:10", "close_0_0": "12:00"})
    assert off.status_code == 422 and "slot grid" in visible(off.get_data(as_text=True))
    half = team.page.post("/manage/gent/hours", data={"open_0_0": "08:00"})
    assert half.status_code == 422 and "Give both times, or neither." in visible(half.get_data(as_text=True))


def test_every_policy_field_is_explained_and_limited(team, db):
    page = visible(team.page.get("/manage/gent/policy").get_data(as_text=True))
    for words in (
        "Bookings start and end on this grid",
        "How long before its start a booking must be made",
        "How many days ahead members may book",
        "The longest a single booking may last",
        "How many bookings here a member may hold",
        "Members may cancel until this long before the start",
        "Members must check in",
        "How early before its start a member may check in",
        "how long after the start a booking waits before it is released",
    ):
        assert words in page, words
    data = {
        "slot_minutes": "15",
        "min_notice_minutes": "30",
        "max_advance_days": "14",
        "max_length_minutes": "240",
        "max_active_bookings": "3",
        "cancel_cutoff_minutes": "120",
        "check_in_required": "y",
        "check_in_opens_minutes": "10",
        "check_in_grace_minutes": "20",
    }
    assert team.page.post("/manage/gent/policy", data=data).status_code == 302
    policy = team.as_ana.get("/api/v1/workspaces/gent").json["policy"]
    assert policy == {k: (True if v == "y" else int(v)) for k, v in data.items()}
    # The same limits as the API: out of range, and the rule across fields (a multiple of the slot).
    assert team.page.post("/manage/gent/policy", data={**data, "max_advance_days": "0"}).status_code == 422
    uneven = team.page.post("/manage/gent/policy", data={**data, "max_length_minutes": "250"})
    assert uneven.status_code == 422 and "multiple of slot_minutes" in visible(uneven.get_data(as_text=True))


def test_desks_are_added_changed_and_taken_out_of_service(team, db, app):
    r = team.page.post(
        "/manage/gent/desks", data={"code": "B7", "kind": "phone_booth", "zone": "Hall", "amenities": "quiet, lamp"}
    )
    assert r.status_code == 302
    desk = db.session.scalars(select(Desk).where(Desk.code == "B7")).one()
    assert (desk.kind, desk.zone, desk.amenities, desk.in_service_from) == (
        "phone_booth",
        "Hall",
        ["quiet", "lamp"],
        MONDAY,
    )
    page = visible(team.page.get("/manage/gent/desks").get_data(as_text=True))
    assert "B7" in page and "phone booth" in page and "quiet, lamp" in page
    dup = team.page.post("/manage/gent/desks", data={"code": "A1", "kind": "hot_desk"})
    assert dup.status_code == 409 and "Another desk of this workspace already has that code." in visible(
        dup.get_data(as_text=True)
    )

    r = team.page.post(
        f"/manage/gent/desks/{team.desk.id}",
        data={"code": "A1", "kind": "fixed_desk", "zone": "Window", "amenities": ""},
    )
    assert r.status_code == 302
    db.session.refresh(team.desk)
    assert (team.desk.kind, team.desk.zone) == ("fixed_desk", "Window")

    booked = team.as_bo.book(team.desk, THURSDAY, "09:00", "12:00").json["id"]
    outbox(app).clear()
    r = team.page.post(
        f"/manage/gent/desks/{team.desk.id}/service",
        data={"in_service_from": "2020-01-01", "out_of_service_from": THURSDAY.isoformat(), "reason": "New carpet"},
    )
    assert r.status_code == 302
    flash = visible(team.page.get(r.headers["Location"]).get_data(as_text=True))
    assert "1 booking on the days out of service was cancelled" in flash
    assert "In service until" in flash and "New carpet" in flash
    assert (
        db.session.scalar(select(Booking.status).where(Booking.uuid == __import__("uuid").UUID(booked))) == "cancelled"
    )
    [mail] = [m for m in outbox(app) if m["To"] == "bo@example.org"]
    assert "New carpet" in mail_text(mail)
    # Past days keep their service: moving the start to next week is refused, with the reason.
    past = team.page.post(
        f"/manage/gent/desks/{team.desk.id}/service", data={"in_service_from": "2027-03-08", "reason": ""}
    )
    assert past.status_code == 422
    assert "Only today and later days can change." in visible(past.get_data(as_text=True))


def test_a_closure_shows_what_it_cancels_before_it_is_made(team, db, app):
    team.as_ana.book(team.desk, WEDNESDAY, "09:00", "12:00")
    team.as_bo.book(team.desk2, WEDNESDAY, "14:00", "16:00")
    team.as_bo.book(team.desk2, THURSDAY, "14:00", "16:00")
    preview = team.page.post(
        "/manage/gent/closures",
        data={"start_date": WEDNESDAY.isoformat(), "end_date": WEDNESDAY.isoformat(), "reason": "Strike"},
    )
    assert preview.status_code == 200
    text = visible(preview.get_data(as_text=True))
    assert "This closure cancels 2 bookings" in text
    assert "09:00–12:00 · desk A1 · Ana Lopes" in text and "14:00–16:00 · desk A2 · User" in text
    assert 'name="action" type="hidden" value="confirm"' in preview.get_data(as_text=True)
    # The preview changed nothing.
    assert db.session.scalar(select(Closure.id)) is None
    assert set(db.session.scalars(select(Booking.status))) == {"confirmed"}
    outbox(app).clear()
    done = team.page.post(
        "/manage/gent/closures",
        data={
            "start_date": WEDNESDAY.isoformat(),
            "end_date": WEDNESDAY.isoformat(),
            "reason": "Strike",
            "action": "confirm",
        },
    )
    assert done.status_code == 302
    page = visible(team.page.get(done.headers["Location"]).get_data(as_text=True))
    assert "2 bookings were cancelled; their members are told." in page and "Strike" in page
    statuses = sorted(db.session.scalars(select(Booking.status)))
    assert statuses == ["cancelled", "cancelled", "confirmed"]
    assert {m["To"] for m in outbox(app)} == {"ana@example.org", "bo@example.org"}
    # A closure in the past is refused before any preview.
    past = team.page.post("/manage/gent/closures", data={"start_date": "2027-02-01", "end_date": "2027-02-01"})
    assert past.status_code == 422 and "A closure cannot start in the past." in visible(past.get_data(as_text=True))
    # Lift it: the workspace is open again, members may book.
    closure_id = db.session.scalar(select(Closure.id))
    r = team.page.post(f"/manage/gent/closures/{closure_id}/lift", data={})
    assert r.status_code == 302
    assert "The closure is lifted" in visible(team.page.get(r.headers["Location"]).get_data(as_text=True))
    assert db.session.scalar(select(Closure.id)) is None
    assert team.as_ana.book(team.desk, WEDNESDAY, "09:00", "12:00").status_code == 201


def test_the_days_bookings_cancel_with_a_reason_the_member_reads(team, db, app):
    booked = team.as_ana.book(team.desk, TUESDAY, "09:00", "12:00").json["id"]
    page = visible(team.page.get(f"/manage/gent/bookings?date={TUESDAY}").get_data(as_text=True))
    assert "09:00–12:00 · desk A1 Ana Lopes" in page
    assert "Cancel" in page
    empty = team.page.post(f"/manage/gent/bookings/{booked}/cancel", data={"reason": ""})
    assert empty.status_code == 422
    assert db.session.scalar(select(Booking.status)) == "confirmed"
    outbox(app).clear()
    r = team.page.post(f"/manage/gent/bookings/{booked}/cancel", data={"reason": "Water leak at A1"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"date={TUESDAY}")
    assert db.session.scalar(select(Booking.status)) == "cancelled"
    [mail] = [m for m in outbox(app) if m["To"] == "ana@example.org"]
    assert "Water leak at A1" in mail_text(mail) and "who manages the workspace" in mail_text(mail)
    day = visible(team.page.get(f"/manage/gent/bookings?date={TUESDAY}").get_data(as_text=True))
    assert "cancelled" in day and "Water leak at A1" in day


def test_book_for_a_member(team, db, app):
    form = {
        "member": "ANA@example.org",
        "day": TUESDAY.isoformat(),
        "desk": str(team.desk.id),
        "start": "09:00",
        "end": "12:00",
    }
    outbox(app).clear()
    r = team.page.post("/manage/gent/book", data=form)
    assert r.status_code == 302, visible(r.get_data(as_text=True))
    booking = db.session.scalars(select(Booking)).one()
    assert booking.member_id == team.ana.id and booking.created_by_id == team.manager.id
    assert [m["To"] for m in outbox(app)] == ["ana@example.org"]
    # The member's own rules: one desk at a time.
    busy = team.page.post("/manage/gent/book", data={**form, "desk": str(team.desk2.id)})
    assert busy.status_code == 409 and "This member already has a booking at that time." in visible(
        busy.get_data(as_text=True)
    )
    unknown = team.page.post("/manage/gent/book", data={**form, "member": "nobody@example.org"})
    assert unknown.status_code == 404
    assert "No active member has that email address or member number." in visible(unknown.get_data(as_text=True))
    closed = team.page.post("/manage/gent/book", data={**form, "day": "2027-03-06", "member": "bo@example.org"})
    assert closed.status_code == 422 and "not open" in visible(closed.get_data(as_text=True))


def test_a_manager_of_another_workspace_changes_nothing_here(team, db, factories):
    """Every page that changes gent, posted by lille's manager: refused, and nothing changed."""
    factories.closure(team.ws, date(2027, 6, 1))
    booked = team.as_ana.book(team.desk, TUESDAY, "09:00", "12:00").json["id"]
    closure_id = db.session.scalar(select(Closure.id))
    before = (
        db.session.scalars(select(Workspace.name).order_by(Workspace.id)).all(),
        [(d.code, d.kind, d.zone, d.in_service_until) for d in db.session.scalars(select(Desk).order_by(Desk.id))],
        db.session.scalars(select(Closure.id)).all(),
        db.session.scalars(select(Booking.status)).all(),
    )
    posts = {
        "/manage/gent": {"name": "Taken", "city": "X", "default_language": "en"},
        "/manage/gent/hours": {"open_0_0": "00:00", "close_0_0": "01:00"},
        "/manage/gent/policy": {"slot_minutes": "60", "max_length_minutes": "60"},
        "/manage/gent/desks": {"code": "EVIL", "kind": "hot_desk"},
        f"/manage/gent/desks/{team.desk.id}": {"code": "EVIL", "kind": "hot_desk"},
        f"/manage/gent/desks/{team.desk.id}/service": {
            "in_service_from": "2020-01-01",
            "out_of_service_from": "2027-03-02",
        },
        "/manage/gent/closures": {"start_date": "2027-03-02", "end_date": "2027-03-02", "action": "confirm"},
        f"/manage/gent/closures/{closure_id}/lift": {},
        f"/manage/gent/bookings/{booked}/cancel": {"reason": "Mine now"},
        "/manage/gent/book": {
            "member": "bo@example.org",
            "day": "2027-03-03",
            "desk": str(team.desk.id),
            "start": "09:00",
            "end": "10:00",
        },
    }
    for url, data in posts.items():
        assert team.elsewhere.post(url, data=data).status_code == 403, url
        if not url.endswith("/lift"):
            assert team.elsewhere.get(url).status_code in (403, 405), url
    # lille's own pages do not reach gent's desks or bookings either.
    assert team.elsewhere.get(f"/manage/lille/desks/{team.desk.id}").status_code == 404
    assert team.elsewhere.post(f"/manage/lille/bookings/{booked}/cancel", data={"reason": "x"}).status_code == 404
    after = (
        db.session.scalars(select(Workspace.name).order_by(Workspace.id)).all(),
        [(d.code, d.kind, d.zone, d.in_service_until) for d in db.session.scalars(select(Desk).order_by(Desk.id))],
        db.session.scalars(select(Closure.id)).all(),
        db.session.scalars(select(Booking.status)).all(),
    )
    assert after == before


def test_a_third_opening_window_set_through_the_api_is_kept(team, api_as):
    three = [
        {"weekday": 0, "open": a, "close": b} for a, b in (("08:00", "10:00"), ("11:00", "13:00"), ("14:00", "16:00"))
    ]
    assert api_as(team.manager).patch("/api/v1/workspaces/gent", json={"opening_hours": three}).status_code == 200
    form = team.page.get("/manage/gent/hours").get_data(as_text=True)
    assert 'name="open_0_2" value="14:00"' in form and "third period" in form
    assert 'name="open_1_2"' not in form  # other days show two periods
    data = {"open_0_0": "08:00", "close_0_0": "10:00", "open_0_1": "11:00", "close_0_1": "13:00"}
    assert (
        team.page.post("/manage/gent/hours", data={**data, "open_0_2": "14:00", "close_0_2": "17:00"}).status_code
        == 302
    )
    hours = team.as_ana.get("/api/v1/workspaces/gent").json["opening_hours"]
    assert [(h["open"], h["close"]) for h in hours] == [("08:00", "10:00"), ("11:00", "13:00"), ("14:00", "17:00")]


def test_a_long_preview_lists_the_first_bookings_and_counts_them_all(team, monkeypatch):
    from coworking.manage import closure_views

    monkeypatch.setattr(closure_views, "PREVIEW_LIMIT", 2)
    for start, end in (("09:00", "10:00"), ("10:00", "11:00"), ("11:00", "12:00")):
        assert team.as_ana.book(team.desk, WEDNESDAY, start, end).status_code == 201
    preview = team.page.post(
        "/manage/gent/closures", data={"start_date": WEDNESDAY.isoformat(), "end_date": THURSDAY.isoformat()}
    )
    text = visible(preview.get_data(as_text=True))
    assert "This closure cancels 3 bookings" in text and "and 1 more" in text
    assert "09:00–10:00" in text and "10:00–11:00" in text and "11:00–12:00" not in text


def test_pages_run_a_constant_number_of_queries(team, factories, api_as, sql_statements):
    """However many desks, bookings and closures: the same number of statements per page."""
    pages = [
        "/manage/",
        "/manage/gent",
        "/manage/gent/hours",
        "/manage/gent/policy",
        "/manage/gent/desks",
        f"/manage/gent/desks/{team.desk.id}",
        "/manage/gent/closures",
        f"/manage/gent/bookings?date={WEDNESDAY}",
        "/manage/gent/book",
    ]
    preview = {"start_date": WEDNESDAY.isoformat(), "end_date": WEDNESDAY.isoformat()}

    def count(url, data=None):
        with sql_statements() as statements:
            r = team.page.post(url, data=data) if data else team.page.get(url)
            assert r.status_code == 200, url
        return len(statements)

    def counts():
        return {url: count(url) for url in pages} | {"preview": count("/manage/gent/closures", preview)}

    assert team.as_ana.book(team.desk, WEDNESDAY, "09:00", "10:00").status_code == 201
    counts()  # warm-up: first-use statements are not what we measure
    small = counts()
    for n in range(8):
        desk = factories.desk(team.ws, code=f"M{n}", amenities=["screen"])
        member = factories.user(workspaces=[team.ws])
        assert api_as(member).book(desk, WEDNESDAY, "09:00", "12:00").status_code == 201
        factories.closure(team.ws, date(2027, 6, 1) + timedelta(days=n))
    assert counts() == small
