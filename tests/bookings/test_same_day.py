"""The booking form on the day it is used: what a member sees and gets at 12:59, 13:00, 13:10
and after closing, on ordinary days and on the DST Sundays.

The clock is frozen with time-machine; every page is read as a member reads it, and "pressing
Book straight away" posts exactly what the page preselected."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
import time_machine
from sqlalchemy import select

from tests.support.clock import TUESDAY
from tests.support.factories import EVERY_DAY_8_TO_18, booking_row, dok_noord, insert_bookings
from tests.support.http import logged_in


def brussels(day: date, hh: int, mm: int = 0) -> str:
    """The UTC instant of ``hh:mm`` local time in Brussels on ``day`` (CET or CEST)."""
    from zoneinfo import ZoneInfo

    local = datetime(day.year, day.month, day.day, hh, mm, tzinfo=ZoneInfo("Europe/Brussels"))
    return local.astimezone(UTC).isoformat()


@pytest.fixture
def clock():
    with time_machine.travel(brussels(TUESDAY, 9), tick=False) as traveller:
        yield traveller


@pytest.fixture
def place(clock, factories):
    """Dok Noord (tests/support/factories.py) booking at most 60 days ahead, cancelling until an
    hour before."""
    return dok_noord(factories, policy={"max_advance_days": 60, "cancel_cutoff_minutes": 60})


def page(client, day: date = TUESDAY) -> str:
    r = client.get(f"/workspaces/gent?date={day.isoformat()}")
    assert r.status_code == 200
    return unescape(r.get_data(as_text=True))


BOOKING_FORM = '<form method="post" action="/workspaces/gent"'


def presets(html: str) -> dict[str, str]:
    """The offered parts of the day: value → label (e.g. "afternoon" → "Afternoon (13:00–18:00)")."""
    found = re.findall(r'<input[^>]*name="period"[^>]*value="([a-z]+)"[^>]*>\s*([^<]+)</label>', html)
    return {value: label.strip() for value, label in found}


def preselected(html: str) -> dict[str, str]:
    """What pressing "Book" straight away would send: the form's preselected values."""
    form = html[html.index(BOOKING_FORM) :]
    form = form[: form.index("</form>")]

    def selected(name):
        select_ = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', form, re.S).group(1)
        return re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|<option value="([^"]*)" selected', select_)

    data = {}
    for name in ("day", "shown_at"):
        found = re.search(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', form)
        if found:
            data[name] = next(g for g in found.groups() if g is not None)
    for name in ("desk", "start", "end"):
        match = selected(name)
        data[name] = next(g for g in match.groups() if g is not None)
    data["period"] = re.search(r'<input[^>]*checked[^>]*name="period"[^>]*value="([a-z]+)"', form)
    if data["period"] is None:
        data["period"] = re.search(r'<input[^>]*name="period"[^>]*value="([a-z]+)"[^>]*checked', form)
    data["period"] = data["period"].group(1)
    return data


def desk_label(html: str, desk_id: int) -> str:
    return re.search(rf'<option[^>]*value="{desk_id}"[^>]*>([^<]*)</option>', html).group(1)


def booked(db) -> list[tuple[str, str]]:
    """Every confirmed booking as (local start, local end) "YYYY-MM-DD HH:MM" strings."""
    from coworking.bookings.models import Booking

    db.session.expire_all()
    return [
        (
            f"{b.starts_at.astimezone(b.workspace.tz):%Y-%m-%d %H:%M}",
            f"{b.ends_at.astimezone(b.workspace.tz):%H:%M}",
        )
        for b in db.session.scalars(select(Booking).where(Booking.status == "confirmed").order_by(Booking.starts_at))
    ]


def cells(html: str, state: str) -> list[str]:
    """The start times of the grid cells in ``state`` (e.g. "12:30" for a cell 12:30–13:00)."""
    return re.findall(rf'<td class="cell {state}" title="(\d\d:\d\d)–', html)


# --- item 18: same-day booking ---------------------------------------------------------


def test_at_13_00_this_afternoon_is_offered_from_now_and_books_in_one_press(client, place, clock, db):
    clock.move_to(brussels(TUESDAY, 13))
    logged_in(client, "ana@example.org")
    html = page(client)
    offered = presets(html)
    assert "morning" not in offered  # the morning is over
    assert offered["afternoon"] == "Afternoon (13:00–18:00)"
    assert offered["now"] == "Now until closing (13:00–18:00)"
    assert offered["day"] == "Whole day (13:00–18:00)"
    form = preselected(html)
    assert (form["period"], form["start"], form["end"]) == ("afternoon", "13:00", "18:00")
    # The morning's free cells are past, never free; the afternoon's are free.
    assert "08:00" in cells(html, "past") and "12:30" in cells(html, "past")
    assert all(t >= "13:00" for t in cells(html, "free"))
    # "From" offers no time already gone.
    start_select = re.search(r'<select[^>]*name="start"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert "08:00" not in start_select and "12:30" not in start_select and "13:00" in start_select
    r = client.post("/workspaces/gent", data=form)
    assert r.status_code == 302, r.get_data(as_text=True)
    assert booked(db) == [("2027-03-02 13:00", "18:00")]


def test_at_12_59_the_morning_is_gone_and_the_afternoon_starts_at_13_00(client, place, clock, db):
    clock.move_to(brussels(TUESDAY, 12, 59))
    logged_in(client, "ana@example.org")
    html = page(client)
    assert set(presets(html)) == {"now", "afternoon", "day", "custom"}
    assert presets(html)["now"] == "Now until closing (13:00–18:00)"
    assert "12:30" in cells(html, "past")  # begun, so no longer bookable
    r = client.post("/workspaces/gent", data=preselected(html))
    assert r.status_code == 302
    assert booked(db) == [("2027-03-02 13:00", "18:00")]


def test_once_begun_afternoon_and_whole_day_start_at_the_next_slot(client, place, clock, db):
    _ws, (a1, a2), _ana, _bo = place
    clock.move_to(brussels(TUESDAY, 13, 10))
    logged_in(client, "ana@example.org")
    html = page(client)
    assert presets(html)["afternoon"] == "Afternoon (13:30–18:00)"
    assert presets(html)["day"] == "Whole day (13:30–18:00)"
    data = {"day": "2027-03-02", "desk": str(a1.id), "period": "day"}
    assert client.post("/workspaces/gent", data=data).status_code == 302
    data = {"day": "2027-03-03", "desk": str(a2.id), "period": "day"}  # tomorrow is a whole day
    assert client.post("/workspaces/gent", data=data).status_code == 302
    assert booked(db) == [("2027-03-02 13:30", "18:00"), ("2027-03-03 08:00", "18:00")]


def test_a_morning_in_progress_starts_at_the_next_slot(client, place, clock):
    clock.move_to(brussels(TUESDAY, 10, 5))
    logged_in(client, "ana@example.org")
    html = page(client)
    assert presets(html)["morning"] == "Morning (10:30–13:00)"
    assert preselected(html)["start"] == "10:30"


def test_after_closing_today_there_is_no_form_and_the_page_says_why(client, place, clock, db):
    _ws, (a1, _a2), _ana, _bo = place
    clock.move_to(brussels(TUESDAY, 18, 5))
    logged_in(client, "ana@example.org")
    html = page(client)
    assert BOOKING_FORM not in html
    assert "There is no time left to book today." in html
    assert "/workspaces/gent?date=2027-03-03" in html
    r = client.post("/workspaces/gent", data={"day": "2027-03-02", "desk": str(a1.id), "period": "afternoon"})
    assert r.status_code == 422 and 'data-error-code="in_the_past"' in r.get_data(as_text=True)
    assert booked(db) == []


def test_the_preselected_desk_is_free_for_the_preselected_period(client, place, clock, api_as, db):
    _ws, (a1, a2), _ana, bo = place
    clock.move_to(brussels(TUESDAY, 12))
    assert api_as(bo).book(a1, TUESDAY, "13:00", "15:00").status_code == 201
    clock.move_to(brussels(TUESDAY, 12, 59))
    logged_in(client, "ana@example.org")
    html = page(client)
    form = preselected(html)
    assert form["desk"] == str(a2.id)  # A1 is free in the past morning only, not this afternoon
    # A desk's free time starts at the first bookable slot, not at opening.
    assert desk_label(html, a1.id) == "A1 · free 15:00–18:00"
    assert desk_label(html, a2.id) == "A2 · free 13:00–18:00"
    assert client.post("/workspaces/gent", data=form).status_code == 302
    assert ("2027-03-02 13:00", "18:00") in booked(db)


@pytest.mark.parametrize(
    ("sunday", "utc_start"),
    [
        (date(2027, 3, 28), datetime(2027, 3, 28, 11, tzinfo=UTC)),  # CEST since 02:00 → 03:00
        (date(2027, 10, 31), datetime(2027, 10, 31, 12, tzinfo=UTC)),  # CET since 03:00 → 02:00
    ],
)
def test_on_the_dst_sundays_the_afternoon_starts_at_13_00_local(client, place, clock, db, sunday, utc_start):
    from coworking.bookings.models import Booking

    clock.move_to(brussels(sunday, 13))
    assert datetime.now(UTC) == utc_start
    logged_in(client, "ana@example.org")
    html = page(client, sunday)
    assert "morning" not in presets(html)
    assert presets(html)["afternoon"] == "Afternoon (13:00–18:00)"
    assert "12:30" in cells(html, "past") and "13:00" in cells(html, "free")
    assert client.post("/workspaces/gent", data=preselected(html)).status_code == 302
    row = db.session.scalar(select(Booking))
    assert (row.starts_at, row.ends_at) == (utc_start, utc_start + timedelta(hours=5))


def test_from_and_until_follow_the_preset_chosen_without_javascript(client, place, clock):
    logged_in(client, "ana@example.org")
    html = page(client, date(2027, 3, 3))  # tomorrow: every part of the day
    assert set(presets(html)) == {"morning", "afternoon", "day", "custom"}  # "now" is for today only
    form = preselected(html)
    assert (form["period"], form["start"], form["end"]) == ("morning", "08:00", "13:00")
    # The script reads each preset's times from the page (progressive enhancement).
    assert re.search(r'value="afternoon"[^>]*data-start="13:00"|data-start="13:00"[^>]*value="afternoon"', html)


# --- item 19: a booking made by mistake can be undone ----------------------------------


def test_past_the_cut_off_the_form_warns_and_the_booking_can_be_undone_for_ten_minutes(
    client, place, clock, api_as, db
):
    from coworking.bookings.models import Booking

    _ws, (a1, _a2), _ana, _bo = place
    clock.move_to(brussels(TUESDAY, 12, 41))
    logged_in(client, "ana@example.org")
    # The cut-off is 60 minutes: a booking made now starting before 13:41 is past it as soon as
    # it is made; said on the slot grid, that is one starting before 14:00.
    assert "A booking starting before 14:00 can only be undone within 10 minutes of making it" in page(client)
    clock.move_to(brussels(TUESDAY, 13))
    html = page(client)
    assert "A booking starting before 14:00 can only be undone within 10 minutes of making it" in html
    r = client.post("/workspaces/gent", data={**preselected(html), "desk": str(a1.id)})
    assert r.status_code == 302
    detail = unescape(client.get(r.headers["Location"]).get_data(as_text=True))
    assert "You can undo this booking until 02/03/2027, 13:10" in detail  # flash and page
    assert "until 02/03/2027, 12:00" not in detail  # the cut-off, already past, is promised nowhere
    booking = db.session.scalar(select(Booking))
    clock.move_to(brussels(TUESDAY, 13, 5))
    cancel_page = unescape(client.get(f"/bookings/{booking.uuid}/cancel").get_data(as_text=True))
    assert "Yes, cancel it" in cancel_page
    assert "Cancel…" in unescape(client.get("/bookings").get_data(as_text=True))
    assert client.post(f"/bookings/{booking.uuid}/cancel", data={}).status_code == 302
    assert booked(db) == []


def test_after_the_undo_window_nothing_offers_or_promises_a_cancellation(client, place, clock, api_as, db):
    _ws, (a1, _a2), ana, _bo = place
    clock.move_to(brussels(TUESDAY, 13))
    made = api_as(ana).book(a1, TUESDAY, "13:30", "18:00").json["id"]
    clock.move_to(brussels(TUESDAY, 13, 11))
    logged_in(client, "ana@example.org")
    detail = unescape(client.get(f"/bookings/{made}").get_data(as_text=True))
    assert "Cancel…" not in detail and "You can cancel until" not in detail and "undo" not in detail
    assert "It is too late to cancel: the cut-off was 02/03/2027, 12:30." in detail
    mine = unescape(client.get("/bookings").get_data(as_text=True))
    assert "Too late to cancel" in mine and "Cancel…" not in mine
    assert api_as(ana).delete(f"/api/v1/bookings/{made}").json["code"] == "cancellation_closed"


def test_the_api_allows_the_same_undo(client, place, clock, api_as):
    _ws, (a1, _a2), ana, _bo = place
    clock.move_to(brussels(TUESDAY, 13))
    made = api_as(ana).book(a1, TUESDAY, "13:30", "18:00").json["id"]
    clock.move_to(brussels(TUESDAY, 13, 10))
    r = api_as(ana).delete(f"/api/v1/bookings/{made}")
    assert r.status_code == 200 and r.json["status"] == "cancelled"


def test_a_booking_within_its_cut_off_promises_the_cut_off(client, place, clock, api_as):
    _ws, (a1, _a2), ana, _bo = place
    made = api_as(ana).book(a1, TUESDAY, "15:00", "16:00").json["id"]  # at 09:00
    logged_in(client, "ana@example.org")
    detail = unescape(client.get(f"/bookings/{made}").get_data(as_text=True))
    assert "You can cancel until 02/03/2027, 14:00." in detail


# --- item 20: days that cannot be booked -------------------------------------------------


def test_past_days_and_days_beyond_the_window_show_no_form_and_say_why(client, place, clock):
    logged_in(client, "ana@example.org")
    past = page(client, date(2027, 3, 1))
    assert BOOKING_FORM not in past and "This day is over: it can no longer be booked." in past
    last = TUESDAY + timedelta(days=60)
    assert BOOKING_FORM in page(client, last)
    beyond = page(client, last + timedelta(days=1))
    assert BOOKING_FORM not in beyond
    assert "Bookings for this day open on Wednesday, 3 March 2027" in beyond
    assert "up to 60 days ahead" in beyond
    assert BOOKING_FORM in page(client, TUESDAY)  # today, still open


# --- item 11: a desk of another workspace --------------------------------------------------


def test_the_web_form_refuses_a_desk_of_another_workspace(client, place, make_workspace, make_desk, db):
    elsewhere = make_workspace(slug="liege", name="Liège Centre", opening_hours=EVERY_DAY_8_TO_18)
    foreign = make_desk(elsewhere, code="L1")
    logged_in(client, "ana@example.org")
    r = client.post("/workspaces/gent", data={"day": "2027-03-03", "desk": str(foreign.id), "period": "morning"})
    assert r.status_code == 422
    html = unescape(r.get_data(as_text=True))
    assert 'data-error-code="validation_error"' in html
    assert "That desk is not at Dok Noord. Choose one from the list." in html
    assert booked(db) == []


# --- item 24: "someone has just booked this desk" only for a race -------------------------


def test_a_desk_already_booked_when_the_page_was_shown_is_not_called_a_race(client, place, clock, api_as):
    _ws, (a1, _a2), _ana, bo = place
    assert api_as(bo).book(a1, TUESDAY, "13:00", "15:00").status_code == 201
    clock.shift(60)
    logged_in(client, "ana@example.org")
    form = {**preselected(page(client)), "desk": str(a1.id), "period": "afternoon"}
    r = client.post("/workspaces/gent", data=form)
    html = unescape(r.get_data(as_text=True))
    assert r.status_code == 409 and 'data-error-code="desk_taken"' in html
    assert "Desk A1 is already booked from 13:00 to 15:00. Please pick another desk or time." in html
    assert "just booked" not in html


def test_a_desk_booked_between_showing_the_page_and_submitting_is_a_race(client, place, clock, api_as):
    _ws, (a1, _a2), _ana, bo = place
    logged_in(client, "ana@example.org")
    form = {**preselected(page(client)), "desk": str(a1.id), "period": "afternoon"}
    clock.shift(30)
    assert api_as(bo).book(a1, TUESDAY, "13:00", "15:00").status_code == 201
    clock.shift(30)
    html = unescape(client.post("/workspaces/gent", data=form).get_data(as_text=True))
    assert "someone else has just booked this desk" in html


def test_the_members_own_overlapping_booking_is_named(client, place, clock, api_as):
    _ws, (a1, a2), ana, _bo = place
    assert api_as(ana).book(a1, TUESDAY, "10:00", "12:00").status_code == 201
    clock.shift(60)
    logged_in(client, "ana@example.org")
    form = {**preselected(page(client)), "desk": str(a2.id), "period": "custom", "start": "11:00", "end": "12:30"}
    r = client.post("/workspaces/gent", data=form)
    html = unescape(r.get_data(as_text=True))
    assert r.status_code == 409 and 'data-error-code="member_busy"' in html
    assert "You already have a booking from 10:00 to 12:00 (desk A1) that overlaps this time." in html
    assert "just booked" not in html


# --- item 22: my bookings, and the past ones paged ---------------------------------------


def _past_bookings(db, place, count: int, start_day: date = date(2027, 2, 27)) -> None:
    _ws, (a1, _a2), ana, _bo = place
    rows = []
    for n in range(count):
        starts = datetime.fromisoformat(brussels(start_day - timedelta(days=n), 9))
        rows.append(booking_row(a1, ana, starts, starts + timedelta(hours=1)))
    insert_bookings(db, rows)


def _cards(html: str, section: str) -> int:
    part = html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    return part.count('<article class="card booking')


def test_my_bookings_shows_upcoming_and_the_last_ten_past_with_a_link_to_the_rest(client, place, api_as, db):
    _ws, (a1, _a2), ana, _bo = place
    assert api_as(ana).book(a1, date(2027, 3, 4), "09:00", "10:00").status_code == 201
    _past_bookings(db, place, 25)
    logged_in(client, "ana@example.org")
    html = unescape(client.get("/bookings").get_data(as_text=True))
    assert _cards(html, "upcoming") == 1
    assert _cards(html, "history") == 10
    assert "Saturday, 27 February 2027" in html and "Wednesday, 17 February 2027" not in html
    assert 'href="/bookings/past"' in html
    first = unescape(client.get("/bookings/past").get_data(as_text=True))
    assert _cards(first, "history") == 20 and 'href="/bookings/past?page=2"' in first
    second = unescape(client.get("/bookings/past?page=2").get_data(as_text=True))
    assert _cards(second, "history") == 5 and "page=3" not in second
    assert 'href="/bookings/past?page=1"' in second
    assert "Wednesday, 3 February 2027" in second  # the oldest


def test_a_short_history_has_no_link_to_more(client, place, db):
    _past_bookings(db, place, 10)
    logged_in(client, "ana@example.org")
    html = client.get("/bookings").get_data(as_text=True)
    assert _cards(html, "history") == 10 and "/bookings/past" not in html


def test_my_bookings_pages_run_a_constant_number_of_statements(client, place, db, sql_statements):
    logged_in(client, "ana@example.org")

    def count(url):
        with sql_statements() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    urls = ["/bookings", "/bookings/past", "/bookings/past?page=2"]
    _past_bookings(db, place, 25)
    for url in urls:
        count(url)  # warm-up
    small = {url: count(url) for url in urls}
    _past_bookings(db, place, 100, start_day=date(2027, 1, 31))
    large = {url: count(url) for url in urls}
    assert large == small


def test_a_desk_picked_in_the_grid_comes_with_a_part_of_the_day_it_is_free_for(client, place, clock, api_as):
    _ws, (a1, _a2), _ana, bo = place
    assert api_as(bo).book(a1, date(2027, 3, 3), "08:00", "13:00").status_code == 201
    logged_in(client, "ana@example.org")
    r = client.get(f"/workspaces/gent?date=2027-03-03&desk={a1.id}")
    form = preselected(unescape(r.get_data(as_text=True)))
    assert (form["desk"], form["period"], form["start"], form["end"]) == (str(a1.id), "afternoon", "13:00", "18:00")
    assert client.post("/workspaces/gent", data=form).status_code == 302
