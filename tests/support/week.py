"""The week tests' workspace: a small week whose free desks are counted by hand.

Workspace ``gent`` (Europe/Brussels), open Monday to Friday 08:00–18:00 and Saturday 09:00–12:00,
closed on Sundays (no hours) and by a closure on Thursday 4 March 2027. Desks A1 and A2, and A3,
out of service from Wednesday 3 March on. Bookings in the week of Monday 1 March 2027:

- Tuesday: Ana A1 09:00–11:00; Bo A2 12:30–14:00 (across both parts of the day)
- Wednesday: Bo A1 13:00–18:00 (touches the morning, does not overlap it)
- Friday: a cancelled booking of Ana on A1 (counts for nothing)
- Monday 8 March (the next week): Ana A2 09:00–11:00
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from tests.support.clock import BRUSSELS, MONDAY, at
from tests.support.factories import hours

WEEK_HOURS = hours(range(5), "08:00", "18:00") + hours([5], "09:00", "12:00")
THURSDAY = MONDAY + timedelta(days=3)


def small_week(factories) -> SimpleNamespace:
    ws = factories.workspace(slug="gent", name="Dok Noord", city="Ghent", opening_hours=WEEK_HOURS)
    a1 = factories.desk(ws, code="A1")
    a2 = factories.desk(ws, code="A2")
    a3 = factories.desk(ws, code="A3", in_service_until=MONDAY + timedelta(days=1))
    ana = factories.user(email="ana@example.org", name="Ana", workspaces=[ws])
    bo = factories.user(email="bo@example.org", name="Bo", workspaces=[ws])
    tuesday, wednesday, friday = (MONDAY + timedelta(days=n) for n in (1, 2, 4))

    def book(desk, member, day: date, start: int | tuple, end: int | tuple, **kw):
        start = start if isinstance(start, tuple) else (start,)
        end = end if isinstance(end, tuple) else (end,)
        made = datetime(2027, 2, 1, tzinfo=UTC)
        return factories.booking(desk, member, at(BRUSSELS, day, *start), at(BRUSSELS, day, *end), made=made, **kw)

    book(a1, ana, tuesday, 9, 11)
    book(a2, bo, tuesday, (12, 30), 14)
    book(a1, bo, wednesday, 13, 18)
    book(a1, ana, friday, 9, 12, cancelled_at=datetime(2027, 2, 2, tzinfo=BRUSSELS))
    book(a2, ana, MONDAY + timedelta(days=7), 9, 11)
    factories.closure(ws, THURSDAY)
    return SimpleNamespace(workspace=ws, a1=a1, a2=a2, a3=a3, ana=ana, bo=bo)
