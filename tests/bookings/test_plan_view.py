"""The plan tab of a workspace's day page (issue 20): each desk placed on a floor's plan is a
link saying its code and its state for the chosen part of the day, with a symbol and words; a
free desk's link opens the booking form for it; the page works without script or style
attributes and costs the same statements however many floors, desks and bookings there are.
The clock stands at Monday 1 March 2027, 09:00 in Brussels."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime

import pytest

from tests.support.clock import MONDAY, TUESDAY
from tests.support.day_page import day_html, selected
from tests.support.factories import EVERY_DAY_8_TO_18
from tests.support.http import logged_in, visible

DAY = TUESDAY.isoformat()
PLAN = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 400"><rect width="800" height="400"/></svg>'


def add_floor(db, workspace, name="Ground floor", position=0, plan=PLAN, width=800, height=400):
    from coworking.workspaces.models import Floor

    floor = Floor(
        workspace_id=workspace.id,
        name=name,
        position=position,
        plan=plan,
        plan_type="image/svg+xml" if plan else None,
        plan_sha256=hashlib.sha256(plan).hexdigest() if plan else None,
        plan_width=width,
        plan_height=height,
        plan_updated_at=datetime.now(UTC) if plan else None,
        created_at=datetime.now(UTC),
    )
    db.session.add(floor)
    db.session.commit()
    return floor


def place(db, desk, floor, x, y):
    desk.floor_id, desk.plan_x, desk.plan_y = floor.id, x, y
    db.session.commit()


@pytest.fixture
def world(clock, db, factories, api_as):
    """Dok Noord (gent), open every day 08:00–18:00, desks A1–A4 on the ground floor's plan and
    A5 not placed; A4 out of service from Tuesday on. On Tuesday: Ana (visible) at A1
    08:00–13:00, Bo (not visible) at A2 10:00–12:00, Cas (the viewer) at A3 14:00–15:00."""
    gent = factories.workspace(slug="gent", name="Dok Noord", opening_hours=EVERY_DAY_8_TO_18)
    brugge = factories.workspace(slug="brugge", name="Brugge")
    a1, a2, a3, a4, a5 = (factories.desk(gent, code=f"A{n}") for n in range(1, 6))
    a4.in_service_until = MONDAY
    ground = add_floor(db, gent)
    for n, desk in enumerate((a1, a2, a3, a4)):
        place(db, desk, ground, 0.1 + 0.2 * n, 0.5)
    other = add_floor(db, brugge, name="Brugge floor")
    ana = factories.user(email="ana@example.org", name="Ana Peeters", workspaces=[gent])
    bo = factories.user(email="bo@example.org", name="Bo Janssens", workspaces=[gent])
    cas = factories.user(email="cas@example.org", name="Cas Wouters", workspaces=[gent])
    assert api_as(ana).patch("/api/v1/me/profile", json={"visible_to_members": True}).status_code == 200
    assert api_as(ana).book(a1, TUESDAY, "08:00", "13:00").status_code == 201
    assert api_as(bo).book(a2, TUESDAY, "10:00", "12:00").status_code == 201
    assert api_as(cas).book(a3, TUESDAY, "14:00", "15:00").status_code == 201
    return {"gent": gent, "desks": (a1, a2, a3, a4, a5), "ground": ground, "other": other, "cas": cas}


def markers(html: str) -> dict[str, tuple[str, str]]:
    """Desk code → (aria-label, href) of each marker on the plan."""
    svg = html[html.index('<svg class="floor-plan"') : html.index("</svg>")]
    found = re.findall(r'<a href="([^"]*)" class="marker (\w+)" aria-label="([^"]*)" data-desk="([^"]*)"', svg)
    return {code: (label, href) for href, _state, label, code in found}


def test_a_workspace_without_a_plan_shows_the_grid_and_no_tabs(world, client, factories):
    plain = factories.workspace(slug="plain", name="Plain", opening_hours=EVERY_DAY_8_TO_18)
    factories.desk(plain, code="P1")
    logged_in(client, "cas@example.org")
    html = day_html(client, f"/workspaces/plain?date={DAY}&view=plan")
    assert 'class="floor-plan"' not in html and "view-tabs" not in html
    assert 'class="desk-grid"' in html


def test_the_grid_stays_the_default_and_links_to_the_plan_tab(world, client):
    logged_in(client, "cas@example.org")
    html = day_html(client, f"/workspaces/gent?date={DAY}")
    assert 'class="desk-grid"' in html and 'class="floor-plan"' not in html
    tab = re.search(r'<a href="([^"]*)"[^>]*><span aria-hidden="true">◎</span> Plan</a>', html).group(1)
    assert f"view=plan&floor={world['ground'].id}" in tab and f"date={DAY}" in tab


def test_each_placed_desk_is_a_link_saying_its_code_and_state_for_the_period(world, client):
    logged_in(client, "cas@example.org")
    ground = world["ground"].id
    morning = markers(day_html(client, f"/workspaces/gent?date={DAY}&view=plan&floor={ground}&period=morning"))
    assert {code: label for code, (label, _href) in morning.items()} == {
        "A1": "Desk A1, taken by Ana",  # visible: her first name
        "A2": "Desk A2, partly free",  # Bo's 10:00–12:00 is not the whole morning
        "A3": "Desk A3, free",
        "A4": "Desk A4, out of service",
    }  # A5 is not placed
    afternoon = markers(day_html(client, f"/workspaces/gent?date={DAY}&view=plan&floor={ground}&period=afternoon"))
    assert afternoon["A3"][0] == "Desk A3, yours"
    assert (afternoon["A1"][0], afternoon["A2"][0]) == ("Desk A1, free", "Desk A2, free")


def test_a_hidden_member_stays_taken_and_the_grid_keeps_the_same_words(world, client, api_as, factories):
    dan = factories.user(email="dan@example.org", name="Dan Hidden", workspaces=[world["gent"]])
    assert api_as(dan).book(world["desks"][1], TUESDAY, "08:00", "10:00").status_code == 201
    assert api_as(dan).book(world["desks"][1], TUESDAY, "12:00", "13:00").status_code == 201
    logged_in(client, "cas@example.org")
    html = day_html(client, f"/workspaces/gent?date={DAY}&view=plan&floor={world['ground'].id}&period=morning")
    assert markers(html)["A2"][0] == "Desk A2, taken"
    text = visible(html)
    assert "Dan" not in text and "Janssens" not in html and " Bo " not in text


def test_a_free_desk_opens_the_booking_form_for_it_and_books(world, client):
    logged_in(client, "cas@example.org")
    a3 = world["desks"][2]
    html = day_html(client, f"/workspaces/gent?date={DAY}&view=plan&floor={world['ground'].id}&period=morning")
    _label, href = markers(html)["A3"]
    assert href.endswith("#book") and f"desk={a3.id}" in href and "start=08:00" in href and "end=13:00" in href
    form = day_html(client, href.split("#")[0])
    assert selected(form, "desk") == str(a3.id)
    assert (selected(form, "start"), selected(form, "end")) == ("08:00", "13:00")
    # the page stays on the plan: the same floor and period
    assert 'class="floor-plan"' in form and 'aria-current="true">Morning' in form


def test_taken_and_out_of_service_desks_link_to_where_their_times_are_told(world, client):
    logged_in(client, "cas@example.org")
    a1, a4 = world["desks"][0], world["desks"][3]
    html = day_html(client, f"/workspaces/gent?date={DAY}&view=plan&floor={world['ground'].id}&period=morning")
    found = markers(html)
    assert found["A1"][1].endswith(f"desk={a1.id}#desk-{a1.id}")  # its row of the grid
    assert found["A4"][1] == f"#plan-desk-{a4.id}"  # the list under the plan
    assert f'id="plan-desk-{a4.id}"' in html


def test_states_are_symbols_and_words_as_well_as_colours_and_no_style_attribute(world, client):
    logged_in(client, "cas@example.org")
    html = day_html(client, f"/workspaces/gent?date={DAY}&view=plan&floor={world['ground'].id}&period=morning")
    assert " style=" not in html and "<style" not in html
    svg = html[html.index('<svg class="floor-plan"') : html.index("</svg>")]
    assert re.findall(r'<text class="symbol"[^>]*>([^<]*)</text>', svg) == ["✕", "◐", "○", "⊘"]
    assert re.findall(r'<text class="code"[^>]*>([^<]*)</text>', svg) == ["A1 · Ana", "A2", "A3", "A4"]
    legend = html[html.index('class="legend plan-legend"') :]
    legend = legend[: legend.index("</ul>")]
    assert [w.strip() for w in re.findall(r"</span>([^<]*)</li>", legend)] == [
        "free",
        "partly free",
        "taken",
        "out of service",
    ]
    image = re.search(r'<image href="([^"]*)"', svg).group(1)
    assert image.startswith(f"/workspaces/gent/floors/{world['ground'].id}/plan")
    assert 'viewBox="0 0 800 400"' in svg
    # A1 at (0.1, 0.5) of an 800 × 400 plan
    assert re.search(r'<circle class="dot" cx="80.0" cy="200.0"', svg)


def test_floors_are_chosen_by_id_only_among_the_workspaces_own(world, client, db, factories):
    upstairs = add_floor(db, world["gent"], name="Loft", position=1, width=500, height=500)
    b1 = factories.desk(world["gent"], code="B1")
    place(db, b1, upstairs, 0.5, 0.5)
    add_floor(db, world["gent"], name="Cellar", position=2, plan=None)  # no plan yet: no tab
    logged_in(client, "cas@example.org")
    html = day_html(client, f"/workspaces/gent?date={DAY}&view=plan&floor={upstairs.id}")
    assert list(markers(html)) == ["B1"]
    floors = re.search(r'<nav class="presets" aria-label="Floors">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", floors) == ["Ground floor", "Loft"]
    foreign = day_html(client, f"/workspaces/gent?date={DAY}&view=plan&floor={world['other'].id}")
    assert list(markers(foreign)) == ["A1", "A2", "A3", "A4"]  # the first floor, not Brugge's
    assert "Brugge floor" not in foreign


def test_moving_to_another_day_keeps_the_plan_floor_and_period(world, client):
    logged_in(client, "cas@example.org")
    ground = world["ground"].id
    html = day_html(client, f"/workspaces/gent?date={DAY}&view=plan&floor={ground}&period=afternoon")
    nxt = re.search(r'<a href="([^"]*)"[^>]*rel="next"', html).group(1)
    assert "view=plan" in nxt and f"floor={ground}" in nxt and "period=afternoon" in nxt
    assert '<input type="hidden" name="view" value="plan">' in html


def test_a_day_that_cannot_be_booked_shows_states_without_booking_links(world, client):
    logged_in(client, "cas@example.org")
    past = date(2027, 2, 26).isoformat()
    html = day_html(client, f"/workspaces/gent?date={past}&view=plan&floor={world['ground'].id}")
    found = markers(html)
    assert found["A3"][0] == "Desk A3, free"
    assert not any(href.endswith("#book") for _label, href in found.values())


def test_the_plan_costs_the_same_statements_whatever_the_floors_desks_and_bookings(
    world, client, db, factories, api_as, sql_statements
):
    logged_in(client, "cas@example.org")
    url = f"/workspaces/gent?date={DAY}&view=plan&floor={world['ground'].id}&period=morning"

    def count(address=url):
        with sql_statements() as statements:
            assert client.get(address).status_code == 200
        return len(statements)

    count()  # warm-up
    small, grid = count(), count(f"/workspaces/gent?date={DAY}")
    assert small == grid  # the plan tab reads nothing the grid does not
    loft = add_floor(db, world["gent"], name="Loft", position=1)
    for n in range(8):
        desk = factories.desk(world["gent"], code=f"B{n}")
        place(db, desk, world["ground"] if n % 2 else loft, 0.05 * n, 0.9)
        member = factories.user(name=f"Member{n} Someone", workspaces=[world["gent"]])
        api = api_as(member)
        assert api.patch("/api/v1/me/profile", json={"visible_to_members": n % 2 == 0}).status_code == 200
        assert api.book(desk, TUESDAY, "09:00", "11:00").status_code == 201
    assert count() == small
    assert len(markers(day_html(client, url))) == 8
