"""The booking pages through real requests: booking from the day page, custom times and whole
days, the same error codes as the API, cancelling (and its cut-off), one booking as .ics, and
nobody else's bookings."""

from __future__ import annotations

import re
from datetime import date

import pytest
from icalendar import Calendar

from tests.support.clock import TUESDAY
from tests.support.http import log_in, problem_code


def book_on_page(client, desk, day=TUESDAY, period="morning", **extra):
    data = {"day": day.isoformat(), "desk": str(desk.id), "period": period, **extra}
    return client.post("/workspaces/gent", data=data)


def test_book_from_the_day_page_then_cancel_with_confirmation(client, place, db):
    from coworking.bookings.models import Booking

    _ws, (a1, _a2), _ana, _bo = place
    log_in(client, "ana@example.org")
    day = client.get("/workspaces/gent?date=2027-03-02")
    assert day.status_code == 200
    html = day.get_data(as_text=True)
    assert "Europe/Brussels" in html and "A1" in html and "free" in html
    r = book_on_page(client, a1)
    assert r.status_code == 302 and r.headers["Location"].startswith("/bookings/")
    booking = db.session.query(Booking).one()
    assert booking.starts_at.astimezone(booking.workspace.tz).strftime("%H:%M") == "08:00"
    assert booking.ends_at.astimezone(booking.workspace.tz).strftime("%H:%M") == "13:00"
    detail = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "A1" in detail and "Confirmed" in detail
    # The grid now marks it as mine, with a symbol as well as a colour.
    grid = client.get("/workspaces/gent?date=2027-03-02").get_data(as_text=True)
    assert 'class="cell mine"' in grid and "★" in grid
    mine = client.get("/bookings").get_data(as_text=True)
    assert "Upcoming" in mine and "A1" in mine
    confirm = client.get(f"/bookings/{booking.uuid}/cancel")
    assert "You can cancel until" in confirm.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(Booking).one().status == "confirmed"  # the GET changed nothing
    r = client.post(f"/bookings/{booking.uuid}/cancel", data={"reason": "ill"})
    assert r.status_code == 302 and r.headers["Location"] == "/bookings"
    db.session.expire_all()
    cancelled = db.session.query(Booking).one()
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "ill")


def test_custom_times_and_whole_day(client, place, db):
    from coworking.bookings.models import Booking

    _ws, (a1, a2), _ana, _bo = place
    log_in(client, "ana@example.org")
    assert book_on_page(client, a1, period="custom", start="14:00", end="15:30").status_code == 302
    assert book_on_page(client, a2, day=date(2027, 3, 3), period="day").status_code == 302
    spans = sorted(
        (
            b.starts_at.astimezone(b.workspace.tz).strftime("%d %H:%M"),
            b.ends_at.astimezone(b.workspace.tz).strftime("%H:%M"),
        )
        for b in db.session.query(Booking)
    )
    assert spans == [("02 14:00", "15:30"), ("03 08:00", "18:00")]


@pytest.mark.parametrize(
    ("web", "api_start", "api_end", "code"),
    [
        (
            {"period": "custom", "start": "18:00", "end": "19:00"},
            "2027-03-02T18:00",
            "2027-03-02T19:00",
            "outside_opening_hours",
        ),
        ({"period": "morning", "day": "2027-02-26"}, "2027-02-26T08:00", "2027-02-26T13:00", "in_the_past"),
        ({"period": "morning"}, "2027-03-02T08:00", "2027-03-02T13:00", "desk_taken"),
        (
            {"period": "custom", "start": "10:00", "end": "09:00"},
            "2027-03-02T10:00",
            "2027-03-02T09:00",
            "invalid_interval",
        ),
    ],
)
def test_web_form_and_api_give_the_same_error_code(client, place, api_as, web, api_start, api_end, code):
    _ws, (a1, _a2), _ana, bo = place
    taken_by = api_as(bo)
    assert taken_by.book(a1, TUESDAY, "08:00", "13:00").status_code == 201
    log_in(client, "ana@example.org")
    extra = dict(web)
    day = date.fromisoformat(extra.pop("day")) if "day" in extra else TUESDAY
    r = book_on_page(client, a1, day=day, **extra)
    html = r.get_data(as_text=True)
    web_code = re.search(r'data-error-code="([a-z_]+)"', html).group(1)
    api = api_as(place[2]).post("/api/v1/bookings", json={"desk_id": a1.id, "start": api_start, "end": api_end})
    assert web_code == problem_code(api) == code
    assert r.status_code == api.status_code == (409 if code == "desk_taken" else 422)
    assert 'role="alert"' in html


def test_member_cannot_see_or_cancel_someone_elses_booking_pages(client, place, api_as):
    _ws, (a1, _a2), _ana, bo = place
    theirs = api_as(bo).book(a1, TUESDAY, "08:00", "09:00").json["id"]
    log_in(client, "ana@example.org")
    for url in (f"/bookings/{theirs}", f"/bookings/{theirs}/cancel", f"/bookings/{theirs}.ics"):
        assert client.get(url).status_code == 404
    assert client.post(f"/bookings/{theirs}/cancel", data={}).status_code == 404
    assert api_as(bo).get(f"/api/v1/bookings/{theirs}").json["status"] == "confirmed"


def test_cancel_after_the_cut_off_is_refused_and_explained(client, place, clock, api_as):
    _ws, (a1, _a2), ana, _bo = place
    made = api_as(ana).book(a1, TUESDAY, "10:00", "11:00").json["id"]
    log_in(client, "ana@example.org", remember=True)
    clock.move_to("2027-03-02T08:30:00+00:00")  # 09:30 local, cut-off was 09:00
    page = client.get(f"/bookings/{made}/cancel").get_data(as_text=True)
    assert "too late to cancel" in page and 'type="submit" class="danger"' not in page
    r = client.post(f"/bookings/{made}/cancel", data={})
    assert r.status_code == 302
    assert api_as(ana).get(f"/api/v1/bookings/{made}").json["status"] == "confirmed"
    assert "It is too late to cancel this booking." in client.get(r.headers["Location"]).get_data(as_text=True)


def test_one_booking_downloads_as_ics(client, place, api_as):
    _ws, (a1, _a2), ana, _bo = place
    made = api_as(ana).book(a1, TUESDAY, "08:00", "13:00").json["id"]
    log_in(client, "ana@example.org")
    r = client.get(f"/bookings/{made}.ics")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(r.data)
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]).startswith(made)
    assert event.decoded("DTSTART").isoformat() == "2027-03-02T08:00:00+01:00"
    assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {"Europe/Brussels"}
