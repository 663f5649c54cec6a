"""A desk out of service from one day to another, with a reason (repairs…): its outages.

Besides its one service period (``in_service_from``..``in_service_until``, changed by
``desks.update_desk``), a desk may be out of service on a few days: each ``DeskOutage`` is such
a window (inclusive local dates). ``rules.in_service`` is the one rule of "is this desk in
service on day D", outages included; every read of many desks loads their outages in the same
statement as the desks (``outage_join``, ``group_outages``) or with ``selectinload``.

``add_outage`` refuses the past (``past_is_kept``) and an outage overlapping another of the
desk (``outage_overlaps``: each keeps its reason, and lifting one never lifts another's days);
it sends ``desk_service_changed`` with the outage's days as ``removed``, so the bookings feature
cancels the desk's confirmed bookings on those days (each member mailed with the reason), as
when its service period shrinks. ``lift_outage`` deletes an outage that has not started, cuts
one under way back to yesterday (past days never change), and sends ``desk_service_changed``
with the days it frees as ``added``: the waitlist serves them at commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.permissions import require_manager
from coworking.audit.services import record
from coworking.extensions import db
from coworking.workspaces.models import Desk, DeskOutage, Workspace
from coworking.workspaces.rules import check_outage, in_service, lifted_outage
from coworking.workspaces.signals import ClosureEffect, desk_service_changed

REASON_MAX = 300
# The database's guard against two outages of one desk overlapping (migration 0022).
OVERLAP_GUARD = "desk_outages_no_overlap"
Span = tuple[date, date]  # inclusive local dates


# --- reads -------------------------------------------------------------------------------


def outage_join(first: date | None = None, last: date | None = None):
    """The ON clause joining ``DeskOutage`` to ``Desk``: the desk's outages touching the days
    ``first``..``last`` (either end open when None)."""
    clause = DeskOutage.desk_id == Desk.id
    if first is not None:
        clause = and_(clause, DeskOutage.last_day >= first)
    if last is not None:
        clause = and_(clause, DeskOutage.first_day <= last)
    return clause


def group_outages(rows: Iterable) -> list[tuple[tuple, tuple[Span, ...]]]:
    """Rows of desk columns (the desk's id first) followed by an outage's ``first_day`` and
    ``last_day`` (NULL without one), as an outer join gives them, ordered by desk: each desk's
    columns once, with its outages, in the order of the rows."""
    columns: dict[int, tuple] = {}
    spans: dict[int, list[Span]] = {}
    for *desk, o_first, o_last in rows:
        columns.setdefault(desk[0], tuple(desk))
        if o_first is not None:
            spans.setdefault(desk[0], []).append((o_first, o_last))
    return [(desk, tuple(sorted(spans.get(desk_id, ())))) for desk_id, desk in columns.items()]


@dataclass(frozen=True, slots=True)
class DeskService:
    """A desk's service as lists of workspaces read it: its period and its outages."""

    id: int
    workspace_id: int
    in_service_from: date
    in_service_until: date | None
    outages: tuple[Span, ...] = ()

    def in_service_on(self, day: date) -> bool:
        return in_service(day, self.in_service_from, self.in_service_until, self.outages)


def desk_services(first: date, last: date) -> list[DeskService]:
    """Every desk of every workspace with its outages touching ``first``..``last`` (say, the
    workspaces' local todays, a day apart at most): one statement."""
    rows = db.session.execute(
        select(
            Desk.id,
            Desk.workspace_id,
            Desk.in_service_from,
            Desk.in_service_until,
            DeskOutage.first_day,
            DeskOutage.last_day,
        )
        .outerjoin(DeskOutage, outage_join(first, last))
        .order_by(Desk.id)
    )
    return [DeskService(*desk, outages=spans) for desk, spans in group_outages(rows)]


def desks_with_outages(workspace: Workspace) -> list[Desk]:
    """The workspace's desks by code with their outages: two statements however many."""
    return list(
        db.session.scalars(
            select(Desk)
            .where(Desk.workspace_id == workspace.id)
            .options(selectinload(Desk.outages))
            .order_by(Desk.code)
        )
    )


def current_and_coming(desk: Desk, today: date) -> list[DeskOutage]:
    """The desk's outages that have not ended by ``today``, by first day."""
    return [o for o in desk.outages if o.last_day >= today]


def get_outage(desk: Desk, outage_id: int) -> DeskOutage:
    outage = next((o for o in desk.outages if o.id == outage_id), None)
    if outage is None:
        raise errors.NotFound(f"Desk {desk.code} has no outage {outage_id}.")
    return outage


# --- use cases ---------------------------------------------------------------------------


def clean_reason(value: str | None) -> str:
    reason = (value or "").strip()
    if not reason:
        raise errors.ValidationFailed("reason may not be empty.", errors={"reason": ["Required."]})
    if len(reason) > REASON_MAX:
        raise errors.ValidationFailed(f"reason is longer than {REASON_MAX}.", errors={"reason": ["Too long."]})
    return reason


@dataclass(frozen=True)
class OutageAdded:
    outage: DeskOutage
    cancelled_bookings: int  # confirmed bookings of the desk on those days, not ended yet


def add_outage(user: User, desk: Desk, first: date, last: date, reason: str, now: datetime) -> OutageAdded:
    """Take ``desk`` out of service from ``first`` to ``last`` (inclusive local dates) because
    of ``reason``: its managers (admins: all). Its confirmed bookings on those days that have
    not ended are cancelled, each member mailed with the reason."""
    workspace = desk.workspace
    require_manager(user, workspace)
    reason = clean_reason(reason)
    today = now.astimezone(workspace.tz).date()
    check_outage(first, last, today, desk.outage_spans)
    outage = DeskOutage(desk=desk, first_day=first, last_day=last, reason=reason, created_by_id=user.id, created_at=now)
    db.session.add(outage)
    try:
        db.session.flush()
    except IntegrityError as exc:  # another request took it out on those days meanwhile
        if OVERLAP_GUARD not in str(exc.orig):
            raise
        raise errors.OutageOverlaps("The desk was just taken out of service on some of those days.") from exc
    effects: list[ClosureEffect] = [
        effect
        for _, effect in desk_service_changed.send(
            desk, actor=user, now=now, reason=reason, removed=[(first, last)], added=[]
        )
        if effect is not None
    ]
    cancelled = sum(e.cancelled_bookings for e in effects)
    record(
        user,
        "desk.outage_added",
        desk,
        now,
        code=desk.code,
        outage_id=outage.id,
        first_day=first,
        last_day=last,
        reason=reason,
        cancelled_bookings=cancelled,
    )
    for effect in effects:
        effect.record()
    db.session.flush()
    return OutageAdded(outage, cancelled)


@dataclass(frozen=True)
class OutageLifted:
    """What lifting did: the days back in service, and what stays of the outage (None: nothing)."""

    outage_id: int
    reason: str
    back_from: date
    back_until: date
    kept: Span | None


def lift_outage(user: User, desk: Desk, outage_id: int, now: datetime) -> OutageLifted:
    """Put the desk back in service on the outage's days from today on: an outage that has not
    started is deleted ("cancel this outage"), one under way ends yesterday ("back in service
    now"), one that is over cannot be lifted (``outage_over``). The days it frees are offered
    to the waitlist when the unit of work commits. Bookings it cancelled stay cancelled."""
    workspace = desk.workspace
    require_manager(user, workspace)
    outage = get_outage(desk, outage_id)
    today = now.astimezone(workspace.tz).date()
    first, last, reason = outage.first_day, outage.last_day, outage.reason
    kept = lifted_outage(first, last, today)
    back_from = max(first, today)
    record(
        user,
        "desk.outage_lifted",
        desk,
        now,
        code=desk.code,
        outage_id=outage_id,
        first_day=first,
        last_day=last,
        reason=reason,
        back_from=back_from,
        kept_until=kept[1] if kept else None,
    )
    if kept is None:
        desk.outages.remove(outage)  # delete-orphan: the row goes
    else:
        outage.last_day = kept[1]
    db.session.flush()
    desk_service_changed.send(desk, actor=user, now=now, reason="", removed=[], added=[(back_from, last)])
    return OutageLifted(outage_id, reason, back_from, last, kept)
