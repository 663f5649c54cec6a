"""The worked example of docs/figures.md, built in the database, and its tables read from the
page: the report tests (and the budget's) check the app against them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from tests.support.clock import BRUSSELS, LISBON, at
from tests.support.docs import marked_table
from tests.support.factories import booking_row, cancelled, hours, insert_bookings

WEEK = [date(2027, 3, 22) + timedelta(days=i) for i in range(7)]  # Monday 22 .. Sunday 28 March 2027
MON, TUE, WED, THU, FRI, SAT, SUN = WEEK


def doc_table(name: str) -> list[dict[str, str]]:
    """The markdown table between ``<!-- worked-example:NAME -->`` markers in docs/figures.md."""
    return marked_table("figures.md", f"worked-example:{name}")


@dataclass
class Example:
    workspace: object
    alfama: object
    desks: dict
    members: dict
    people: dict = field(default_factory=dict)


def build_worked_example(db, factories) -> Example:
    """Exactly the example written out in docs/figures.md."""
    dansaert = factories.workspace(
        slug="dansaert",
        name="Dansaert",
        opening_hours=hours(range(5), "09:00", "17:00"),
        policy={"cancel_cutoff_minutes": 60},
    )
    alfama = factories.workspace(
        slug="alfama",
        name="Alfama",
        city="Lisbon",
        country="PT",
        timezone="Europe/Lisbon",
        opening_hours=hours(range(5), "09:00", "18:00"),
    )
    a1 = factories.desk(dansaert, code="A1", kind="hot_desk", zone="Window")
    a2 = factories.desk(dansaert, code="A2", kind="hot_desk", zone="Back")
    a3 = factories.desk(dansaert, code="A3", kind="fixed_desk", zone="Back", in_service_until=WED)
    l1 = factories.desk(alfama, code="L1")
    factories.closure(dansaert, FRI)
    ana = factories.user(name="Ana", email="ana@example.org", workspaces=[dansaert])
    bo = factories.user(name="Bo", email="bo@example.org", workspaces=[dansaert])
    cy = factories.user(name="Cy", email="cy@example.org", workspaces=[alfama])
    b = BRUSSELS
    insert_bookings(
        db,
        [
            booking_row(a1, ana, at(b, MON, 9), at(b, MON, 17), made=at(b, date(2027, 3, 19), 9)),
            booking_row(a2, bo, at(b, MON, 9), at(b, MON, 13), made=at(b, date(2027, 3, 21), 21)),
            booking_row(a3, cy, at(b, MON, 13), at(b, MON, 17), made=at(b, MON, 12)),
            booking_row(a3, ana, at(b, WED, 13), at(b, WED, 17), made=at(b, MON, 13)),
            booking_row(a1, bo, at(b, THU, 8), at(b, THU, 10), made=at(b, WED, 8)),
            cancelled(
                booking_row(a1, ana, at(b, TUE, 9), at(b, TUE, 12), made=at(b, date(2027, 3, 19), 10)),
                at(b, date(2027, 3, 20), 10),
                ana,
            ),
            cancelled(booking_row(a2, cy, at(b, THU, 9), at(b, THU, 17), made=at(b, MON, 10)), at(b, WED, 20), cy),
            booking_row(l1, cy, at(LISBON, TUE, 10), at(LISBON, TUE, 13), made=at(LISBON, MON, 9)),
        ],
    )
    return Example(dansaert, alfama, {"A1": a1, "A2": a2, "A3": a3, "L1": l1}, {"Ana": ana, "Bo": bo, "Cy": cy})
