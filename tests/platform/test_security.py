"""Security of every page: headers (CSP and friends), templates without inline scripts or
handlers, and CSRF tokens on every form post (the bearer-token API needs none)."""

from __future__ import annotations

import re

import pytest

from tests.support.app import make_app
from tests.support.clock import TUESDAY
from tests.support.factories import PASSWORD


def test_every_html_response_has_security_headers(client, place):
    for url in ("/login", "/register", "/no-such-page"):
        r = client.get(url)
        csp = r.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"]
    assert client.get("/no-such-page").status_code == 404


def test_templates_have_no_inline_scripts_or_handlers():
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    root = repo / "templates"
    templates = sorted(root.rglob("*.html"))
    # The folder scanned is the one the app renders from: every template the code renders is
    # in it (a wrong path or an empty folder fails here instead of checking nothing).
    rendered = {
        name
        for source in (repo / "coworking").rglob("*.py")
        for name in re.findall(r'render_template\(\s*"([^"]+\.html)"', source.read_text())
    }
    found = {t.relative_to(root).as_posix() for t in templates}
    assert len(rendered) >= 10 and rendered <= found, sorted(rendered - found)
    assert {"base.html", "_forms.html"} <= found
    for template in templates:
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert not re.search(r"\son[a-z]+=", text), template
        # Mails are read in mail clients, which drop <style> and linked sheets: their layout is
        # inline (no page of the site renders them, so its CSP is not concerned).
        if not template.relative_to(root).as_posix().startswith("mail/") or template.name == "outbox.html":
            assert "style=" not in text, template


@pytest.fixture
def csrf_client(database_url):
    from coworking.extensions import db

    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


def test_post_without_csrf_token_is_400_and_changes_nothing(csrf_client, place, db, api_as):
    from coworking.bookings.models import Booking

    _ws, (a1, _a2), ana, _bo = place
    made = api_as(ana).book(a1, TUESDAY, "08:00", "09:00").json["id"]
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert csrf_client.post("/login", data={"email": "ana@example.org", "password": PASSWORD}).status_code == 400
    r = csrf_client.post("/login", data={"email": "ana@example.org", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302
    for url, data in [
        (f"/bookings/{made}/cancel", {}),
        ("/workspaces/gent", {"day": "2027-03-02", "desk": str(a1.id), "period": "afternoon"}),
        ("/profile", {"name": "Hacked", "language": "de", "home_workspace": ""}),
        ("/password", {"current_password": PASSWORD, "password": "p" * 12 + "wned", "confirm": "p" * 12 + "wned"}),
        ("/logout", {}),
    ]:
        r = csrf_client.post(url, data=data)
        assert r.status_code == 400, url
    db.session.expire_all()
    assert db.session.query(Booking).count() == 1 and db.session.query(Booking).one().status == "confirmed"
    assert ana.name == "Ana" or db.session.get(type(ana), ana.id).name == "Ana"
    assert csrf_client.get("/bookings").status_code == 200  # still logged in: logout was refused too


def test_api_is_not_subject_to_csrf_but_needs_a_token(csrf_client, place):
    r = csrf_client.post("/api/v1/bookings", json={"desk_id": 1, "start": "x", "end": "y"})
    assert r.status_code == 401
