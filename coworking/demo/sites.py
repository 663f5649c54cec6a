"""The demo's workspaces, each with its manager and desks, made through the services as the
admin and the workspace's manager would make them; and the closures each workspace will
announce (public holidays, the annual closure, works), which the history plays later, at the
moment each was announced, so that a closure cancels what was booked before it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coworking.accounts.models import User
from coworking.accounts.services import create_user
from coworking.demo import data
from coworking.demo.data import workspaces
from coworking.demo.data.holidays import public_holidays
from coworking.workspaces.models import Desk, Workspace
from coworking.workspaces.services import add_desk, create_workspace


@dataclass(frozen=True)
class PlannedClosure:
    """A closure as its manager will announce it: local dates (inclusive) and the instant."""

    start: date
    end: date
    reason: str
    announced: datetime


@dataclass
class Site:
    """A created workspace and what the booking planner needs to know about it."""

    spec: workspaces.WorkspaceSpec
    workspace: Workspace
    manager: User
    desks: list[Desk]
    closures: list[PlannedClosure]
    today: date
    works_days: dict[date, PlannedClosure]  # days closed for works, announced after people booked
    closed_days: set[date] = field(default_factory=set)

    def __post_init__(self):
        for closure in self.closures:
            day = closure.start
            while day <= closure.end:
                self.closed_days.add(day)
                day += timedelta(days=1)

    @property
    def tz(self) -> ZoneInfo:
        return self.workspace.tz


def create_site(spec: workspaces.WorkspaceSpec, admin: User, now: datetime, password_hash: str) -> Site:
    """The workspace (by the admin, on the day it opened), its manager and its desks."""
    opened_at = datetime.combine(spec.opened, time(9), tzinfo=UTC)
    workspace = create_workspace(
        admin,
        {
            "slug": spec.slug,
            "name": spec.name,
            "city": spec.city,
            "country": spec.country,
            "address": spec.address,
            "timezone": spec.timezone,
            "currency": spec.currency,
            "default_language": spec.language,
            "price_per_desk_day": spec.price,
            "opening_hours": [
                {"weekday": day, "open": opens, "close": closes} for days, opens, closes in spec.hours for day in days
            ],
            "policy": spec.policy,
        },
        opened_at,
    )
    today = now.astimezone(workspace.tz).date()
    manager = create_user(
        email=spec.manager_email,
        name=spec.manager[1],
        role="manager",
        password=None,
        password_hash=password_hash,
        now=opened_at - timedelta(days=30),
        workspaces=[spec.slug],
        language=data.LOGIN_LANGUAGE if spec.slug == data.MANAGER_SHOWN else spec.language,
    )
    desks = _create_desks(spec, workspace, manager, today, opened_at)
    closures, works_days = _plan_closures(spec, today, now)
    return Site(spec, workspace, manager, desks, closures, today, works_days)


def _create_desks(
    spec: workspaces.WorkspaceSpec, workspace: Workspace, manager: User, today: date, opened_at: datetime
) -> list[Desk]:
    rng = random.Random(f"{data.SEED}-{spec.slug}")
    plan = spec.desks
    wanted: list[dict] = []
    for i in range(plan.hot):
        wanted.append(
            {"code": f"H{i + 1:02d}", "kind": "hot_desk", "zone": plan.zones[i * len(plan.zones) // plan.hot]}
        )
    for i in range(plan.fixed):
        wanted.append({"code": f"F{i + 1:02d}", "kind": "fixed_desk", "zone": plan.zones[-1]})
    for name, capacity in plan.meeting:
        wanted.append({"code": name, "kind": "meeting_room", "zone": plan.zones[0], "capacity": capacity})
    for i in range(plan.phone):
        wanted.append({"code": f"PB{i + 1}", "kind": "phone_booth", "zone": plan.zones[0]})
    changes = {code: change for slug, code, *change in workspaces.DESK_CHANGES if slug == spec.slug}
    desks = []
    for item in wanted:
        pool = workspaces.AMENITIES[item["kind"]]
        item["amenities"] = sorted(rng.sample(pool, rng.randint(1, min(3, len(pool)))))
        item["in_service_from"] = spec.opened
        note = ""
        if item["code"] in changes:
            start, until, note = changes[item["code"]]
            if start is not None:
                item["in_service_from"] = today + timedelta(days=start)
            if until is not None:
                item["in_service_until"] = today + timedelta(days=until)
        desk = add_desk(manager, workspace, item, opened_at)
        # No service writes a desk's internal note (no page edits it yet): set it directly.
        desk.notes = note
        desks.append(desk)
    return desks


def _plan_closures(spec: workspaces.WorkspaceSpec, today: date, now: datetime):
    """Public holidays around the demo period and the annual closure, each announced two
    months ahead; and works, announced a few days ahead, after people had booked those days
    (the closure cancels their bookings)."""
    first = today - timedelta(days=data.PAST_DAYS + 30)
    last = today + timedelta(days=data.FUTURE_DAYS + 90)
    reasons: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        for day, name in public_holidays(spec.country, year).items():
            if first <= day <= last:
                reasons[day] = f"Public holiday: {name}"
        if spec.annual_closure:
            for offset in range(9):  # 24 December to 1 January
                day = date(year - 1, 12, 24) + timedelta(days=offset)
                if first <= day <= last:
                    reasons[day] = "Annual closure between the holidays"
    closures: list[PlannedClosure] = []
    for start, end, reason in _ranges(reasons):
        announced = datetime.combine(start - timedelta(days=60), time(10), tzinfo=UTC)
        closures.append(PlannedClosure(start, end, reason, min(announced, now)))
    works_days: dict[date, PlannedClosure] = {}
    for offset, length, reason in spec.works:
        start = today + timedelta(days=offset)
        while start.weekday() >= data.SAT or start in reasons:  # works happen on working days
            start += timedelta(days=1)
        end = start + timedelta(days=length - 1)
        announced = min(now - timedelta(days=2), datetime.combine(start - timedelta(days=6), time(8), tzinfo=UTC))
        closure = PlannedClosure(start, end, reason, announced)
        closures.append(closure)
        for i in range(length):
            works_days[start + timedelta(days=i)] = closure
    return closures, works_days


def _ranges(reasons: dict[date, str]):
    """Consecutive closed days as (first, last, reason) ranges, e.g. 24–26 December."""
    days = sorted(reasons)
    i = 0
    while i < len(days):
        j = i
        while j + 1 < len(days) and days[j + 1] - days[j] == timedelta(days=1):
            j += 1
        names = list(dict.fromkeys(reasons[d] for d in days[i : j + 1]))
        if len(names) > 1 and all(n.startswith("Public holiday: ") for n in names):
            names = ["Public holidays: " + ", ".join(n.removeprefix("Public holiday: ") for n in names)]
        yield days[i], days[j], "; ".join(names)[:300]
        i = j + 1
