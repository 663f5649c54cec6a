"""The pure rules of a series: its dates, its limits and its wall-clock times."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from coworking import errors
from coworking.bookings.series_rules import (
    MAX_OCCURRENCES,
    Repeat,
    calendar_months,
    first_repeat_day,
    occurrence_dates,
    occurrence_times,
)


def test_dates_are_sorted_without_repeats_and_include_the_first():
    got = occurrence_dates(date(2027, 3, 2), dates=[date(2027, 3, 9), date(2027, 3, 2), date(2027, 3, 4)])
    assert got == [date(2027, 3, 2), date(2027, 3, 4), date(2027, 3, 9)]


def test_weekly_stops_counting_past_the_limit_however_far_until_is():
    with pytest.raises(errors.ValidationFailed):
        occurrence_dates(date(2027, 3, 1), repeat=Repeat(frozenset(range(7)), date(2100, 12, 31)))
    got = occurrence_dates(date(2027, 3, 1), repeat=Repeat(frozenset(range(7)), date(2027, 4, 29)))
    assert len(got) == MAX_OCCURRENCES


def test_dates_and_repeat_together_are_refused():
    with pytest.raises(errors.ValidationFailed):
        occurrence_dates(date(2027, 3, 1), dates=[], repeat=Repeat(frozenset({1}), date(2027, 4, 1)))


def test_each_occurrence_keeps_the_wall_clock_times():
    start, end = datetime(2027, 3, 22, 9, 0), datetime(2027, 3, 22, 12, 30)
    assert occurrence_times(start, end, date(2027, 3, 29)) == ("2027-03-29T09:00:00", "2027-03-29T12:30:00")


def test_the_calendar_has_monday_to_sunday_weeks_per_month():
    months = calendar_months(date(2027, 3, 30), date(2027, 4, 5), lambda d: d.weekday() < 5)
    assert [m.first for m in months] == [date(2027, 3, 1), date(2027, 4, 1)]
    march = months[0].weeks
    assert [c.day.day if c else None for c in march[0]] == [None, 30, 31, None, None, None, None]
    april = months[1].weeks
    assert [c.day.day if c else None for c in april[0]] == [None, None, None, 1, 2, 3, 4]
    assert [c.bookable for c in april[0] if c] == [True, True, False, False]


def test_a_weekly_series_starts_on_the_first_chosen_weekday():
    assert first_repeat_day(date(2027, 3, 1), frozenset({3}), date(2027, 3, 31)) == date(2027, 3, 4)
    assert first_repeat_day(date(2027, 3, 1), frozenset({3}), date(2027, 3, 3)) is None
