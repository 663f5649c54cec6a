"""The pure check-in rules: the window, the grace's end, overdue, and until when an unchecked
booking holds its desk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coworking import errors
from coworking.bookings import checkin_rules
from coworking.workspaces.rules import BookingPolicy

START = datetime(2027, 3, 2, 8, tzinfo=UTC)
END = START + timedelta(hours=3)
REQUIRED = BookingPolicy(check_in_required=True, check_in_opens_minutes=15, check_in_grace_minutes=30)
OPTIONAL = BookingPolicy(check_in_opens_minutes=15, check_in_grace_minutes=30)
MINUTE = timedelta(minutes=1)


def test_required_check_in_is_open_from_the_opening_until_the_grace_end():
    assert not checkin_rules.window_open(START, END, START - 16 * MINUTE, REQUIRED)
    assert checkin_rules.window_open(START, END, START - 15 * MINUTE, REQUIRED)
    assert checkin_rules.window_open(START, END, START + 30 * MINUTE - timedelta(microseconds=1), REQUIRED)
    assert not checkin_rules.window_open(START, END, START + 30 * MINUTE, REQUIRED)
    with pytest.raises(errors.CheckInClosed):
        checkin_rules.check_window(START, END, START + 30 * MINUTE, REQUIRED)


def test_optional_check_in_stays_open_until_the_end():
    assert checkin_rules.window_open(START, END, END - MINUTE, OPTIONAL)
    assert not checkin_rules.window_open(START, END, END, OPTIONAL)
    assert not checkin_rules.overdue(
        start=START, end=END, checked_in=False, confirmed=True, now=START + 2 * 60 * MINUTE, policy=OPTIONAL
    )


@pytest.mark.parametrize(
    ("now", "checked_in", "confirmed", "expected"),
    [
        (START + 29 * MINUTE, False, True, False),
        (START + 30 * MINUTE, False, True, True),
        (START + 30 * MINUTE, True, True, False),
        (START + 30 * MINUTE, False, False, False),
        (END, False, True, False),  # over: nothing left to free
    ],
)
def test_overdue_at_the_grace_end(now, checked_in, confirmed, expected):
    assert (
        checkin_rules.overdue(
            start=START, end=END, checked_in=checked_in, confirmed=confirmed, now=now, policy=REQUIRED
        )
        is expected
    )


def test_an_unchecked_booking_holds_its_desk_until_the_grace_end_once_it_has_passed():
    assert checkin_rules.free_from(START, END, False, START + 29 * MINUTE, REQUIRED) == END
    assert checkin_rules.free_from(START, END, False, START + 30 * MINUTE, REQUIRED) == START + 30 * MINUTE
    assert checkin_rules.free_from(START, END, True, START + 60 * MINUTE, REQUIRED) == END
    assert checkin_rules.free_from(START, END, False, START + 60 * MINUTE, OPTIONAL) == END


def test_the_policy_refuses_a_flag_that_is_not_a_boolean():
    with pytest.raises(errors.ValidationFailed):
        BookingPolicy(check_in_required="yes")
    with pytest.raises(errors.ValidationFailed):
        BookingPolicy(check_in_grace_minutes=0)
