"""The floors pages for managers (issue 20): add a floor, upload its plan as a file, place its
desks by typing their place (the no-JavaScript way, and what the page's script sends), take
them off; hostile and oversized files are refused with a word and change nothing; a manager
of another workspace and members are refused; the forms need their CSRF token."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from coworking.audit.models import AuditEvent
from coworking.workspaces.models import Desk, Floor
from coworking.workspaces.plans import PLAN_MAX_BYTES
from tests.support.factories import PASSWORD, gent_team
from tests.support.http import logged_in, visible
from tests.support.plans import PLAN_SVG, REFUSED, png


@pytest.fixture
def team(clock, factories, app):
    s = gent_team(factories)
    s.lille = factories.workspace(slug="lille", name="Lille", timezone="Europe/Paris")
    s.lille_manager = factories.user(role="manager", email="lille@example.org", workspaces=[s.lille])
    s.page = logged_in(app.test_client(), s.manager)
    s.elsewhere = logged_in(app.test_client(), s.lille_manager)
    s.member = logged_in(app.test_client(), s.ana)
    return s


def add_floor(team, name="Ground floor") -> int:
    r = team.page.post("/manage/gent/floors", data={"name": name})
    assert r.status_code == 302, r.get_data(as_text=True)
    return int(r.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def upload(client, floor_id, data, filename="plan.svg", content_type="image/svg+xml"):
    """The upload form's request, encoded here (in memory: the test client would spool a large
    file to a temporary file that outlives the request)."""
    body = (
        b"--B0UNDARY\r\n"
        + f'Content-Disposition: form-data; name="plan"; filename="{filename}"\r\n'.encode()
        + f"Content-Type: {content_type}\r\n\r\n".encode()
        + data
        + b"\r\n--B0UNDARY--\r\n"
    )
    return client.post(
        f"/manage/gent/floors/{floor_id}/plan", data=body, content_type="multipart/form-data; boundary=B0UNDARY"
    )


def test_a_manager_adds_a_floor_uploads_a_plan_and_places_desks_by_typing(team, db):
    assert 'href="/manage/gent/floors"' in team.page.get("/manage/gent").get_data(as_text=True)  # the tab
    floor_id = add_floor(team)
    page = visible(team.page.get(f"/manage/gent/floors/{floor_id}").get_data(as_text=True))
    assert "Floor Ground floor is added" in page and "This floor has no plan yet" in page
    assert "Place A1 on this floor" in page and "Place A2 on this floor" in page

    r = upload(team.page, floor_id, PLAN_SVG)
    assert r.status_code == 302
    html = team.page.get(r.headers["Location"]).get_data(as_text=True)
    assert "The plan of Ground floor is saved." in visible(html)
    assert f"/workspaces/gent/floors/{floor_id}/plan" in html and 'viewBox="0 0 1000 500"' in html

    r = team.page.post(f"/manage/gent/floors/{floor_id}/desks/{team.desk.id}", data={"action": "here"})
    assert r.status_code == 302
    html = team.page.get(r.headers["Location"]).get_data(as_text=True)
    assert "Desk A1 is placed 50.0% from the left and 50.0% from the top." in visible(html)
    assert 'transform="translate(500.0 250.0)"' in html  # the marker in the plan's middle
    r = team.page.post(f"/manage/gent/floors/{floor_id}/desks/{team.desk.id}", data={"x": "12.5", "y": "80"})
    assert r.status_code == 302
    db.session.expire_all()
    desk = db.session.get(Desk, team.desk.id)
    assert (desk.floor_id, desk.plan_x, desk.plan_y) == (floor_id, 0.125, 0.8)
    html = team.page.get(f"/manage/gent/floors/{floor_id}").get_data(as_text=True)
    assert 'transform="translate(125.0 400.0)"' in html
    assert 'aria-label="Desk A1, 12.5% from the left, 80.0% from the top"' in html
    assert 'value="12.5"' in html and 'value="80.0"' in html  # the typed form shows the place

    # the page's script asks for JSON
    r = team.page.post(
        f"/manage/gent/floors/{floor_id}/desks/{team.desk.id}",
        data={"x": "30", "y": "40"},
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 200 and r.json["x"] == 0.3 and r.json["y"] == 0.4
    assert r.json["message"] == "Desk A1 is placed 30.0% from the left and 40.0% from the top."
    r = team.page.post(
        f"/manage/gent/floors/{floor_id}/desks/{team.desk.id}",
        data={"x": "130", "y": "40"},
        headers={"Accept": "application/json"},
    )
    assert r.status_code == 422 and "percent" in r.json["message"]

    # the member's plan data shows the place
    members_view = team.member.get("/api/v1/workspaces/gent/floors")  # session-less API: token needed
    assert members_view.status_code == 401
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("floor.%"))).all()
    assert actions == ["floor.created", "floor.plan_uploaded"]
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "desk.placed")).all()) == 3


def test_take_off_rename_reorder_and_remove(team, db):
    ground = add_floor(team)
    upper = add_floor(team, "First floor")
    team.page.post(f"/manage/gent/floors/{ground}/desks/{team.desk.id}", data={"x": "10", "y": "10"})
    page = visible(team.page.get(f"/manage/gent/floors/{upper}").get_data(as_text=True))
    assert "A1 · on Ground floor" in page  # offered to move here
    team.page.post(f"/manage/gent/floors/{ground}/desks/{team.desk.id}", data={"action": "remove"})
    db.session.expire_all()
    assert db.session.get(Desk, team.desk.id).floor_id is None

    r = team.page.post(f"/manage/gent/floors/{upper}", data={"name": "Mezzanine"})
    assert r.status_code == 302
    r = team.page.post(f"/manage/gent/floors/{upper}", data={"name": "ground FLOOR"})
    assert r.status_code == 409 and "already exists" in visible(r.get_data(as_text=True))
    r = team.page.post(f"/manage/gent/floors/{upper}/move", data={"step": "up"})
    assert r.status_code == 302
    listing = visible(team.page.get("/manage/gent/floors").get_data(as_text=True))
    assert listing.index("Mezzanine") < listing.index("Ground floor")

    team.page.post(f"/manage/gent/floors/{ground}/desks/{team.desk2.id}", data={"x": "20", "y": "20"})
    r = team.page.post(f"/manage/gent/floors/{ground}/delete")
    assert r.status_code == 302
    assert "1 desk was taken off its plan" in visible(team.page.get(r.headers["Location"]).get_data(as_text=True))
    db.session.expire_all()
    desk2 = db.session.get(Desk, team.desk2.id)
    assert (desk2.floor_id, desk2.plan_x, desk2.plan_y) == (None, None, None)
    assert db.session.get(Floor, ground) is None


@pytest.mark.parametrize(
    ("data", "filename", "content_type"),
    [
        (REFUSED["script element"], "plan.svg", "image/svg+xml"),
        (REFUSED["onload"], "plan.svg", "image/svg+xml"),
        (REFUSED["XXE"], "plan.svg", "image/svg+xml"),
        (png(), "plan.svg", "image/svg+xml"),  # a PNG said to be an SVG
        (b"<html><script>alert(1)</script></html>", "plan.html", "text/html"),
        (png() + b"\0" * PLAN_MAX_BYTES, "big.png", "image/png"),  # over 5 MB
    ],
)
def test_a_bad_file_is_refused_with_a_word_and_nothing_stored(team, db, data, filename, content_type):
    floor_id = add_floor(team)
    r = upload(team.page, floor_id, data, filename, content_type)
    assert r.status_code == 422
    assert "cannot be used as a floor plan" in visible(r.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Floor, floor_id).plan_sha256 is None


def test_others_are_refused(team, db):
    floor_id = add_floor(team)
    assert team.elsewhere.get("/manage/gent/floors").status_code == 403
    assert team.elsewhere.get(f"/manage/gent/floors/{floor_id}").status_code == 403
    assert upload(team.elsewhere, floor_id, PLAN_SVG).status_code == 403
    assert (
        team.elsewhere.post(f"/manage/gent/floors/{floor_id}/desks/{team.desk.id}", data={"action": "here"}).status_code
        == 403
    )
    assert team.member.get("/manage/gent/floors").status_code == 403
    assert upload(team.member, floor_id, PLAN_SVG).status_code == 403
    assert team.page.get("/manage/gent/floors/999999").status_code == 404
    db.session.expire_all()
    assert db.session.get(Floor, floor_id).plan_sha256 is None
    assert db.session.get(Desk, team.desk.id).floor_id is None


@pytest.fixture
def csrf_client(database_url):
    from coworking.extensions import db
    from tests.support.app import make_app

    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


def test_the_forms_need_their_token_the_upload_too(csrf_client, team, db):
    client = csrf_client
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    r = client.post("/login", data={"email": "manager@example.org", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302
    floor = Floor(workspace_id=team.ws.id, name="Ground floor", created_at=team.ws.created_at)
    db.session.add(floor)
    db.session.commit()
    page = client.get(f"/manage/gent/floors/{floor.id}").get_data(as_text=True)
    assert page.count('name="csrf_token"') >= 4
    assert upload(client, floor.id, PLAN_SVG).status_code == 400
    assert (
        client.post(f"/manage/gent/floors/{floor.id}/desks/{team.desk.id}", data={"action": "here"}).status_code == 400
    )
    assert client.post(f"/manage/gent/floors/{floor.id}/delete").status_code == 400
    good = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    r = client.post(
        f"/manage/gent/floors/{floor.id}/plan",
        data={"plan": (io.BytesIO(PLAN_SVG), "plan.svg", "image/svg+xml"), "csrf_token": good},
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Floor, floor.id).plan_width == 800
