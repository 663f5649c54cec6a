"""Bursts of simultaneous requests against a live server, and what their answers must show:
exactly one winner, every other request a problem with the expected code, and one row in the
database for the winner."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import requests
import sqlalchemy as sa

from coworking.bookings.models import Booking
from tests.support.factories import hours

TZ = ZoneInfo("Europe/Brussels")
EVERY_DAY_7_TO_22 = hours(range(7), "07:00", "22:00")
PROBLEM_JSON = "application/problem+json"


def target_day() -> date:
    """A week from today, local time: bookable whatever today is (open every day)."""
    return datetime.now(TZ).date() + timedelta(days=7)


@dataclass
class Answer:
    status: int
    content_type: str
    body: dict | None
    member_id: int
    payload: dict
    seconds: float


def fire_together(
    url: str, calls: list[tuple[int, dict, dict]], path: str = "/api/v1/bookings", method: str = "post"
) -> tuple[list[Answer], float]:
    """POST every (member id, headers, payload) to ``path`` at the same instant, one thread and
    one HTTP session each (``method="delete"``: DELETE ``path`` formatted with the payload).
    Returns the answers (in call order) and the wall time of the burst."""
    barrier = threading.Barrier(len(calls) + 1)

    def one(member_id: int, headers: dict, payload: dict) -> Answer:
        with requests.Session() as http:
            barrier.wait(timeout=30)
            began = time.perf_counter()
            if method == "delete":
                resp = http.delete(url + path.format(**payload), headers=headers, timeout=60)
            else:
                resp = http.post(url + path, json=payload, headers=headers, timeout=60)
            elapsed = time.perf_counter() - began
            try:
                body = resp.json()
            except ValueError:
                body = None
            return Answer(resp.status_code, resp.headers.get("Content-Type", ""), body, member_id, payload, elapsed)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(one, *call) for call in calls]
        barrier.wait(timeout=30)  # every thread is ready: release them together
        began = time.perf_counter()
        answers = [f.result(timeout=90) for f in futures]
        return answers, time.perf_counter() - began


def check_one_winner(answers: list[Answer], loser_code: str) -> Answer:
    """Exactly one 201; every other answer a 409 problem with ``loser_code``; nothing else."""
    statuses = sorted(a.status for a in answers)
    assert not [a for a in answers if a.status >= 500], f"5xx answers: {statuses}"
    created = [a for a in answers if a.status == 201]
    assert len(created) == 1, f"expected one 201, got statuses {statuses}"
    losers = [a for a in answers if a.status != 201]
    assert len(losers) == len(answers) - 1
    for a in losers:
        assert a.status == 409, (a.status, a.body)
        assert a.content_type.split(";")[0].strip() == PROBLEM_JSON, a.content_type
        assert a.body is not None and a.body.get("code") == loser_code, a.body
        assert a.body.get("status") == 409, a.body
    return created[0]


def rows(db, where: sa.ColumnElement) -> list:
    """Booking rows, read on a fresh connection (the server committed them elsewhere)."""
    with db.engine.connect() as conn:
        return conn.execute(
            sa.select(Booking.id, Booking.desk_id, Booking.member_id, Booking.status, Booking.starts_at).where(where)
        ).all()


def check_winner_row(db, winner: Answer, where: sa.ColumnElement) -> None:
    found = rows(db, where)
    assert len(found) == 1, f"expected one booking row, found {found}"
    (row,) = found
    assert row.status == "confirmed"
    assert row.member_id == winner.member_id
    assert row.desk_id == winner.payload["desk_id"]
    assert winner.body["desk"]["id"] == winner.payload["desk_id"]
    assert datetime.fromisoformat(winner.body["start"]) == row.starts_at


def report(backend: str, name: str, answers: list[Answer], wall: float) -> None:
    slowest = max(a.seconds for a in answers)
    print(f"[{backend}] {name}: {len(answers)} requests in {wall:.2f} s (slowest answer {slowest:.2f} s)")


def one_winner_burst(server, db, backend: str, name: str, calls: list, loser_code: str, where) -> Answer:
    """Fire ``calls`` together at ``server`` (its log printed if a check fails): one 201, every
    other answer a 409 ``loser_code`` problem, and one booking row matching ``where``."""
    since = server.log_size()
    with server.log_on_failure(since):
        answers, wall = fire_together(server.url, calls)
        report(backend, name, answers, wall)
        winner = check_one_winner(answers, loser_code)
        check_winner_row(db, winner, where)
    return winner


def overlapping_pairs(db, column) -> list:
    """Pairs of confirmed bookings with the same ``column`` ("desk_id" or "member_id") whose
    times overlap, read by SQL on a fresh connection: what the guards must never let through."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            sa.select(Booking.id, getattr(Booking, column), Booking.starts_at, Booking.ends_at).where(
                Booking.status == "confirmed"
            )
        ).all()
    by_key: dict = {}
    for row in rows:
        by_key.setdefault(row[1], []).append(row)
    clashes = []
    for same in by_key.values():
        same.sort(key=lambda r: r.starts_at)
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                if b.starts_at >= a.ends_at:
                    break
                clashes.append((a.id, b.id))
    return clashes
