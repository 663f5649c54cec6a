"""The meeting-room guest tests' world: a room with a capacity, a booker, members who let
members find them by name and one who does not, a manager here and one elsewhere."""

from __future__ import annotations

from types import SimpleNamespace

from tests.support.factories import EVERY_DAY_8_TO_18

OUTSIDER = "oskar@partner.example"


def meeting_team(factories, api_as, *, capacity: int = 3) -> SimpleNamespace:
    """Dok Noord (``gent``, open every day 08:00–18:00): desk A1 and meeting room R1 (for
    ``capacity`` people); Ana Booker books; Bo Peeters and Cy Peeters can be found by name,
    Di Hidden cannot; Mia manages gent, Max manages brugge. API clients ``as_<name>``."""
    ws = factories.workspace(slug="gent", name="Dok Noord", city="Ghent", opening_hours=EVERY_DAY_8_TO_18)
    brugge = factories.workspace(slug="brugge", name="Brugge", city="Brugge")
    s = SimpleNamespace(
        ws=ws,
        brugge=brugge,
        desk=factories.desk(ws, code="A1"),
        room=factories.desk(ws, code="R1", kind="meeting_room", capacity=capacity, zone="First floor"),
        ana=factories.user(email="ana@example.org", name="Ana Booker", workspaces=[ws]),
        bo=factories.user(email="bo@example.org", name="Bo Peeters", workspaces=[ws], language="nl"),
        cy=factories.user(email="cy@example.org", name="Cy Peeters", workspaces=[ws]),
        di=factories.user(email="di@example.org", name="Di Hidden", workspaces=[ws]),
        mia=factories.user(role="manager", email="mia@example.org", name="Mia", workspaces=[ws]),
        max=factories.user(role="manager", email="max@example.org", name="Max", workspaces=[brugge]),
    )
    for member in (s.bo, s.cy):
        member.visible_to_members = True
    factories.db.session.commit()
    for name in ("ana", "bo", "cy", "di", "mia", "max"):
        setattr(s, f"as_{name}", api_as(getattr(s, name)))
    return s
