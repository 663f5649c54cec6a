"""Meeting rooms with guests through the API, on every backend: booking a room with guests,
the capacity, who may be invited, who sees the booking, changing the list (REQUEST to the
added, CANCEL to the removed), the booker's overlap guard only, the guests told when the
meeting is cancelled, the search by name, the export and the erasure."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from coworking.bookings.guest_models import BookingGuest
from coworking.bookings.models import Booking
from tests.support.app import mail_text, outbox
from tests.support.clock import TUESDAY
from tests.support.guests import OUTSIDER, meeting_team
from tests.support.http import problem_code
from tests.support.mails import calendar_part, invite_event, sent_to


@pytest.fixture(autouse=True)
def _empty_outbox(app):
    outbox(app).clear()


@pytest.fixture
def team(clock, factories, api_as):
    return meeting_team(factories, api_as)


def book_room(team, guests, api=None, start="10:00", end="12:00"):
    return (api or team.as_ana).book(team.room, TUESDAY, start, end, guests=guests)


def test_a_member_books_a_room_with_a_member_and_an_outside_guest_who_are_each_invited(app, team):
    r = book_room(team, [{"member_id": team.bo.id}, {"email": "Oskar@Partner.example"}])
    assert r.status_code == 201, r.json
    assert r.json["guests"] == [{"member_id": team.bo.id, "name": "Bo Peeters"}, {"email": OUTSIDER}]
    assert r.json["sequence"] == 1  # the guest list is a change of the event

    (own,) = sent_to(app, "ana@example.org")
    assert own["Subject"] == "Booked: desk R1 at Dok Noord"
    (to_bo,) = sent_to(app, "bo@example.org")
    (to_oskar,) = sent_to(app, OUTSIDER)
    assert to_oskar["Subject"] == "Invitation from Ana Booker: room R1 at Dok Noord"
    assert "Ana Booker invites you to a meeting in room R1 at Dok Noord." in mail_text(to_oskar)
    assert to_bo["Content-Language"] == "nl"  # Bo's language; Oskar's is the workspace's
    for mail, email in ((to_bo, "bo@example.org"), (to_oskar, OUTSIDER)):
        assert calendar_part(mail).get_param("method") == "REQUEST"
        cal, event = invite_event(mail)
        assert str(cal["METHOD"]) == "REQUEST"
        assert str(event["UID"]).startswith(r.json["id"] + "@")
        assert int(event["SEQUENCE"]) == 1 and str(event["STATUS"]) == "CONFIRMED"
        assert str(event["ORGANIZER"]) == "mailto:ana@example.org"
        assert event["ORGANIZER"].params["CN"] == "Ana Booker"
        assert str(event["ATTENDEE"]) == f"mailto:{email}"
        assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    # Only a member guest is sent to the booking's page (an outsider cannot log in).
    assert f"/bookings/{r.json['id']}" in mail_text(to_bo)
    assert f"/bookings/{r.json['id']}" not in mail_text(to_oskar)


def test_more_guests_than_the_capacity_less_the_booker_is_over_capacity_and_books_nothing(app, db, team):
    guests = [{"member_id": team.bo.id}, {"member_id": team.cy.id}, {"email": OUTSIDER}]
    r = book_room(team, guests)
    assert r.status_code == 422 and problem_code(r) == "over_capacity"
    assert r.json["capacity"] == 3
    assert db.session.scalar(select(func.count(Booking.id))) == 0
    assert outbox(app) == []
    # Capacity − 1 guests fit.
    assert book_room(team, guests[:2]).status_code == 201


def test_a_desk_takes_no_guests(team):
    r = team.as_ana.book(team.desk, TUESDAY, "10:00", "12:00", guests=[{"email": OUTSIDER}])
    assert r.status_code == 422 and problem_code(r) == "guests_not_allowed"


def test_a_hidden_member_is_invited_by_their_email_never_by_id(team):
    r = book_room(team, [{"member_id": team.di.id}])
    assert r.status_code == 422 and problem_code(r) == "unknown_guest"
    r = book_room(team, [{"email": "di@example.org"}])
    assert r.status_code == 201, r.json
    assert r.json["guests"] == [{"member_id": team.di.id, "name": "Di Hidden"}]


def test_the_booker_is_not_their_own_guest_and_a_guest_is_named_once(team):
    r = book_room(team, [{"email": "ana@example.org"}])
    assert r.status_code == 422 and problem_code(r) == "validation_error"
    r = book_room(team, [{"member_id": team.bo.id}, {"email": "BO@example.org"}, {"email": "not-an-address"}])
    assert r.status_code == 422 and problem_code(r) == "unknown_guest"
    r = book_room(team, [{"member_id": team.bo.id}, {"email": "BO@example.org"}])
    assert r.status_code == 201 and r.json["guests"] == [{"member_id": team.bo.id, "name": "Bo Peeters"}]


def test_guests_their_booker_and_its_managers_see_the_booking_and_its_guests_others_do_not(team):
    booking = book_room(team, [{"member_id": team.bo.id}, {"email": OUTSIDER}]).json
    url = f"/api/v1/bookings/{booking['id']}"
    for api in (team.as_ana, team.as_bo, team.as_mia):
        r = api.get(url)
        assert r.status_code == 200, r.json
        assert [g.get("member_id") or g.get("email") for g in r.json["guests"]] == [team.bo.id, OUTSIDER]
    assert team.as_bo.get(url).json["member"] == {"id": team.ana.id, "name": "Ana Booker"}
    for api in (team.as_cy, team.as_di, team.as_max):
        r = api.get(url)
        assert r.status_code == 404 and problem_code(r) == "not_found"
    # A guest neither cancels the booking nor changes its guests.
    assert team.as_bo.delete(url).status_code == 404
    r = team.as_bo.put(f"{url}/guests", json={"guests": []})
    assert r.status_code == 403 and problem_code(r) == "forbidden"
    assert team.as_cy.put(f"{url}/guests", json={"guests": []}).status_code == 404
    assert team.as_mia.put(f"{url}/guests", json={"guests": []}).status_code == 403


def test_changing_the_guests_invites_the_added_and_cancels_the_removed(app, team):
    booking = book_room(team, [{"member_id": team.bo.id}]).json
    outbox(app).clear()
    url = f"/api/v1/bookings/{booking['id']}/guests"

    r = team.as_ana.put(url, json={"guests": [{"member_id": team.cy.id}, {"email": OUTSIDER}]})
    assert r.status_code == 200, r.json
    assert r.json["sequence"] == 2
    assert [g.get("member_id") or g.get("email") for g in r.json["guests"]] == [team.cy.id, OUTSIDER]

    (to_bo,) = sent_to(app, "bo@example.org")
    assert calendar_part(to_bo).get_param("method") == "CANCEL"
    cal, event = invite_event(to_bo)
    assert str(cal["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2  # higher than the REQUEST Bo had (1)
    assert "Ana Booker heeft je van de gastenlijst van deze vergadering gehaald." in mail_text(to_bo)  # Bo reads Dutch
    for address in ("cy@example.org", OUTSIDER):
        (mail,) = sent_to(app, address)
        assert calendar_part(mail).get_param("method") == "REQUEST"
    assert sent_to(app, "ana@example.org") == []  # the booker's own event did not move

    # The same list again changes nothing and mails nobody.
    outbox(app).clear()
    r = team.as_ana.put(url, json={"guests": [{"email": OUTSIDER}, {"member_id": team.cy.id}]})
    assert r.status_code == 200 and r.json["sequence"] == 2
    assert outbox(app) == []
    # Over the capacity: refused, the list unchanged.
    three = [{"member_id": team.cy.id}, {"email": OUTSIDER}, {"email": "x@y.example"}]
    r = team.as_ana.put(url, json={"guests": three})
    assert r.status_code == 422 and problem_code(r) == "over_capacity"
    assert len(team.as_ana.get(f"/api/v1/bookings/{booking['id']}").json["guests"]) == 2


def test_the_overlap_guard_is_the_bookers_a_guest_may_be_busy(team):
    assert team.as_bo.book(team.desk, TUESDAY, "09:00", "13:00").status_code == 201  # Bo works at A1
    r = book_room(team, [{"member_id": team.bo.id}])
    assert r.status_code == 201, r.json  # and is invited to the meeting at the same time
    r = team.as_bo.book(team.room, TUESDAY, "12:00", "14:00")
    assert r.status_code == 409 and problem_code(r) == "member_busy"  # Bo's own bookings still may not overlap
    r = book_room(team, [], api=team.as_cy, start="11:00", end="13:00")
    assert r.status_code == 409 and problem_code(r) == "desk_taken"  # the room itself is guarded as ever


def test_cancelling_the_meeting_tells_every_guest(app, team):
    booking = book_room(team, [{"member_id": team.bo.id}, {"email": OUTSIDER}]).json
    outbox(app).clear()
    r = team.as_ana.delete(f"/api/v1/bookings/{booking['id']}")
    assert r.status_code == 200 and r.json["status"] == "cancelled"
    said = {
        "bo@example.org": "Ana Booker heeft deze vergadering geannuleerd.",
        OUTSIDER: "Ana Booker has cancelled this meeting.",
    }
    for address, words in said.items():  # each in their own language: Bo Dutch, the outsider the workspace's
        (mail,) = sent_to(app, address)
        assert calendar_part(mail).get_param("method") == "CANCEL"
        assert words in mail_text(mail)
        _cal, event = invite_event(mail)
        assert int(event["SEQUENCE"]) == 2 and str(event["STATUS"]) == "CANCELLED"
    # The guest still sees it, cancelled; nobody changes the guests of a cancelled meeting.
    assert team.as_bo.get(f"/api/v1/bookings/{booking['id']}").json["status"] == "cancelled"
    r = team.as_ana.put(f"/api/v1/bookings/{booking['id']}/guests", json={"guests": []})
    assert r.status_code == 409 and problem_code(r) == "not_active"


def test_a_manager_cancelling_the_meeting_tells_the_guests(app, team):
    booking = book_room(team, [{"member_id": team.bo.id}]).json
    outbox(app).clear()
    assert team.as_mia.delete(f"/api/v1/bookings/{booking['id']}").status_code == 200
    (mail,) = sent_to(app, "bo@example.org")
    assert "Deze vergadering is geannuleerd door de beheerders van de locatie." in mail_text(mail)  # Bo: Dutch
    assert calendar_part(mail).get_param("method") == "CANCEL"


def test_members_are_found_by_name_only_when_they_allow_it(team):
    r = team.as_ana.get("/api/v1/guests/candidates?q=peet")
    assert r.status_code == 200
    assert r.json == [{"id": team.bo.id, "name": "Bo Peeters"}, {"id": team.cy.id, "name": "Cy Peeters"}]
    assert team.as_ana.get("/api/v1/guests/candidates?q=hidden").json == []
    assert team.as_bo.get("/api/v1/guests/candidates?q=peeters").json == [{"id": team.cy.id, "name": "Cy Peeters"}]
    assert team.as_ana.get("/api/v1/guests/candidates?q=p").json == []  # two characters at least
    assert team.as_ana.get("/api/v1/guests/candidates?q=%25").json == []  # a wildcard is a character


def test_the_export_holds_guest_entries_and_the_erasure_removes_them(app, db, team, api_as, make_user):
    booking = book_room(team, [{"member_id": team.bo.id}, {"email": OUTSIDER}]).json
    mine = team.as_ana.get("/api/v1/me/data").json["guests"]
    assert [g.get("member_id") or g.get("email") for g in mine["invited"]] == [team.bo.id, OUTSIDER]
    theirs = team.as_bo.get("/api/v1/me/data").json["guests"]
    assert [i["booking"] for i in theirs["invited_to"]] == [booking["id"]]

    admin = api_as(make_user(role="admin", email="admin@example.org"))
    assert admin.post(f"/api/v1/users/{team.bo.id}/erase").status_code == 200
    r = team.as_ana.get(f"/api/v1/bookings/{booking['id']}")
    assert r.json["guests"] == [{"email": OUTSIDER}]
    assert admin.post(f"/api/v1/users/{team.ana.id}/erase").status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(func.count(BookingGuest.id))) == 0
    assert db.session.scalar(select(func.count(Booking.id))) == 1  # the booking stays, for the figures


def test_a_closure_over_the_meeting_tells_the_guests_the_workspace_is_closed(app, team):
    booking = book_room(team, [{"member_id": team.bo.id}, {"email": OUTSIDER}]).json
    outbox(app).clear()
    r = team.as_mia.post(
        "/api/v1/workspaces/gent/closures",
        json={"start_date": TUESDAY.isoformat(), "end_date": TUESDAY.isoformat(), "reason": "Public holiday"},
    )
    assert r.status_code == 201 and r.json["cancelled_bookings"] == 1
    said = {
        "bo@example.org": "Deze vergadering is geannuleerd: de locatie is die dag gesloten.",
        OUTSIDER: "This meeting is cancelled: the workspace is closed that day.",
    }
    for address, words in said.items():
        (mail,) = sent_to(app, address)
        text = mail_text(mail)
        assert words in text
        assert "Public holiday" in text
    assert team.as_bo.get(f"/api/v1/bookings/{booking['id']}").json["status"] == "cancelled"


def test_reading_a_meeting_costs_the_same_statements_whatever_its_number_of_guests(
    clock, factories, api_as, sql_statements
):
    team = meeting_team(factories, api_as, capacity=12)
    few = book_room(team, [{"member_id": team.bo.id}]).json
    extra = [factories.user(email=f"g{n}@example.org", name=f"Guest {n}") for n in range(8)]
    many = book_room(
        team,
        [{"member_id": team.bo.id}, {"member_id": team.cy.id}] + [{"email": u.email} for u in extra],
        start="14:00",
        end="16:00",
    ).json
    assert len(many["guests"]) == 10

    def count(booking_id):
        with sql_statements() as statements:
            assert team.as_bo.get(f"/api/v1/bookings/{booking_id}").status_code == 200
        return len(statements)

    count(few["id"])  # warm-up
    assert count(many["id"]) == count(few["id"])


def test_a_smaller_room_keeps_the_guests_invited_and_the_next_list_must_fit(team):
    booking = book_room(team, [{"member_id": team.bo.id}, {"member_id": team.cy.id}]).json
    r = team.as_mia.patch(f"/api/v1/workspaces/gent/desks/{team.room.id}", json={"capacity": 2})
    assert r.status_code == 200 and r.json["capacity"] == 2
    url = f"/api/v1/bookings/{booking['id']}"
    assert len(team.as_ana.get(url).json["guests"]) == 2  # nobody is uninvited behind the booker's back
    r = team.as_ana.put(f"{url}/guests", json={"guests": [{"member_id": team.bo.id}, {"email": OUTSIDER}]})
    assert r.status_code == 422 and problem_code(r) == "over_capacity" and r.json["capacity"] == 2
    r = team.as_ana.put(f"{url}/guests", json={"guests": [{"member_id": team.bo.id}]})
    assert r.status_code == 200 and len(r.json["guests"]) == 1
