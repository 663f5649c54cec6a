"""The waitlist on the pages: a full part of the day offers "Join the waitlist for this
period"; joining lands on "my bookings", which lists the entry with its place in line and a
"Leave" button. The clock stands at Monday 1 March 2027, 09:00 in Brussels; Dok Noord is open
every day 08:00–18:00 with desks A1 and A2."""

from __future__ import annotations

from tests.support.clock import BRUSSELS, TUESDAY, at
from tests.support.day_page import day_html
from tests.support.http import logged_in, visible

JOIN = "Join the waitlist for this period"


def test_a_full_morning_offers_the_waitlist_and_my_bookings_shows_the_place(client, place, factories):
    ws, (a1, a2), _ana, bo = place
    cy = factories.user(email="cy@example.org", name="Cy", workspaces=[ws])
    factories.booking(a1, bo, at(BRUSSELS, TUESDAY, 8), at(BRUSSELS, TUESDAY, 13))
    factories.booking(a2, cy, at(BRUSSELS, TUESDAY, 8), at(BRUSSELS, TUESDAY, 13))
    logged_in(client, "ana@example.org")
    html = day_html(client, "/workspaces/gent?date=2027-03-02")
    assert JOIN in html
    # The afternoon has free desks: no waitlist for it.
    assert JOIN not in day_html(client, "/workspaces/gent?date=2027-03-02&start=14:00&end=16:00")

    r = client.post("/workspaces/gent/waitlist", data={"day": "2027-03-02", "start": "08:00", "end": "13:00"})
    assert r.status_code == 302
    mine = visible(client.get(r.headers["Location"]).get_data(as_text=True))
    assert "You are on the waitlist, number 1 in line." in mine
    assert "Waiting for a desk" in mine
    assert "08:00–13:00" in mine and "number 1 in line" in mine

    # Leave it: gone from my bookings.
    page = client.get("/bookings").get_data(as_text=True)
    action = page.split('action="/waitlist/')[1].split('"')[0]
    r = client.post(f"/waitlist/{action}", data={})
    assert r.status_code == 302
    after = visible(client.get("/bookings").get_data(as_text=True))
    assert "You left the waitlist." in after
    assert "Waiting for a desk" not in after


def test_joining_when_a_desk_is_free_says_book_it(client, place):
    logged_in(client, "ana@example.org")
    r = client.post("/workspaces/gent/waitlist", data={"day": "2027-03-02", "start": "10:00", "end": "12:00"})
    assert r.status_code == 302
    assert "/workspaces/gent?date=2027-03-02" in r.headers["Location"]
    page = visible(client.get(r.headers["Location"]).get_data(as_text=True))
    assert "A desk is free for that whole period: book it instead of joining the waitlist." in page


def test_someone_elses_entry_cannot_be_left(client, place):
    logged_in(client, "bo@example.org")
    assert client.post("/waitlist/00000000-0000-0000-0000-000000000000/leave", data={}).status_code == 404
