"""Deterministic benchmark data for SQLite and PostgreSQL.

    .venv/bin/python -m bench.data --database-url sqlite:////tmp/bench.sqlite [--quick]

Full size: 10 workspaces, 400 desks (40 each), 20,000 members, 1,000,000 bookings over five
years (about 10 % cancelled). ``--quick``: 2,000 members and 50,000 bookings. The schema comes
from the real migrations (``flask db upgrade`` in a subprocess); rows are bulk-loaded (COPY on
PostgreSQL; one executemany transaction on SQLite with the overlap triggers dropped for the load
and re-created identically afterwards). Bookings cannot overlap by construction: each weekday of
each desk is three fixed slots (08–12, 12–16, 16–20 local time), and within one slot of one day
the desks are given distinct members (an offset and a stride coprime to the member count).

The data ends 30 days after the day it is generated (so feeds and "my bookings" have upcoming
rows); with the same seed on the same day the rows are identical. Every finished month is then closed
for every workspace (``budget.close.close_month``), as a cooperative closing monthly would:
reports read those months from their closes. A manifest (JSON) next to the
data records what the runner needs: slugs, the busy day, bearer tokens, the feed URL, free slots.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import time
import uuid
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parent.parent
VERSION = 4  # bump when the generated rows change: the runner then makes the data again
SECRET_KEY = "bench-not-a-secret-but-32-bytes-long"  # the runner starts gunicorn with the same key (feed tokens)
PASSWORD = "bench-password-1234"

FULL = {"members": 20_000, "bookings": 1_000_000}
QUICK = {"members": 2_000, "bookings": 50_000}
# About a tenth of QUICK's bookings once the fixed rows (feed member, creators) are added:
# the runner counts SQL statements on it too, in the same run, to show they do not depend on
# the data size.
SMALL = {"members": 2_000, "bookings": 3_500}
WORKSPACES = [
    # slug, city, country, time zone, currency
    ("gent", "Gent", "BE", "Europe/Brussels", "EUR"),
    ("brussel", "Brussel", "BE", "Europe/Brussels", "EUR"),
    ("antwerpen", "Antwerpen", "BE", "Europe/Brussels", "EUR"),
    ("rotterdam", "Rotterdam", "NL", "Europe/Amsterdam", "EUR"),
    ("utrecht", "Utrecht", "NL", "Europe/Amsterdam", "EUR"),
    ("lille", "Lille", "FR", "Europe/Paris", "EUR"),
    ("lyon", "Lyon", "FR", "Europe/Paris", "EUR"),
    ("koeln", "Köln", "DE", "Europe/Berlin", "EUR"),
    ("lisboa", "Lisboa", "PT", "Europe/Lisbon", "EUR"),
    ("krakow", "Kraków", "PL", "Europe/Warsaw", "PLN"),
]
DESKS_PER_WORKSPACE = 40
SLOTS = ((8, 12), (12, 16), (16, 20))  # local hours; opening hours Mon–Fri 08:00–20:00
YEARS = 5
FUTURE_DAYS = 30
FEED_EVENTS = 200
CREATE_MEMBERS = 200  # members with tokens who create bookings in the booking-creation scenario
CREATE_SLOTS_EACH = 500  # free one-hour slots per creator (the policy caps active bookings at 1,000)
CANCEL_RATE = 0.1
BOOKING_COLUMNS = (
    "id",
    "uuid",
    "desk_id",
    "member_id",
    "workspace_id",
    "starts_at",
    "ends_at",
    "status",
    "sequence",
    "note",
    "created_at",
    "created_by_id",
    "updated_at",
    "cancelled_at",
    "cancelled_by_id",
    "cancel_reason",
)
USER_COLUMNS = (
    "id",
    "email",
    "name",
    "member_number",
    "home_workspace_id",
    "language",
    "role",
    "active",
    "password_hash",
    "created_at",
    "session_version",
    "calendar_secret",
)


def log(message: str) -> None:
    print(f"[bench.data {time.strftime('%H:%M:%S')}] {message}", flush=True)


def weekdays(start: date, end: date) -> list[date]:
    days, day = [], start
    while day < end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def upgrade(database_url: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "COWORKING_ENVIRONMENT": "development",
        "SECRET_KEY": SECRET_KEY,
        "FLASK_APP": "wsgi",
    }
    flask = Path(sys.executable).parent / "flask"
    subprocess.run([str(flask), "db", "upgrade"], cwd=REPO_ROOT, env=env, check=True, capture_output=True)


def reset_database(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        path = Path(database_url.split("///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    url = make_url(database_url)
    maintenance = url.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(plain_pg_url(maintenance), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(url.database)))
    with psycopg.connect(plain_pg_url(database_url), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def plain_pg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


# --- rows ------------------------------------------------------------------------------------


class Stamp:
    """Instants as the dialect stores them (SQLite: SQLAlchemy's text form of UTC wall time)."""

    def __init__(self, sqlite: bool):
        self.sqlite = sqlite

    def __call__(self, instant: datetime):
        instant = instant.astimezone(UTC)
        if self.sqlite:
            return instant.strftime("%Y-%m-%d %H:%M:%S.%f")
        return instant


def generate(args, app) -> dict:
    from coworking.accounts.models import User
    from coworking.accounts.services import hash_password, issue_token
    from coworking.calendar.services import member_token
    from coworking.extensions import db
    from coworking.workspaces.models import Desk, OpeningHours, Workspace

    rng = random.Random(args.seed)
    size = SMALL if args.small else QUICK if args.quick else FULL
    n_members = size["members"]
    n_bookings = size["bookings"]
    sqlite = db.engine.dialect.name == "sqlite"
    stamp = Stamp(sqlite)
    today = datetime.now(UTC).date()
    first_day = today - timedelta(days=365 * YEARS - FUTURE_DAYS)
    last_day = today + timedelta(days=FUTURE_DAYS)
    created = datetime.combine(first_day - timedelta(days=30), datetime.min.time(), UTC)

    # Workspaces, desks, opening hours: few rows, through the ORM.
    workspaces = []
    for slug, city, country, tz, currency in WORKSPACES:
        ws = Workspace(
            slug=slug,
            name=f"Coop {city}",
            city=city,
            country=country,
            address=f"Main street 1, {city}",
            timezone=tz,
            currency=currency,
            default_language="en",
            price_per_desk_day=25,
            created_at=created,
            slot_minutes=60,
            min_notice_minutes=0,
            max_advance_days=730,
            max_length_minutes=720,
            max_active_bookings=1000,  # the policy's maximum: creators book hundreds each
            cancel_cutoff_minutes=60,
        )
        db.session.add(ws)
        workspaces.append(ws)
    db.session.flush()
    desks = []
    for ws in workspaces:
        for weekday in range(5):
            db.session.add(
                OpeningHours(
                    workspace_id=ws.id,
                    weekday=weekday,
                    opens_at=datetime.strptime("08:00", "%H:%M").time(),
                    closes_at=datetime.strptime("20:00", "%H:%M").time(),
                )
            )
        for n in range(DESKS_PER_WORKSPACE):
            desk = Desk(
                workspace_id=ws.id,
                code=f"D{n + 1:02d}",
                kind="hot_desk",
                zone="Main",
                amenities=[],
                capacity=1,
                in_service_from=first_day - timedelta(days=30),
                notes="",
            )
            db.session.add(desk)
            desks.append((desk, ws))
    db.session.flush()
    desk_rows = [(d.id, ws.id, ws.timezone) for d, ws in desks]
    workspace_ids = [ws.id for ws in workspaces]
    db.session.commit()
    log(f"{len(workspaces)} workspaces, {len(desk_rows)} desks")

    # Users: admin first, then members; one password hash for all.
    password_hash = hash_password(PASSWORD)
    admin_id = 1

    def secret() -> str:
        return f"{rng.getrandbits(256):064x}"

    home = workspace_ids[0]
    users = [(admin_id, "admin@bench.invalid", "Bench Admin", None, home, "en", "admin", True, password_hash)]
    users[0] += (stamp(created), 0, secret())
    member_ids = list(range(2, 2 + n_members))
    for i, uid in enumerate(member_ids):
        home = workspace_ids[i % len(workspace_ids)]
        users.append(
            (uid, f"member{i}@bench.invalid", f"Member {i}", f"M{i:06d}", home, "en", "member", True, password_hash)
        )
        users[-1] += (stamp(created), 0, secret())
    feed_member = member_ids[0]
    creators = member_ids[1 : 1 + CREATE_MEMBERS]
    pool = member_ids[1 + CREATE_MEMBERS :]  # members of the random grid (never the feed member)

    # Bookings: the grid of (weekday, slot, desk), filled with probability p.
    days = weekdays(first_day, last_day)
    cells = len(days) * len(SLOTS) * len(desk_rows)
    fill = min(1.0, n_bookings / cells)
    feed_from = today - timedelta(days=80)
    feed_desk = desk_rows[0][0]
    slot_instants: dict[tuple[str, date], list[tuple]] = {}
    bookings = []
    feed_count = 0
    busy_day = None
    booking_id = 0
    pool_size = len(pool)
    if pool_size < len(SLOTS) * len(desk_rows):
        raise ValueError(f"{n_members} members are too few for {len(SLOTS) * len(desk_rows)} cells a day")
    strides = [p for p in (7919, 104729, 1299709, 15485863) if math.gcd(p, pool_size) == 1]
    for day in days:
        for tz_name in {tz for _, _, tz in desk_rows}:
            zone = ZoneInfo(tz_name)
            slot_instants[(tz_name, day)] = [
                (
                    stamp(datetime(day.year, day.month, day.day, a, tzinfo=zone)),
                    stamp(datetime(day.year, day.month, day.day, b, tzinfo=zone)),
                    stamp(datetime(day.year, day.month, day.day, a, tzinfo=zone) - timedelta(days=3)),
                )
                for a, b in SLOTS
            ]
        busy = busy_day is None and day >= today - timedelta(days=7)
        if busy:
            busy_day = day
        # One offset and stride per day: every (slot, desk) cell of the day gets a distinct member,
        # so no member overlaps across time zones either (08–12 in Lisbon is 09–13 in Brussels).
        offset = rng.randrange(pool_size)
        stride = rng.choice(strides)
        for slot in range(len(SLOTS)):
            for k, (desk_id, ws_id, tz_name) in enumerate(desk_rows):
                take_feed = desk_id == feed_desk and day >= feed_from and feed_count < FEED_EVENTS
                if not take_feed and not busy and rng.random() >= fill:
                    continue
                cell = slot * len(desk_rows) + k
                member = feed_member if take_feed else pool[(offset + cell * stride) % pool_size]
                feed_count += take_feed
                starts, ends, made = slot_instants[(tz_name, day)][slot]
                booking_id += 1
                cancelled = not take_feed and rng.random() < CANCEL_RATE
                bookings.append(
                    (
                        booking_id,
                        uuid.UUID(int=rng.getrandbits(128), version=4).hex,
                        desk_id,
                        member,
                        ws_id,
                        starts,
                        ends,
                        "cancelled" if cancelled else "confirmed",
                        1 if cancelled else 0,
                        "",
                        made,
                        member,
                        made,
                        made if cancelled else None,
                        member if cancelled else None,
                        "plans changed" if cancelled else None,
                    )
                )
    log(f"generated {len(users)} users, {len(bookings)} bookings (fill {fill:.2f}, feed member {feed_count} events)")

    load(db, users, bookings, sqlite)
    log("bulk load done")

    # Tokens (kind "cli") for the runner, made by the app's own service.
    now = datetime.now(UTC)
    admin = db.session.get(User, admin_id)
    feed_user = db.session.get(User, feed_member)
    tokens = {
        "admin": issue_token(admin, now, kind="cli").token,
        "member": issue_token(feed_user, now, kind="cli").token,
        "creators": [issue_token(db.session.get(User, uid), now, kind="cli").token for uid in creators],
    }
    feed = member_token(feed_user, app.config["SECRET_KEY"])
    db.session.commit()

    started = time.monotonic()
    closed = close_past_months(db, first_day, now)
    log(f"closed {closed} months of every workspace ({time.monotonic() - started:.1f} s)")

    # Free slots for the creation scenario: after the data ends, one hour each, weekdays 08–20;
    # creator i books only desk i (of 400), so no desk and no member ever clashes. Requests
    # interleave the creators.
    free_days = weekdays(last_day + timedelta(days=7), last_day + timedelta(days=600))
    free = []
    for j in range(CREATE_SLOTS_EACH):
        day = free_days[j // 12]
        for i in range(len(creators)):
            desk_id, _, tz_name = desk_rows[i]
            start = datetime(day.year, day.month, day.day, 8 + j % 12, tzinfo=ZoneInfo(tz_name))
            free.append((i, desk_id, start.isoformat(), (start + timedelta(hours=1)).isoformat()))
    return {
        "version": VERSION,
        "database_url": args.database_url,
        "quick": args.quick,
        "small": args.small,
        "seed": args.seed,
        "generated_on": today.isoformat(),
        "members": n_members,
        "bookings": len(bookings),
        "workspaces": [w[0] for w in WORKSPACES],
        "busy_workspace": WORKSPACES[0][0],
        "busy_day": busy_day.isoformat(),
        "year": today.year - 1,
        "tokens": tokens,
        "feed_token": feed,
        "feed_events": feed_count,
        "free_slots": free,
    }


def close_past_months(db, first_day: date, now: datetime) -> int:
    """Close every finished month of the data for every workspace, oldest first, as a
    cooperative that closes monthly does: the app's own service, as the command line runs it
    (no user). Reports then read those months from their closes."""
    from coworking.budget.close import close_month

    year, month, count = first_day.year, first_day.month, 0
    while (year, month) < (now.year, now.month):
        close_month(None, f"{year:04d}-{month:02d}", now)
        db.session.commit()
        count += 1
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return count


def load(db, users: list[tuple], bookings: list[tuple], sqlite: bool) -> None:
    raw = db.engine.raw_connection()
    try:
        if sqlite:
            load_sqlite(raw, users, bookings)
        else:
            load_postgres(raw, users, bookings)
    finally:
        raw.close()


GUARDS = {"bookings_desk_no_overlap": "desk_id", "bookings_member_no_overlap": "member_id"}


def load_sqlite(raw, users, bookings) -> None:
    # The migrations' overlap triggers are dropped for the load and re-created from their own
    # SQL (sqlite_master) afterwards, then compared.
    cur = raw.cursor()
    cur.execute("BEGIN")
    names = [f"{n}_{op}" for n in GUARDS for op in ("insert", "update")]
    marks = ",".join("?" * len(names))
    existing = dict(
        cur.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",  # noqa: S608
            names,
        ).fetchall()
    )
    for name in names:
        cur.execute(f"DROP TRIGGER IF EXISTS {name}")
    cur.executemany(
        f"INSERT INTO users ({', '.join(USER_COLUMNS)}) VALUES ({', '.join('?' * len(USER_COLUMNS))})",  # noqa: S608
        users,
    )
    cur.executemany(
        f"INSERT INTO bookings ({', '.join(BOOKING_COLUMNS)}) VALUES ({', '.join('?' * len(BOOKING_COLUMNS))})",  # noqa: S608
        bookings,
    )
    for name in names:
        cur.execute(existing[name])
    recreated = dict(
        cur.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",  # noqa: S608
            names,
        ).fetchall()
    )
    if recreated != existing:
        cur.execute("ROLLBACK")
        raise RuntimeError("re-created overlap triggers differ from the migration's")
    for column in GUARDS.values():  # the triggers were off during the load: check what they guard
        clashes = cur.execute(
            f"SELECT count(*) FROM (SELECT starts_at, lag(ends_at) OVER (PARTITION BY {column} "  # noqa: S608
            f"ORDER BY starts_at) AS previous_end FROM bookings WHERE status = 'confirmed') "
            f"WHERE previous_end > starts_at"
        ).fetchone()[0]
        if clashes:
            cur.execute("ROLLBACK")
            raise RuntimeError(f"{clashes} overlapping confirmed bookings by {column}")
    cur.execute("COMMIT")
    cur.execute("ANALYZE")
    raw.commit()


def load_postgres(raw, users, bookings) -> None:
    cur = raw.cursor()
    with cur.copy(f"COPY users ({', '.join(USER_COLUMNS)}) FROM STDIN") as copy:
        for row in users:
            copy.write_row(row)
    with cur.copy(f"COPY bookings ({', '.join(BOOKING_COLUMNS)}) FROM STDIN") as copy:
        for row in bookings:
            copy.write_row(row)
    for table in ("users", "bookings"):
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
    raw.commit()
    cur.execute("ANALYZE")
    raw.commit()


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--quick", action="store_true", help="2,000 members, 50,000 bookings")
    parser.add_argument("--small", action="store_true", help="2,000 members, ≈5,000 bookings (SQL-count check)")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--manifest", help="where to write the manifest (default: next to the data)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    reset_database(args.database_url)
    upgrade(args.database_url)
    log(f"schema by flask db upgrade ({time.monotonic() - started:.1f} s)")
    os.environ.update(DATABASE_URL=args.database_url, COWORKING_ENVIRONMENT="development", SECRET_KEY=SECRET_KEY)
    sys.path.insert(0, str(REPO_ROOT))
    from coworking import create_app

    app = create_app()
    with app.app_context():
        manifest = generate(args, app)
    path = Path(args.manifest) if args.manifest else default_manifest(args.database_url)
    path.write_text(json.dumps(manifest))
    log(f"manifest {path}; done in {time.monotonic() - started:.1f} s")
    return path


def default_manifest(database_url: str) -> Path:
    if database_url.startswith("sqlite"):
        return Path(database_url.split("///", 1)[1] + ".manifest.json")
    folder = REPO_ROOT / "instance" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"manifest-{zlib.crc32(database_url.encode()):08x}.json"


if __name__ == "__main__":
    main()
