"""A Redis outage is never a 5xx.

Our own redis-server on a free port (never the system one), a real gunicorn (2 workers) with
``REDIS_URL`` pointing at it and rate limits on. Redis is killed while the app runs: the token
endpoint, the web login and both calendar feeds still answer (limits counted in each worker's
memory meanwhile), each worker logs one warning. Redis is started again on the same port: the
counters are back in Redis (keys appear) within the limiter's recheck interval.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from tests.support.app import make_app, migrate_to_head
from tests.support.factories import PASSWORD, Factories
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.slow

REDIS_SERVER = "/usr/bin/redis-server"
EMAIL = "mo@example.org"
FALLBACK_WARNING = "falling back to in-memory storage"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    """A throw-away redis-server on one port, which the test can kill and start again."""

    def __init__(self, port: int, workdir: Path) -> None:
        self.port = port
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no"]
        command += ["--appendonly", "no", "--dir", str(self.workdir)]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        with contextlib.closing(self.client()) as client:
            while True:
                try:
                    client.ping()
                    return
                except Exception:
                    if time.monotonic() > deadline or self.proc.poll() is not None:
                        raise
                    time.sleep(0.05)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=1)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    from coworking.calendar.services import member_token, workspace_token
    from coworking.extensions import db

    tmp = tmp_path_factory.mktemp("redis-outage")
    url = f"sqlite:///{tmp / 'db.sqlite'}"
    app = make_app(url)
    migrate_to_head(app)
    with app.app_context():
        make = Factories(db)
        ws = make.workspace(slug="gent", name="Gent", city="Gent", address="Dok 1")
        user = make.user(role="manager", email=EMAIL, name="Mo", workspaces=[ws])
        secret = app.config["SECRET_KEY"]
        feeds = [
            f"/calendar/member.ics?token={quote(member_token(user, secret))}",
            f"/calendar/workspace/gent.ics?token={quote(workspace_token(user, ws, secret))}",
        ]
        db.session.remove()
        db.engine.dispose()
    redis = OwnRedis(_free_port(), tmp)
    redis.start()
    env = {
        "DATABASE_URL": url,
        "REDIS_URL": redis.url,
        "RATELIMIT_ENABLED": "1",
        "COWORKING_WTF_CSRF_ENABLED": "false",
        "COWORKING_LOG_FORMAT": "text",
        # Only the per-account limit acts here (the per-address ones would hide it).
        "COWORKING_TOKEN_RATE_LIMIT": "1000 per minute",
        "COWORKING_AUTH_RATE_LIMIT": "1000 per minute",
    }
    try:
        with LiveServer(env=env, workers=2) as live:
            yield live, redis, feeds
    finally:
        redis.kill()


def _calls(base: str, feeds: list[str]) -> dict[str, int]:
    """Every endpoint of the issue, once: path → status."""
    out = {}
    with requests.Session() as http:
        out["POST /api/v1/tokens (right)"] = http.post(
            base + "/api/v1/tokens", json={"email": EMAIL, "password": PASSWORD}, timeout=30
        ).status_code
        out["POST /api/v1/tokens (wrong)"] = http.post(
            base + "/api/v1/tokens", json={"email": EMAIL, "password": "wrong password"}, timeout=30
        ).status_code
        out["POST /login (wrong)"] = http.post(
            base + "/login", data={"email": EMAIL, "password": "wrong password"}, allow_redirects=False, timeout=30
        ).status_code
        out["POST /login (right)"] = http.post(
            base + "/login", data={"email": EMAIL, "password": PASSWORD}, allow_redirects=False, timeout=30
        ).status_code
    for feed in feeds:
        out["GET " + feed.split("?")[0]] = requests.get(base + feed, timeout=30).status_code
    return out


def test_a_redis_outage_is_never_a_5xx_and_counting_returns_to_redis(setup):
    server, redis, feeds = setup
    with server.log_on_failure():
        before = _calls(server.url, feeds)
        assert set(before.values()) <= {200, 201, 302, 401}, before
        with contextlib.closing(redis.client()) as client:
            assert client.dbsize() > 0  # the counters live in Redis

        redis.kill()  # while the app runs
        since = server.log_size()
        for _ in range(3):  # several rounds: both workers meet the outage
            during = _calls(server.url, feeds)
            assert all(status < 500 for status in during.values()), during
            assert during["POST /api/v1/tokens (right)"] == 201 and during["POST /login (right)"] == 302
            assert all(during[key] == 200 for key in during if key.startswith("GET ")), during
        warnings = server.log_text()[since:].count(FALLBACK_WARNING)
        assert 1 <= warnings <= server.workers, warnings  # once per worker, not once per request

        redis.start()  # same port, empty: keys appear only if the app counts there again
        deadline = time.monotonic() + 90  # the limiter rechecks with a back-off of up to 32 s
        with contextlib.closing(redis.client()) as client:
            while client.dbsize() == 0:
                assert time.monotonic() < deadline, "counting did not move back to Redis"
                after = _calls(server.url, feeds)
                assert all(status < 500 for status in after.values()), after
                time.sleep(0.5)
        # Each worker that met the outage rechecks Redis on its next requests (with a back-off)
        # and says so when it finds it; another worker may have put the first keys there.
        while "Rate limit storage recovered" not in server.log_text()[since:]:
            assert time.monotonic() < deadline, "no worker logged that counting moved back to Redis"
            after = _calls(server.url, feeds)
            assert all(status < 500 for status in after.values()), after
            time.sleep(0.5)


def test_limits_still_hold_while_redis_is_away(setup):
    """Falling back is not switching off: each worker keeps counting in memory."""
    server, redis, _feeds = setup
    redis.kill()
    try:
        with server.log_on_failure():
            statuses = [
                requests.post(
                    server.url + "/api/v1/tokens", json={"email": "x@example.org", "password": "wrong"}, timeout=30
                ).status_code
                for _ in range(2 * 10 + 2)  # 10 failures per account, at most 2 workers counting apart
            ]
            assert 429 in statuses and all(s < 500 for s in statuses), statuses
    finally:
        with contextlib.suppress(Exception):
            redis.start()
