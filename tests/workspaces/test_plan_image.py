"""A floor's plan image as members' browsers fetch it: the stored type, never sniffed, sandboxed,
cached by its SHA-256; only through its own workspace, only for logged-in members."""

from __future__ import annotations

import hashlib

import pytest

from coworking.workspaces.models import Floor
from tests.support.clock import BRUSSELS, MONDAY, at
from tests.support.http import logged_in

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><rect width="100" height="50"/></svg>'


@pytest.fixture
def floor(factories, db, clock):
    ws = factories.workspace(slug="gent")
    factories.workspace(slug="brugge")
    made = Floor(
        workspace_id=ws.id,
        name="Ground floor",
        plan=SVG,
        plan_type="image/svg+xml",
        plan_sha256=hashlib.sha256(SVG).hexdigest(),
        plan_width=100,
        plan_height=50,
        created_at=at(BRUSSELS, MONDAY, 9),
    )
    bare = Floor(workspace_id=ws.id, name="Attic", created_at=at(BRUSSELS, MONDAY, 9))
    db.session.add_all([made, bare])
    db.session.commit()
    member = factories.user(email="ana@example.org", workspaces=[ws])
    return made, bare, member


def test_a_member_gets_the_plan_sandboxed_with_its_type_and_etag(app, floor):
    made, _bare, member = floor
    client = logged_in(app.test_client(), member)
    r = client.get(f"/workspaces/gent/floors/{made.id}/plan")
    assert r.status_code == 200 and r.data == SVG
    assert r.mimetype == "image/svg+xml"
    assert r.headers["Content-Security-Policy"].startswith("sandbox;")
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    etag = r.headers["ETag"]
    assert etag == f'"{hashlib.sha256(SVG).hexdigest()}"'
    again = client.get(f"/workspaces/gent/floors/{made.id}/plan", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["Content-Security-Policy"].startswith("sandbox;")


def test_no_plan_another_workspace_or_nobody_logged_in(app, floor):
    made, bare, member = floor
    client = logged_in(app.test_client(), member)
    assert client.get(f"/workspaces/gent/floors/{bare.id}/plan").status_code == 404  # no image yet
    assert client.get(f"/workspaces/brugge/floors/{made.id}/plan").status_code == 404  # not brugge's
    r = app.test_client().get(f"/workspaces/gent/floors/{made.id}/plan")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
