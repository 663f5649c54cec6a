"""A room's capacity through the API and the managers' pages: how many people it holds (a
meeting room: its booker and their guests), changed like any other field of a desk."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coworking.audit.models import AuditEvent
from tests.support.factories import gent_team
from tests.support.http import logged_in, problem_code


@pytest.fixture
def team(clock, factories, api_as):
    s = gent_team(factories)
    s.room = factories.desk(s.ws, code="R1", kind="meeting_room", capacity=4)
    s.lille = factories.workspace(slug="lille")
    s.lille_manager = factories.user(role="manager", email="lille@example.org", workspaces=[s.lille])
    s.as_manager, s.as_lille = api_as(s.manager), api_as(s.lille_manager)
    return s


def test_a_manager_changes_a_rooms_capacity(team, db):
    url = f"/api/v1/workspaces/gent/desks/{team.room.id}"
    r = team.as_manager.patch(url, json={"capacity": 8})
    assert r.status_code == 200, r.json
    assert r.json["capacity"] == 8
    (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "desk.updated")).all()
    assert event.details["before"] == {"capacity": 4} and event.details["after"] == {"capacity": 8}
    for wrong in (0, 201, "8", True):
        r = team.as_manager.patch(url, json={"capacity": wrong})
        assert r.status_code == 422 and problem_code(r) == "validation_error", wrong
    r = team.as_lille.patch(url, json={"capacity": 2})
    assert r.status_code in (403, 404)
    assert team.as_manager.get("/api/v1/workspaces/gent/desks").json[-1]["capacity"] == 8


def test_the_desk_page_sets_the_capacity(client, team, db):
    logged_in(client, team.manager)
    assert "for 4 people" in client.get("/manage/gent/desks").get_data(as_text=True)
    page = client.get(f"/manage/gent/desks/{team.room.id}")
    assert page.status_code == 200 and 'name="capacity"' in page.get_data(as_text=True)
    r = client.post(
        f"/manage/gent/desks/{team.room.id}",
        data={"code": "R1", "kind": "meeting_room", "zone": "", "amenities": "", "capacity": "6"},
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    db.session.expire_all()
    assert team.room.capacity == 6
    r = client.post(
        f"/manage/gent/desks/{team.room.id}",
        data={"code": "R1", "kind": "meeting_room", "zone": "", "amenities": "", "capacity": "0"},
    )
    assert r.status_code == 422
