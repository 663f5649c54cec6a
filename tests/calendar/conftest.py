"""Fixtures of the calendar tests."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.factories import hours

ALL_DAY = hours(range(7), "07:00", "20:00")


@pytest.fixture
def world(clock, make_workspace, make_desk, make_user, api_as):
    """Brussels and Lisbon workspaces; Ana books in both; Bo books in Brussels."""

    class W:
        pass

    w = W()
    w.brussels = make_workspace(slug="brussels", name="Dansaert", timezone="Europe/Brussels", opening_hours=ALL_DAY)
    w.lisbon = make_workspace(
        slug="lisbon", name="Ribeira", city="Lisbon", country="PT", timezone="Europe/Lisbon", opening_hours=ALL_DAY
    )
    w.b_desk = make_desk(w.brussels, code="B1")
    w.b_desk2 = make_desk(w.brussels, code="B2")
    w.l_desk = make_desk(w.lisbon, code="L1")
    w.ana = make_user(email="ana@example.org", name="Ana Lopes", workspaces=[w.brussels])
    w.bo = make_user(email="bo@example.org", name="Bo Peeters", workspaces=[w.brussels])
    w.manager = make_user(role="manager", name="Mia", workspaces=[w.brussels])
    w.as_ana, w.as_bo, w.as_manager = api_as(w.ana), api_as(w.bo), api_as(w.manager)
    # Week after the spring-forward change (Brussels CEST, UTC+2; Lisbon WEST, UTC+1).
    w.after_dst = w.as_ana.book(w.b_desk, date(2027, 3, 29), "09:00", "17:00").json
    w.in_lisbon = w.as_ana.book(w.l_desk, date(2027, 3, 30), "09:00", "12:30").json
    w.bos = w.as_bo.book(w.b_desk2, date(2027, 3, 29), "10:00", "11:00").json
    w.clock = clock
    return w
