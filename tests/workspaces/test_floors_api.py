"""Floors through the API (issue 20): any member lists a workspace's floors with their plans
and desks' places; its managers add floors, upload plans (the body is the image) and place
desks. A hostile or wrong upload is a 422 ``invalid_plan`` and stores nothing; a manager of
another workspace is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coworking.audit.models import AuditEvent
from coworking.extensions import db as _db
from coworking.workspaces.models import Floor
from coworking.workspaces.plans import PLAN_MAX_BYTES
from tests.support.factories import gent_team
from tests.support.http import logged_in, problem_code
from tests.support.plans import CLEANED, PLAN_SVG, REFUSED, jpeg, png


@pytest.fixture
def team(clock, factories, api_as):
    s = gent_team(factories)
    s.lille = factories.workspace(slug="lille", timezone="Europe/Paris")
    s.lille_desk = factories.desk(s.lille, code="L1")
    s.lille_manager = factories.user(role="manager", email="lille@example.org", workspaces=[s.lille])
    for who in ("ana", "manager", "admin", "lille_manager"):
        setattr(s, f"as_{who}", api_as(getattr(s, who)))
    return s


FLOORS = "/api/v1/workspaces/gent/floors"


def add_floor(team, name="Ground floor"):
    r = team.as_manager.post(FLOORS, json={"name": name})
    assert r.status_code == 201, r.json
    return r.json


def put_plan(api, floor_id, data, content_type, slug="gent"):
    return api.put(f"/api/v1/workspaces/{slug}/floors/{floor_id}/plan", data=data, content_type=content_type)


def test_a_manager_adds_a_floor_uploads_its_plan_and_places_a_desk(team, db):
    floor = add_floor(team)
    assert floor["name"] == "Ground floor" and floor["plan_url"] is None and floor["desks"] == []
    r = put_plan(team.as_manager, floor["id"], PLAN_SVG, "image/svg+xml")
    assert r.status_code == 200, r.json
    assert r.json["plan_url"] == f"/workspaces/gent/floors/{floor['id']}/plan"
    assert (r.json["plan_type"], r.json["plan_width"], r.json["plan_height"]) == ("image/svg+xml", 800, 400)

    r = team.as_manager.patch(f"/api/v1/workspaces/gent/desks/{team.desk.id}", json={"floor": floor["id"]})
    assert r.status_code == 200 and (r.json["floor"], r.json["x"], r.json["y"]) == (floor["id"], None, None)
    r = team.as_manager.patch(f"/api/v1/workspaces/gent/desks/{team.desk.id}", json={"x": 0.25, "y": 0.5})
    assert r.status_code == 200 and (r.json["x"], r.json["y"]) == (0.25, 0.5)
    assert r.json["code"] == "A1" and r.json["cancelled_bookings"] == 0

    listed = team.as_ana.get(FLOORS)  # any member reads the floors
    assert listed.status_code == 200
    assert listed.json == [
        {
            "id": floor["id"],
            "name": "Ground floor",
            "position": 1,
            "plan_url": f"/workspaces/gent/floors/{floor['id']}/plan",
            "plan_type": "image/svg+xml",
            "plan_width": 800,
            "plan_height": 400,
            "desks": [{"id": team.desk.id, "code": "A1", "x": 0.25, "y": 0.5}],
        }
    ]
    # the member's browser gets the stored (sanitised) image
    image = logged_in(team.as_ana.client, team.ana).get(listed.json[0]["plan_url"])
    assert image.status_code == 200 and image.mimetype == "image/svg+xml" and b"Kitchen" in image.data
    actions = [e.action for e in _db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-4:] == ["floor.created", "floor.plan_uploaded", "desk.placed", "desk.placed"]


def test_a_replaced_plan_keeps_the_places_and_png_jpeg_are_measured(team):
    floor = add_floor(team)
    team.as_manager.patch(
        f"/api/v1/workspaces/gent/desks/{team.desk.id}", json={"floor": floor["id"], "x": 0.1, "y": 0.9}
    )
    r = put_plan(team.as_manager, floor["id"], png(120, 60), "image/png")
    assert r.status_code == 200 and (r.json["plan_type"], r.json["plan_width"], r.json["plan_height"]) == (
        "image/png",
        120,
        60,
    )
    r = put_plan(team.as_manager, floor["id"], jpeg(1024, 768), "image/jpeg")
    assert r.status_code == 200 and (r.json["plan_width"], r.json["plan_height"]) == (1024, 768)
    assert r.json["desks"] == [{"id": team.desk.id, "code": "A1", "x": 0.1, "y": 0.9}]


@pytest.mark.parametrize(
    "name", ["script element", "onload", "XXE", "billion laughs", "foreignObject", "javascript: link"]
)
def test_a_hostile_svg_is_refused_and_nothing_stored(team, db, name):
    floor = add_floor(team)
    assert put_plan(team.as_manager, floor["id"], PLAN_SVG, "image/svg+xml").status_code == 200
    before = _db.session.get(Floor, floor["id"]).plan_sha256
    r = put_plan(team.as_manager, floor["id"], REFUSED[name], "image/svg+xml")
    assert r.status_code == 422 and problem_code(r) == "invalid_plan"
    _db.session.expire_all()
    assert _db.session.get(Floor, floor["id"]).plan_sha256 == before  # the former plan stays
    assert (
        b"passwd" not in logged_in(team.as_ana.client, team.ana).get(f"/workspaces/gent/floors/{floor['id']}/plan").data
    )


def test_wrong_type_and_too_large_are_invalid_plan(team):
    floor = add_floor(team)
    for data, content_type in [
        (png(), "image/jpeg"),
        (PLAN_SVG, "text/html"),
        (b"GIF89a", "image/gif"),
        (png(), "application/octet-stream"),
        (png() + b"\0" * PLAN_MAX_BYTES, "image/png"),  # over 5 MB (beyond the app's 1 MB too)
    ]:
        r = put_plan(team.as_manager, floor["id"], data, content_type)
        assert r.status_code == 422 and problem_code(r) == "invalid_plan", (content_type, r.status_code)
    assert team.as_ana.get(FLOORS).json[0]["plan_url"] is None
    # just under the limit is accepted
    big = png(30, 30)
    big = big + b"\0" * (PLAN_MAX_BYTES - len(big))
    assert put_plan(team.as_manager, floor["id"], big, "image/png").status_code == 200


def test_a_manager_of_another_workspace_cannot_upload_or_place(team):
    floor = add_floor(team)
    r = put_plan(team.as_lille_manager, floor["id"], PLAN_SVG, "image/svg+xml")
    assert r.status_code == 403 and problem_code(r) == "forbidden"
    r = put_plan(team.as_lille_manager, floor["id"], PLAN_SVG, "image/svg+xml", slug="lille")
    assert r.status_code == 404  # not a floor of lille
    r = put_plan(team.as_ana, floor["id"], PLAN_SVG, "image/svg+xml")
    assert r.status_code == 403
    assert team.as_lille_manager.post(FLOORS, json={"name": "Mine"}).status_code == 403
    assert team.as_ana.post(FLOORS, json={"name": "Mine"}).status_code == 403
    # a floor of another workspace cannot hold this workspace's desk, nor the reverse
    lille_floor = team.as_lille_manager.post("/api/v1/workspaces/lille/floors", json={"name": "Rez"}).json
    r = team.as_manager.patch(f"/api/v1/workspaces/gent/desks/{team.desk.id}", json={"floor": lille_floor["id"]})
    assert r.status_code == 422 and problem_code(r) == "validation_error"
    r = team.as_lille_manager.patch(
        f"/api/v1/workspaces/lille/desks/{team.lille_desk.id}", json={"floor": floor["id"], "x": 0.5, "y": 0.5}
    )
    assert r.status_code == 422
    assert (
        team.as_admin.put(
            f"/api/v1/workspaces/gent/floors/{floor['id']}/plan", data=PLAN_SVG, content_type="image/svg+xml"
        ).status_code
        == 200
    )


def test_places_are_checked(team):
    floor = add_floor(team)
    url = f"/api/v1/workspaces/gent/desks/{team.desk.id}"
    assert team.as_manager.patch(url, json={"x": 0.5, "y": 0.5}).status_code == 422  # on no floor yet
    assert team.as_manager.patch(url, json={"floor": floor["id"], "x": 0.5}).status_code == 422  # y missing
    assert team.as_manager.patch(url, json={"floor": floor["id"], "x": 1.5, "y": 0.5}).status_code == 422
    assert team.as_manager.patch(url, json={"floor": floor["id"], "x": 0, "y": 1}).json["x"] == 0
    r = team.as_manager.patch(url, json={"x": None, "y": None})  # taken off the plan, still on the floor
    assert (r.json["floor"], r.json["x"]) == (floor["id"], None)
    r = team.as_manager.patch(url, json={"floor": None})
    assert r.status_code == 200 and r.json["floor"] is None
    assert team.as_manager.post(FLOORS, json={"name": " ground  FLOOR "}).status_code == 409  # names are unique
    assert team.as_manager.post(FLOORS, json={"name": "  "}).status_code == 422


def test_an_svg_with_external_references_is_served_clean_and_sandboxed(team):
    floor = add_floor(team)
    for name in ("external image", "style url(http)", "style element @import", "external use"):
        data, word = CLEANED[name]
        assert put_plan(team.as_manager, floor["id"], data, "image/svg+xml").status_code == 200, name
        image = logged_in(team.as_ana.client, team.ana).get(f"/workspaces/gent/floors/{floor['id']}/plan")
        assert image.status_code == 200 and image.mimetype == "image/svg+xml"
        assert word.encode() not in image.data and b"<script" not in image.data, (name, image.data)
        assert image.headers["Content-Security-Policy"].startswith("sandbox;")
        assert image.headers["X-Content-Type-Options"] == "nosniff"
