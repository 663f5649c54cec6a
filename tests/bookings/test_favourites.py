"""Favourite desks: starred and unstarred from the day page, listed first in its desk menu and
preselected when free; the API that reads and replaces them with the home workspace; the
personal-data export and the erasure. Dok Noord (gent) with desks A1 and A2, on Tuesday."""

from __future__ import annotations

import re

from tests.support.clock import TUESDAY
from tests.support.day_page import day_html, options, preselected
from tests.support.http import logged_in, problem_code

DAY = "/workspaces/gent?date=2027-03-02"


def star_button(html: str, desk) -> str:
    action = f"/workspaces/gent/favourites/{desk.id}"
    form = re.search(rf'<form method="post" action="{action}"[^>]*>(.*?)</form>', html, re.S)
    return re.search(r"<button[^>]*>.*?</button>", form.group(1), re.S).group(0)


def test_a_member_stars_and_unstars_a_desk_from_the_day_page(client, place):
    _ws, (a1, a2), _ana, _bo = place
    logged_in(client, "ana@example.org")
    html = day_html(client, DAY)
    button = star_button(html, a2)
    assert 'aria-pressed="false"' in button and "☆" in button and "Favourite desk A2" in button
    assert [label.split(" ·")[0] for _v, label in options(html, "desk")] == ["A1", "A2"]

    r = client.post(f"/workspaces/gent/favourites/{a2.id}", data={"starred": "1", "date": "2027-03-02"})
    assert r.status_code == 302 and r.headers["Location"] == f"{DAY}#desk-{a2.id}"
    html = day_html(client, r.headers["Location"])
    assert "Desk A2 is one of your favourites now." in html
    button = star_button(html, a2)
    assert 'aria-pressed="true"' in button and "★" in button
    assert [label.split(" ·")[0] for _v, label in options(html, "desk")] == ["★ A2", "A1"]
    assert preselected(html)["desk"] == str(a2.id)  # starred and free all morning

    r = client.post(f"/workspaces/gent/favourites/{a2.id}", data={"starred": "0", "date": "2027-03-02"})
    html = day_html(client, r.headers["Location"])
    assert 'aria-pressed="false"' in star_button(html, a2)
    assert preselected(html)["desk"] == str(a1.id)


def test_a_starred_desk_taken_for_the_chosen_time_is_not_preselected(client, place, api_as):
    _ws, (a1, a2), ana, bo = place
    assert put(api_as(ana), {"home_workspace": "gent", "desks": [a2.id]}).status_code == 200
    assert api_as(bo).book(a2, TUESDAY, "10:00", "11:00").status_code == 201
    logged_in(client, "ana@example.org")
    html = day_html(client, DAY)
    assert options(html, "desk")[0][0] == str(a2.id)  # still listed first
    assert preselected(html)["desk"] == str(a1.id)  # but the morning is not free there
    # Its afternoon is free: there it is preselected.
    assert preselected(day_html(client, f"{DAY}&start=13:00&end=15:00"))["desk"] == str(a2.id)
    # A desk asked for by a link wins over a favourite.
    assert preselected(day_html(client, f"{DAY}&desk={a1.id}&start=13:00&end=15:00"))["desk"] == str(a1.id)


def test_a_desk_of_another_workspace_cannot_be_starred_through_this_one(client, place, make_workspace, make_desk):
    other = make_desk(make_workspace(slug="brugge"), code="B1")
    logged_in(client, "ana@example.org")
    assert client.post(f"/workspaces/gent/favourites/{other.id}", data={"starred": "1"}).status_code == 404
    assert client.post("/workspaces/gent/favourites/999999", data={"starred": "1"}).status_code == 404


def put(api, body):
    return api.client.put("/api/v1/me/favourites", json=body, headers=api.headers)


def test_the_api_reads_and_replaces_home_workspace_and_desks(place, api_as, make_workspace, make_desk):
    _ws, (a1, a2), ana, _bo = place
    b1 = make_desk(make_workspace(slug="brugge"), code="B1")  # any desk the member may book
    api = api_as(ana)
    r = put(api, {"home_workspace": "brugge", "desks": [a2.id, b1.id, a1.id, a2.id]})
    assert r.status_code == 200, r.json
    assert r.json == {"home_workspace": "brugge", "desks": [a2.id, b1.id, a1.id]}
    assert api.get("/api/v1/me/favourites").json == {"home_workspace": "brugge", "desks": [a2.id, b1.id, a1.id]}
    assert put(api, {"home_workspace": None, "desks": [a1.id]}).json == {"home_workspace": None, "desks": [a1.id]}
    assert api.get("/api/v1/me/favourites").json == {"home_workspace": None, "desks": [a1.id]}


def test_an_unknown_workspace_or_desk_is_a_422_and_changes_nothing(place, api_as):
    _ws, (a1, _a2), ana, _bo = place
    api = api_as(ana)
    assert put(api, {"home_workspace": "gent", "desks": [a1.id]}).status_code == 200
    for body in (
        {"home_workspace": "atlantis", "desks": []},
        {"home_workspace": "gent", "desks": [999999]},
        {"home_workspace": "gent", "desks": ["A1"]},
        {"home_workspace": "gent"},
        {"desks": []},
    ):
        r = put(api, body)
        assert r.status_code == 422, body
        assert problem_code(r) == "validation_error"
    assert api.get("/api/v1/me/favourites").json == {"home_workspace": "gent", "desks": [a1.id]}


def test_favourites_are_in_the_export_and_gone_after_erasure(place, api_as, make_user):
    _ws, (_a1, a2), ana, _bo = place
    assert put(api_as(ana), {"home_workspace": "gent", "desks": [a2.id]}).status_code == 200
    data = api_as(ana).get("/api/v1/me/data").json
    assert [(f["desk"], f["workspace"]) for f in data["favourites"]] == [("A2", "gent")]
    admin = api_as(make_user(role="admin", email="admin@example.org"))
    assert admin.post(f"/api/v1/users/{ana.id}/erase").status_code == 200
    from coworking.bookings.favourite_models import FavouriteDesk
    from coworking.extensions import db

    assert db.session.query(FavouriteDesk).count() == 0
