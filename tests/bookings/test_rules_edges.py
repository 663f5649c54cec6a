"""The pure rules at their edges: the cases mutation testing (``make mutmut``, see
docs/testing.md) found no test for. Boundaries (a day that is both first and last, a window
that closes at noon), the message each refusal gives API clients, and the rules' independence
from the server's own time zone. No Flask, no database."""

from __future__ import annotations

import os
import time as _time
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from coworking import errors
from coworking.bookings import rules
from coworking.workspaces.rules import (
    BookingPolicy,
    Schedule,
    Window,
    in_service,
    local_day_bounds,
    parse_hhmm,
    parse_instant,
    to_utc,
    validate_windows,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
SCHEDULE = Schedule(BRUSSELS, tuple(Window(d, time(9), time(18)) for d in range(5)))
POLICY = BookingPolicy()
NOW = datetime(2027, 3, 1, 8, tzinfo=UTC)  # Monday 09:00 in Brussels
TUE, WED = date(2027, 3, 2), date(2027, 3, 3)


def at(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return to_utc(datetime.combine(day, time(hh, mm, ss)), BRUSSELS)


def refusal(call, expected: type[errors.DomainError]) -> str:
    with pytest.raises(expected) as caught:
        call()
    return caught.value.detail


@pytest.fixture
def server_far_from_brussels():
    """The server's own clock in Kathmandu (UTC+05:45): the rules must not notice."""
    was = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Kathmandu"
    _time.tzset()
    yield
    if was is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = was
    _time.tzset()


# --- local time -----------------------------------------------------------------------------------


def test_local_day_bounds_are_the_local_midnights_also_on_a_23_hour_day():
    assert local_day_bounds(date(2027, 3, 28), BRUSSELS) == (
        datetime(2027, 3, 27, 23, tzinfo=UTC),
        datetime(2027, 3, 28, 22, tzinfo=UTC),
    )
    assert local_day_bounds(date(2027, 10, 31), BRUSSELS) == (
        datetime(2027, 10, 30, 22, tzinfo=UTC),
        datetime(2027, 10, 31, 23, tzinfo=UTC),
    )


def test_instants_come_out_in_utc_whatever_the_servers_zone(server_far_from_brussels):
    aware = datetime(2027, 3, 2, 10, tzinfo=BRUSSELS)
    for instant in (
        to_utc(aware, BRUSSELS),
        to_utc(datetime(2027, 3, 2, 10), BRUSSELS),
        *local_day_bounds(TUE, BRUSSELS),
        *SCHEDULE.open_intervals(TUE)[0],
    ):
        assert instant.tzinfo is UTC
    assert to_utc(aware, BRUSSELS) == datetime(2027, 3, 2, 9, tzinfo=UTC)


def test_a_tzinfo_without_offset_counts_as_wall_clock_time():
    class NoOffset(tzinfo):
        def utcoffset(self, dt):
            return None

    assert to_utc(datetime(2027, 3, 2, 10, tzinfo=NoOffset()), BRUSSELS) == datetime(2027, 3, 2, 9, tzinfo=UTC)


def test_a_repeated_time_is_refused_whichever_fold_it_carries():
    for fold in (0, 1):
        with pytest.raises(errors.AmbiguousLocalTime):
            to_utc(datetime(2027, 10, 31, 2, 30, fold=fold), BRUSSELS)
        with pytest.raises(errors.NonexistentLocalTime):
            to_utc(datetime(2027, 3, 28, 2, 30, fold=fold), BRUSSELS)


def test_a_skipped_time_says_which_and_where():
    detail = refusal(lambda: to_utc(datetime(2027, 3, 28, 2, 30), BRUSSELS), errors.NonexistentLocalTime)
    assert detail == "2027-03-28 02:30 does not exist in Europe/Brussels."


def test_booking_rules_use_the_workspaces_zone_not_the_servers(server_far_from_brussels):
    # 09:00–10:00 in Brussels is 13:45–14:45 in Kathmandu: on the grid, open, today.
    rules.check_new_booking(
        start=at(TUE, 9),
        end=at(TUE, 10),
        now=NOW,
        schedule=SCHEDULE,
        policy=BookingPolicy(max_advance_days=1),
        desk_in_service=(TUE, TUE),
        active_bookings=0,
    )
    rules.check_alignment(at(TUE, 9), at(TUE, 10), SCHEDULE, BookingPolicy(slot_minutes=60))
    # Tuesday 23:00 in Brussels is already Wednesday in Kathmandu, still "1 day ahead" here.
    late = Schedule(BRUSSELS, (Window(2, time(9), time(23, 30)),))
    rules.check_timing(
        at(date(2027, 3, 2), 23), at(date(2027, 3, 2), 23, 30), NOW, late, BookingPolicy(max_advance_days=1)
    )
    # Monday 21:00 in Brussels is Tuesday 01:45 in Kathmandu: Wednesday is still 2 days ahead.
    evening = datetime(2027, 3, 1, 20, tzinfo=UTC)
    with pytest.raises(errors.TooFarAhead):
        rules.check_timing(at(WED, 9), at(WED, 10), evening, SCHEDULE, BookingPolicy(max_advance_days=1))
    # 19:30–20:30 in Brussels runs past midnight in Kathmandu: still one Brussels day, open.
    long_tuesday = Schedule(BRUSSELS, (Window(1, time(9), time(21)),))
    assert rules.check_opening(at(TUE, 19, 30), at(TUE, 20, 30), long_tuesday) == TUE


# --- parsing ---------------------------------------------------------------------------------------


def test_hhmm_needs_two_digits_each_side():
    for text in ("9:00", "09:0", "9:0"):
        assert (
            refusal(lambda t=text: parse_hhmm(t), errors.ValidationFailed) == f"{text!r} is not a time of day as HH:MM."
        )
    assert parse_hhmm("09:05") == time(9, 5)


def test_instants_on_the_first_and_last_supported_days_are_accepted():
    assert parse_instant("2000-01-01T09:00", BRUSSELS) == datetime(2000, 1, 1, 8, tzinfo=UTC)
    assert parse_instant("2100-12-31T09:00", BRUSSELS) == datetime(2100, 12, 31, 8, tzinfo=UTC)
    assert refusal(lambda: parse_instant("1999-12-31T09:00", BRUSSELS), errors.ValidationFailed) == (
        "'1999-12-31T09:00' is outside 2000–2100."
    )
    assert refusal(lambda: parse_instant("soon", BRUSSELS), errors.ValidationFailed) == (
        "'soon' is not an ISO 8601 date and time."
    )


# --- opening windows and policies -------------------------------------------------------------


def test_weekdays_run_from_monday_0_to_sunday_6():
    assert validate_windows([Window(6, time(9), time(12))]) == [Window(6, time(9), time(12))]
    assert refusal(lambda: validate_windows([Window(7, time(9), time(12))]), errors.ValidationFailed) == (
        "weekday must be 0 (Monday) to 6 (Sunday), got 7."
    )


def test_a_window_must_open_before_it_closes():
    assert refusal(lambda: validate_windows([Window(0, time(9), time(9))]), errors.ValidationFailed) == (
        "On weekday 0, opening 09:00 is not before 09:00."
    )


def test_window_edges_lie_on_the_slot_grid_counted_from_midnight():
    # 01:30 and 03:00 are on a 90-minute grid; 01:00 is not.
    assert validate_windows([Window(0, time(1, 30), time(3))], 90) == [Window(0, time(1, 30), time(3))]
    assert refusal(lambda: validate_windows([Window(0, time(1), time(3))], 90), errors.ValidationFailed) == (
        "01:00 is not on the 90-minute slot grid."
    )


def test_windows_of_different_days_never_overlap_and_touching_ones_merge():
    windows = [Window(0, time(9), time(12)), Window(1, time(10), time(11)), Window(0, time(12), time(18))]
    assert validate_windows(windows) == [Window(0, time(9), time(18)), Window(1, time(10), time(11))]
    three = [Window(2, time(8), time(9)), Window(2, time(9), time(12)), Window(2, time(12), time(18))]
    assert validate_windows(three) == [Window(2, time(8), time(18))]
    # Monday closing at 18:00 and Tuesday opening at 18:00 stay two windows.
    assert len(validate_windows([Window(0, time(9), time(18)), Window(1, time(18), time(20))])) == 2
    overlapping = [Window(0, time(9), time(12)), Window(0, time(11), time(18))]
    assert refusal(lambda: validate_windows(overlapping), errors.ValidationFailed) == (
        "Opening windows on weekday 0 overlap."
    )


def test_a_desk_is_in_service_on_its_first_and_last_day():
    assert in_service(TUE, TUE, TUE)
    assert not in_service(TUE, WED, None)
    assert not in_service(WED, TUE, TUE)


def test_a_closed_day_has_no_windows():
    closed = Schedule(BRUSSELS, SCHEDULE.windows, ((TUE, TUE),))
    assert closed.windows_on(TUE) == []
    assert closed.windows_on(WED) == [(time(9), time(18))]


def test_policy_numbers_are_whole_numbers_not_booleans_or_floats():
    for bad in (True, 3.0):
        detail = refusal(lambda b=bad: BookingPolicy(max_active_bookings=b), errors.ValidationFailed)
        assert detail == "policy.max_active_bookings must be a whole number from 1 to 1000."


def test_slots_must_divide_a_day_of_24_hours():
    assert BookingPolicy(slot_minutes=45, max_length_minutes=450).slot_minutes == 45
    assert refusal(lambda: BookingPolicy(slot_minutes=50, max_length_minutes=500), errors.ValidationFailed) == (
        "policy.slot_minutes must divide a day (e.g. 15, 30, 60)."
    )
    assert refusal(lambda: BookingPolicy(slot_minutes=60, max_length_minutes=90), errors.ValidationFailed) == (
        "policy.max_length_minutes must be a multiple of slot_minutes."
    )


# --- a new booking ---------------------------------------------------------------------------------


def check(start, end, *, now=NOW, schedule=SCHEDULE, policy=POLICY, service=(date(2020, 1, 1), None), active=0):
    rules.check_new_booking(
        start=start, end=end, now=now, schedule=schedule, policy=policy, desk_in_service=service, active_bookings=active
    )


def test_each_refusal_tells_the_client_why():
    """The English detail the API sends with each refusal (the web layer translates it)."""
    cases = [
        ((at(TUE, 10), at(TUE, 10)), {}, errors.InvalidInterval, "The booking must end after it starts."),
        (
            (at(TUE, 9, 10), at(TUE, 10)),
            {},
            errors.Misaligned,
            "09:10:00 is not on the 30-minute grid of this workspace.",
        ),
        (
            (at(TUE, 9, 0, 5), at(TUE, 10)),
            {},
            errors.Misaligned,
            "09:00:05 is not on the 30-minute grid of this workspace.",
        ),
        (
            (at(date(2027, 2, 26), 9), at(date(2027, 2, 26), 10)),
            {},
            errors.InThePast,
            "The booking would start in the past.",
        ),
        (
            (at(date(2027, 3, 1), 9, 30), at(date(2027, 3, 1), 10)),
            {"policy": BookingPolicy(min_notice_minutes=60)},
            errors.TooSoon,
            "Book at least 60 minutes ahead.",
        ),
        ((at(date(2027, 5, 3), 9), at(date(2027, 5, 3), 10)), {}, errors.TooFarAhead, "Bookings open 60 days ahead."),
        (
            (at(TUE, 9), at(TUE, 17)),
            {"policy": BookingPolicy(max_length_minutes=240)},
            errors.TooLong,
            "A booking may last at most 240 minutes.",
        ),
        (
            (at(TUE, 8), at(TUE, 10)),
            {},
            errors.OutsideOpeningHours,
            "The booking must lie within the opening hours of one day.",
        ),
        (
            (at(TUE, 9), at(TUE, 10)),
            {"schedule": Schedule(BRUSSELS, SCHEDULE.windows, ((TUE, TUE),))},
            errors.Closed,
            "The workspace is closed on 2027-03-02.",
        ),
        (
            (at(TUE, 9), at(TUE, 10)),
            {"service": (WED, None)},
            errors.DeskOutOfService,
            "This desk is not in service on that day.",
        ),
        (
            (at(TUE, 9), at(TUE, 10)),
            {"active": 10},
            errors.LimitReached,
            "You already have 10 upcoming bookings here (the limit is 10).",
        ),
    ]
    for (start, end), kw, expected, detail in cases:
        assert refusal(lambda s=start, e=end, k=kw: check(s, e, **k), expected) == detail


def test_the_grid_is_counted_in_minutes_since_local_midnight():
    ninety = BookingPolicy(slot_minutes=90, max_length_minutes=540)
    rules.check_alignment(at(TUE, 1, 30), at(TUE, 3), SCHEDULE, ninety)
    with pytest.raises(errors.Misaligned):
        rules.check_alignment(at(TUE, 1), at(TUE, 3), SCHEDULE, ninety)


def test_closures_count_on_each_day_the_booking_touches_and_no_other():
    wed_closed = Schedule(BRUSSELS, SCHEDULE.windows, ((WED, WED),))
    # Tuesday only: Wednesday's closure does not matter.
    assert rules.check_opening(at(TUE, 9), at(TUE, 10), wed_closed) == TUE
    # Ending at Wednesday's midnight does not touch Wednesday: outside the hours, not closed.
    with pytest.raises(errors.OutsideOpeningHours):
        rules.check_opening(at(TUE, 17), at(WED, 0), wed_closed)
    # Running into Wednesday does: closed on Wednesday (named), before the hours are looked at.
    detail = refusal(lambda: rules.check_opening(at(TUE, 17), at(WED, 10), wed_closed), errors.Closed)
    assert detail == "The workspace is closed on 2027-03-03."


# --- cancelling --------------------------------------------------------------------------------------


def test_without_a_creation_time_the_deadline_is_the_cut_off():
    start = at(WED, 10)
    assert rules.cancellation_deadline(start, POLICY) == start - timedelta(minutes=60)
    assert rules.cancellation_deadline(start, POLICY, created_at=start - timedelta(minutes=65)) == start - timedelta(
        minutes=55
    )


def test_an_undo_ends_when_the_booking_does():
    start, end = at(TUE, 9), at(TUE, 9, 5)
    made = start - timedelta(minutes=1)  # undo possible until 09:09
    for now in (end, end + timedelta(minutes=3)):
        detail = refusal(
            lambda n=now: rules.check_cancellation(start, n, POLICY, by_manager=False, created_at=made, end=end),
            errors.CancellationClosed,
        )
        assert detail == "The booking is over."
    rules.check_cancellation(start, end - timedelta(seconds=1), POLICY, by_manager=False, created_at=made, end=end)


def test_cancelling_too_late_says_why():
    start = at(WED, 10)
    assert refusal(
        lambda: rules.check_cancellation(start, start, POLICY, by_manager=True), errors.CancellationClosed
    ) == ("The booking has already started.")
    assert refusal(
        lambda: rules.check_cancellation(start, start - timedelta(minutes=30), POLICY, by_manager=False),
        errors.CancellationClosed,
    ) == ("Bookings can be cancelled until 60 minutes before they start.")


def test_the_cut_off_has_passed_only_after_its_instant():
    start = at(WED, 10)
    cutoff = start - timedelta(minutes=60)
    assert not rules.cutoff_passed_for(start, cutoff, POLICY)
    assert rules.cutoff_passed_for(start, cutoff + timedelta(seconds=1), POLICY)
    assert not rules.cutoff_passed_for(start, cutoff, BookingPolicy(cancel_cutoff_minutes=0))


# --- the form's presets ---------------------------------------------------------------------------


def test_no_empty_morning_or_afternoon_at_noon():
    assert rules.preset_times([(time(13), time(18))], "morning") is None
    assert rules.preset_times([(time(9), time(13))], "afternoon") is None
    assert rules.preset_times([(time(13), time(18))], "afternoon") == (time(13), time(18))


def test_presets_cut_to_the_longest_booking_stay_on_the_grid():
    """90-minute slots, at most 3 hours, 10:30 today: the morning fits; the afternoon cut at
    16:00 is off the grid (not offered); the whole day is too long (not offered); "now" is
    cut to 13:30, which is on the grid."""
    policy = BookingPolicy(slot_minutes=90, max_length_minutes=180)
    offered = rules.bookable_presets(TUE, [(time(9), time(18))], time(10, 30), today=True, tz=BRUSSELS, policy=policy)
    assert offered == {"morning": (time(10, 30), time(13)), "now": (time(10, 30), time(13, 30))}
