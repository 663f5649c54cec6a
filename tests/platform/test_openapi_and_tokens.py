"""The generated OpenAPI document, and logging in for a token."""

from __future__ import annotations

from datetime import datetime, timedelta

from openapi_spec_validator import validate

from tests.support.app import make_app
from tests.support.factories import PASSWORD
from tests.support.http import problem_code


def test_openapi_document_is_served_valid_and_complete(client):
    r = client.get("/api/v1/openapi.json")  # no token needed
    assert r.status_code == 200 and r.mimetype == "application/json"
    spec = r.json
    validate(spec)
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path, methods in {
        "/api/v1/tokens": {"post"},
        "/api/v1/workspaces": {"get", "post"},
        "/api/v1/workspaces/{slug}": {"get", "patch"},
        "/api/v1/workspaces/{slug}/desks": {"get", "post"},
        "/api/v1/workspaces/{slug}/closures": {"post"},
        "/api/v1/workspaces/{slug}/availability": {"get"},
        "/api/v1/bookings": {"get", "post"},
        "/api/v1/bookings/{booking_id}": {"get", "delete"},
    }.items():
        assert methods <= set(paths[path]), path
    create = spec["components"]["schemas"]["BookingCreate"]
    assert set(create["required"]) == {"desk_id", "start", "end"}
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert paths["/api/v1/tokens"]["post"]["security"] == []


def test_token_login(client, make_user, clock):
    user = make_user(email="Ana@Example.org")
    r = client.post("/api/v1/tokens", json={"email": "  ana@EXAMPLE.org ", "password": PASSWORD})
    assert r.status_code == 201, r.json
    expires = datetime.fromisoformat(r.json["expires_at"])
    assert expires - datetime.fromisoformat("2027-03-01T08:00:00+00:00") >= timedelta(hours=1)
    assert len(r.json["token"]) >= 40
    me = client.get("/api/v1/bookings", headers={"Authorization": f"Bearer {r.json['token']}"})
    assert me.status_code == 200
    assert user.email == "ana@example.org"


def test_bad_credentials_get_the_same_answer_whether_or_not_the_email_exists(client, make_user):
    make_user(email="ana@example.org")
    wrong_password = client.post("/api/v1/tokens", json={"email": "ana@example.org", "password": "nope nope nope"})
    unknown_email = client.post("/api/v1/tokens", json={"email": "nobody@example.org", "password": "nope nope nope"})
    not_an_email = client.post("/api/v1/tokens", json={"email": "nobody", "password": "nope nope nope"})
    for r in (wrong_password, unknown_email, not_an_email):
        assert r.status_code == 401 and problem_code(r) == "unauthorized"
    assert wrong_password.json == unknown_email.json == not_an_email.json
    assert problem_code(client.post("/api/v1/tokens", json={"email": "ana@example.org"})) == "validation_error"


def test_hostile_credentials_are_4xx_not_500(client, make_user):
    make_user(email="ana@example.org")
    for body in (
        '{"email": "ana@example.org", "password": "\\ud800"}',
        '{"email": "ana\\u0000@example.org", "password": "whatever whatever"}',
        "[" * 50_000,
    ):
        r = client.post("/api/v1/tokens", data=body, content_type="application/json")
        assert 400 <= r.status_code < 500, (body[:40], r.status_code)
        assert r.mimetype == "application/problem+json"


def test_tokens_are_stored_hashed(client, make_user, db):
    from coworking.accounts.models import ApiToken

    make_user(email="ana@example.org")
    token = client.post("/api/v1/tokens", json={"email": "ana@example.org", "password": PASSWORD}).json["token"]
    stored = db.session.query(ApiToken).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_token_endpoint_is_rate_limited(database_url, make_user):
    from coworking.extensions import db, limiter

    was_enabled = limiter.enabled
    app = make_app(database_url, RATELIMIT_ENABLED=True, TOKEN_RATE_LIMIT="3 per minute")
    make_user(email="ana@example.org")
    client = app.test_client()
    try:
        codes = [
            client.post("/api/v1/tokens", json={"email": "ana@example.org", "password": "wrong password"}).status_code
            for _ in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        r = client.post("/api/v1/tokens", json={"email": "ana@example.org", "password": PASSWORD})
        assert r.status_code == 429 and problem_code(r) == "rate_limited"
    finally:
        # Flask-Limiter keeps its switch and counters on the one Limiter object: restore them
        # for the other tests' app.
        limiter.reset()
        limiter.enabled = was_enabled
        with app.app_context():
            db.engine.dispose()
