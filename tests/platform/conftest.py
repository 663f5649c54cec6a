"""Fixtures of the cross-cutting tests: a live gunicorn for the concurrency bursts and the
workspaces, desks and members they race for."""

from __future__ import annotations

import pytest

from tests.support.concurrency import EVERY_DAY_7_TO_22
from tests.support.live_server import LiveServer

POLICY = {"min_notice_minutes": 0, "max_advance_days": 730, "max_active_bookings": 1000}


@pytest.fixture(scope="module")
def server(app, database_url):
    """One gunicorn per backend for this module (the data is made per test; the server keeps
    no state of its own). 4 workers of 4 threads each: up to 16 requests in the database at once."""
    with LiveServer(env={"DATABASE_URL": database_url}, workers=4, worker_class="gthread", threads=4) as live:
        yield live


@pytest.fixture
def setup(db, make_workspace, make_desk, make_user, auth):
    """``setup(desks=, members=)`` → (workspace, desk ids, [(member id, headers)]), committed."""

    def make(*, desks: int, members: int):
        ws = make_workspace(opening_hours=EVERY_DAY_7_TO_22, policy=POLICY)
        desk_ids = [make_desk(ws).id for _ in range(desks)]
        people = []
        for _ in range(members):
            user = make_user(workspaces=[ws])
            people.append((user.id, auth(user)))
        slug = ws.slug
        db.session.commit()  # end the read transaction attribute access opened
        db.session.remove()
        return slug, desk_ids, people

    return make
