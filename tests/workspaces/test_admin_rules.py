"""The pure rules behind workspace administration: a desk's service period and a lifted
closure never rewrite days before today; which days a service change removes and adds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coworking.errors import ClosureOver
from coworking.workspaces.rules import LAST_DATE, in_service, keeps_the_past, lifted_span, service_difference

TODAY = date(2027, 3, 1)
D = timedelta(days=1)


@pytest.mark.parametrize(
    ("before", "after", "kept"),
    [
        ((date(2020, 1, 1), None), (date(2020, 1, 1), TODAY - D), True),  # out of service from today
        ((date(2020, 1, 1), None), (date(2020, 1, 1), TODAY - 2 * D), False),  # yesterday rewritten
        ((date(2020, 1, 1), None), (TODAY, None), False),  # years of capacity removed
        ((TODAY + D, None), (TODAY + 5 * D, None), True),  # not started yet: free to move
        ((TODAY + D, None), (TODAY - D, None), False),  # would add yesterday
        ((date(2020, 1, 1), TODAY - 10 * D), (date(2020, 1, 1), None), False),  # back in service since then
        ((date(2020, 1, 1), TODAY - D), (date(2020, 1, 1), None), True),  # back in service from today
    ],
)
def test_keeps_the_past(before, after, kept):
    assert keeps_the_past(before, after, TODAY) is kept


def test_lifted_span():
    assert lifted_span(TODAY + D, TODAY + 3 * D, TODAY) is None  # not started: all of it goes
    assert lifted_span(TODAY, TODAY + 3 * D, TODAY) is None  # starts today: nothing past
    assert lifted_span(TODAY - 2 * D, TODAY + 3 * D, TODAY) == (TODAY - 2 * D, TODAY - D)
    assert lifted_span(TODAY - 2 * D, TODAY, TODAY) == (TODAY - 2 * D, TODAY - D)
    with pytest.raises(ClosureOver):
        lifted_span(TODAY - 5 * D, TODAY - D, TODAY)


def test_service_difference_examples():
    forever = (date(2020, 1, 1), None)
    assert service_difference(forever, (date(2020, 1, 1), TODAY + 9 * D), TODAY) == ([(TODAY + 10 * D, LAST_DATE)], [])
    assert service_difference((date(2020, 1, 1), TODAY + 9 * D), forever, TODAY) == ([], [(TODAY + 10 * D, LAST_DATE)])
    assert service_difference(forever, (TODAY + 3 * D, None), TODAY) == ([(TODAY, TODAY + 2 * D)], [])
    assert service_difference(forever, forever, TODAY) == ([], [])


days = st.integers(min_value=-30, max_value=30).map(lambda n: TODAY + timedelta(days=n))
services = st.tuples(days, st.one_of(st.none(), days)).filter(lambda s: s[1] is None or s[0] <= s[1])


@given(services, services, st.integers(min_value=-5, max_value=40))
def test_service_difference_is_what_changes_from_today_on(before, after, offset):
    """A day from today on is removed iff in service before and not after; added the other way."""
    removed, added = service_difference(before, after, TODAY)
    day = TODAY + timedelta(days=offset)

    def within(spans):
        return any(a <= day <= b for a, b in spans)

    was, now = in_service(day, *before), in_service(day, *after)
    if day < TODAY:
        assert not within(removed) and not within(added)
    else:
        assert within(removed) == (was and not now)
        assert within(added) == (now and not was)
