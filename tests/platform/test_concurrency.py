"""Concurrent bookings against a real gunicorn with 4 worker processes, on each database.

50 requests leave together (a barrier) for one slot; the database guards (PostgreSQL exclusion
constraints, SQLite triggers under BEGIN IMMEDIATE) must let exactly one through and the API
must answer every other one with a 409 problem, never a 5xx.
"""

from __future__ import annotations

from datetime import date

import pytest

from coworking.bookings.models import Booking
from tests.support.clock import local
from tests.support.concurrency import one_winner_burst, target_day

pytestmark = pytest.mark.slow

N = 50


def overlapping_slots(day: date) -> list[tuple[str, str]]:
    """50 different intervals that all contain 11:00–11:30: starts 07:00…11:00, ends
    11:30…14:00, every half hour (9 × 6 = 54 pairs; the first 50, shuffled deterministically)."""
    starts = [(7 * 60) + 30 * i for i in range(9)]  # 07:00 … 11:00
    ends = [(11 * 60 + 30) + 30 * i for i in range(6)]  # 11:30 … 14:00
    pairs = [(s, e) for s in starts for e in ends][:N]
    pairs = pairs[::2] + pairs[1::2]  # interleave lengths so neighbours in time race each other
    return [(local(day, s // 60, s % 60), local(day, e // 60, e % 60)) for s, e in pairs]


def test_fifty_overlapping_slots_one_desk(server, setup, db, backend):
    """Scenario 2: partially overlapping intervals on one desk → one 201, 49 × desk_taken."""
    _slug, (desk_id,), people = setup(desks=1, members=N)
    slots = overlapping_slots(target_day())
    assert len(set(slots)) == N
    calls = [
        (member_id, headers, {"desk_id": desk_id, "start": start, "end": end})
        for (member_id, headers), (start, end) in zip(people, slots, strict=True)
    ]
    one_winner_burst(
        server, db, backend, "same desk, overlapping slots", calls, "desk_taken", Booking.desk_id == desk_id
    )


# The same-slot bursts (50 members on one desk; one member on 50 desks) live in
# tests/platform/test_concurrency_guards.py: each mixes the very same slot with overlapping-but-not-equal
# ones, so a guard that refuses only equal intervals fails them too.
