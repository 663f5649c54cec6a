"""Series of bookings: several dates, or a weekly repeat, booked together; reading a series;
cancelling its occurrences from a date on. Each takes the acting user and ``now``; flushes.

Every occurrence is an ordinary booking made by ``services.book_desk`` (the same rules, the
same database guards, its own UUID, audit entry and ``booking_confirmed`` signal), inside its
own SAVEPOINT so that a guard refusing one date undoes only that date. ``on_conflict``
decides what a refused date means: ``fail`` keeps nothing (the first refusal is raised, every
refused date listed in its ``conflicts``), ``skip`` keeps the others and lists the refused."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.rules import check_can_book
from coworking.bookings import services
from coworking.bookings.models import CONFIRMED, Booking, BookingSeries
from coworking.bookings.series_rules import Repeat, calendar_months, occurrence_dates, occurrence_times, wall_clock
from coworking.extensions import db
from coworking.workspaces.models import Desk, Workspace
from coworking.workspaces.services import closures_between, get_workspace

FAIL = "fail"
SKIP = "skip"
ON_CONFLICT = (FAIL, SKIP)


@dataclass(frozen=True)
class Skipped:
    """A date of the series that could not be booked, and the booking rules' refusal."""

    day: date
    error: errors.DomainError

    def as_json(self) -> dict:
        return {"date": self.day.isoformat(), "code": self.error.code, "detail": self.error.detail}


@dataclass
class SeriesResult:
    series: BookingSeries
    bookings: list[Booking]
    skipped: list[Skipped] = field(default_factory=list)


def book_series(
    user: User,
    *,
    desk_id: int,
    start: str,
    end: str,
    note: str | None,
    now: datetime,
    dates: list[date] | None = None,
    repeat: Repeat | None = None,
    on_conflict: str = FAIL,
) -> SeriesResult:
    """Book ``desk_id`` for ``user`` from ``start`` to ``end`` (the first occurrence, as for
    one booking) and at the same local times on the other ``dates``, or weekly (``repeat``)."""
    if on_conflict not in ON_CONFLICT:
        raise errors.ValidationFailed(f"on_conflict must be one of {', '.join(ON_CONFLICT)}.")
    check_can_book(user)
    desk = services.load_desk(desk_id)
    services.lock_member(user, desk)
    tz = desk.workspace.tz
    first_start, first_end = wall_clock(start, tz), wall_clock(end, tz)
    days = occurrence_dates(first_start.date(), dates, repeat)
    series = BookingSeries(
        id=uuid.uuid4(), member_id=user.id, workspace_id=desk.workspace_id, created_at=now, created_by_id=user.id
    )
    db.session.add(series)
    db.session.flush()
    made: list[Booking] = []
    skipped: list[Skipped] = []
    for day in days:
        # The first occurrence as the client wrote it (an offset may tell an autumn hour apart).
        times = (start, end) if day == first_start.date() else occurrence_times(first_start, first_end, day)
        try:
            booking = services.book_desk(
                user, desk, start=times[0], end=times[1], note=note, now=now, series_id=series.id, savepoint=True
            )
        except errors.DomainError as exc:
            skipped.append(Skipped(day, exc))
            continue
        made.append(booking)
    if skipped and (on_conflict == FAIL or not made):
        # The whole unit of work rolls back: nothing of the series is kept, no mail queued.
        raise skipped[0].error.with_extra(conflicts=[s.as_json() for s in skipped])
    return SeriesResult(series, made, skipped)


def _parse_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def get_series(user: User, series_id: str) -> SeriesResult:
    """The series and its bookings (in time order) if ``user`` may see it: its member, the
    workspace's managers, admins. Otherwise 404, never revealing that it exists."""
    public_id = _parse_uuid(series_id)
    series = (
        db.session.scalar(
            select(BookingSeries).where(BookingSeries.id == public_id).options(joinedload(BookingSeries.workspace))
        )
        if public_id
        else None
    )
    if series is None or not series.can_view(user):
        raise errors.NotFound("There is no such series.")
    bookings = db.session.scalars(
        select(Booking)
        .where(Booking.series_id == series.id)
        .options(joinedload(Booking.desk), joinedload(Booking.workspace), joinedload(Booking.member))
        .order_by(Booking.starts_at, Booking.id)
    ).all()
    return SeriesResult(series, list(bookings))


def to_cancel(found: SeriesResult, user: User, *, first: date | None, now: datetime) -> list[Booking]:
    """The occurrences a cancellation from local date ``first`` would cancel: confirmed, on or
    after ``first`` (None: not started yet), and still cancellable by ``user`` ``now``."""
    tz = found.series.workspace.tz
    out = []
    for booking in found.bookings:
        if booking.status != CONFIRMED:
            continue
        if first is None and booking.starts_at <= now:
            continue
        if first is not None and booking.starts_at.astimezone(tz).date() < first:
            continue
        if booking.can_cancel(user, now):
            out.append(booking)
    return out


def cancel_series(
    user: User, series_id: str, *, first: date | None, now: datetime, reason: str | None = None
) -> tuple[SeriesResult, list[Booking]]:
    """Cancel the series' confirmed occurrences on or after local date ``first`` (None: every
    one not started yet), each as ``services.cancel`` would (one ``booking_cancelled`` signal
    each). Those that can no longer be cancelled are left as they are. Returns the series and
    the bookings cancelled."""
    found = get_series(user, series_id)
    cancelled = [
        services.cancel_booking(user, booking, now=now, reason=reason)
        for booking in to_cancel(found, user, first=first, now=now)
    ]
    return found, cancelled


@dataclass
class SeriesForm:
    """What the series form offers at a workspace: its desks in service, the local times on
    its slot grid, and which of the next weeks' days can be booked."""

    workspace: Workspace
    desks: list[Desk]
    times: list[str]
    months: list
    today: date


FORM_WEEKS = 8


def series_form(slug: str, now: datetime) -> SeriesForm:
    workspace = get_workspace(slug, with_hours=True)
    tz = workspace.tz
    today = now.astimezone(tz).date()
    last = today + timedelta(weeks=FORM_WEEKS)
    schedule = workspace.schedule(closures_between(workspace, today, last))
    policy = workspace.policy
    horizon = today + timedelta(days=policy.max_advance_days)
    desks = [
        d
        for d in db.session.scalars(select(Desk).where(Desk.workspace_id == workspace.id).order_by(Desk.code))
        if d.in_service_until is None or d.in_service_until >= today
    ]
    windows = [w for offset in range(7) for w in schedule.windows_on(today + timedelta(days=offset))]
    times = []
    if windows:
        opens = min(w[0] for w in windows)
        closes = max(w[1] for w in windows)
        minutes = opens.hour * 60 + opens.minute
        while minutes <= closes.hour * 60 + closes.minute:
            times.append(f"{minutes // 60:02d}:{minutes % 60:02d}")
            minutes += policy.slot_minutes

    def bookable(day: date) -> bool:
        return day >= today and day <= horizon and not schedule.closed_on(day) and bool(schedule.windows_on(day))

    return SeriesForm(workspace, desks, times, calendar_months(today, last, bookable), today)
