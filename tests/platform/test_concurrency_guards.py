"""Same-slot bursts that also catch a guard testing equality instead of overlap.

The guards must refuse any *overlap*. A burst where every request asks for the very same
interval passes with a guard that only refuses *equal* intervals (PostgreSQL: ``WITH =`` instead
of ``WITH &&`` on the time range; SQLite: a trigger comparing the bounds for equality). So each
burst here mixes the same slot with overlapping-but-not-equal intervals: half ask for exactly
10:00–12:00, the other half for 25 different intervals that all contain it. Still exactly one
request may win; with such a half-working guard the 25 different intervals (and one of the
identical ones) all get through, and the burst fails. Runs against the same real gunicorn as
tests/platform/test_concurrency.py (4 workers), on each database.
"""

from __future__ import annotations

from datetime import date

import pytest

from coworking.bookings.models import Booking
from tests.support.clock import local
from tests.support.concurrency import one_winner_burst, target_day

pytestmark = pytest.mark.slow

N = 50


def same_and_overlapping(day: date) -> list[tuple[str, str]]:
    """N intervals: 10:00–12:00 at every even position, and at every odd one a different
    interval that contains 10:00–12:00 without being equal to it (starts 08:00…10:00, ends
    12:30…14:30, every half hour: 5 × 5 = 25)."""
    same = (local(day, 10), local(day, 12))
    starts = [8 * 60 + 30 * i for i in range(5)]  # 08:00 … 10:00
    ends = [12 * 60 + 30 + 30 * i for i in range(5)]  # 12:30 … 14:30
    others = [(local(day, s // 60, s % 60), local(day, e // 60, e % 60)) for s in starts for e in ends]
    assert same not in others and len(set(others)) == N // 2
    mixed = []
    for other in others:
        mixed += [same, other]
    return mixed


def test_fifty_members_one_desk_the_same_slot_and_overlapping_ones(server, setup, db, backend):
    """50 members at once on one desk, 25 for the same slot and 25 for different slots that
    overlap it → one 201, 49 × desk_taken."""
    _slug, (desk_id,), people = setup(desks=1, members=N)
    slots = same_and_overlapping(target_day())
    calls = [
        (member_id, headers, {"desk_id": desk_id, "start": start, "end": end})
        for (member_id, headers), (start, end) in zip(people, slots, strict=True)
    ]
    one_winner_burst(
        server, db, backend, "same desk, same and overlapping slots", calls, "desk_taken", Booking.desk_id == desk_id
    )


def test_one_member_fifty_desks_the_same_slot_and_overlapping_ones(server, setup, db, backend):
    """One member books 50 desks at once, 25 for the same slot and 25 for different slots that
    overlap it → one 201, 49 × member_busy."""
    _slug, desk_ids, [(member_id, headers)] = setup(desks=N, members=1)
    slots = same_and_overlapping(target_day())
    calls = [
        (member_id, headers, {"desk_id": desk_id, "start": start, "end": end})
        for desk_id, (start, end) in zip(desk_ids, slots, strict=True)
    ]
    one_winner_burst(
        server,
        db,
        backend,
        "one member, 50 desks, same and overlapping slots",
        calls,
        "member_busy",
        Booking.member_id == member_id,
    )
