"""The day page's booking form filled from a link: a free grid cell (desk and slot), "Book
again" from my bookings (desk and hours, on the next day that still offers them); the parts of
the day offered today. The clock stands at Monday 1 March 2027, 09:00 in Brussels; Dok Noord
is open every day 08:00–18:00 with desks A1 and A2."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.support.clock import BRUSSELS, MONDAY, TUESDAY, at
from tests.support.day_page import cell_links, cells, day_html, options, preselected, presets
from tests.support.factories import add_closure
from tests.support.http import logged_in

WEDNESDAY = date(2027, 3, 3)


def test_a_link_with_desk_and_times_prefills_the_form_and_books_them(client, place, db):
    _ws, (_a1, a2), _ana, _bo = place
    logged_in(client, "ana@example.org")
    html = day_html(client, f"/workspaces/gent?date=2027-03-02&desk={a2.id}&start=10:00&end=11:30")
    assert preselected(html) == {"desk": str(a2.id), "period": "custom", "start": "10:00", "end": "11:30"}
    form = {**preselected(html), "day": "2027-03-02"}
    r = client.post("/workspaces/gent", data=form)
    assert r.status_code == 302, r.get_data(as_text=True)
    detail = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "A2" in detail and "10:00–11:30" in detail


@pytest.mark.parametrize(
    "query",
    [
        "desk=999999",
        "desk=abc",
        "desk=99999999999999999999",
        "start=25:00&end=26:00",
        "start=10:00&end=09:00",  # ends before it starts
        "start=10:15&end=11:00",  # not on the 30-minute grid
        "start=06:00&end=07:00",  # before opening
        "start=1000&end=1100",
        "start=10:00",  # no end
    ],
)
def test_a_bad_desk_or_time_in_the_link_is_ignored(client, place, query):
    logged_in(client, "ana@example.org")
    html = day_html(client, f"/workspaces/gent?date=2027-03-02&{query}")
    form = preselected(html)
    assert (form["period"], form["start"], form["end"]) == ("morning", "08:00", "13:00")
    assert form["desk"] is not None


def test_a_desk_of_another_workspace_in_the_link_is_ignored(client, place, make_workspace, make_desk):
    _ws, (a1, _a2), _ana, _bo = place
    other = make_desk(make_workspace(slug="brugge"), code="B1")
    logged_in(client, "ana@example.org")
    html = day_html(client, f"/workspaces/gent?date=2027-03-02&desk={other.id}&start=10:00&end=11:00")
    assert preselected(html) == {"desk": str(a1.id), "period": "custom", "start": "10:00", "end": "11:00"}


def test_free_cells_are_links_to_the_prefilled_form_and_taken_ones_are_not(client, place, api_as):
    _ws, (a1, a2), _ana, bo = place
    assert api_as(bo).book(a1, TUESDAY, "10:00", "11:00").status_code == 201
    logged_in(client, "ana@example.org")
    html = day_html(client, "/workspaces/gent?date=2027-03-02")
    links = dict(cell_links(html))
    assert links[f"/workspaces/gent?date=2027-03-02&desk={a2.id}&start=10:00&end=10:30#book"] == "A2 10:00: free, book"
    assert f"/workspaces/gent?date=2027-03-02&desk={a1.id}&start=09:30&end=10:00#book" in links
    assert not any(f"desk={a1.id}&start=10:00" in href or f"desk={a1.id}&start=10:30" in href for href in links)
    assert len(links) == 2 * 20 - 2  # every half hour of both desks but A1's booked hour
    assert cells(html, "taken") == ["10:00", "10:30"]
    # Following a cell's link preselects that desk and half hour.
    (href,) = [h for h in links if f"desk={a1.id}&start=17:30" in h]
    assert preselected(day_html(client, href)) == {
        "desk": str(a1.id),
        "period": "custom",
        "start": "17:30",
        "end": "18:00",
    }


def test_cells_already_begun_and_days_that_cannot_be_booked_are_not_links(client, place):
    logged_in(client, "ana@example.org")
    today = day_html(client, "/workspaces/gent")  # Monday 09:00
    starts = sorted({href.split("start=")[1][:5] for href, _text in cell_links(today)})
    assert starts[0] == "09:00" and "08:30" not in starts
    assert cell_links(day_html(client, "/workspaces/gent?date=2027-02-28")) == []  # over
    assert cell_links(day_html(client, "/workspaces/gent?date=2029-12-31")) == []  # beyond the window


def test_at_13_10_today_offers_no_morning_and_now_until_closing_from_13_30(client, place, clock):
    clock.move_to(at(BRUSSELS, MONDAY, 13, 10))
    logged_in(client, "ana@example.org")
    html = day_html(client, "/workspaces/gent")
    offered = presets(html)
    assert "morning" not in offered
    assert offered["now"] == "Now until closing (13:30–18:00)"
    assert offered["afternoon"] == "Afternoon (13:30–18:00)"
    assert options(html, "start")[0][0] == "13:30"
    # On another day, "now until closing" is not offered; the morning is.
    tomorrow = presets(day_html(client, "/workspaces/gent?date=2027-03-02"))
    assert "now" not in tomorrow and tomorrow["morning"] == "Morning (08:00–13:00)"


def test_book_again_opens_the_next_day_with_those_hours_and_desk(client, place, api_as, clock, db):
    _ws, (_a1, a2), ana, _bo = place
    made = api_as(ana).book(a2, MONDAY, "09:30", "11:00")
    assert made.status_code == 201
    clock.move_to(at(BRUSSELS, MONDAY, 12))  # over
    logged_in(client, "ana@example.org")
    mine = client.get("/bookings").get_data(as_text=True)
    link = f"/workspaces/gent?desk={a2.id}&amp;start=09:30&amp;end=11:00#book"
    assert link in mine and "Book again" in mine
    html = day_html(client, link.replace("&amp;", "&"))
    assert 'name="day" type="hidden" value="2027-03-02"' in html  # today's 09:30 is gone
    assert preselected(html) == {"desk": str(a2.id), "period": "custom", "start": "09:30", "end": "11:00"}
    # A closed Tuesday: the Wednesday.
    add_closure(db, place[0], TUESDAY, TUESDAY)
    html = day_html(client, link.replace("&amp;", "&"))
    assert 'name="day" type="hidden" value="2027-03-03"' in html


def test_book_again_a_cancelled_booking_can_be_today(client, place, api_as):
    _ws, (a1, _a2), ana, _bo = place
    made = api_as(ana).book(a1, TUESDAY, "14:00", "16:00")
    assert api_as(ana).delete(f"/api/v1/bookings/{made.json['id']}").status_code in (200, 204)
    logged_in(client, "ana@example.org")
    mine = client.get("/bookings").get_data(as_text=True)
    link = f"/workspaces/gent?desk={a1.id}&amp;start=14:00&amp;end=16:00#book"
    assert link in mine
    html = day_html(client, link.replace("&amp;", "&"))
    assert 'name="day" type="hidden" value="2027-03-01"' in html  # 14:00 today is still ahead
    assert preselected(html)["start"] == "14:00"
    # The day links keep the desk and hours, so the member may choose another day.
    assert f"/workspaces/gent?date=2027-03-02&amp;desk={a1.id}&amp;start=14:00&amp;end=16:00" in client.get(
        link.replace("&amp;", "&")
    ).get_data(as_text=True)


def test_the_day_links_its_week_and_the_series_form_with_the_chosen_desk_and_times(client, place):
    _ws, (_a1, a2), _ana, _bo = place
    logged_in(client, "ana@example.org")
    html = day_html(client, f"/workspaces/gent?date=2027-03-02&desk={a2.id}&start=10:00&end=11:30")
    assert 'href="/workspaces/gent/week?start=2027-03-02"' in html
    series = client.get(f"/workspaces/gent/series?date=2027-03-02&desk={a2.id}&start=10:00&end=11:30")
    assert series.status_code == 200
    link = f"/workspaces/gent/series?date=2027-03-02&desk={a2.id}&start=10:00&end=11:30"
    assert link in html, re.findall(r'href="[^"]*series[^"]*"', html)
    # The series form opens with that desk and those times chosen.
    form = series.get_data(as_text=True)
    assert f'<option selected value="{a2.id}">' in form or f'value="{a2.id}" selected' in form
