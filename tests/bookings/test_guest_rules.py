"""The capacity rule of meeting rooms, without a database: the booker counts."""

from __future__ import annotations

import pytest

from coworking import errors
from coworking.bookings.guest_rules import check_guest_count


@pytest.mark.parametrize(("capacity", "guests"), [(1, 0), (2, 1), (8, 7), (200, 199)])
def test_a_room_takes_its_capacity_less_the_booker(capacity, guests):
    check_guest_count("meeting_room", capacity, guests)


@pytest.mark.parametrize(("capacity", "guests"), [(1, 1), (2, 2), (8, 8), (8, 20)])
def test_one_more_is_over_capacity_and_says_how_many_fit(capacity, guests):
    with pytest.raises(errors.OverCapacity) as refused:
        check_guest_count("meeting_room", capacity, guests)
    assert refused.value.code == "over_capacity" and refused.value.status == 422
    assert refused.value.extra == {"capacity": capacity, "guests": guests}


@pytest.mark.parametrize("kind", ["hot_desk", "fixed_desk", "phone_booth"])
def test_only_a_meeting_room_takes_guests(kind):
    check_guest_count(kind, 4, 0)  # no guests: any desk
    with pytest.raises(errors.GuestsNotAllowed):
        check_guest_count(kind, 4, 1)
