"""The series pages through real requests: "Book several days" (ticked days or weekly), the
result with its skipped dates, the booking page of an occurrence, cancelling from a date on."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from coworking.bookings.models import CONFIRMED, Booking
from tests.support.app import outbox
from tests.support.clock import TUESDAY
from tests.support.factories import dok_noord
from tests.support.http import log_in, visible


@pytest.fixture
def place(clock, factories):
    """Dok Noord (open every day 08:00–18:00), desks A1 and A2, Ana and Bo; 100 bookings each."""
    return dok_noord(factories, policy={"max_active_bookings": 100})


def form(desk, **extra) -> dict:
    return {"desk": str(desk.id), "start": "09:00", "end": "12:00", "on_conflict": "skip", **extra}


def confirmed(db, member) -> list[date]:
    rows = db.session.scalars(
        select(Booking).where(Booking.member_id == member.id, Booking.status == CONFIRMED).order_by(Booking.starts_at)
    )
    return [b.starts_at.astimezone(b.workspace.tz).date() for b in rows]


def test_the_form_is_prefilled_from_the_day_page_link(client, place):
    _ws, (_a1, a2), _ana, _bo = place
    log_in(client, "ana@example.org")
    r = client.get(f"/workspaces/gent/series?desk={a2.id}&start=10:00&end=11:30&date=2027-03-04")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert f'<option selected value="{a2.id}">A2' in html
    assert '<option selected value="10:00">' in html and '<option selected value="11:30">' in html
    assert re.search(r'value="2027-03-04" aria-label="[^"]*"\s+checked', html)
    # Days before today cannot be ticked; the calendar shows March and April.
    assert 'value="2027-03-01"' in html and 'value="2027-02-28"' not in html
    assert "March 2027" in visible(html) and "April 2027" in visible(html)


def test_booking_ticked_days_shows_what_was_booked_and_what_was_skipped(client, place, db):
    _ws, (a1, _a2), ana, _bo = place
    log_in(client, "bo@example.org")
    client.post("/workspaces/gent/series", data=form(a1, mode="dates", dates=["2027-03-03"]))
    client.post("/logout")
    log_in(client, "ana@example.org")
    r = client.post(
        "/workspaces/gent/series", data=form(a1, mode="dates", dates=["2027-03-02", "2027-03-03", "2027-03-05"])
    )
    assert r.status_code == 302, visible(r.get_data(as_text=True))
    assert confirmed(db, ana) == [date(2027, 3, 2), date(2027, 3, 5)]
    page = visible(client.get(r.headers["Location"]).get_data(as_text=True))
    assert "2 bookings made." in page
    assert "Tuesday, 2 March 2027" in page and "Friday, 5 March 2027" in page
    assert "Not booked" in page
    assert "Wednesday, 3 March 2027 : Sorry, someone else has just booked this desk" in page


def test_fail_books_nothing_and_the_form_lists_the_impossible_day(client, place, db):
    _ws, (a1, _a2), ana, _bo = place
    log_in(client, "bo@example.org")
    client.post("/workspaces/gent/series", data=form(a1, mode="dates", dates=["2027-03-03"]))
    client.post("/logout")
    log_in(client, "ana@example.org")
    r = client.post(
        "/workspaces/gent/series",
        data=form(a1, mode="dates", dates=["2027-03-02", "2027-03-03"], on_conflict="fail"),
    )
    assert r.status_code == 422
    page = visible(r.get_data(as_text=True))
    assert "These days are not possible" in page and "Wednesday, 3 March 2027" in page
    assert confirmed(db, ana) == []


def test_weekly_on_tuesday_and_thursday_for_four_weeks(client, place, db):
    _ws, (a1, _a2), ana, _bo = place
    log_in(client, "ana@example.org")
    r = client.post(
        "/workspaces/gent/series",
        data=form(a1, mode="weekly", weekdays=["1", "3"], first="2027-03-01", until="2027-03-25"),
    )
    assert r.status_code == 302, visible(r.get_data(as_text=True))
    assert [d.isoformat() for d in confirmed(db, ana)] == [
        "2027-03-02",
        "2027-03-04",
        "2027-03-09",
        "2027-03-11",
        "2027-03-16",
        "2027-03-18",
        "2027-03-23",
        "2027-03-25",
    ]


def test_a_form_without_days_is_refused(client, place, db):
    _ws, (a1, _a2), ana, _bo = place
    log_in(client, "ana@example.org")
    r = client.post("/workspaces/gent/series", data=form(a1, mode="dates"))
    assert r.status_code == 422
    assert "Tick at least one day" in visible(r.get_data(as_text=True))
    r = client.post("/workspaces/gent/series", data=form(a1, mode="weekly", weekdays=["1"]))
    assert r.status_code == 422
    assert confirmed(db, ana) == []


def test_an_occurrence_offers_cancelling_it_the_following_ones_or_all(client, place, db, app):
    _ws, (a1, _a2), ana, _bo = place
    log_in(client, "ana@example.org")
    r = client.post(
        "/workspaces/gent/series",
        data=form(a1, mode="weekly", weekdays=["1"], first="2027-03-01", until="2027-03-23"),
    )
    series_url = r.headers["Location"].split("?")[0]
    third = db.session.scalars(select(Booking).order_by(Booking.starts_at)).all()[2]
    detail = client.get(f"/bookings/{third.uuid}").get_data(as_text=True)
    assert "Part of a series" in visible(detail)
    following = f"{series_url}/cancel?from=2027-03-16"
    assert following.split("/series/")[1] in detail
    outbox(app)  # the confirmations
    # The confirmation step lists what would be cancelled, and cancels nothing yet.
    ask = visible(client.get(following).get_data(as_text=True))
    assert "Tuesday, 16 March 2027" in ask and "Tuesday, 23 March 2027" in ask
    assert "Tuesday, 9 March 2027" not in ask
    assert len(confirmed(db, ana)) == 4
    r = client.post(f"{series_url}/cancel", data={"since": "2027-03-16"})
    assert r.status_code == 302
    assert "2 bookings cancelled." in visible(client.get(r.headers["Location"]).get_data(as_text=True))
    assert confirmed(db, ana) == [TUESDAY, date(2027, 3, 9)]
    assert len([m for m in outbox(app) if "cancel" in m["Subject"].lower()]) == 2
    # "All the coming ones": the rest.
    r = client.post(f"{series_url}/cancel", data={"since": ""})
    assert r.status_code == 302
    assert confirmed(db, ana) == []


def test_nobody_else_sees_a_series(client, place):
    _ws, (a1, _a2), _ana, _bo = place
    log_in(client, "ana@example.org")
    r = client.post("/workspaces/gent/series", data=form(a1, mode="dates", dates=["2027-03-02"]))
    series_url = r.headers["Location"].split("?")[0]
    client.post("/logout")
    log_in(client, "bo@example.org")
    assert client.get(series_url).status_code == 404
    assert client.get(f"{series_url}/cancel").status_code == 404
    assert client.post(f"{series_url}/cancel", data={}).status_code == 404
