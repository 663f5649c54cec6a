"""A member's own usage over five years, on the demo data.

    .venv/bin/python -m bench.member_usage [--database-url URL] [--repeat 21]

Builds the demo (``flask seed-demo``'s data) in a fresh database (a temporary SQLite file unless
``--database-url`` names an empty one), closes every finished month of it for every workspace
(``budget.close.close_month``, as the cooperative does), then times, in-process with the Flask
test client, ``GET /api/v1/me/usage`` and the page ``/reports/me`` over five years ending this
year for the demo member and for the member with the most bookings: median and maximum of
``--repeat`` runs after one warm-up, plus the SQL statements of one call.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))


def _months_before(today: date, count: int) -> list[str]:
    out, year, month = [], today.year, today.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append(f"{year:04d}-{month:02d}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-usage-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'demo.sqlite'}"
        return run(url, args.repeat)


def run(url: str, repeat: int) -> int:
    import logging

    from flask_migrate import upgrade
    from sqlalchemy import event, func, select

    from coworking import create_app, errors
    from coworking.accounts import services as accounts
    from coworking.accounts.models import User
    from coworking.bookings.models import Booking
    from coworking.budget import close as budget
    from coworking.demo import data
    from coworking.demo import seed as demo
    from coworking.extensions import db

    app = create_app(
        {
            "ENVIRONMENT": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "MAIL_BACKEND": "memory",
            "LOG_FORMAT": "text",
            "WTF_CSRF_ENABLED": False,
            "ALLOWED_HOSTS": "localhost",  # the test client's Host
        }
    )
    app.logger.setLevel(logging.WARNING)
    logging.getLogger("coworking.access").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    now = datetime.now(UTC)
    with app.app_context():
        upgrade()
        demo.seed_demo(now)
        db.session.commit()
        closed = 0
        for month in _months_before(now.date(), 6):
            try:
                closed += len(budget.close_month(None, month, now))
                db.session.commit()
            except errors.DomainError:
                db.session.rollback()
        member = db.session.scalar(select(User).where(User.email == data.MEMBER_EMAIL))
        busiest_id = db.session.execute(
            select(Booking.member_id, func.count()).group_by(Booking.member_id).order_by(func.count().desc()).limit(1)
        ).first()[0]
        busiest = db.session.get(User, busiest_id)
        people = [(member, "demo member"), (busiest, "busiest member")]
        tokens = {u.id: accounts.issue_token(u, now, kind="api").token for u, _ in people}
        db.session.commit()
        ids = {u.id: (u.email, label) for u, label in people}
        bookings = db.session.scalar(select(func.count()).select_from(Booking))
    print(f"demo: {bookings} bookings; {closed} workspace-months closed; database {url.split(':')[0]}")
    today = now.date()
    first = date(today.year - 4, 1, 1).isoformat()  # the longest period allowed: five years
    last = date(today.year, 12, 31).isoformat()
    query = f"from={first}&to={last}"
    print(f"period {first} .. {last} (five years)")

    statements = []

    def count(*_a, **_k):
        statements.append(1)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
    client = app.test_client()

    for user_id, (email, label) in ids.items():
        headers = {"Authorization": f"Bearer {tokens[user_id]}"}
        client.get(f"/api/v1/me/usage?{query}", headers=headers)  # warm-up
        statements.clear()
        client.get(f"/api/v1/me/usage?{query}", headers=headers)
        one_call = len(statements)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            resp = client.get(f"/api/v1/me/usage?{query}", headers=headers)
            times.append((time.perf_counter() - started) * 1000)
            assert resp.status_code == 200, resp.get_data(as_text=True)
        total = resp.json["totals"]
        print(
            f"API  {label:15} ({email}): median {statistics.median(times):6.1f} ms, max {max(times):6.1f} ms, "
            f"{one_call} statements (token lookup included); bookings {total['bookings']}"
        )
        page = app.test_client()
        login = page.post("/login", data={"email": email, "password": data.DEMO_PASSWORD})
        assert login.status_code == 302, login.status_code
        page_times = []
        for _ in range(repeat + 1):
            started = time.perf_counter()
            resp = page.get(f"/reports/me?{query}")
            page_times.append((time.perf_counter() - started) * 1000)
            assert resp.status_code == 200, resp.status_code
        print(f"page {label:15}: median {statistics.median(page_times[1:]):6.1f} ms, max {max(page_times[1:]):6.1f} ms")
    with app.app_context():
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
