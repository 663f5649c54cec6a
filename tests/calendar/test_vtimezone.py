"""VTIMEZONE blocks are exact and in the standard shape: one STANDARD and one DAYLIGHT with a
yearly RRULE where the zone follows a yearly rule, dated observances only where the rule
changes, Dublin's names the right way round. Each block is read back by vobject (dateutil
builds a tzinfo from the block alone) and compared with zoneinfo, to the second, at every
transition and every hour of the span."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from dateutil.rrule import rrulestr

from coworking.calendar import ics
from tests.support.calendar import assert_block_exact, observances, text

FEED_SPAN = (date(2026, 9, 1), date(2027, 12, 31))


def block(key: str, span: tuple[date, date]) -> bytes:
    """The calendar the feeds write for zone ``key`` over ``span`` (no events)."""
    return ics.calendar_component([], {key: span}, name=None, refresh=None).to_ical()


def assert_exact(key: str, span: tuple[date, date]) -> None:
    assert_block_exact(block(key, span), key, span)


@pytest.mark.parametrize(
    "key", ["Europe/Brussels", "Europe/Lisbon", "Europe/London", "Europe/Dublin", "America/New_York", "Asia/Tokyo"]
)
def test_blocks_are_exact_over_a_feed_span(key):
    assert_exact(key, FEED_SPAN)


@pytest.mark.parametrize(
    ("key", "span"),
    [
        ("America/Mexico_City", (date(2021, 6, 1), date(2024, 6, 1))),  # DST abolished in October 2022
        ("Asia/Almaty", (date(2023, 6, 1), date(2025, 6, 1))),  # from +06 to +05 on 1 March 2024
        ("America/New_York", (date(2005, 6, 1), date(2008, 6, 1))),  # US rule changed in 2007
        # Past the last transition a TZif file may list (2037): only its footer's rule states them.
        ("Europe/Brussels", (date(2037, 6, 1), date(2039, 6, 1))),
    ],
)
def test_blocks_are_exact_across_a_change_of_rule(key, span):
    assert_exact(key, span)


@pytest.mark.parametrize(
    ("key", "daylight", "standard"),
    [
        (
            "Europe/Brussels",
            ("CEST", "+0200", "20270328T020000", "-1SU", 3),
            ("CET", "+0100", "20271031T030000", "-1SU", 10),
        ),
        (
            "Europe/Lisbon",
            ("WEST", "+0100", "20270328T010000", "-1SU", 3),
            ("WET", "+0000", "20271031T020000", "-1SU", 10),
        ),
        (
            "Europe/London",
            ("BST", "+0100", "20270328T010000", "-1SU", 3),
            ("GMT", "+0000", "20271031T020000", "-1SU", 10),
        ),
        # Dublin: tzdata's negative DST must not swap the names: summer is IST, winter GMT.
        (
            "Europe/Dublin",
            ("IST", "+0100", "20270328T010000", "-1SU", 3),
            ("GMT", "+0000", "20271031T020000", "-1SU", 10),
        ),
        (
            "America/New_York",
            ("EDT", "-0400", "20270314T020000", "2SU", 3),
            ("EST", "-0500", "20271107T020000", "1SU", 11),
        ),
    ],
)
def test_a_yearly_rule_is_one_standard_and_one_daylight_with_rrule(key, daylight, standard):
    parts = observances(block(key, FEED_SPAN))
    assert [p.name for p in parts] == ["DAYLIGHT", "STANDARD"]
    for part, (name, offset, in_2027, byday, month) in zip(parts, (daylight, standard), strict=True):
        assert str(part["TZNAME"]) == name
        assert text(part["TZOFFSETTO"]) == offset
        rule = part["RRULE"]
        assert rule["FREQ"] == ["YEARLY"] and rule["BYMONTH"] == [month] and rule["BYDAY"] == [byday]
        dtstart = part.decoded("DTSTART")
        assert (dtstart.minute, dtstart.second) == (0, 0)  # exact: never 03:00:28
        # The rule gives the 2027 change at the exact local time.
        assert rrulestr(text(rule), dtstart=dtstart).after(datetime(2027, 1, 1)).strftime("%Y%m%dT%H%M%S") == in_2027


def test_a_zone_without_dst_is_one_standard_observance():
    parts = observances(block("Asia/Tokyo", FEED_SPAN))
    assert [p.name for p in parts] == ["STANDARD"]
    assert "RRULE" not in parts[0] and text(parts[0]["TZOFFSETTO"]) == "+0900" and parts[0]["TZNAME"] == "JST"


def test_dated_observances_only_where_the_rule_changes():
    """Mexico City kept DST until October 2022: dated changes in the span, no rule after."""
    parts = observances(block("America/Mexico_City", (date(2022, 1, 1), date(2023, 12, 1))))
    assert all("RRULE" not in p for p in parts)
    assert [p.decoded("DTSTART").strftime("%Y%m%dT%H%M%S") for p in parts] == [
        "20211031T020000",  # in force at the span's start
        "20220403T020000",
        "20221030T020000",
    ]
