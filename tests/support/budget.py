"""The budget tests' material: the worked example of docs/budget.md (built in the database,
its tables read from the page), plan bodies as the API takes them, and importing costs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from tests.support.clock import BRUSSELS, at, weekdays
from tests.support.docs import marked_table
from tests.support.factories import booking_row, cancelled, hours, insert_bookings

YEAR = 2027
ZERO = "0.00"


def doc_table(name: str) -> list[dict[str, str]]:
    """The markdown table between ``<!-- budget-example:NAME -->`` markers in docs/budget.md."""
    return marked_table("budget.md", f"budget-example:{name}")


def build_example(db, factories):
    """The worked example of docs/budget.md (bookings and closure; plan and costs come later):
    (Canal, Alfama, Canal's desks by code)."""
    canal = factories.workspace(
        slug="canal",
        name="Canal",
        opening_hours=hours(range(5), "09:00", "17:00"),
        price_per_desk_day=Decimal("20.00"),
    )
    alfama = factories.workspace(slug="alfama", name="Alfama", city="Lisbon", country="PT", timezone="Europe/Lisbon")
    desks = {code: factories.desk(canal, code=code) for code in ("A1", "A2", "A3", "A4")}
    factories.closure(canal, date(YEAR, 1, 1), reason="Holiday")
    ana = factories.user(name="Ana", email="ana@example.org", workspaces=[canal])
    bo = factories.user(name="Bo", email="bo@example.org", workspaces=[canal])
    cy = factories.user(name="Cy", email="cy@example.org", workspaces=[alfama])
    b = BRUSSELS
    rows = []
    for day in weekdays(date(YEAR, 1, 4), date(YEAR, 1, 29)):
        rows.append(booking_row(desks["A1"], ana, at(b, day, 9), at(b, day, 17)))
    for day in weekdays(date(YEAR, 1, 4), date(YEAR, 1, 15)):
        rows.append(booking_row(desks["A2"], bo, at(b, day, 9), at(b, day, 17)))
    for day in weekdays(date(YEAR, 2, 1), date(YEAR, 2, 26)):
        rows.append(booking_row(desks["A1"], ana, at(b, day, 9), at(b, day, 17)))
        rows.append(booking_row(desks["A2"], bo, at(b, day, 9), at(b, day, 17)))
    wed = date(YEAR, 2, 10)
    rows.append(cancelled(booking_row(desks["A3"], cy, at(b, wed, 9), at(b, wed, 17)), at(b, date(YEAR, 2, 1), 9), cy))
    for day in weekdays(date(YEAR, 3, 1), date(YEAR, 3, 31)):
        rows.append(booking_row(desks["A1"], ana, at(b, day, 9), at(b, day, 17)))
        rows.append(booking_row(desks["A2"], bo, at(b, day, 9), at(b, day, 17)))
        rows.append(booking_row(desks["A3"], cy, at(b, day, 13), at(b, day, 17)))
    insert_bookings(db, rows)
    return canal, alfama, desks


def doc_plan_body(**extra) -> dict:
    """The worked example's plan (docs/budget.md's plan table) as the API takes it."""
    values = {row["item"]: row["amount"] for row in doc_table("plan")}
    body = {
        "costs": {c: values[c] for c in ("rent", "service_charges", "staff", "equipment", "other")},
        "income": {c: values[c] for c in ("desk_fees", "partner_contributions", "subsidies")},
        "target_occupancy": values["target_occupancy"],
        "planned_desks": int(values["planned_desks"]),
        "desk_day_price": values["desk_day_price"],
        "approved": False,
    }
    body.update(extra)
    return body


def costs_csv() -> str:
    """The worked example's actual costs (docs/budget.md's costs table) as a CSV to import."""
    rows = doc_table("costs")
    return "month,category,amount\n" + "".join(f"{r['month']},{r['category']},{r['amount']}\n" for r in rows)


def import_costs(db, admin, slug, text, now=None):
    """Import the costs CSV ``text`` for workspace ``slug`` as ``admin``; the number of rows."""
    from coworking.budget import costs

    count = costs.import_costs(admin, slug, text, now or datetime.now(UTC))
    db.session.commit()
    return count


def value(body: dict, dotted: str):
    """``body["a"]["b"]`` for ``"a.b"``."""
    for key in dotted.split("."):
        body = body[key]
    return body


def plan_body(rent: str, fees: str, price: str, *, partners: str = ZERO, subsidies: str = ZERO, desks: int = 1) -> dict:
    """A budget plan as PUT /api/v1/workspaces/<slug>/budget/<year> takes it: rent as the only
    cost, desk fees (and optionally partner contributions and subsidies) as income."""
    return {
        "costs": {"rent": rent, "service_charges": ZERO, "staff": ZERO, "equipment": ZERO, "other": ZERO},
        "income": {"desk_fees": fees, "partner_contributions": partners, "subsidies": subsidies},
        "target_occupancy": "0.5",
        "planned_desks": desks,
        "desk_day_price": price,
        "approved": False,
    }
