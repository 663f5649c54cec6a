"""When a reminder is due (pure rules), in the workspace's wall-clock time, across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from coworking import errors
from coworking.notifications import rules

BRUSSELS = ZoneInfo("Europe/Brussels")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (utc(2027, 3, 2, 8), utc(2027, 3, 1, 17)),  # Tuesday 09:00 CET → Monday 18:00 CET
        (utc(2027, 3, 28, 7), utc(2027, 3, 27, 17)),  # Sunday of spring-forward: Saturday 18:00 CET
        (utc(2027, 3, 29, 7), utc(2027, 3, 28, 16)),  # the Monday after: Sunday 18:00 CEST
        (utc(2027, 11, 1, 8), utc(2027, 10, 31, 17)),  # after the autumn change: Sunday 18:00 CET
        (utc(2027, 3, 2, 23, 30), utc(2027, 3, 2, 17)),  # 00:30 Wednesday local: Tuesday 18:00
    ],
)
def test_day_before_is_18_local_the_day_before(start, expected):
    assert rules.reminder_at(start, BRUSSELS, rules.DAY_BEFORE) == expected


def test_same_morning_is_7_local_but_at_least_an_hour_before():
    assert rules.reminder_at(utc(2027, 3, 2, 8), BRUSSELS, rules.SAME_MORNING) == utc(2027, 3, 2, 6)
    assert rules.reminder_at(utc(2027, 3, 28, 7), BRUSSELS, rules.SAME_MORNING) == utc(2027, 3, 28, 5)  # 07:00 CEST
    early = utc(2027, 3, 2, 6, 30)  # 07:30 local
    assert rules.reminder_at(early, BRUSSELS, rules.SAME_MORNING) == early - timedelta(hours=1)


def test_none_means_no_reminder():
    assert rules.reminder_at(utc(2027, 3, 2, 8), BRUSSELS, rules.NO_REMINDER) is None


def test_due_from_the_reminder_until_the_start_for_bookings_made_before_it():
    start, made = utc(2027, 3, 2, 8), utc(2027, 2, 20, 12)

    def due(now, created_at=made):
        return rules.reminder_due(
            starts_at=start, created_at=created_at, tz=BRUSSELS, reminders=rules.DAY_BEFORE, now=now
        )

    assert due(utc(2027, 3, 1, 16, 59)) is None
    assert due(utc(2027, 3, 1, 17)) == utc(2027, 3, 1, 17)
    assert due(utc(2027, 3, 2, 7, 59)) == utc(2027, 3, 1, 17)
    assert due(start) is None
    assert due(utc(2027, 3, 1, 19), created_at=utc(2027, 3, 1, 18)) is None  # booked after 18:00


def test_preferences_are_checked():
    assert rules.checked(rules.DEFAULTS, {"reminders": "none"}).reminders == "none"
    with pytest.raises(errors.ValidationFailed) as caught:
        rules.checked(rules.DEFAULTS, {"reminders": "weekly", "confirmations": 1, "colour": "red"})
    assert set(caught.value.extra["errors"]) == {"reminders", "confirmations", "colour"}


def test_a_local_day_has_one_reminder_whatever_the_offset():
    for day in (date(2027, 3, 27), date(2027, 3, 28), date(2027, 10, 30), date(2027, 10, 31)):
        instant = rules.reminder_at(
            datetime.combine(day, datetime.min.time(), BRUSSELS) + timedelta(days=1, hours=9),
            BRUSSELS,
            rules.DAY_BEFORE,
        )
        assert instant.astimezone(BRUSSELS).hour == 18 and instant.astimezone(BRUSSELS).date() == day
