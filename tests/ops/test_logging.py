"""Structured logs with a request id: the id round-trips in X-Request-ID, every
record logged while serving a request carries it, and no password or token reaches a log."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

from coworking.ops.logging import JsonFormatter, TextFormatter, request_id_from
from tests.support.app import make_app
from tests.support.factories import PASSWORD


def _formatted(caplog) -> str:
    """Every captured record as the JSON and the text formatter would write it."""
    json_fmt, text_fmt = JsonFormatter(), TextFormatter()
    return "\n".join(json_fmt.format(r) + "\n" + text_fmt.format(r) for r in caplog.records) + caplog.text


def test_request_id_round_trips(client):
    resp = client.get("/api/v1/openapi.json", headers={"X-Request-ID": "lb-1234.abcd"})
    assert resp.headers["X-Request-ID"] == "lb-1234.abcd"
    fresh = client.get("/api/v1/openapi.json")
    generated = fresh.headers["X-Request-ID"]
    assert generated and generated != "lb-1234.abcd"
    assert client.get("/api/v1/openapi.json").headers["X-Request-ID"] != generated
    # Unsafe or oversized ids are replaced, not echoed.
    for bad in ("a b", "x" * 65, "<script>", "../etc", "id;drop"):
        echoed = client.get("/api/v1/openapi.json", headers={"X-Request-ID": bad}).headers["X-Request-ID"]
        assert echoed != bad and request_id_from(echoed) == echoed
    # Errors carry it too.
    assert client.get("/api/v1/nowhere", headers={"X-Request-ID": "r-404"}).headers["X-Request-ID"] == "r-404"


def test_records_carry_the_request_id(tmp_path, caplog):
    own = make_app(f"sqlite:///{tmp_path / 'log.sqlite'}")

    @own.get("/_test/log-something")
    def _log_something():
        own.logger.warning("something happened")
        return "ok"

    with caplog.at_level(logging.INFO):
        resp = own.test_client().get("/_test/log-something?secret=1", headers={"X-Request-ID": "req-42"})
    assert resp.status_code == 200
    assert resp.headers["X-Request-ID"] == "req-42"
    mine = [r for r in caplog.records if getattr(r, "request_id", None) == "req-42"]
    assert {r.name for r in mine} >= {"coworking", "coworking.access"}
    app_record = next(r for r in mine if r.name == "coworking")
    assert app_record.getMessage() == "something happened"
    assert app_record.path == "/_test/log-something" and app_record.method == "GET"
    access = next(r for r in mine if r.name == "coworking.access")
    line = json.loads(JsonFormatter().format(access))
    assert line["request_id"] == "req-42"
    assert line["method"] == "GET" and line["path"] == "/_test/log-something"  # no query string
    assert line["status"] == 200 and isinstance(line["duration_ms"], float)
    assert {"time", "level", "logger", "message"} <= line.keys()
    assert "secret" not in json.dumps(line)


def test_no_password_or_token_in_logs(app, client, make_user, api_as, caplog):
    user = make_user(email="ana@example.org")
    api = api_as(user)
    feed_url = api.get("/api/v1/me/calendar").json["feed_url"]
    feed_token = feed_url.split("token=", 1)[1]
    bearer = api.headers["Authorization"].split(" ", 1)[1]
    wrong = "Wr0ng-but-secret-passphrase"
    with caplog.at_level(logging.DEBUG):
        client.post("/login", data={"email": "ana@example.org", "password": wrong})
        client.post("/login", data={"email": "ana@example.org", "password": PASSWORD})
        client.post("/api/v1/tokens", json={"email": "ana@example.org", "password": PASSWORD})
        parts = urlsplit(feed_url)
        assert client.get(f"{parts.path}?{parts.query}").status_code == 200
        assert client.get(f"{parts.path}?{parts.query}x").status_code == 404
        api.get("/api/v1/bookings")
    text = _formatted(caplog)
    assert "/login" in text and "/calendar/member.ics" in text  # the requests were logged...
    for secret in (wrong, PASSWORD, feed_token, bearer):
        assert secret not in text  # ...without a secret


def test_format_follows_the_environment(tmp_path, monkeypatch):
    from coworking.ops.logging import log_format

    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert log_format(make_app(url, ENVIRONMENT="development")) == "text"
    assert log_format(make_app(url)) == "json"
    monkeypatch.setenv("COWORKING_LOG_FORMAT", "text")
    assert log_format(make_app(url)) == "text"
