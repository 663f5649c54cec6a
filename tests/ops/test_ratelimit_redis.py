"""Rate limits shared by every worker through Redis.

A real gunicorn with 4 workers and ``REDIS_URL=redis://127.0.0.1:6379/15`` (flushed first),
login limited to "10 per 5 second": 11 bad logins for one email, sent at once so they spread
over the workers, give exactly one 429; after the window the same member logs in. The key is
the client address (``get_remote_address``; behind a proxy, X-Forwarded-For with
TRUSTED_PROXIES). Failed logins also count per account, from any address, in
Redis too: after those failures the member elsewhere is refused as well until the window ends.

Redis unreachable: skipped locally, failed where ``COWORKING_REQUIRE_REDIS=1`` (CI: ``.ci/run``
starts a redis-server on 127.0.0.1:6379 when none answers there, and sets it).
"""

from __future__ import annotations

import os
import re
import threading
import time
from datetime import UTC, datetime

import pytest
import requests

from tests.support.app import make_app, migrate_to_head
from tests.support.factories import PASSWORD
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.slow

REDIS_URL = os.environ.get("COWORKING_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
EMAIL = "member@example.org"
WINDOW_SECONDS = 5


@pytest.fixture(scope="module")
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("COWORKING_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis at {REDIS_URL} is unreachable (COWORKING_REQUIRE_REDIS=1): {exc}")
        pytest.skip(f"Redis at {REDIS_URL} is unreachable (set COWORKING_REQUIRE_REDIS=1 to fail instead): {exc}")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def server(redis_db, tmp_path_factory):
    from coworking.accounts import services
    from coworking.extensions import db

    url = "sqlite:///" + str(tmp_path_factory.mktemp("ratelimit") / "db.sqlite")
    app = make_app(url)
    migrate_to_head(app)
    with app.app_context():
        services.create_user(email=EMAIL, name="Member", role="member", password=PASSWORD, now=datetime.now(UTC))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    env = {
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_ENABLED": "1",
        "COWORKING_AUTH_RATE_LIMIT": f"10 per {WINDOW_SECONDS} second",
        "COWORKING_LOGIN_FAILURE_RATE_LIMIT": f"10 per {WINDOW_SECONDS} second",
        "COWORKING_WTF_CSRF_ENABLED": "false",
        "COWORKING_TRUSTED_PROXIES": "1",
        "COWORKING_LOG_FORMAT": "text",
    }
    access = ("--access-logfile", "-", "--access-logformat", "access pid=%(p)s %(m)s %(U)s %(s)s")
    with LiveServer(env=env, workers=4, extra_args=access) as live:
        yield live


def login(base: str, password: str, client_ip: str) -> int:
    resp = requests.post(
        base + "/login",
        data={"email": EMAIL, "password": password},
        headers={"X-Forwarded-For": client_ip},
        allow_redirects=False,
        timeout=30,
    )
    return resp.status_code


def test_bad_logins_over_four_workers_are_limited_then_the_member_gets_back_in(server, redis_db):
    attacker, member_elsewhere = "203.0.113.9", "198.51.100.7"
    # Start at the beginning of a window so all 11 attempts fall in one.
    time.sleep(WINDOW_SECONDS - time.time() % WINDOW_SECONDS + 0.05)
    since = server.log_size()
    statuses: list[int] = []
    barrier = threading.Barrier(11)

    def attempt():
        barrier.wait(timeout=10)
        statuses.append(login(server.url, "wrong password", attacker))

    with server.log_on_failure(since):
        threads = [threading.Thread(target=attempt) for _ in range(11)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert sorted(statuses) == [200] * 10 + [429], statuses
        pids = set(re.findall(r"access pid=<?(\d+)>? POST /login", server.log_text()[since:]))
        assert len(pids) >= 2, f"the attempts did not spread over workers: {pids}"
        assert redis_db.dbsize() > 0  # the counters live in Redis, not in a worker
        # Still limited, from any worker, for the rest of the window ...
        assert login(server.url, PASSWORD, attacker) == 429
        # ... and, the account having had 10 failures, from any other address too
        # (counted per account, across the workers, in Redis).
        assert login(server.url, PASSWORD, member_elsewhere) == 429
        # After the window, both get in with the right password.
        time.sleep(WINDOW_SECONDS + 0.5)
        assert login(server.url, PASSWORD, member_elsewhere) == 302
        assert login(server.url, PASSWORD, attacker) == 302
