"""Pure booking rules: one function per rule, in the order they are checked.

Every entry point (JSON API, web pages, CLI) goes through ``check_new_booking`` and
``check_cancellation`` via the booking services; nothing else decides these questions.
Instants are aware UTC datetimes; local questions use the workspace's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from coworking import errors
from coworking.workspaces.rules import BookingPolicy, Schedule, in_service, to_utc


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Half-open intervals [start, end): touching intervals do not overlap."""
    return a_start < b_end and b_start < a_end


def check_interval(start: datetime, end: datetime) -> None:
    if not start < end:
        raise errors.InvalidInterval("The booking must end after it starts.")


def check_alignment(start: datetime, end: datetime, schedule: Schedule, policy: BookingPolicy) -> None:
    """Start and end fall on the slot grid of the local clock (e.g. :00 and :30)."""
    for instant in (start, end):
        local = instant.astimezone(schedule.tz)
        minutes = local.hour * 60 + local.minute
        if local.second or local.microsecond or minutes % policy.slot_minutes:
            raise errors.Misaligned(
                f"{local:%H:%M:%S} is not on the {policy.slot_minutes}-minute grid of this workspace."
            )


def check_timing(start: datetime, end: datetime, now: datetime, schedule: Schedule, policy: BookingPolicy) -> None:
    if start < now:
        raise errors.InThePast("The booking would start in the past.")
    if start < now + timedelta(minutes=policy.min_notice_minutes):
        raise errors.TooSoon(f"Book at least {policy.min_notice_minutes} minutes ahead.")
    today = now.astimezone(schedule.tz).date()
    if start.astimezone(schedule.tz).date() > today + timedelta(days=policy.max_advance_days):
        raise errors.TooFarAhead(f"Bookings open {policy.max_advance_days} days ahead.")
    if end - start > timedelta(minutes=policy.max_length_minutes):
        raise errors.TooLong(f"A booking may last at most {policy.max_length_minutes} minutes.")


def check_opening(start: datetime, end: datetime, schedule: Schedule) -> date:
    """Not in a closure, and inside one opening window of one local day. Returns that day."""
    local_start = start.astimezone(schedule.tz)
    local_end = end.astimezone(schedule.tz)
    day = local_start.date()
    last_day = (local_end - timedelta(microseconds=1)).date()
    for offset in range((last_day - day).days + 1):
        if schedule.closed_on(day + timedelta(days=offset)):
            raise errors.Closed(f"The workspace is closed on {day + timedelta(days=offset):%Y-%m-%d}.")
    if last_day == day:
        for opens_utc, closes_utc in schedule.open_intervals(day):
            if opens_utc <= start and end <= closes_utc:
                return day
    raise errors.OutsideOpeningHours("The booking must lie within the opening hours of one day.")


def check_desk_in_service(
    day: date, in_service_from: date, in_service_until: date | None, outages: Iterable[tuple[date, date]] = ()
) -> None:
    """Out of its service period or on one of its outages (repairs): the same refusal."""
    if not in_service(day, in_service_from, in_service_until, outages):
        raise errors.DeskOutOfService("This desk is not in service on that day.")


def check_active_limit(active_bookings: int, policy: BookingPolicy) -> None:
    if active_bookings >= policy.max_active_bookings:
        raise errors.LimitReached(
            f"You already have {active_bookings} upcoming bookings here (the limit is {policy.max_active_bookings})."
        )


def check_new_booking(
    *,
    start: datetime,
    end: datetime,
    now: datetime,
    schedule: Schedule,
    policy: BookingPolicy,
    desk_in_service: tuple,  # (in_service_from, in_service_until[, outages])
    active_bookings: int,
) -> None:
    """Every rule for a new booking, in a fixed order. Overlaps with other bookings are
    left to the database (exclusion constraints / triggers), which is race-free."""
    check_interval(start, end)
    check_alignment(start, end, schedule, policy)
    check_timing(start, end, now, schedule, policy)
    day = check_opening(start, end, schedule)
    check_desk_in_service(day, *desk_in_service)
    check_active_limit(active_bookings, policy)


# A booking made by mistake can be undone for this long after it was made, whatever the
# workspace's cancellation cut-off (even once it has started, as long as it has not ended).
UNDO_MINUTES = 10


def undo_until(created_at: datetime) -> datetime:
    """Until when the member who just made a booking may undo it, whatever the cut-off."""
    return created_at + timedelta(minutes=UNDO_MINUTES)


def cutoff_at(start: datetime, policy: BookingPolicy) -> datetime:
    """The workspace's cancellation cut-off for a booking starting at ``start``."""
    return start - timedelta(minutes=policy.cancel_cutoff_minutes)


def cancellation_deadline(start: datetime, policy: BookingPolicy, created_at: datetime | None = None) -> datetime:
    """Until when its member may cancel a booking starting at ``start``: the cut-off, or the
    end of the undo window when that is later (``created_at`` given)."""
    cutoff = cutoff_at(start, policy)
    return cutoff if created_at is None else max(cutoff, undo_until(created_at))


def check_cancellation(
    start: datetime,
    now: datetime,
    policy: BookingPolicy,
    *,
    by_manager: bool,
    created_at: datetime | None = None,
    end: datetime | None = None,
) -> None:
    """Members may cancel until the cut-off before the start, and undo a booking within
    UNDO_MINUTES of making it (``created_at``) until it ends; managers cancel others' bookings
    until the start."""
    if not by_manager and created_at is not None and now <= undo_until(created_at):
        if end is not None and now >= end:
            raise errors.CancellationClosed("The booking is over.")
        return
    if now >= start:
        raise errors.CancellationClosed("The booking has already started.")
    if not by_manager and now > cutoff_at(start, policy):
        raise errors.CancellationClosed(
            f"Bookings can be cancelled until {policy.cancel_cutoff_minutes} minutes before they start."
        )


def cutoff_passed_for(start: datetime, now: datetime, policy: BookingPolicy) -> bool:
    """Whether a booking starting at ``start`` made ``now`` is already past its cut-off (only
    the undo window lets its member cancel it): the booking form says so before booking."""
    return now > cutoff_at(start, policy)


# --- the booking form's presets -------------------------------------------------------------

PRESETS = ("morning", "afternoon", "day", "now")
NOON = time(13, 0)


def preset_times(windows: list[tuple[time, time]], preset: str) -> tuple[time, time] | None:
    """Local start and end for "morning", "afternoon" or "day" on a day with these opening
    windows, or None when the day has no such part. Morning runs from opening to 13:00 (or
    the first window's close), afternoon from 13:00 (or the last window's opening) to closing;
    a whole day needs one unbroken window. Ignores the clock: see ``preset_span``."""
    if not windows:
        return None
    first, last = windows[0], windows[-1]
    if preset == "morning" and first[0] < NOON:
        return first[0], min(first[1], NOON)
    if preset == "afternoon" and last[1] > NOON:
        return max(last[0], NOON), last[1]
    if preset == "day" and len(windows) == 1:
        return first
    return None


def preset_span(
    windows: list[tuple[time, time]], preset: str, earliest: time | None, *, today: bool
) -> tuple[time, time] | None:
    """What ``preset`` means on a day with these opening windows when nothing may start
    before the local time ``earliest`` (from ``first_bookable``; ``time.min`` on a later day,
    None when nothing more can be booked that day). A part of the day that is over is not
    offered (None); one that has begun starts at ``earliest``. "now" (until closing) exists
    only ``today``: from ``earliest`` to the close of the window it falls in (or the next)."""
    if earliest is None:
        return None
    if preset == "now":
        if not today:
            return None
        for opens, closes in windows:
            if earliest < closes:
                return max(opens, earliest), closes
        return None
    span = preset_times(windows, preset)
    if span is None:
        return None
    start, end = max(span[0], earliest), span[1]
    # "day" is one unbroken window: started, it becomes the rest of that window.
    return (start, end) if start < end else None


def bookable_presets(
    day: date, windows: list[tuple[time, time]], earliest: time | None, *, today: bool, tz, policy: BookingPolicy
) -> dict[str, tuple[time, time]]:
    """Each preset ``day`` still offers, as local (start, end), within the longest booking the
    policy allows: a longer morning, afternoon or "now until closing" ends when that runs out
    (counted in real time, so a DST day is right), a longer whole day is not offered."""
    longest = timedelta(minutes=policy.max_length_minutes)
    out = {}
    for name in PRESETS:
        span = preset_span(windows, name, earliest, today=today)
        if span is None:
            continue
        start = datetime.combine(day, span[0], tzinfo=tz).astimezone(UTC)
        end = datetime.combine(day, span[1], tzinfo=tz).astimezone(UTC)
        if end - start > longest:
            if name == "day":
                continue
            wall = (start + longest).astimezone(tz)
            if wall.date() != day or (wall.hour * 60 + wall.minute) % policy.slot_minutes:
                continue
            span = (span[0], wall.time().replace(tzinfo=None))
        out[name] = span
    return out


def first_bookable(day: date, now: datetime, schedule: Schedule, policy: BookingPolicy) -> time | None:
    """The first local time on ``day``'s slot grid at which a booking made ``now`` may start
    (now plus the minimum notice, rounded up to the next slot boundary): ``time.min`` when the
    whole day is still ahead, None when the day is over. Local times that do not exist or
    happen twice (DST changes) are skipped, as the form cannot book them."""
    threshold = now + timedelta(minutes=policy.min_notice_minutes)
    local_day = threshold.astimezone(schedule.tz).date()
    if local_day < day:
        return time.min
    if local_day > day:
        return None
    for minutes in range(0, 24 * 60, policy.slot_minutes):
        wall = datetime.combine(day, time(minutes // 60, minutes % 60))
        try:
            instant = to_utc(wall, schedule.tz)
        except (errors.NonexistentLocalTime, errors.AmbiguousLocalTime):
            continue
        if instant >= threshold:
            return wall.time()
    return None
