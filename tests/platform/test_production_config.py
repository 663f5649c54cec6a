"""Production defaults are safe: a real SECRET_KEY or no start; Secure
cookies and HSTS when the public address (BASE_URL) is https."""

from __future__ import annotations

import pytest

from tests.support.app import make_app
from tests.support.factories import PASSWORD

DEV_SECRET_KEY = "dev-only-not-a-secret"  # the key development and tests use

GOOD_KEY = "0123456789abcdef" * 4  # 64 bytes
HTTPS = "https://desks.example.coop"


def production_app(tmp_path, **config):
    settings = {"ENVIRONMENT": "production", "SECRET_KEY": GOOD_KEY, "BASE_URL": HTTPS, **config}
    return make_app(f"sqlite:///{tmp_path / 'prod.sqlite'}", **settings)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (DEV_SECRET_KEY, "development key"),
        ("short-but-set", "at least 32"),
        ("x" * 31, "at least 32"),
        ("", "not set"),
        (None, "not set"),
    ],
)
def test_production_refuses_a_weak_secret_key(tmp_path, monkeypatch, key, message):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("COWORKING_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match=message):
        production_app(tmp_path, SECRET_KEY=key)


def test_production_refuses_the_development_key_from_the_environment(tmp_path, monkeypatch):
    from coworking import create_app

    monkeypatch.setenv("SECRET_KEY", DEV_SECRET_KEY)
    monkeypatch.setenv("COWORKING_ENVIRONMENT", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("COWORKING_BASE_URL", HTTPS)
    with pytest.raises(RuntimeError, match="development key"):
        create_app()


def test_a_32_byte_key_starts(tmp_path):
    assert production_app(tmp_path, SECRET_KEY="k" * 32).config["SECRET_KEY"] == "k" * 32


def _logged_in(app):
    """Log a member in through the real form, remember me ticked; the login's answer."""
    from datetime import UTC, datetime

    from coworking.accounts import services
    from coworking.extensions import db
    from tests.support.app import migrate_to_head

    migrate_to_head(app)
    with app.app_context():
        now = datetime.now(UTC)
        services.create_user(email="ana@example.org", name="Ana", role="member", password=PASSWORD, now=now)
        db.session.commit()
    base = app.config.get("BASE_URL") or "http://localhost"
    client = app.test_client()
    resp = client.post(
        "/login", data={"email": "ana@example.org", "password": PASSWORD, "remember": "y"}, base_url=base
    )
    with app.app_context():
        db.engine.dispose()
    return resp


def _cookies(resp) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in resp.headers.getlist("Set-Cookie")}


def test_https_base_url_sends_secure_cookies_and_hsts(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'https.sqlite'}", BASE_URL=HTTPS)
    resp = _logged_in(app)
    assert resp.status_code == 302
    cookies = _cookies(resp)
    assert {"session", "remember_token"} <= cookies.keys()
    for name in ("session", "remember_token"):
        assert "; Secure" in cookies[name], cookies[name]
        assert "HttpOnly" in cookies[name]
    hsts = resp.headers.get("Strict-Transport-Security", "")
    assert hsts.startswith("max-age=") and int(hsts.split("=")[1].split(";")[0]) >= 31_536_000
    page = app.test_client().get("/login", base_url=HTTPS)
    assert page.headers.get("Strict-Transport-Security") == hsts


def test_plain_http_base_url_sends_neither(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'http.sqlite'}", BASE_URL="http://127.0.0.1:5000")
    resp = _logged_in(app)
    assert resp.status_code == 302
    for header in _cookies(resp).values():
        assert "Secure" not in header
    assert "Strict-Transport-Security" not in resp.headers
