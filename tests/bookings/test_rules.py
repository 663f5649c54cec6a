"""The pure rules, without Flask or a database (examples and properties)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coworking import errors
from coworking.accounts.rules import normalize_email
from coworking.bookings import rules
from coworking.bookings.queries import subtract
from coworking.workspaces.rules import BookingPolicy, Schedule, Window, local_day_bounds, to_utc, validate_windows

BRUSSELS = ZoneInfo("Europe/Brussels")
LISBON = ZoneInfo("Europe/Lisbon")
SCHEDULE = Schedule(BRUSSELS, tuple(Window(d, time(9), time(18)) for d in range(5)))
POLICY = BookingPolicy()
NOW = datetime(2027, 3, 1, 8, tzinfo=UTC)  # Monday 09:00 in Brussels


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return to_utc(datetime.combine(day, time(hh, mm)), BRUSSELS)


def check(start, end, *, now=NOW, schedule=SCHEDULE, policy=POLICY, service=(date(2020, 1, 1), None), active=0):
    rules.check_new_booking(
        start=start, end=end, now=now, schedule=schedule, policy=policy, desk_in_service=service, active_bookings=active
    )


def test_to_utc_resolves_wall_clock_time():
    assert to_utc(datetime(2027, 3, 26, 9), BRUSSELS) == datetime(2027, 3, 26, 8, tzinfo=UTC)
    assert to_utc(datetime(2027, 3, 29, 9), BRUSSELS) == datetime(2027, 3, 29, 7, tzinfo=UTC)
    assert to_utc(datetime(2027, 3, 29, 9), LISBON) == datetime(2027, 3, 29, 8, tzinfo=UTC)
    with pytest.raises(errors.NonexistentLocalTime):
        to_utc(datetime(2027, 3, 28, 2, 30), BRUSSELS)
    with pytest.raises(errors.AmbiguousLocalTime):
        to_utc(datetime(2027, 10, 31, 2, 30), BRUSSELS)
    # Lisbon changes at 01:00 local.
    with pytest.raises(errors.NonexistentLocalTime):
        to_utc(datetime(2027, 3, 28, 1, 30), LISBON)
    aware = datetime(2027, 10, 31, 2, 30, tzinfo=ZoneInfo("Europe/Brussels"), fold=1)
    assert to_utc(aware, BRUSSELS) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


NEW_YORK = ZoneInfo("America/New_York")


def nth_sunday(year: int, month: int, n: int) -> date:
    """The ``n``-th Sunday of the month (``n`` = -1: the last one)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def change_sundays(tz: ZoneInfo, years: range) -> list[date]:
    """The days clocks change, from the laws, not from zoneinfo: the EU's last Sundays of March
    and October; the US's first Sunday of April and last of October until 2006, then the
    second Sunday of March and the first of November."""
    if tz is BRUSSELS:
        return [nth_sunday(y, m, -1) for y in years for m in (3, 10)]
    return [
        d
        for y in years
        for d in (
            (nth_sunday(y, 4, 1), nth_sunday(y, 10, -1)) if y < 2007 else (nth_sunday(y, 3, 2), nth_sunday(y, 11, 1))
        )
    ]


YEARS = range(2000, 2040)
CHANGE_DAYS = {tz: change_sundays(tz, YEARS) for tz in (BRUSSELS, NEW_YORK)}


def test_the_change_days_are_the_days_with_23_or_25_hours():
    for tz, days in CHANGE_DAYS.items():
        for day in days:
            start, end = local_day_bounds(day, tz)
            assert end - start in (timedelta(hours=23), timedelta(hours=25)), (tz, day)
            for neighbour in (day - timedelta(days=1), day + timedelta(days=1)):
                start, end = local_day_bounds(neighbour, tz)
                assert end - start == timedelta(hours=24), (tz, neighbour)


def near_a_change(tz: ZoneInfo):
    """A wall time on a change day or a day either side, at any minute, often in the small hours."""
    days = st.sampled_from(CHANGE_DAYS[tz]).flatmap(
        lambda d: st.sampled_from([d, d, d, d - timedelta(days=1), d + timedelta(days=1)])
    )
    hours = st.one_of(st.integers(0, 4), st.integers(0, 23))
    return st.builds(lambda d, h, m: datetime.combine(d, time(h, m)), days, hours, st.integers(0, 59))


def wall_times(tz: ZoneInfo):
    """Four in five draws near a change: uniform draws over 40 years almost never land on one."""
    anywhere = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)).map(
        lambda t: t.replace(second=0, microsecond=0)
    )
    near = near_a_change(tz)
    return st.sampled_from([near, near, near, near, anywhere]).flatmap(lambda s: s)


def instants_showing(naive: datetime, tz: ZoneInfo) -> list[datetime]:
    """Every UTC instant whose wall clock in ``tz`` reads ``naive``, found from the UTC side
    (the offsets in force a day either side), not by the resolution under test."""
    offsets = {
        (naive.replace(tzinfo=UTC) + d).astimezone(tz).utcoffset() for d in (timedelta(days=-1), timedelta(days=1))
    }
    candidates = {(naive - offset).replace(tzinfo=UTC) for offset in offsets}
    return sorted(c for c in candidates if c.astimezone(tz).replace(tzinfo=None) == naive)


@given(st.sampled_from([BRUSSELS, NEW_YORK]).flatmap(lambda tz: st.tuples(st.just(tz), wall_times(tz))))
def test_to_utc_gives_the_one_instant_or_the_right_refusal(drawn):
    """A wall time shown by exactly one instant resolves to it; shown by none (skipped in
    spring) it is ``nonexistent_local_time``; by two (repeated in autumn) ``ambiguous_local_time``."""
    tz, naive = drawn
    found = instants_showing(naive, tz)
    if len(found) == 1:
        assert to_utc(naive, tz) == found[0]
        return
    expected = errors.NonexistentLocalTime if not found else errors.AmbiguousLocalTime
    with pytest.raises(errors.DomainError) as refused:
        to_utc(naive, tz)
    assert type(refused.value) is expected
    assert refused.value.code == ("nonexistent_local_time" if not found else "ambiguous_local_time")


def test_each_rule_has_its_own_error():
    tue = date(2027, 3, 2)
    cases = [
        ((at(tue, 10), at(tue, 9)), {}, errors.InvalidInterval),
        ((at(tue, 9, 10), at(tue, 10)), {}, errors.Misaligned),
        ((at(date(2027, 2, 26), 9), at(date(2027, 2, 26), 10)), {}, errors.InThePast),
        (
            (at(date(2027, 3, 1), 9, 30), at(date(2027, 3, 1), 10)),
            {"policy": BookingPolicy(min_notice_minutes=60)},
            errors.TooSoon,
        ),
        ((at(date(2027, 5, 3), 9), at(date(2027, 5, 3), 10)), {}, errors.TooFarAhead),
        ((at(tue, 9), at(tue, 17)), {"policy": BookingPolicy(max_length_minutes=240)}, errors.TooLong),
        ((at(tue, 8), at(tue, 10)), {}, errors.OutsideOpeningHours),
        ((at(tue, 9), at(tue, 10)), {"schedule": Schedule(BRUSSELS, SCHEDULE.windows, ((tue, tue),))}, errors.Closed),
        ((at(tue, 9), at(tue, 10)), {"service": (date(2027, 3, 3), None)}, errors.DeskOutOfService),
        ((at(tue, 9), at(tue, 10)), {"service": (date(2020, 1, 1), date(2027, 3, 1))}, errors.DeskOutOfService),
        ((at(tue, 9), at(tue, 10)), {"active": 10}, errors.LimitReached),
    ]
    for (start, end), kw, expected in cases:
        with pytest.raises(expected):
            check(start, end, **kw)
    check(at(tue, 9), at(tue, 18))  # and a good one passes


def test_advance_window_counts_local_days():
    # 60 days ahead of Monday 1 March (local) is Friday 30 April.
    check(at(date(2027, 4, 30), 9), at(date(2027, 4, 30), 10))
    with pytest.raises(errors.TooFarAhead):
        check(at(date(2027, 5, 3), 9), at(date(2027, 5, 3), 10))


def test_cancellation_cutoff():
    start = datetime(2027, 3, 2, 9, tzinfo=UTC)
    rules.check_cancellation(start, start - timedelta(minutes=60), POLICY, by_manager=False)
    with pytest.raises(errors.CancellationClosed):
        rules.check_cancellation(start, start - timedelta(minutes=59), POLICY, by_manager=False)
    rules.check_cancellation(start, start - timedelta(minutes=1), POLICY, by_manager=True)
    with pytest.raises(errors.CancellationClosed):
        rules.check_cancellation(start, start, POLICY, by_manager=True)


def test_a_booking_can_be_undone_within_ten_minutes_whatever_the_cut_off():
    made = datetime(2027, 3, 2, 12, tzinfo=UTC)
    start, end = made + timedelta(minutes=5), made + timedelta(hours=2)  # the cut-off passed before booking

    def cancel_at(now, by_manager=False):
        rules.check_cancellation(start, now, POLICY, by_manager=by_manager, created_at=made, end=end)

    cancel_at(made + timedelta(minutes=10))  # even though it started at +5
    with pytest.raises(errors.CancellationClosed):
        cancel_at(made + timedelta(minutes=10, seconds=1))
    with pytest.raises(errors.CancellationClosed):
        cancel_at(made + timedelta(minutes=6), by_manager=True)  # a manager cancels until the start
    assert rules.cancellation_deadline(start, POLICY, made) == made + timedelta(minutes=10)
    assert rules.cancellation_deadline(start + timedelta(days=1), POLICY, made) == start + timedelta(hours=23)


def test_presets_follow_the_clock():
    day = [(time(8), time(18))]
    assert rules.preset_span(day, "morning", time.min, today=False) == (time(8), time(13))
    assert rules.preset_span(day, "now", time.min, today=False) is None  # only today
    assert rules.preset_span(day, "morning", time(13), today=True) is None  # over
    assert rules.preset_span(day, "morning", time(10, 30), today=True) == (time(10, 30), time(13))
    assert rules.preset_span(day, "afternoon", time(13, 30), today=True) == (time(13, 30), time(18))
    assert rules.preset_span(day, "day", time(13, 30), today=True) == (time(13, 30), time(18))
    assert rules.preset_span(day, "now", time(13, 30), today=True) == (time(13, 30), time(18))
    assert rules.preset_span(day, "afternoon", None, today=True) is None  # nothing left today
    split = [(time(9), time(12)), (time(14), time(18))]
    assert rules.preset_span(split, "now", time(12), today=True) == (time(14), time(18))
    assert rules.preset_span(split, "now", time(10), today=True) == (time(10), time(12))


@pytest.mark.parametrize(
    ("now", "day", "expected"),
    [
        (datetime(2027, 3, 2, 11, 59, tzinfo=UTC), date(2027, 3, 2), time(13)),  # 12:59 CET
        (datetime(2027, 3, 2, 12, 0, tzinfo=UTC), date(2027, 3, 2), time(13)),  # 13:00 sharp
        (datetime(2027, 3, 2, 12, 0, 1, tzinfo=UTC), date(2027, 3, 2), time(13, 30)),
        (datetime(2027, 3, 2, 12, 0, tzinfo=UTC), date(2027, 3, 3), time.min),  # a later day
        (datetime(2027, 3, 2, 12, 0, tzinfo=UTC), date(2027, 3, 1), None),  # an earlier day
        (datetime(2027, 3, 2, 22, 45, tzinfo=UTC), date(2027, 3, 2), None),  # 23:45: nothing left
        (datetime(2027, 3, 28, 11, 0, tzinfo=UTC), date(2027, 3, 28), time(13)),  # CEST Sunday
        (datetime(2027, 10, 31, 12, 0, tzinfo=UTC), date(2027, 10, 31), time(13)),  # CET Sunday
        # 01:45 on the spring Sunday: 02:00–02:59 does not exist, the next slot is 03:00.
        (datetime(2027, 3, 28, 0, 45, tzinfo=UTC), date(2027, 3, 28), time(3)),
        # 01:45 on the autumn Sunday: 02:00–02:59 happens twice (the form cannot book it).
        (datetime(2027, 10, 30, 23, 45, tzinfo=UTC), date(2027, 10, 31), time(3)),
    ],
)
def test_first_bookable_slot_in_local_time(now, day, expected):
    assert rules.first_bookable(day, now, SCHEDULE, POLICY) == expected


def test_first_bookable_slot_counts_the_notice():
    policy = BookingPolicy(min_notice_minutes=45)
    assert rules.first_bookable(date(2027, 3, 2), datetime(2027, 3, 2, 12, tzinfo=UTC), SCHEDULE, policy) == time(14)


def test_presets_longer_than_the_longest_booking_are_cut_or_not_offered():
    long_day = [(time(6), time(23, 30))]
    policy = BookingPolicy(max_length_minutes=600)
    offered = rules.bookable_presets(date(2027, 3, 2), long_day, time.min, today=False, tz=BRUSSELS, policy=policy)
    assert offered == {"morning": (time(6), time(13)), "afternoon": (time(13), time(23))}  # no whole day
    # On the autumn Sunday 01:00–11:00 local lasts 11 hours: the 10 hours end at 10:00.
    night = [(time(1), time(12))]
    offered = rules.bookable_presets(date(2027, 10, 31), night, time.min, today=False, tz=BRUSSELS, policy=policy)
    assert offered["morning"] == (time(1), time(10))


def test_policy_and_windows_are_validated():
    with pytest.raises(errors.ValidationFailed):
        BookingPolicy(slot_minutes=7)
    with pytest.raises(errors.ValidationFailed):
        BookingPolicy(max_active_bookings=0)
    with pytest.raises(errors.ValidationFailed):
        validate_windows([Window(0, time(9), time(12)), Window(0, time(11), time(13))])
    assert validate_windows([Window(0, time(13), time(17)), Window(0, time(9), time(12))])[0].opens == time(9)


def test_email_normalisation():
    assert normalize_email("  Ana.Lopes@Example.ORG ") == "ana.lopes@example.org"
    for bad in ("", "ana", "ana@", "@example.org", "a b@example.org"):
        with pytest.raises(errors.ValidationFailed):
            normalize_email(bad)


instants = st.integers(min_value=0, max_value=48).map(
    lambda n: datetime(2027, 3, 2, tzinfo=UTC) + n * timedelta(minutes=30)
)
intervals = st.tuples(instants, instants).filter(lambda p: p[0] < p[1])


@given(intervals, intervals)
def test_overlap_is_symmetric_and_half_open(a, b):
    assert rules.overlaps(*a, *b) == rules.overlaps(*b, *a)
    # Overlap iff some half-hour slot lies in both.
    slots_a = {a[0] + k * timedelta(minutes=30) for k in range(int((a[1] - a[0]) / timedelta(minutes=30)))}
    slots_b = {b[0] + k * timedelta(minutes=30) for k in range(int((b[1] - b[0]) / timedelta(minutes=30)))}
    assert rules.overlaps(*a, *b) == bool(slots_a & slots_b)


@given(st.lists(intervals, max_size=6), st.lists(intervals, max_size=6))
def test_free_time_is_open_time_minus_booked_time(spans, taken):
    step = timedelta(minutes=30)

    def slots(items):
        out = set()
        for s, e in items:
            t = s
            while t < e:
                out.add(t)
                t += step
        return out

    # Opening windows never overlap (validate_windows), so merge the generated ones first.
    merged = subtract([], [])
    for slot in sorted(slots(spans)):
        if merged and merged[-1][1] == slot:
            merged[-1] = (merged[-1][0], slot + step)
        else:
            merged.append((slot, slot + step))
    free = subtract(merged, taken)
    assert slots(free) == slots(merged) - slots(taken)
    assert all(s < e for s, e in free)
    assert free == sorted(free)
