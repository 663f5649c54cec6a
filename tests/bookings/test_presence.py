"""Who is in: a member sees the first names of the members who chose to be visible, on the
day page's grid, on the "who's in" page and through the API, and never anything of those who
did not; the workspace's managers and admins see everyone by full name; a manager of another
workspace is a member there. The clock stands at Monday 1 March 2027, 09:00 in Brussels."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.clock import BRUSSELS, MONDAY, TUESDAY, at
from tests.support.day_page import cells, day_html
from tests.support.factories import EVERY_DAY_8_TO_18
from tests.support.http import logged_in, problem_code, visible

DAY = TUESDAY.isoformat()


@pytest.fixture
def world(clock, factories, api_as):
    """Dok Noord (gent), open every day 08:00–18:00, desks A1–A3. On Tuesday: Ana Peeters
    (visible) at A1 09:00–13:00, Bo Janssens (not visible) at A2 10:00–12:00, Cas Wouters (the
    viewer, not visible) at A3 14:00–15:00. Brugge, another workspace, with its manager."""
    gent = factories.workspace(slug="gent", name="Dok Noord", city="Ghent", opening_hours=EVERY_DAY_8_TO_18)
    brugge = factories.workspace(slug="brugge", name="Brugge")
    a1, a2, a3 = (
        factories.desk(gent, code=code, zone="Garden" if code == "A1" else None) for code in ("A1", "A2", "A3")
    )
    b1 = factories.desk(brugge, code="B1")
    ana = factories.user(email="ana@example.org", name="Ana Peeters", workspaces=[gent])
    bo = factories.user(email="bo@example.org", name="Bo Janssens", workspaces=[gent])
    cas = factories.user(email="cas@example.org", name="Cas Wouters", workspaces=[gent])
    manager = factories.user(role="manager", email="manager@example.org", name="Mia Manager", workspaces=[gent])
    elsewhere = factories.user(role="manager", email="there@example.org", name="Tom There", workspaces=[brugge])
    admin = factories.user(role="admin", email="admin@example.org", name="Ada Admin")
    assert api_as(ana).patch("/api/v1/me/profile", json={"visible_to_members": True}).json["visible_to_members"]
    assert api_as(ana).book(a1, TUESDAY, "09:00", "13:00").status_code == 201
    assert api_as(bo).book(a2, TUESDAY, "10:00", "12:00").status_code == 201
    assert api_as(cas).book(a3, TUESDAY, "14:00", "15:00").status_code == 201
    return {
        "gent": gent,
        "brugge": brugge,
        "desks": (a1, a2, a3),
        "b1": b1,
        "ana": ana,
        "bo": bo,
        "cas": cas,
        "manager": manager,
        "elsewhere": elsewhere,
        "admin": admin,
    }


def presence(api, slug="gent", day=DAY):
    r = api.get(f"/api/v1/workspaces/{slug}/presence?date={day}")
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.json


def names(body) -> list[tuple[str, str, str, str]]:
    return [(e["name"], e["desk"]["code"], e["start"][11:16], e["end"][11:16]) for e in body]


# --- the API -----------------------------------------------------------------------------


def test_a_member_sees_the_visible_members_by_first_name_and_themselves(world, api_as):
    a1, _a2, a3 = world["desks"]
    body = presence(api_as(world["cas"]))
    assert body == [
        {
            "desk": {"id": a1.id, "code": "A1"},
            "name": "Ana",
            "start": "2027-03-02T09:00:00+01:00",
            "end": "2027-03-02T13:00:00+01:00",
            "mine": False,
        },
        {
            "desk": {"id": a3.id, "code": "A3"},
            "name": "Cas",
            "start": "2027-03-02T14:00:00+01:00",
            "end": "2027-03-02T15:00:00+01:00",
            "mine": True,
        },
    ]
    text = str(body)
    assert not re.search(r"\bBo\b", text) and "Janssens" not in text and "Peeters" not in text


def test_the_managers_and_admins_see_everyone_by_full_name(world, api_as):
    expected = [
        ("Ana Peeters", "A1", "09:00", "13:00"),
        ("Bo Janssens", "A2", "10:00", "12:00"),
        ("Cas Wouters", "A3", "14:00", "15:00"),
    ]
    assert names(presence(api_as(world["manager"]))) == expected
    assert names(presence(api_as(world["admin"]))) == expected


def test_a_manager_of_another_workspace_is_a_member_there(world, api_as):
    """Not refused (any member may see who is in), and no more than a member sees."""
    body = presence(api_as(world["elsewhere"]))
    assert names(body) == [("Ana", "A1", "09:00", "13:00")]
    assert not any(e["mine"] for e in body)


def test_a_member_who_turns_visibility_on_appears_and_off_disappears(world, api_as):
    bo, cas = api_as(world["bo"]), api_as(world["cas"])
    assert bo.patch("/api/v1/me/profile", json={"visible_to_members": True}).status_code == 200
    assert [e["name"] for e in presence(cas)] == ["Ana", "Bo", "Cas"]
    assert bo.patch("/api/v1/me/profile", json={"visible_to_members": False}).status_code == 200
    assert [e["name"] for e in presence(cas)] == ["Ana", "Cas"]


def test_cancelled_bookings_other_days_and_other_workspaces_are_not_in(world, api_as):
    ana = api_as(world["ana"])
    later = ana.book(world["desks"][0], TUESDAY, "15:00", "16:00").json["id"]
    assert ana.delete(f"/api/v1/bookings/{later}").status_code == 200
    assert ana.book(world["desks"][0], MONDAY + timedelta(days=2), "09:00", "10:00").status_code == 201
    assert ana.book(world["b1"], MONDAY + timedelta(days=3), "09:00", "10:00").status_code == 201
    cas = api_as(world["cas"])
    assert names(presence(cas)) == [("Ana", "A1", "09:00", "13:00"), ("Cas", "A3", "14:00", "15:00")]
    assert presence(cas, "brugge", (MONDAY + timedelta(days=2)).isoformat()) == []
    assert names(presence(cas, "brugge", (MONDAY + timedelta(days=3)).isoformat())) == [("Ana", "B1", "09:00", "10:00")]


def test_without_a_date_it_is_today_in_the_workspace(world, api_as, make_booking):
    a1 = world["desks"][0]
    make_booking(a1, world["ana"], at(BRUSSELS, MONDAY, 8), at(BRUSSELS, MONDAY, 12))
    r = api_as(world["cas"]).get("/api/v1/workspaces/gent/presence")
    assert names(r.json) == [("Ana", "A1", "08:00", "12:00")]


@pytest.mark.parametrize("query", ["date=2027-02-30", "date=tomorrow", "date=1999-12-31", "date=2101-01-01"])
def test_a_bad_date_is_refused(world, api_as, query):
    r = api_as(world["cas"]).get(f"/api/v1/workspaces/gent/presence?{query}")
    assert r.status_code == 422 and problem_code(r) == "validation_error"


def test_an_unknown_workspace_is_not_found_and_anonymous_callers_are_refused(world, api_as, client):
    r = api_as(world["cas"]).get(f"/api/v1/workspaces/nowhere/presence?date={DAY}")
    assert r.status_code == 404 and problem_code(r) == "not_found"
    r = client.get(f"/api/v1/workspaces/gent/presence?date={DAY}")
    assert r.status_code == 401


def test_the_answer_is_what_its_schema_documents(world, api_as):
    from coworking.bookings.presence_schemas import PresenceSchema

    for who in ("cas", "manager"):
        body = presence(api_as(world[who]))
        assert PresenceSchema(many=True).dump(PresenceSchema(many=True).load(body)) == body
        assert all(set(e) == set(PresenceSchema().fields) for e in body)
    spec = api_as(world["cas"]).get("/api/v1/openapi.json").json
    assert "/api/v1/workspaces/{slug}/presence" in spec["paths"]


def test_an_erased_member_is_never_shown_again(world, api_as):
    assert api_as(world["admin"]).post(f"/api/v1/users/{world['ana'].id}/erase").status_code == 200
    assert [e["name"] for e in presence(api_as(world["cas"]))] == ["Cas"]
    # Managers still see the booking, under the anonymous marker, never the old name.
    assert next(e["name"] for e in presence(api_as(world["manager"]))) == f"Erased member #{world['ana'].id}"


def test_a_deactivated_member_is_not_shown_to_members(world, api_as, db):
    from coworking.accounts.models import User

    db.session.get(User, world["ana"].id).active = False  # as the members administration does
    db.session.commit()
    assert [e["name"] for e in presence(api_as(world["cas"]))] == ["Cas"]
    assert next(e["name"] for e in presence(api_as(world["manager"]))) == "Ana Peeters"


def test_a_no_show_counts_only_until_its_grace_ends_as_on_the_grid(clock, factories, api_as, make_booking):
    ws = factories.workspace(
        slug="gent",
        opening_hours=EVERY_DAY_8_TO_18,
        policy={"check_in_required": True, "check_in_grace_minutes": 15},
    )
    desk = factories.desk(ws, code="A1")
    ana = factories.user(name="Ana Peeters", workspaces=[ws])
    cas = factories.user(name="Cas Wouters", workspaces=[ws])
    assert api_as(ana).patch("/api/v1/me/profile", json={"visible_to_members": True}).status_code == 200
    make_booking(desk, ana, at(BRUSSELS, MONDAY, 8), at(BRUSSELS, MONDAY, 12))  # not checked in
    clock.move_to(datetime(2027, 3, 1, 8, 30, tzinfo=UTC))  # 09:30: the grace ended at 08:15
    body = api_as(cas).get("/api/v1/workspaces/gent/presence").json
    assert names(body) == [("Ana", "A1", "08:00", "08:15")]


# --- the day page's grid -------------------------------------------------------------------


def _named_cells(html: str) -> list[tuple[str, str, str]]:
    """(colspan, title, shown name) of every grid cell that names its member."""
    found = re.findall(
        r'<td class="cell taken named span-\d"(?: colspan="(\d+)")? title="([^"]*)">'
        r'<span aria-hidden="true">✕ <span class="who">([^<]*)</span>',
        html,
    )
    return [(span or "1", title, name) for span, title, name in found]


def test_the_grid_shows_visible_members_first_names_on_their_desks(world, client):
    logged_in(client, "cas@example.org")
    html = day_html(client, f"/workspaces/gent?date={DAY}")
    assert _named_cells(html) == [("8", "09:00–13:00: Ana", "Ana")]
    assert "09:00–13:00: taken by Ana" in html  # what a screen reader says
    # Bo did not choose to be seen: his time is "taken", cell by cell, as before.
    assert cells(html, "taken") == ["10:00", "10:30", "11:00", "11:30"]
    assert not re.search(r"\bBo\b", visible(html)) and "Janssens" not in html and "Peeters" not in html
    # Cas's own booking is "yours", as always, not named.
    assert cells(html, "mine") == ["14:00", "14:30"]
    assert "Names are those of members who chose to show theirs." in visible(html)


def test_the_grid_shows_the_managers_everyone_by_full_name(world, client):
    logged_in(client, "manager@example.org")
    html = day_html(client, f"/workspaces/gent?date={DAY}")
    assert [name for _span, _title, name in _named_cells(html)] == ["Ana Peeters", "Bo Janssens", "Cas Wouters"]
    assert "As a manager of this workspace you see who booked each desk." in visible(html)


def test_a_manager_of_another_workspace_sees_the_grid_as_a_member(world, client):
    logged_in(client, "there@example.org")
    html = day_html(client, f"/workspaces/gent?date={DAY}")
    assert [name for _span, _title, name in _named_cells(html)] == ["Ana"]
    assert "Janssens" not in html and "Wouters" not in html


def test_two_visible_bookings_side_by_side_stay_two_cells(world, client, api_as):
    a1 = world["desks"][0]
    bo = api_as(world["bo"])
    assert bo.patch("/api/v1/me/profile", json={"visible_to_members": True}).status_code == 200
    assert bo.book(a1, TUESDAY, "13:00", "14:00").status_code == 201
    logged_in(client, "cas@example.org")
    html = day_html(client, f"/workspaces/gent?date={DAY}")
    assert _named_cells(html)[:2] == [("8", "09:00–13:00: Ana", "Ana"), ("2", "13:00–14:00: Bo", "Bo")]


def test_the_day_page_runs_the_same_statements_whatever_the_number_of_visible_members(
    world, client, factories, api_as, sql_statements
):
    logged_in(client, "cas@example.org")
    url = f"/workspaces/gent?date={DAY}"

    def count():
        with sql_statements() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    count()  # warm-up
    small = count()
    for n in range(8):
        desk = factories.desk(world["gent"], code=f"B{n}")
        member = factories.user(name=f"Member{n} Someone", workspaces=[world["gent"]])
        api = api_as(member)
        assert api.patch("/api/v1/me/profile", json={"visible_to_members": n % 2 == 0}).status_code == 200
        assert api.book(desk, TUESDAY, "09:00", "11:00").status_code == 201
    assert count() == small
    html = day_html(client, url)
    assert [name for _s, _t, name in _named_cells(html)] == ["Ana", "Member0", "Member2", "Member4", "Member6"]


def test_the_presence_api_runs_the_same_statements_whatever_the_number_of_bookings(
    world, factories, api_as, sql_statements
):
    cas = api_as(world["cas"])

    def count():
        with sql_statements() as statements:
            presence(cas)
        return len(statements)

    count()
    small = count()
    for n in range(6):
        desk = factories.desk(world["gent"], code=f"C{n}")
        member = factories.user(name=f"Member{n}", workspaces=[world["gent"]], visible_to_members=True)
        assert api_as(member).book(desk, TUESDAY, "09:00", "11:00").status_code == 201
    assert count() == small
    assert len(presence(cas)) == 8


# --- the who's-in page ---------------------------------------------------------------------


def test_the_whos_in_page_lists_the_visible_members_and_counts_the_others(world, client):
    logged_in(client, "cas@example.org")
    r = client.get(f"/workspaces/gent/presence?date={DAY}")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    text = visible(html)
    assert "Who's in · Dok Noord" in text
    assert re.search(r"Booked \(2\) Ana desk A1 · Garden 09:00–13:00 Cas you desk A3 14:00–15:00", text), text
    assert "1 more member has booked without showing their name." in text
    assert not re.search(r"\bBo\b", text) and "Janssens" not in html
    # Cas is not visible: the page says so, with the button to change it.
    assert "Other members do not see you" in text
    assert 'name="visible" value="1"' in html


def test_a_room_or_a_booth_is_called_so_on_the_whos_in_page(world, client, factories, api_as):
    room = factories.desk(world["gent"], code="Senne", kind="meeting_room", zone=None)
    assert api_as(world["ana"]).book(room, TUESDAY, "14:00", "15:00").status_code == 201
    logged_in(client, "cas@example.org")
    text = visible(client.get(f"/workspaces/gent/presence?date={DAY}").get_data(as_text=True))
    assert "Ana meeting room Senne 14:00–15:00" in text


def test_the_whos_in_page_of_today_says_who_is_in_now_and_later(world, client, make_booking, clock):
    a1, a2, _a3 = world["desks"]
    make_booking(a1, world["ana"], at(BRUSSELS, MONDAY, 8), at(BRUSSELS, MONDAY, 10))
    make_booking(a2, world["ana"], at(BRUSSELS, MONDAY, 14), at(BRUSSELS, MONDAY, 16))
    make_booking(a2, world["bo"], at(BRUSSELS, MONDAY, 8), at(BRUSSELS, MONDAY, 12))
    logged_in(client, "cas@example.org")
    text = visible(client.get("/workspaces/gent/presence").get_data(as_text=True))
    assert "In now (1) Ana desk A1 · Garden 08:00–10:00" in text
    assert "Later today (1) Ana desk A2 14:00–16:00" in text
    assert "Earlier today" not in text
    clock.move_to(datetime(2027, 3, 1, 12, tzinfo=UTC))  # 13:00
    text = visible(client.get("/workspaces/gent/presence").get_data(as_text=True))
    assert "Earlier today (1) Ana desk A1 · Garden 08:00–10:00" in text and "In now" not in text


def test_the_whos_in_page_shows_the_manager_everyone(world, client):
    logged_in(client, "manager@example.org")
    text = visible(client.get(f"/workspaces/gent/presence?date={DAY}").get_data(as_text=True))
    assert "Booked (3) Ana Peeters" in text and "Bo Janssens desk A2 10:00–12:00" in text
    assert "more member" not in text
    assert "As a manager of this workspace you see everyone who booked" in text


def test_the_button_on_the_whos_in_page_shows_the_member_and_comes_back(world, client, api_as):
    logged_in(client, "bo@example.org")
    r = client.post("/profile/visibility", data={"visible": "1", "next": f"/workspaces/gent/presence?date={DAY}"})
    assert r.status_code == 302 and r.headers["Location"] == f"/workspaces/gent/presence?date={DAY}"
    text = visible(client.get(r.headers["Location"]).get_data(as_text=True))
    assert "Other members now see your first name" in text
    assert "Other members see your first name on the desks you book." in text
    assert [e["name"] for e in presence(api_as(world["cas"]))] == ["Ana", "Bo", "Cas"]
    r = client.post("/profile/visibility", data={"visible": "0", "next": f"/workspaces/gent/presence?date={DAY}"})
    assert r.status_code == 302
    assert [e["name"] for e in presence(api_as(world["cas"]))] == ["Ana", "Cas"]


def test_the_day_page_links_to_the_whos_in_page(world, client):
    logged_in(client, "cas@example.org")
    html = day_html(client, f"/workspaces/gent?date={DAY}")
    assert f'href="/workspaces/gent/presence?date={DAY}" id="whos-in-link">Who\'s in that day' in html
    html = day_html(client, "/workspaces/gent")
    assert f'href="/workspaces/gent/presence?date={MONDAY.isoformat()}" id="whos-in-link">Who\'s in today' in html


def test_a_bad_date_on_the_page_shows_today_and_an_unknown_workspace_is_not_found(world, client):
    logged_in(client, "cas@example.org")
    r = client.get("/workspaces/gent/presence?date=nonsense")
    assert r.status_code == 200 and "That is not a date; showing today." in r.get_data(as_text=True)
    assert client.get("/workspaces/nowhere/presence").status_code == 404
