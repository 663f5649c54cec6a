"""The members' plan view of a workspace's day: each desk placed on the chosen floor's plan,
with its state for the chosen part of the day (free, partly free, taken, taken by a member the
viewer may see, yours, out of service, closed). Built from the day's reads (``queries.
day_availability``) and the floors' one read (``workspaces.plan_queries.floor_plans``): the plan
costs the day page one statement, whatever the number of floors, desks or bookings.

The template draws it as an inline SVG: the plan's image, and a link per desk at its place in
the plan's own coordinates, so it scales with the page and needs no script or style attribute."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from flask_babel import gettext as _

from coworking.bookings.forms import PERIOD_CHOICES
from coworking.bookings.offer import instant, preset_label
from coworking.bookings.queries import DayAvailability, DeskDay
from coworking.bookings.rules import overlaps
from coworking.workspaces.plan_queries import FloorPlan, PlacedDesk

SYMBOLS = {"free": "○", "partly": "◐", "taken": "✕", "mine": "★", "out": "⊘", "closed": "–"}
PERIODS = [c.value for c in PERIOD_CHOICES if c.value != "custom"]


def state_labels() -> dict[str, str]:
    return {
        "free": _("free"),
        "partly": _("partly free"),
        "taken": _("taken"),
        "mine": _("yours"),
        "out": _("out of service"),
        "closed": _("closed"),
    }


@dataclass(frozen=True)
class Marker:
    desk: PlacedDesk
    state: str  # a key of SYMBOLS
    name: str | None  # "taken" by a member the viewer may see
    cx: float  # the desk's place in the plan's coordinates (its viewBox)
    cy: float
    label_y: float  # where its code is written: below the marker, above it near the bottom edge
    book: tuple[str, str] | None  # local HH:MM start and end to book it for, when free

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.state]

    def description(self, labels: dict[str, str]) -> str:
        """What a screen reader hears, e.g. "Desk A1, free" or "Desk A2, taken by Ana"."""
        if self.name:
            return _("Desk %(desk)s, taken by %(name)s", desk=self.desk.code, name=self.name)
        return _("Desk %(desk)s, %(state)s", desk=self.desk.code, state=labels[self.state])


@dataclass
class PlanPeriod:
    value: str
    label: str
    span: tuple[time, time]


@dataclass
class PlanView:
    floors: list[FloorPlan]
    floor: FloorPlan
    periods: list[PlanPeriod]  # what the day can still book, to choose from
    period: PlanPeriod | None  # None: the day cannot be booked; states are for its open hours
    markers: list[Marker]
    unit: float  # a hundredth of the plan's width: markers and text are sized in it

    @property
    def legend(self) -> list[tuple[str, str]]:
        """(state, symbol) of the states on this floor, in a fixed order."""
        shown = {m.state for m in self.markers}
        return [(state, symbol) for state, symbol in SYMBOLS.items() if state in shown]


def choose_floor(floors: list[FloorPlan], asked: str | None) -> FloorPlan | None:
    if not floors:
        return None
    return next((f for f in floors if asked is not None and str(f.id) == asked), floors[0])


def plan_view(
    view: DayAvailability,
    floors: list[FloorPlan],
    floor: FloorPlan,
    presets: dict[str, tuple[time, time]],
    asked_period: str | None,
    bookable: bool,
) -> PlanView:
    """The chosen floor's markers for ``asked_period`` (else the first the day still offers).
    ``bookable``: free desks link to the booking form (the day can be booked)."""
    tz = view.workspace.tz
    periods = [
        PlanPeriod(c.value, preset_label(c.label, presets[c.value]), presets[c.value])
        for c in PERIOD_CHOICES
        if c.value in presets
    ]
    period = next((p for p in periods if p.value == asked_period), periods[0] if periods else None)
    if period is not None:
        start, end = instant(view.day, period.span[0], tz), instant(view.day, period.span[1], tz)
    elif view.open:
        start, end = view.open[0][0], view.open[-1][1]
    else:
        start = end = None
    by_id = {d.desk.id: d for d in view.desks}
    unit = floor.width / 100
    markers = []
    for desk in floor.desks:
        state, name = _state(by_id.get(desk.id), start, end)
        cx, cy = desk.x * floor.width, desk.y * floor.height
        label_y = cy - 3.6 * unit if desk.y > 0.9 else cy + 5.6 * unit
        book = None
        if state == "free" and bookable and period is not None:
            book = (f"{period.span[0]:%H:%M}", f"{period.span[1]:%H:%M}")
        markers.append(Marker(desk, state, name, round(cx, 2), round(cy, 2), round(label_y, 2), book))
    return PlanView(floors, floor, periods, period, markers, unit)


def _state(desk_day: DeskDay | None, start: datetime | None, end: datetime | None) -> tuple[str, str | None]:
    if desk_day is None:  # placed, but not in service that day
        return "out", None
    if start is None or end is None:
        return "closed", None
    booked = [b for b in desk_day.booked if overlaps(b.start, b.end, start, end)]
    if any(b.mine for b in booked):
        return "mine", None
    if any(f_start <= start and end <= f_end for f_start, f_end in desk_day.free):
        return "free", None
    if any(overlaps(f_start, f_end, start, end) for f_start, f_end in desk_day.free):
        return "partly", None
    if not booked:  # neither free nor booked: the period falls outside the opening hours
        return "closed", None
    return "taken", next((b.name for b in booked if b.name), None)
