"""Equal timing: registration and password reset take as long for a known address as for a new one.

    .venv/bin/python -m bench.account_timing [--database-url URL] [--repeat 50]

Starts the app under gunicorn (tests/support/live_server.py) on a fresh database (a temporary
SQLite file unless ``--database-url`` names an empty one) with production password hashing
(argon2id) and the mail server down (MAIL_BACKEND=smtp on a closed port: requests only queue
mail, the worker sends it, so this must not matter). Then, interleaved, ``--repeat`` times
each: POST /register with a new address and with a known one, POST /password/forgot with a
known address and with an unknown one. Prints the median of each, their differences (target:
under 10 ms) and the status codes seen (all 302: the same answer). Exit 1 only on errors."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.support.live_server import LiveServer  # noqa: E402

TARGET_MS = 10.0
KNOWN = "known@example.org"
PASSWORD = "a long enough passphrase"


def _env(url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "COWORKING_ENVIRONMENT": "testing",
        "COWORKING_WTF_CSRF_ENABLED": "false",
        "COWORKING_MAIL_BACKEND": "smtp",
        "COWORKING_MAIL_SERVER": "127.0.0.1",
        "COWORKING_MAIL_PORT": "1",  # nothing listens: the mail server is down
        "RATELIMIT_ENABLED": "0",
    }


def _migrate_and_seed(env: dict[str, str]) -> None:
    full = {**os.environ, **env, "FLASK_APP": "wsgi"}
    flask = [sys.executable, "-m", "flask"]
    subprocess.run([*flask, "db", "upgrade"], cwd=REPO_ROOT, env=full, check=True, capture_output=True)
    subprocess.run(
        [*flask, "users", "create", KNOWN, "--name", "Known", "--password", PASSWORD],
        cwd=REPO_ROOT,
        env=full,
        check=True,
        capture_output=True,
    )


def _time(http: requests.Session, url: str, data: dict, statuses: set) -> float:
    started = time.perf_counter()
    response = http.post(url, data=data, allow_redirects=False, timeout=30)
    elapsed = (time.perf_counter() - started) * 1000
    statuses.add(response.status_code)
    return elapsed


def run(url: str, repeat: int) -> int:
    env = _env(url)
    _migrate_and_seed(env)
    samples: dict[str, list[float]] = {
        k: [] for k in ("register new", "register known", "reset known", "reset unknown")
    }
    statuses: set[int] = set()
    with LiveServer(env=env, workers=2) as server, requests.Session() as http:
        base = server.url
        http.get(base + "/healthz", timeout=10)
        for i in range(repeat + 2):  # the first two rounds warm up
            rounds = {
                "register new": (
                    "/register",
                    {"email": f"new{i}@example.org", "name": "New", "password": PASSWORD, "confirm": PASSWORD},
                ),
                "register known": (
                    "/register",
                    {"email": KNOWN, "name": "Known", "password": PASSWORD, "confirm": PASSWORD},
                ),
                "reset known": ("/password/forgot", {"email": KNOWN}),
                "reset unknown": ("/password/forgot", {"email": f"nobody{i}@example.org"}),
            }
            for name, (path, data) in rounds.items():
                elapsed = _time(http, base + path, data, statuses)
                if i >= 2:
                    samples[name].append(elapsed)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, value in medians.items():
        print(f"{name:15} median {value:7.1f} ms over {len(samples[name])} requests")
    ok = True
    for a, b in (("register new", "register known"), ("reset known", "reset unknown")):
        gap = abs(medians[a] - medians[b])
        ok &= gap < TARGET_MS
        print(
            f"{a} vs {b}: differ by {gap:.1f} ms (target < {TARGET_MS:.0f} ms): {'ok' if gap < TARGET_MS else 'MISSED'}"
        )
    print(f"status codes seen: {sorted(statuses)}")
    if statuses != {302}:
        print("ERROR: every answer should be the same redirect (302)")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-timing-") as tmp:
        return run(args.database_url or f"sqlite:///{Path(tmp) / 'timing.sqlite'}", args.repeat)


if __name__ == "__main__":
    raise SystemExit(main())
