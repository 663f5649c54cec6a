"""The waitlist: join it when no desk is free for a period, leave it, see one's place in line;
serve it when a desk frees up. Each use case takes the acting user and ``now``; flushes.

Serving books the first waiting entry in line (oldest created) whose whole period now fits on
a free desk of its kind, through the ordinary booking path (``services.book_desk``: every rule,
the database's overlap guards) inside a SAVEPOINT, so that a refusal (the member's limit, the
member busy elsewhere, a desk taken meanwhile) only skips that entry, which stays waiting. It
runs in the transaction that frees the desk, just before it commits (``on_desk_freed``, a
receiver of ``booking_cancelled`` and ``booking_released``, then ``serve_freed``), and in each
pass of the worker (``run_pass``: frees without a signal, such as a closure lifted or a desk
back in service), which also expires the entries whose period has started."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, event, func, select
from sqlalchemy.orm import Session, SessionTransaction, joinedload, selectinload

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.rules import check_can_book
from coworking.bookings import rules, services
from coworking.bookings.models import Booking
from coworking.bookings.queries import confirmed_bookings
from coworking.bookings.signals import CLOSURE, booking_cancelled, booking_released, signals
from coworking.bookings.waitlist_models import BOOKED, EXPIRED, LEFT, WAITING, WaitlistEntry
from coworking.extensions import db
from coworking.workspaces.models import Desk, Workspace
from coworking.workspaces.rules import DESK_KINDS, local_day_bounds, parse_instant, to_utc
from coworking.workspaces.services import closures_between, get_workspace
from coworking.workspaces.signals import closure_lifted, desk_service_changed

waitlist_booked = signals.signal("waitlist-booked")
"""Sent when a waiting entry got its booking, with the flushed ``WaitlistEntry`` as sender and
the keywords ``booking`` and ``now`` (the notifications feature mails the member)."""


@dataclass(frozen=True)
class Placed:
    """An entry and its place in line (None once it no longer waits)."""

    entry: WaitlistEntry
    position: int | None


def _check_period(workspace: Workspace, start_at: datetime, end_at: datetime, now: datetime):
    """The booking rules' checks of a period that no desk decides: times, advance window,
    opening hours and closures. Returns the local day."""
    local_first = start_at.astimezone(workspace.tz).date()
    local_last = end_at.astimezone(workspace.tz).date()
    schedule = workspace.schedule(
        closures_between(workspace, min(local_first, local_last), max(local_first, local_last))
    )
    policy = workspace.policy
    rules.check_interval(start_at, end_at)
    rules.check_alignment(start_at, end_at, schedule, policy)
    rules.check_timing(start_at, end_at, now, schedule, policy)
    return rules.check_opening(start_at, end_at, schedule)


def free_desks(workspace: Workspace, start: datetime, end: datetime, kind: str | None, now: datetime) -> list[Desk]:
    """The desks (of ``kind``, any when None) in service that day and free for all of
    [start, end), by code: as availability sees them (``queries.confirmed_bookings``: a
    booking overdue for check-in holds its desk only until its grace ends; booking it
    releases that one first)."""
    held = {desk_id for desk_id, *_rest in confirmed_bookings(workspace, start, end, now)}
    query = (
        select(Desk).where(Desk.workspace_id == workspace.id).options(selectinload(Desk.outages)).order_by(Desk.code)
    )
    if kind is not None:
        query = query.where(Desk.kind == kind)
    day = start.astimezone(workspace.tz).date()
    return [d for d in db.session.scalars(query) if d.id not in held and d.in_service_on(day)]


def _ahead_of(entry: WaitlistEntry):
    """Waiting entries ahead of ``entry`` in its line: same workspace, overlapping period,
    created earlier (the id breaks a tie)."""
    return and_(
        WaitlistEntry.workspace_id == entry.workspace_id,
        WaitlistEntry.status == WAITING,
        WaitlistEntry.starts_at < entry.ends_at,
        WaitlistEntry.ends_at > entry.starts_at,
        (WaitlistEntry.created_at < entry.created_at)
        | ((WaitlistEntry.created_at == entry.created_at) & (WaitlistEntry.id < entry.id)),
    )


def position(entry: WaitlistEntry) -> int | None:
    """1 + the waiting entries of the workspace created earlier whose period overlaps."""
    if entry.status != WAITING:
        return None
    return 1 + db.session.scalar(select(func.count(WaitlistEntry.id)).where(_ahead_of(entry)))


def join(user: User, workspace_slug: str, start: str, end: str, desk_kind: str | None, now: datetime) -> Placed:
    """Wait for a desk (of ``desk_kind``) in the workspace from ``start`` to ``end`` (as for a
    booking: local time without an offset). DeskAvailable (409) when one is free already."""
    check_can_book(user)
    if desk_kind is not None and desk_kind not in DESK_KINDS:
        raise errors.ValidationFailed(
            f"desk_kind must be one of {', '.join(DESK_KINDS)}.", errors={"desk_kind": ["Unknown kind."]}
        )
    workspace = get_workspace(workspace_slug, with_hours=True)
    start_at = parse_instant(start, workspace.tz)
    end_at = parse_instant(end, workspace.tz)
    _check_period(workspace, start_at, end_at, now)
    if free_desks(workspace, start_at, end_at, desk_kind, now):
        raise errors.DeskAvailable("A desk is free for that whole period: book it.")
    entry = WaitlistEntry(
        uuid=uuid.uuid4(),
        member_id=user.id,
        workspace=workspace,
        starts_at=start_at,
        ends_at=end_at,
        desk_kind=desk_kind,
        status=WAITING,
        created_at=now,
        updated_at=now,
    )
    db.session.add(entry)
    db.session.flush()
    return Placed(entry, position(entry))


def mine(user: User) -> list[Placed]:
    """The member's entries, newest period first, each with its place in line."""
    entries = db.session.scalars(
        select(WaitlistEntry)
        .where(WaitlistEntry.member_id == user.id)
        .options(joinedload(WaitlistEntry.workspace), joinedload(WaitlistEntry.booking))
        .order_by(WaitlistEntry.starts_at.desc(), WaitlistEntry.id)
    ).all()
    return [Placed(e, position(e)) for e in entries]


def waiting_of(user: User, now: datetime) -> list[Placed]:
    """The member's entries still waiting (their period not started), soonest first."""
    return sorted(
        (p for p in mine(user) if p.entry.status == WAITING and p.entry.starts_at > now),
        key=lambda p: (p.entry.starts_at, p.entry.id),
    )


def _get(user: User, entry_id: str) -> WaitlistEntry:
    try:
        public_id = uuid.UUID(str(entry_id))
    except ValueError:
        public_id = None
    entry = (
        db.session.scalar(
            select(WaitlistEntry)
            .where(WaitlistEntry.uuid == public_id)
            .options(joinedload(WaitlistEntry.workspace), joinedload(WaitlistEntry.booking))
        )
        if public_id
        else None
    )
    if entry is None or entry.member_id != user.id:
        raise errors.NotFound("There is no such waitlist entry.")
    return entry


def leave(user: User, entry_id: str, now: datetime) -> Placed:
    """Leave the line (status left). Leaving an entry that no longer waits changes nothing."""
    entry = _get(user, entry_id)
    if entry.status == WAITING:
        entry.status = LEFT
        entry.updated_at = now
        db.session.flush()
    return Placed(entry, None)


def full_for(view, day: date, start: str, end: str) -> bool:
    """Whether no desk of a day's view (``queries.DayAvailability``), of any kind, is free for
    all of ``start``–``end`` (local HH:MM): the day page then offers to join the waitlist."""
    tz = view.workspace.tz
    try:
        start_at = to_utc(datetime.combine(day, time.fromisoformat(start)), tz)
        end_at = to_utc(datetime.combine(day, time.fromisoformat(end)), tz)
    except (TypeError, ValueError, errors.DomainError):
        return False
    if not view.desks or not start_at < end_at:
        return False
    return not any(s <= start_at and end_at <= e for desk_day in view.desks for s, e in desk_day.free)


# --- serving -----------------------------------------------------------------------------


def _try_book(entry: WaitlistEntry, now: datetime) -> Booking | None:
    """Book the entry's whole period on the first free desk of its kind that the booking path
    accepts; None when every rule does not allow it now (the entry keeps waiting)."""
    member = entry.member
    try:
        check_can_book(member)
    except errors.DomainError:
        return None
    if not member.active:
        return None
    start = entry.starts_at.isoformat()
    end = entry.ends_at.isoformat()
    for desk in free_desks(entry.workspace, entry.starts_at, entry.ends_at, entry.desk_kind, now):
        try:
            return services.book_desk(member, desk, start=start, end=end, note="", now=now, savepoint=True)
        except errors.DeskTaken:
            continue  # taken meanwhile (another transaction): the next free desk
        except errors.DomainError:
            return None  # the member's limit, busy elsewhere, a rule: the next in line
    return None


def expire(now: datetime, workspace_id: int | None = None) -> int:
    """Entries whose period has started stop waiting (status expired). Returns how many."""
    query = select(WaitlistEntry).where(WaitlistEntry.status == WAITING, WaitlistEntry.starts_at <= now)
    if workspace_id is not None:
        query = query.where(WaitlistEntry.workspace_id == workspace_id)
    entries = db.session.scalars(query).all()
    for entry in entries:
        entry.status = EXPIRED
        entry.updated_at = now
    db.session.flush()
    return len(entries)


def serve(workspace_id: int, now: datetime, start: datetime | None = None, end: datetime | None = None) -> int:
    """Serve the workspace's line in order (oldest entry first): the entries whose period
    overlaps [start, end) when given (the time just freed), else all. Returns how many got a
    booking."""
    expire(now, workspace_id)
    query = (
        select(WaitlistEntry)
        .where(WaitlistEntry.workspace_id == workspace_id, WaitlistEntry.status == WAITING)
        .options(joinedload(WaitlistEntry.member), joinedload(WaitlistEntry.workspace))
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
    )
    if start is not None and end is not None:
        query = query.where(WaitlistEntry.starts_at < end, WaitlistEntry.ends_at > start)
    served = 0
    for entry in db.session.scalars(query).unique().all():
        booking = _try_book(entry, now)
        if booking is None:
            continue
        entry.status = BOOKED
        entry.booking = booking
        entry.updated_at = now
        db.session.flush()
        waitlist_booked.send(entry, booking=booking, now=now)
        served += 1
    return served


_FREED = "waitlist_freed"


def on_desk_freed(booking: Booking, *, now: datetime, cause: str | None = None, **_signal) -> None:
    """Receiver of ``booking_cancelled`` and ``booking_released``: the time just freed is
    served just before this unit of work commits (``serve_freed``), in its own transaction.
    Not at once: a release happens inside a booking being made (``book_desk`` releases the
    overdue bookings it collides with), and that member, who chose the desk, gets it first;
    serving may itself release, which only adds to what is served. A closure's cancellations
    free nothing bookable."""
    if cause == CLOSURE:
        return
    db.session.info.setdefault(_FREED, []).append((booking.workspace_id, booking.starts_at, booking.ends_at, now))


def _queue_days(workspace: Workspace, first: date, last: date, now: datetime) -> None:
    """Serve the line for the local days ``first``..``last`` when this unit of work commits
    (capped: a line never waits further ahead than a booking may be made)."""
    last = min(last, now.astimezone(workspace.tz).date() + timedelta(days=workspace.max_advance_days + 1))
    if last < first:
        return
    start, _ = local_day_bounds(first, workspace.tz)
    _, end = local_day_bounds(last, workspace.tz)
    db.session.info.setdefault(_FREED, []).append((workspace.id, start, end, now))


def on_closure_lifted(closure, *, workspace: Workspace, first: date, last: date, now: datetime, **_signal) -> None:
    """Receiver of ``closure_lifted``: the days that opened again are served at commit."""
    _queue_days(workspace, first, last, now)


def on_desk_service_changed(desk: Desk, *, now: datetime, added: list[tuple[date, date]], **_signal) -> None:
    """Receiver of ``desk_service_changed``: the days a desk came (back) into service are
    served at commit. Answers no ``ClosureEffect`` (it cancels nothing)."""
    for first, last in added:
        _queue_days(desk.workspace, first, last, now)


def serve_freed(session: Session) -> None:
    """``before_commit`` of the outermost transaction: serve the lines of the time freed in
    it, in order of freeing (a savepoint's commit serves nothing)."""
    if session.in_nested_transaction():
        return
    freed = session.info.get(_FREED)
    while freed:
        workspace_id, start, end, now = freed.pop(0)
        serve(workspace_id, now, start, end)


def forget_freed(session: Session, transaction: SessionTransaction) -> None:
    """Once the outermost transaction ends (committed or rolled back), nothing is left to
    serve; a savepoint ending keeps what the transaction freed."""
    if transaction.parent is None:
        session.info.pop(_FREED, None)


def connect() -> None:
    """Called once by ``create_app``: the receivers and the commit hooks (idempotent)."""
    booking_cancelled.connect(on_desk_freed, weak=False)
    booking_released.connect(on_desk_freed, weak=False)
    closure_lifted.connect(on_closure_lifted, weak=False)
    desk_service_changed.connect(on_desk_service_changed, weak=False)
    for name, hook in (("before_commit", serve_freed), ("after_transaction_end", forget_freed)):
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


def run_pass(now: datetime) -> int:
    """The worker's job: expire what has started, then serve every workspace's line."""
    expire(now)
    workspace_ids = db.session.scalars(
        select(WaitlistEntry.workspace_id).where(WaitlistEntry.status == WAITING).distinct()
    ).all()
    return sum(serve(workspace_id, now) for workspace_id in sorted(workspace_ids))
