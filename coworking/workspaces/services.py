"""Workspace use cases: read, create, change rules, add desks, close on dates.

A closure cancels the bookings on its days: ``add_closure`` announces it with the
``closure_added`` signal and the bookings feature does the cancelling (``bookings.closures``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.numbers import list_currencies
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.permissions import require_admin, require_manager
from coworking.audit.services import record
from coworking.extensions import db
from coworking.workspaces import desks, outages
from coworking.workspaces.models import Closure, Desk, OpeningHours, Workspace
from coworking.workspaces.rules import (
    LAST_DATE,
    BookingPolicy,
    Window,
    parse_hhmm,
    service_difference,
    validate_windows,
)
from coworking.workspaces.signals import ClosureEffect, closure_added, desk_service_changed


@cache
def _timezones() -> frozenset[str]:
    """Real places (Area/City) and UTC; not host-dependent names like "localtime"."""
    return frozenset(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))) | {"UTC"}


# Codes Babel lists that are not countries (EU, Eurozone, UN, unknown, outlying Oceania).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK"}


@cache
def _countries() -> frozenset[str]:
    codes = Locale("en").territories
    return frozenset(c for c in codes if c.isalpha() and len(c) == 2 and c not in _NOT_COUNTRIES)


def closures_between(workspace: Workspace, first: date, last: date) -> list[Closure]:
    """The workspace's closures touching the local dates ``first``..``last`` (inclusive)."""
    return list(
        db.session.scalars(
            select(Closure).where(
                Closure.workspace_id == workspace.id, Closure.start_date <= last, Closure.end_date >= first
            )
        )
    )


def _required_text(data: dict, key: str) -> str:
    value = (data.get(key) or "").strip()
    if not value:
        raise errors.ValidationFailed(f"{key} may not be empty.", field=key)
    return value


def get_workspace(slug: str, *, with_hours: bool = False, with_closures: bool | None = None) -> Workspace:
    """The workspace by slug, or 404. ``with_hours``: its opening hours in the same statement;
    ``with_closures`` (default: as ``with_hours``): all its closures, in a second one."""
    query = select(Workspace).where(Workspace.slug == slug)
    if with_hours:
        query = query.options(joinedload(Workspace.opening_hours))
    if with_hours if with_closures is None else with_closures:
        query = query.options(selectinload(Workspace.closures))
    workspace = db.session.scalars(query).unique().one_or_none()
    if workspace is None:
        raise errors.NotFound(f"There is no workspace {slug!r}.")
    return workspace


@dataclass(frozen=True)
class WorkspaceSummary:
    workspace: Workspace
    desk_count: int  # desks in service today (local date)


def list_workspaces(now: datetime) -> list[WorkspaceSummary]:
    """All workspaces with the number of desks in service today."""
    workspaces = db.session.scalars(select(Workspace).order_by(Workspace.country, Workspace.city, Workspace.name)).all()
    today = {w.id: now.astimezone(w.tz).date() for w in workspaces}
    counts: dict[int, int] = {}
    if workspaces:
        for desk in outages.desk_services(min(today.values()), max(today.values())):
            day = today.get(desk.workspace_id)
            if day and desk.in_service_on(day):
                counts[desk.workspace_id] = counts.get(desk.workspace_id, 0) + 1
    return [WorkspaceSummary(w, counts.get(w.id, 0)) for w in workspaces]


def desks_of(workspace: Workspace) -> list[Desk]:
    """The workspace's desks by code, with their outages (``Desk.in_service_on``)."""
    return outages.desks_with_outages(workspace)


def _set_opening_hours(workspace: Workspace, items: list[dict]) -> None:
    windows = validate_windows(
        [Window(int(h["weekday"]), parse_hhmm(h["open"]), parse_hhmm(h["close"])) for h in items],
        workspace.slot_minutes,
    )
    workspace.opening_hours = [OpeningHours(weekday=w.weekday, opens_at=w.opens, closes_at=w.closes) for w in windows]


def _policy(values: dict, base: BookingPolicy | None = None) -> BookingPolicy:
    merged = {**(base.__dict__ if base else {}), **values}
    return BookingPolicy(**merged)


def create_workspace(user: User, data: dict, now: datetime) -> Workspace:
    require_admin(user, "Only admins create workspaces.")
    slug = data["slug"]
    if db.session.scalar(select(Workspace.id).where(Workspace.slug == slug)) is not None:
        raise errors.Conflict(f"A workspace {slug!r} already exists.")
    if data["timezone"] not in _timezones():
        raise errors.ValidationFailed(f"{data['timezone']!r} is not an IANA time zone.")
    currency = data["currency"].upper()
    if currency not in list_currencies():
        raise errors.ValidationFailed(f"{data['currency']!r} is not an ISO 4217 currency.")
    country = data["country"].upper()
    if country not in _countries():
        raise errors.ValidationFailed(f"{data['country']!r} is not an ISO 3166 country code.")
    price = data.get("price_per_desk_day", Decimal("0"))
    if not Decimal("0") <= price <= Decimal("100000"):
        raise errors.ValidationFailed("price_per_desk_day must be from 0 to 100000.")
    workspace = Workspace(
        slug=slug,
        name=_required_text(data, "name"),
        city=_required_text(data, "city"),
        country=country,
        address=data.get("address", ""),
        timezone=data["timezone"],
        currency=currency,
        default_language=data.get("default_language", "en"),
        mail_from=data.get("mail_from") or None,
        price_per_desk_day=price,
        created_at=now,
    )
    workspace.apply_policy(_policy(data.get("policy") or {}))
    _set_opening_hours(workspace, data.get("opening_hours") or [])
    db.session.add(workspace)
    db.session.flush()
    record(
        user,
        "workspace.created",
        workspace,
        now,
        slug=workspace.slug,
        name=workspace.name,
        timezone=workspace.timezone,
        currency=workspace.currency,
        policy=dict(workspace.policy.__dict__),
        opening_hours=_hours_of(workspace),
    )
    return workspace


def _hours_of(workspace: Workspace) -> list[dict]:
    return [
        {"weekday": h.weekday, "open": f"{h.opens_at:%H:%M}", "close": f"{h.closes_at:%H:%M}"}
        for h in sorted(workspace.opening_hours, key=lambda h: (h.weekday, h.opens_at))
    ]


def update_workspace(user: User, workspace: Workspace, data: dict, now: datetime) -> Workspace:
    """Change its details (``DETAILS``), opening hours, policy and/or the mailbox
    (``mail_from``). Existing bookings stay as they are. Each kind of change that actually
    changed something is audited with its before and after."""
    require_manager(user, workspace)
    policy_before = dict(workspace.policy.__dict__)
    hours_before = _hours_of(workspace)
    mailbox_before = workspace.mail_from
    details_before = _details_of(workspace)
    if "mail_from" in data:
        workspace.mail_from = (data["mail_from"] or "").strip() or None
    _set_details(workspace, data)
    if "policy" in data:
        workspace.apply_policy(_policy(data["policy"], workspace.policy))
    # Hours are checked against the (possibly new) slot grid, also when only the policy changed.
    hours = data.get("opening_hours")
    if hours is None:
        hours = [
            {"weekday": h.weekday, "open": f"{h.opens_at:%H:%M}", "close": f"{h.closes_at:%H:%M}"}
            for h in workspace.opening_hours
        ]
    _set_opening_hours(workspace, hours)
    db.session.flush()
    policy_after = dict(workspace.policy.__dict__)
    hours_after = _hours_of(workspace)
    if policy_after != policy_before:
        changed = sorted(k for k in policy_after if policy_after[k] != policy_before.get(k))
        record(
            user,
            "workspace.policy_changed",
            workspace,
            now,
            before={k: policy_before.get(k) for k in changed},
            after={k: policy_after[k] for k in changed},
        )
    if hours_after != hours_before:
        record(user, "workspace.hours_changed", workspace, now, before=hours_before, after=hours_after)
    if workspace.mail_from != mailbox_before:
        record(user, "workspace.mailbox_changed", workspace, now, before=mailbox_before, after=workspace.mail_from)
    details_after = _details_of(workspace)
    if details_after != details_before:
        changed = sorted(k for k in details_after if details_after[k] != details_before[k])
        record(
            user,
            "workspace.details_changed",
            workspace,
            now,
            before={k: details_before[k] for k in changed},
            after={k: details_after[k] for k in changed},
        )
    return workspace


# What a workspace's managers may change of its description (not the slug, time zone, country
# or currency: its bookings, figures and budget are kept in those).
DETAILS = ("name", "city", "address", "default_language")
DETAIL_LIMITS = {"name": 200, "city": 100, "address": 300}
LANGUAGES = ("en", "nl", "fr", "de")


def _details_of(workspace: Workspace) -> dict:
    return {name: getattr(workspace, name) for name in DETAILS}


def _set_details(workspace: Workspace, data: dict) -> None:
    for name, limit in DETAIL_LIMITS.items():
        if name not in data:
            continue
        value = (data[name] or "").strip()
        if name != "address" and not value:
            raise errors.ValidationFailed(f"{name} may not be empty.", errors={name: ["Required."]})
        if len(value) > limit:
            raise errors.ValidationFailed(f"{name} is longer than {limit}.", errors={name: ["Too long."]})
        setattr(workspace, name, value)
    if "default_language" in data:
        if data["default_language"] not in LANGUAGES:
            raise errors.ValidationFailed(
                f"default_language must be one of {', '.join(LANGUAGES)}.", errors={"default_language": ["Unknown."]}
            )
        workspace.default_language = data["default_language"]


def add_desk(user: User, workspace: Workspace, data: dict, now: datetime) -> Desk:
    require_manager(user, workspace)
    kind = desks.clean_kind(data.get("kind"))
    code = desks.clean_code(data.get("code"))
    desks.check_code_free(workspace.id, code)
    start: date = data.get("in_service_from") or now.astimezone(ZoneInfo(workspace.timezone)).date()
    until: date | None = data.get("in_service_until")
    if until is not None and until < start:
        raise errors.ValidationFailed("in_service_until is before in_service_from.")
    desk = Desk(
        workspace_id=workspace.id,
        code=code,
        kind=kind,
        zone=desks.clean_zone(data.get("zone")),
        amenities=desks.clean_amenities(data.get("amenities")),
        capacity=data.get("capacity") or 1,
        in_service_from=start,
        in_service_until=until,
    )
    db.session.add(desk)
    db.session.flush()
    # A new desk is room for those waiting (served when this unit of work commits).
    _, added = service_difference((LAST_DATE, LAST_DATE), (start, until), now.astimezone(workspace.tz).date())
    if added:
        desk_service_changed.send(desk, actor=user, now=now, reason="", removed=[], added=added)
    record(
        user,
        "desk.created",
        desk,
        now,
        code=desk.code,
        kind=desk.kind,
        in_service_from=desk.in_service_from,
        in_service_until=desk.in_service_until,
    )
    return desk


MAX_CLOSURE_DAYS = 366


def add_closure(
    user: User, workspace: Workspace, *, start_date: date, end_date: date, reason: str, now: datetime
) -> tuple[Closure, int]:
    """Close the workspace on these dates (inclusive). The receivers of ``closure_added``
    cancel what the closure rules out (the confirmed bookings on those days that have not ended
    yet). Returns the closure and how many bookings were cancelled."""
    require_manager(user, workspace)
    if end_date < start_date:
        raise errors.ValidationFailed("end_date is before start_date.")
    # Past days keep the capacity they had: figures already reported must not shift.
    if start_date < now.astimezone(workspace.tz).date():
        raise errors.ValidationFailed("A closure cannot start in the past.")
    if (end_date - start_date).days > MAX_CLOSURE_DAYS:
        raise errors.ValidationFailed(f"A closure may last at most {MAX_CLOSURE_DAYS} days.")
    closure = Closure(
        workspace_id=workspace.id, start_date=start_date, end_date=end_date, reason=reason.strip(), created_at=now
    )
    db.session.add(closure)
    db.session.flush()
    effects: list[ClosureEffect] = [effect for _, effect in closure_added.send(closure, actor=user, now=now)]
    cancelled = sum(effect.cancelled_bookings for effect in effects)
    record(
        user,
        "closure.created",
        closure,
        now,
        start_date=start_date,
        end_date=end_date,
        reason=closure.reason,
        cancelled_bookings=cancelled,
    )
    for effect in effects:
        effect.record()
    db.session.flush()
    return closure, cancelled
