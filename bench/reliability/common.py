"""Shared pieces of the reliability scripts: a scratch database (SQLite file or a PostgreSQL
database of our own), seeding through the app's own services, a gunicorn (tests/support/live_server.py),
client workers that record every answer, and the invariant checks by SQL."""

from __future__ import annotations

import contextlib
import os
import platform
import random
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import requests
import sqlalchemy as sa

PG_ADMIN = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qtA"]
PG_DB = "coworking_reliability"
TZ = ZoneInfo("Europe/Brussels")
SLUG = "load"
HOT_DESKS = 4
PASSWORD = "correct horse battery"


def machine() -> str:
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line)
    return f"{os.cpu_count()} CPUs (nproc), {mem_kb / 1024 / 1024:.1f} GiB RAM, {platform.platform()}"


# --- databases ------------------------------------------------------------------------


@contextlib.contextmanager
def scratch_database(kind: str):
    """Yield a database URL for a fresh, empty database; drop it afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="reliability-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'coworking.sqlite'}"
        return
    ensure_postgres_running()
    subprocess.run([*PG_ADMIN, "-c", f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"], check=True)
    subprocess.run([*PG_ADMIN, "-c", f"CREATE DATABASE {PG_DB}"], check=True)
    try:
        yield f"postgresql://postgres@127.0.0.1/{PG_DB}"
    finally:
        ensure_postgres_running()
        subprocess.run([*PG_ADMIN, "-c", f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"], check=False)


def pg_cluster() -> tuple[str, str]:
    versions = sorted(os.listdir("/etc/postgresql"))
    return versions[-1], "main"


def pg_ctl(action: str) -> None:
    version, name = pg_cluster()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action], check=True)


def postgres_answers() -> bool:
    return subprocess.run([*PG_ADMIN, "-c", "SELECT 1"], capture_output=True).returncode == 0


def ensure_postgres_running(timeout: float = 30) -> None:
    if postgres_answers():
        return
    with contextlib.suppress(subprocess.CalledProcessError):
        pg_ctl("start")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if postgres_answers():
            return
        time.sleep(0.5)
    raise RuntimeError("PostgreSQL is not running and would not start")


# --- seeding --------------------------------------------------------------------------


@dataclass
class World:
    url: str
    slug: str
    desk_ids: list[int]
    tokens: list[str]  # one bearer token per client
    days: list[date]


def build_app(url: str):
    from coworking import create_app

    return create_app(
        {
            "ENVIRONMENT": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "LOG_FORMAT": "text",
        }
    )


def seed(url: str, members: int) -> World:
    """Migrate, then one workspace open every day 07:00-22:00 with a few hot desks, and one
    member (with an API token) per client."""
    from flask_migrate import upgrade

    from coworking.accounts import services
    from coworking.extensions import db
    from coworking.workspaces.models import Desk, OpeningHours, Workspace
    from coworking.workspaces.rules import BookingPolicy, parse_hhmm

    app = build_app(url)
    with app.app_context():
        upgrade()
        now = datetime.now(UTC)
        ws = Workspace(
            slug=SLUG,
            name="Load test",
            city="Brussels",
            country="BE",
            address="Rue de la Loi 1",
            timezone="Europe/Brussels",
            currency="EUR",
            created_at=now,
        )
        ws.apply_policy(BookingPolicy(max_advance_days=730, min_notice_minutes=0, max_active_bookings=1000))
        ws.opening_hours = [
            OpeningHours(weekday=d, opens_at=parse_hhmm("07:00"), closes_at=parse_hhmm("22:00")) for d in range(7)
        ]
        db.session.add(ws)
        db.session.flush()
        desks = [
            Desk(
                workspace_id=ws.id,
                code=f"HOT{i}",
                kind="hot_desk",
                zone="Open space",
                amenities=[],
                in_service_from=date(2020, 1, 1),
            )
            for i in range(HOT_DESKS)
        ]
        db.session.add_all(desks)
        db.session.commit()
        users = [
            services.create_user(
                email=f"load{i}@example.org",
                name=f"Load {i}",
                role="member",
                password=PASSWORD,
                now=now,
                workspaces=[SLUG],
            )
            for i in range(members)
        ]
        db.session.commit()
        tokens = [services.issue_token(u, now, kind="cli").token for u in users]
        desk_ids = [d.id for d in desks]
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    first = datetime.now(TZ).date() + timedelta(days=7)
    return World(url=url, slug=SLUG, desk_ids=desk_ids, tokens=tokens, days=[first, first + timedelta(days=1)])


# --- clients --------------------------------------------------------------------------


@dataclass
class Answer:
    kind: str  # availability | book | cancel | login
    status: int  # 0 = no HTTP answer (connection reset, timeout)
    began: float  # monotonic
    seconds: float
    body: dict | None = None
    problem_code: str | None = None
    content_type: str = ""


@dataclass
class Recorder:
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)


def _call(http: requests.Session, method: str, url: str, kind: str, **kw) -> Answer:
    began = time.monotonic()
    try:
        resp = http.request(method, url, timeout=60, **kw)
    except requests.RequestException:
        return Answer(kind, 0, began, time.monotonic() - began)
    seconds = time.monotonic() - began
    body = None
    ctype = resp.headers.get("Content-Type", "")
    if "json" in ctype:
        with contextlib.suppress(ValueError):
            body = resp.json()
    code = body.get("code") if isinstance(body, dict) and "problem" in ctype else None
    return Answer(kind, resp.status_code, began, seconds, body if kind == "book" else None, code, ctype)


def client_loop(base: str, world: World, token: str, stop_at: float, rec: Recorder, seed: int, mix: str) -> None:
    """One client until ``stop_at``: availability reads, bookings and cancellations of its own
    bookings, on the few hot desks (``mix="burst"``: bookings only)."""
    rng = random.Random(seed)
    headers = {"Authorization": f"Bearer {token}"}
    mine: list[str] = []
    with requests.Session() as http:
        http.headers.update(headers)
        while time.monotonic() < stop_at:
            roll = rng.random()
            if mix == "burst" or (0.5 <= roll < 0.85) or (roll >= 0.85 and not mine):
                day = rng.choice(world.days)
                start = rng.randrange(7, 21)
                length = rng.choice([1, 1, 2])
                end = min(start + length, 22)
                payload = {
                    "desk_id": rng.choice(world.desk_ids),
                    "start": f"{day.isoformat()}T{start:02d}:00",
                    "end": f"{day.isoformat()}T{end:02d}:00",
                }
                answer = _call(http, "POST", base + "/api/v1/bookings", "book", json=payload)
                if answer.status == 201 and answer.body:
                    mine.append(answer.body["id"])
            elif roll < 0.5:
                day = rng.choice(world.days)
                answer = _call(
                    http,
                    "GET",
                    f"{base}/api/v1/workspaces/{world.slug}/availability",
                    "availability",
                    params={"date": day.isoformat()},
                )
            else:
                booking = mine.pop(rng.randrange(len(mine)))
                answer = _call(http, "DELETE", f"{base}/api/v1/bookings/{booking}", "cancel")
                answer.body = {"id": booking}
            rec.add(answer)


def run_clients(base: str, world: World, clients: int, seconds: float, mix: str = "mixed") -> Recorder:
    rec = Recorder()
    stop_at = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=client_loop,
            args=(base, world, world.tokens[i % len(world.tokens)], stop_at, rec, i, mix),
            daemon=True,
        )
        for i in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    return rec


# --- figures and checks ---------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary(rec: Recorder, wall: float) -> dict:
    answers = rec.answers
    statuses = Counter(a.status for a in answers)
    by_kind = {k: Counter(a.status for a in answers if a.kind == k) for k in sorted({a.kind for a in answers})}
    times = [a.seconds for a in answers if a.status]
    return {
        "requests": len(answers),
        "rps": len(answers) / wall if wall else 0.0,
        "statuses": dict(sorted(statuses.items())),
        "by_kind": {k: dict(sorted(v.items())) for k, v in by_kind.items()},
        "p50_ms": percentile(times, 50) * 1000,
        "p99_ms": percentile(times, 99) * 1000,
        "max_ms": max(times, default=0) * 1000,
        "five_xx": sum(n for s, n in statuses.items() if s >= 500),
        "five_hundred": statuses.get(500, 0),
        "no_answer": statuses.get(0, 0),
    }


OVERLAP_SQL = """
SELECT count(*) FROM bookings a JOIN bookings b
  ON a.{col} = b.{col} AND a.id < b.id
 AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
WHERE a.status = 'confirmed' AND b.status = 'confirmed'
"""


def check_database(url: str, rec: Recorder) -> dict:
    """Invariants by SQL, on a fresh connection: no overlapping confirmed bookings (per desk,
    per member), every 201 present (confirmed unless a later 200 cancelled it), every 200 on a
    cancellation stored as cancelled, no half-written rows."""
    from coworking.bookings.models import Booking

    app = build_app(url)
    from coworking.extensions import db

    created = {a.body["id"] for a in rec.answers if a.kind == "book" and a.status == 201 and a.body}
    cancelled = {a.body["id"] for a in rec.answers if a.kind == "cancel" and a.status == 200 and a.body}
    with app.app_context(), db.engine.connect() as conn:
        desk_overlaps = conn.execute(sa.text(OVERLAP_SQL.format(col="desk_id"))).scalar_one()
        member_overlaps = conn.execute(sa.text(OVERLAP_SQL.format(col="member_id"))).scalar_one()
        rows = conn.execute(sa.select(Booking.uuid, Booking.status, Booking.starts_at, Booking.ends_at)).all()
        half_written = conn.execute(
            sa.text(
                "SELECT count(*) FROM bookings WHERE NOT (starts_at < ends_at) OR desk_id IS NULL "
                "OR member_id IS NULL OR status NOT IN ('confirmed', 'cancelled') "
                "OR (status = 'cancelled' AND cancelled_at IS NULL)"
            )
        ).scalar_one()
        db.engine.dispose()
    stored = {str(r.uuid): r.status for r in rows}
    missing = [b for b in created if b not in stored]
    wrong_status = [b for b in created if b in stored and (stored[b] == "cancelled") != (b in cancelled)]
    cancel_lost = [b for b in cancelled if stored.get(b) != "cancelled"]
    return {
        "rows": len(rows),
        "confirmed_rows": sum(1 for s in stored.values() if s == "confirmed"),
        "created_201": len(created),
        "cancelled_200": len(cancelled),
        "desk_overlaps": desk_overlaps,
        "member_overlaps": member_overlaps,
        "missing_201": len(missing),
        "wrong_status": len(wrong_status),
        "cancel_lost": len(cancel_lost),
        "half_written": half_written,
        "unacknowledged_rows": len([u for u in stored if u not in created]),
    }


def invariants_hold(checks: dict) -> bool:
    return not (
        checks["desk_overlaps"]
        or checks["member_overlaps"]
        or checks["missing_201"]
        or checks["wrong_status"]
        or checks["cancel_lost"]
        or checks["half_written"]
    )


def print_figures(title: str, figures: dict, checks: dict | None = None) -> None:
    print(f"== {title}")
    for key, value in figures.items():
        print(f"  {key}: {value:.1f}" if isinstance(value, float) else f"  {key}: {value}")
    if checks is not None:
        for key, value in checks.items():
            print(f"  check {key}: {value}")
    print(flush=True)
