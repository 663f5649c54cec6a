"""Pure rules of booking mails: the preferences' values and when a reminder is due.

Times are the workspace's wall-clock times (zoneinfo): "18:00 the day before" is 18:00 local
whatever the offset that day, also on the Saturday of a spring-forward weekend."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from coworking import errors

DAY_BEFORE = "day_before"
SAME_MORNING = "same_morning"
NO_REMINDER = "none"
REMINDERS = (DAY_BEFORE, SAME_MORNING, NO_REMINDER)

EVENING = time(18, 0)  # "day_before": this local time on the day before the start
MORNING = time(7, 0)  # "same_morning": this local time on the day of the start…
MORNING_MARGIN = timedelta(hours=1)  # …but at least this long before the start


class Preferences(NamedTuple):
    """Which booking mails a member wants. Cancellations by a manager or a closure, and
    account mails, are always sent."""

    confirmations: bool = True
    cancellations: bool = True
    reminders: str = DAY_BEFORE

    def as_dict(self) -> dict:
        return {"confirmations": self.confirmations, "cancellations": self.cancellations, "reminders": self.reminders}


DEFAULTS = Preferences()


def checked(current: Preferences, changes: dict) -> Preferences:
    """``current`` with ``changes`` (any of the three fields) applied, or ValidationFailed
    naming every field that is wrong."""
    problems: dict[str, list[str]] = {}
    unknown = sorted(set(changes) - set(Preferences._fields))
    for name in unknown:
        problems[name] = ["Unknown field."]
    values = current._asdict()
    for name in ("confirmations", "cancellations"):
        if name in changes:
            if not isinstance(changes[name], bool):
                problems[name] = ["Must be true or false."]
            else:
                values[name] = changes[name]
    if "reminders" in changes:
        if changes["reminders"] not in REMINDERS:
            problems["reminders"] = [f"Must be one of {', '.join(REMINDERS)}."]
        else:
            values["reminders"] = changes["reminders"]
    if problems:
        raise errors.ValidationFailed("The notification preferences are not valid.", errors=problems)
    return Preferences(**values)


def _at_local(day, wall: time, tz: ZoneInfo) -> datetime:
    """The instant of wall-clock ``wall`` on local ``day``. A wall time the spring change
    skips is read with the offset before the change (it falls an hour later on the clock); a
    repeated one as its first pass. 18:00 and 07:00 are never either in any zone with DST
    changes at night, but the rule holds whatever the zone does."""
    local = datetime.combine(day, wall, tzinfo=tz)
    return local.astimezone(UTC)


def reminder_at(starts_at: datetime, tz: ZoneInfo, reminders: str) -> datetime | None:
    """When a booking starting at ``starts_at`` (aware) gets its reminder, or None."""
    day = starts_at.astimezone(tz).date()
    if reminders == DAY_BEFORE:
        return _at_local(day - timedelta(days=1), EVENING, tz)
    if reminders == SAME_MORNING:
        return min(_at_local(day, MORNING, tz), starts_at - MORNING_MARGIN)
    return None


def reminder_due(
    *, starts_at: datetime, created_at: datetime, tz: ZoneInfo, reminders: str, now: datetime
) -> datetime | None:
    """The reminder instant when the reminder is due ``now``: it has come and the booking has
    not started, and the booking was made before it (whoever books after 18:00 for tomorrow
    just got the confirmation). None otherwise."""
    at = reminder_at(starts_at, tz, reminders)
    if at is None or not (at <= now < starts_at) or created_at >= at:
        return None
    return at
