"""Factories for the rows most tests need: users (member, manager, admin), workspaces with
opening hours and a booking policy, desks, closures and bookings (confirmed or cancelled).

Each takes keyword overrides over sensible defaults and writes through the session of the
``db`` fixture (the conftest fixtures ``make_user``, ``make_workspace``, ``make_desk`` and
``make_booking`` are these methods). Users are created by the accounts service, as production
does; workspaces, desks, closures and bookings are written as rows, so a test can set up what
the services would refuse (a booking made in the past, a desk retired last week).

For many bookings at once, ``booking_row`` and ``insert_bookings`` make one Core bulk insert
(the database's overlap guards still check every row).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from itertools import count
from types import SimpleNamespace

PASSWORD = "correct horse battery"


def hours(days: Iterable[int], opens: str, closes: str) -> list[dict]:
    """Opening hours as the API takes them: one window on each weekday of ``days`` (0 = Monday)."""
    return [{"weekday": d, "open": opens, "close": closes} for d in days]


WEEKDAYS_9_TO_18 = hours(range(5), "09:00", "18:00")
EVERY_DAY_8_TO_18 = hours(range(7), "08:00", "18:00")
ALL_DAYS_ALL_HOURS = hours(range(7), "00:00", "23:30")


class Factories:
    """One per test (the ``factories`` fixture): numbers its defaults (``ws-1``, ``D01``,
    ``user1@example.org``) from 1 and commits every row it makes."""

    def __init__(self, db) -> None:
        self.db = db
        self._workspaces = count(1)
        self._desks = count(1)
        self._users = count(1)

    def workspace(self, **kw):
        """A workspace in Brussels, open Monday to Friday 09:00–18:00 (``opening_hours``), with
        bookings allowed up to two years ahead and no notice (override with ``policy``)."""
        from coworking.workspaces.models import OpeningHours, Workspace
        from coworking.workspaces.rules import BookingPolicy, parse_hhmm

        n = next(self._workspaces)
        opening_hours = kw.pop("opening_hours", WEEKDAYS_9_TO_18)
        policy = kw.pop("policy", {})
        ws = Workspace(
            slug=kw.pop("slug", f"ws-{n}"),
            name=kw.pop("name", f"Workspace {n}"),
            city=kw.pop("city", "Brussels"),
            country=kw.pop("country", "BE"),
            address=kw.pop("address", "Rue de la Loi 1"),
            timezone=kw.pop("timezone", "Europe/Brussels"),
            currency=kw.pop("currency", "EUR"),
            created_at=datetime.now(UTC),
            **kw,
        )
        ws.apply_policy(BookingPolicy(**{"max_advance_days": 730, "min_notice_minutes": 0, **policy}))
        ws.opening_hours = [
            OpeningHours(weekday=h["weekday"], opens_at=parse_hhmm(h["open"]), closes_at=parse_hhmm(h["close"]))
            for h in opening_hours
        ]
        self.db.session.add(ws)
        self.db.session.commit()
        return ws

    def desk(self, workspace, **kw):
        """A hot desk in the open space, in service since 2020."""
        from coworking.workspaces.models import Desk

        desk = Desk(
            workspace_id=workspace.id,
            code=kw.pop("code", f"D{next(self._desks):02d}"),
            kind=kw.pop("kind", "hot_desk"),
            zone=kw.pop("zone", "Open space"),
            amenities=kw.pop("amenities", []),
            in_service_from=kw.pop("in_service_from", date(2020, 1, 1)),
            **kw,
        )
        self.db.session.add(desk)
        self.db.session.commit()
        return desk

    def user(self, role: str = "member", workspaces=(), **kw):
        """A user with the password ``PASSWORD``, made by the accounts service; ``workspaces``
        (objects or slugs) are the ones a member belongs to or a manager manages."""
        from coworking.accounts import services

        n = next(self._users)
        user = services.create_user(
            email=kw.pop("email", f"user{n}@example.org"),
            name=kw.pop("name", f"User {n}"),
            role=role,
            password=kw.pop("password", PASSWORD),
            now=datetime.now(UTC),
            workspaces=[w.slug if hasattr(w, "slug") else w for w in workspaces],
            **kw,
        )
        self.db.session.commit()
        return user

    def booking(self, desk, member, start: datetime, end: datetime, **kw):
        """A confirmed booking of ``desk`` by ``member`` from ``start`` to ``end`` (aware), made
        a day before it starts (``made``); ``cancelled_at`` (with ``cancelled_by``, the member
        by default) makes it a cancelled one. Other keywords set columns."""
        from coworking.bookings.models import Booking

        when = kw.pop("cancelled_at", None)
        by = kw.pop("cancelled_by", member)
        row = booking_row(desk, member, start, end, **kw)
        if when is not None:
            row = cancelled(row, when, by)
        booking = Booking(**row)
        self.db.session.add(booking)
        self.db.session.commit()
        return booking

    def closure(self, workspace, first: date, last: date | None = None, reason: str = "Works"):
        """The workspace closed from ``first`` to ``last`` (the same day by default)."""
        add_closure(self.db, workspace, first, last or first, reason)


def booking_row(desk, member, start: datetime, end: datetime, *, made: datetime | None = None, **extra) -> dict:
    """The columns of a confirmed booking made by ``member`` (a day before ``start`` unless
    ``made`` says when), for ``insert_bookings``; ``extra`` overrides any column."""
    made = made or start - timedelta(days=1)
    row = {
        "uuid": uuid.uuid4(),
        "desk_id": desk.id,
        "member_id": member.id,
        "workspace_id": desk.workspace_id,
        "starts_at": start,
        "ends_at": end,
        "status": "confirmed",
        "sequence": 0,
        "note": "",
        "created_at": made,
        "created_by_id": member.id,
        "updated_at": made,
        "cancelled_at": None,
        "cancelled_by_id": None,
        "cancel_reason": None,
    }
    row.update(extra)
    return row


def cancelled(row: dict, when: datetime, by) -> dict:
    """``row`` cancelled at ``when`` by the user ``by``."""
    return {**row, "status": "cancelled", "cancelled_at": when, "cancelled_by_id": by.id, "sequence": 1}


def insert_bookings(db, rows: list[dict]) -> None:
    """One Core bulk insert (the database's overlap guards still check every row)."""
    from sqlalchemy import insert

    from coworking.bookings.models import Booking

    if rows:
        db.session.execute(insert(Booking.__table__), rows)
    db.session.commit()


def add_closure(db, workspace, first: date, last: date, reason: str = "Works") -> None:
    """Close ``workspace`` from ``first`` to ``last``, both included."""
    from coworking.workspaces.models import Closure

    db.session.add(
        Closure(workspace_id=workspace.id, start_date=first, end_date=last, reason=reason, created_at=datetime.now(UTC))
    )
    db.session.commit()


def dok_noord(factories: Factories, *, desks=("A1", "A2"), **workspace) -> tuple:
    """The member pages' usual place: Dok Noord in Ghent (slug ``gent``), open every day
    08:00–18:00, its desks (A1 and A2) and two members, Ana and Bo: ``(workspace, desks, ana,
    bo)``. ``workspace`` overrides the workspace's defaults (``policy=…``)."""
    ws = factories.workspace(
        **{"slug": "gent", "name": "Dok Noord", "city": "Ghent", "opening_hours": EVERY_DAY_8_TO_18, **workspace}
    )
    made = [factories.desk(ws, code=code) for code in desks]
    ana = factories.user(email="ana@example.org", name="Ana", workspaces=[ws])
    bo = factories.user(email="bo@example.org", name="Bo", workspaces=[ws])
    return ws, made, ana, bo


def gent_team(factories: Factories, *, ana=None, **workspace) -> SimpleNamespace:
    """The API tests' usual team: workspace ``gent`` (Brussels, open Monday to Friday
    09:00–18:00) with desks A1 (``desk``) and A2 (``desk2``), its members Ana and Bo, its manager
    and an admin (``…@example.org``). ``ana`` overrides Ana's fields (``{"name": …}``);
    ``workspace`` the workspace's (``policy=…``). Tests add their own attributes."""
    ws = factories.workspace(slug="gent", **workspace)
    return SimpleNamespace(
        ws=ws,
        desk=factories.desk(ws, code="A1"),
        desk2=factories.desk(ws, code="A2"),
        ana=factories.user(**{"email": "ana@example.org", "workspaces": [ws], **(ana or {})}),
        bo=factories.user(email="bo@example.org", workspaces=[ws]),
        manager=factories.user(role="manager", email="manager@example.org", workspaces=[ws]),
        admin=factories.user(role="admin", email="admin@example.org"),
    )
