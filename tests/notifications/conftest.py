"""Fixtures of the booking-mail tests: an empty outbox, and a workspace with members and a
manager."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.support.app import outbox
from tests.support.factories import hours

ALL_DAY = hours(range(7), "07:00", "20:00")


@pytest.fixture(autouse=True)
def _empty_outbox(app):
    outbox(app).clear()


@pytest.fixture
def team(clock, make_workspace, make_desk, make_user, api_as) -> SimpleNamespace:
    """Dansaert in Brussels (open every day 07:00–20:00, desks B1 and B2), members Ana and Bo,
    its manager Mia; API clients for each. The clock stands at Monday 1 March 2027, 09:00."""
    ws = make_workspace(slug="brussels", name="Dansaert", address="Rue Dansaert 7", opening_hours=ALL_DAY)
    ana = make_user(email="ana@example.org", name="Ana Lopes", workspaces=[ws])
    bo = make_user(email="bo@example.org", name="Bo Peeters", workspaces=[ws])
    mia = make_user(role="manager", email="mia@example.org", name="Mia", workspaces=[ws])
    return SimpleNamespace(
        ws=ws,
        desk=make_desk(ws, code="B1"),
        desk2=make_desk(ws, code="B2"),
        ana=ana,
        bo=bo,
        mia=mia,
        as_ana=api_as(ana),
        as_bo=api_as(bo),
        as_mia=api_as(mia),
        clock=clock,
    )
