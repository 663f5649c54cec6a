"""Meeting-room guests on the pages, on every backend: the day page offers guests with a
meeting room, the booking form invites members by name and anyone by email, the booking page
lists the guests and lets its booker add (a name matching several members offers them) and
remove them; the guest sees the meeting, others do not; the refusals are said plainly."""

from __future__ import annotations

import re

import pytest

from tests.support.app import outbox
from tests.support.clock import TUESDAY
from tests.support.guests import OUTSIDER, meeting_team
from tests.support.http import logged_in, visible
from tests.support.mails import calendar_part, sent_to


@pytest.fixture(autouse=True)
def _empty_outbox(app):
    outbox(app).clear()


@pytest.fixture
def team(clock, factories, api_as):
    return meeting_team(factories, api_as)


def book_room_on_page(client, team, guests: str, period="morning"):
    data = {"day": TUESDAY.isoformat(), "desk": str(team.room.id), "period": period, "guests": guests}
    return client.post("/workspaces/gent", data=data)


def test_the_day_page_offers_guests_for_its_meeting_rooms(client, team):
    html = logged_in(client, team.ana).get(f"/workspaces/gent?date={TUESDAY}").get_data(as_text=True)
    assert 'name="guests"' in html
    assert f'data-rooms="{team.room.id}"' in html
    assert "Meeting rooms only." in html


def test_booking_a_room_with_guests_by_name_and_email_from_the_day_page(app, client, team):
    logged_in(client, team.ana)
    r = book_room_on_page(client, team, f"bo peeters\n{OUTSIDER}")
    assert r.status_code == 302, visible(r.get_data(as_text=True))
    page = client.get(r.headers["Location"])
    text = visible(page.get_data(as_text=True))
    assert "Your guests get the invitation by mail." in text
    assert "Guests" in text and "Bo Peeters" in text and OUTSIDER in text
    assert "This room holds 3 people, you included." in text
    for address in ("bo@example.org", OUTSIDER):
        (mail,) = sent_to(app, address)
        assert calendar_part(mail).get_param("method") == "REQUEST"


def test_the_booking_form_says_which_guest_it_could_not_find_and_books_nothing(app, client, team):
    logged_in(client, team.ana)
    r = book_room_on_page(client, team, "Peeters")  # Bo and Cy: which one?
    assert r.status_code == 422
    text = visible(r.get_data(as_text=True))
    assert "We could not find every guest" in text and "(Peeters)" in text
    r = book_room_on_page(client, team, "Di Hidden")  # does not let members find her by name
    assert r.status_code == 422 and "(Di Hidden)" in visible(r.get_data(as_text=True))
    r = book_room_on_page(client, team, "bo@example.org, cy@example.org, di@example.org")
    assert r.status_code == 422
    assert "more guests than this room holds" in visible(r.get_data(as_text=True))
    r = client.post(
        "/workspaces/gent",
        data={"day": TUESDAY.isoformat(), "desk": str(team.desk.id), "period": "morning", "guests": OUTSIDER},
    )
    assert r.status_code == 422 and "Only a meeting room takes guests" in visible(r.get_data(as_text=True))
    assert outbox(app) == []
    assert "No upcoming bookings." in visible(client.get("/bookings").get_data(as_text=True))


def test_the_booker_adds_and_removes_guests_on_the_booking_page(app, client, team):
    booking = team.as_ana.book(team.room, TUESDAY, "10:00", "12:00").json
    url = f"/bookings/{booking['id']}"
    logged_in(client, team.ana)
    html = client.get(url).get_data(as_text=True)
    assert "No guests yet." in visible(html) and f'action="{url}/guests"' in html

    # A name matching two members offers both; picking one invites them.
    r = client.post(f"{url}/guests", data={"guest": "peeters"})
    assert r.status_code == 200
    text = visible(r.get_data(as_text=True))
    assert "Several members match" in text and "Invite Bo Peeters" in text and "Invite Cy Peeters" in text
    r = client.post(f"{url}/guests", data={"member_id": str(team.cy.id)})
    assert r.status_code == 302 and r.headers["Location"].endswith("#guests")
    # An exact name, and an email address.
    assert client.post(f"{url}/guests", data={"guest": "Bo Peeters"}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Cy Peeters" in visible(page) and "Bo Peeters" in visible(page)
    assert "The room is full: remove a guest to invite another." in visible(page)  # capacity 3: two guests
    r = client.post(f"{url}/guests", data={"guest": OUTSIDER})
    assert r.status_code == 422 and "more guests than this room holds" in visible(r.get_data(as_text=True))

    (remove_cy,) = re.findall(rf'action="({url}/guests/\d+/remove)"', page)[:1]
    assert client.post(remove_cy).status_code == 302
    assert "Cy Peeters" not in visible(client.get(url).get_data(as_text=True))
    assert [calendar_part(m).get_param("method") for m in sent_to(app, "cy@example.org")] == ["REQUEST", "CANCEL"]


def test_a_guest_sees_the_meeting_and_its_guests_but_changes_nothing_others_see_nothing(client, team):
    booking = team.as_ana.book(team.room, TUESDAY, "10:00", "12:00", guests=[{"member_id": team.bo.id}]).json
    url = f"/bookings/{booking['id']}"
    logged_in(client, team.bo)
    html = client.get(url).get_data(as_text=True)
    text = visible(html)
    assert "Gereserveerd door Ana Booker." in text and "Bo Peeters" in text  # Bo's pages are Dutch
    assert 'name="guest"' not in html and "/remove" not in html and "Cancel…" not in text
    mine = visible(client.get("/bookings").get_data(as_text=True))
    assert "Vergaderingen waarvoor ik uitgenodigd ben" in mine and "Ruimte R1 bij Dok Noord, door Ana Booker" in mine
    assert client.post(f"{url}/guests", data={"guest": OUTSIDER}).status_code == 403
    client.post("/logout")
    logged_in(client, team.cy)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/guests", data={"guest": OUTSIDER}).status_code == 404
