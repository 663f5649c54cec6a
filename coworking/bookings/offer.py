"""What the booking form on a workspace's day offers, seen at a given instant, and how it words
a refused booking: which parts of the day are left, from when, at which desk; why a day cannot
be booked; what a conflicting booking actually was. Used by the day page (bookings.workspace_pages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _

from coworking import errors
from coworking.bookings.forms import BookingForm
from coworking.bookings.queries import conflicts
from coworking.bookings.rules import bookable_presets, first_bookable, preset_times
from coworking.i18n import error_message, local_date, local_time
from coworking.workspaces.rules import parse_instant
from coworking.workspaces.services import closures_between


@dataclass
class Bookable:
    """What the booking form may offer on a day, seen ``now``: why not at all (``refusal``),
    the first local time a booking may start, and each preset's local span."""

    today: date
    last_day: date  # the booking window's last day
    refusal: str | None
    earliest: time | None
    presets: dict[str, tuple[time, time]]

    def start_instant(self, day: date, tz) -> datetime | None:
        return None if self.earliest is None else instant(day, self.earliest, tz)


def bookable(workspace, day: date, windows: list[tuple[time, time]], now: datetime) -> Bookable:
    policy = workspace.policy
    tz = workspace.tz
    today = now.astimezone(tz).date()
    last_day = today + timedelta(days=policy.max_advance_days)
    earliest = first_bookable(day, now, workspace.schedule(), policy)
    presets = bookable_presets(day, windows, earliest, today=day == today, tz=tz, policy=policy)
    refusal = None
    if day < today:
        refusal = _("This day is over: it can no longer be booked.")
    elif day > last_day:
        refusal = _(
            "Bookings for this day open on %(date)s: this workspace takes bookings up to %(days)d days ahead.",
            date=local_date(day - timedelta(days=policy.max_advance_days)),
            days=policy.max_advance_days,
        )
    elif windows and not any(earliest is not None and earliest < closes for _opens, closes in windows):
        refusal = _("There is no time left to book today.")
    return Bookable(today, last_day, refusal, earliest, presets)


def first_day_for(workspace, start: time, end: time, now: datetime) -> date:
    """The first day, from today (in the workspace's zone) to the end of the booking window,
    whose opening hours hold ``start``–``end`` and on which ``start`` can still be booked:
    where "Book again" takes a member. Today when there is none."""
    policy = workspace.policy
    today = now.astimezone(workspace.tz).date()
    last = today + timedelta(days=policy.max_advance_days)
    schedule = workspace.schedule(closures_between(workspace, today, last))
    day = today
    while day <= last:
        earliest = first_bookable(day, now, schedule, policy)
        fits = any(opens <= start and end <= closes for opens, closes in schedule.windows_on(day))
        if fits and earliest is not None and earliest <= start:
            return day
        day += timedelta(days=1)
    return today


def instant(day: date, wall: time, tz) -> datetime:
    return datetime.combine(day, wall, tzinfo=tz).astimezone(UTC)


def local_windows(view) -> list[tuple[time, time]]:
    """The day's opening windows as local times."""
    tz = view.workspace.tz
    return [(s.astimezone(tz).time(), e.astimezone(tz).time()) for s, e in view.open]


def preset_label(label, span: tuple[time, time] | None) -> str:
    """E.g. "Afternoon (13:30–18:00)": the times a preset books today, in the page's format."""
    if span is None:
        return str(label)
    return _("%(part)s (%(start)s–%(end)s)", part=label, start=local_time(span[0]), end=local_time(span[1]))


def free_for(free, day: date, tz, span: tuple[time, time]) -> bool:
    start, end = instant(day, span[0], tz), instant(day, span[1], tz)
    return any(f_start <= start and end <= f_end for f_start, f_end in free)


def period_for_desk(free, day: date, tz, presets: dict[str, tuple[time, time]], current: str) -> str:
    if current in presets and free_for(free, day, tz, presets[current]):
        return current
    return next((name for name, span in presets.items() if free_for(free, day, tz, span)), current)


def bookable_free(free, from_instant: datetime | None):
    """A desk's free spans from the first bookable instant on (time already gone is not free)."""
    if from_instant is None:
        return []
    return [(max(s, from_instant), e) for s, e in free if e > from_instant]


def suggested_desk(desks, free, day: date, tz, span: tuple[time, time] | None) -> int | None:
    """The first desk free for the whole of the preselected period, else the first desk with
    any bookable time: pressing "Book" straight away should just work."""
    if span is not None:
        for d in desks:
            if free_for(free[d.desk.id], day, tz, span):
                return d.desk.id
    return next((d.desk.id for d in desks if free[d.desk.id]), None)


def missing_preset(windows, period: str, day: date, today: date) -> tuple[str, str]:
    """Why a preset cannot be booked: over already, or not a part of that day."""
    if day < today:
        return "in_the_past", error_message("in_the_past")
    if day == today and (period == "now" or preset_times(windows, period) is not None):
        return "in_the_past", _("That part of today is over. Choose another part of the day or pick times.")
    if period == "now":
        return "validation_error", _("“Now until closing” is only for today. Choose another part of the day.")
    return "outside_opening_hours", _("The workspace is not open for that part of the day. Choose times instead.")


# A booking made up to this long before the page was shown may not have been on it yet (its
# transaction was still running): it counts as made meanwhile.
RACE_MARGIN = timedelta(seconds=5)


def conflict_message(workspace, form: BookingForm, day: date, start: str, end: str, user) -> str | None:
    """Say what a refused booking actually ran into: the member's own booking, a booking
    already there when the page was shown, or (only then) one made meanwhile — a race."""
    tz = workspace.tz
    try:
        start_at = parse_instant(f"{day.isoformat()}T{start}", tz)
        end_at = parse_instant(f"{day.isoformat()}T{end}", tz)
    except errors.DomainError:
        return None
    found = conflicts(form.desk.data, user.id, start_at, end_at)
    own = next((c for c in found if c.member_id == user.id), None)
    if own is not None:
        return _(
            "You already have a booking from %(start)s to %(end)s (desk %(desk)s) that overlaps this time.",
            start=local_time(own.starts_at, tz),
            end=local_time(own.ends_at, tz),
            desk=own.desk_code,
        )
    theirs = next((c for c in found if c.desk_id == form.desk.data), None)
    if theirs is None:
        return None
    shown_at = _instant_or_none(form.shown_at.data)
    if shown_at is not None and theirs.created_at > shown_at - RACE_MARGIN:
        return error_message("desk_taken")
    return _(
        "Desk %(desk)s is already booked from %(start)s to %(end)s. Please pick another desk or time.",
        desk=theirs.desk_code,
        start=local_time(theirs.starts_at, tz),
        end=local_time(theirs.ends_at, tz),
    )


def _instant_or_none(text: str | None) -> datetime | None:
    try:
        value = datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return value if value.tzinfo is not None else None
