"""Pure rules of meeting-room guests: who may be added and how many fit."""

from __future__ import annotations

from coworking import errors

MEETING_ROOM = "meeting_room"
MAX_GUESTS = 199  # the largest capacity a desk may have (workspaces.schemas) less the booker


def check_guest_count(kind: str, capacity: int, guests: int) -> None:
    """Only a meeting room takes guests, and the booker and the guests together fit it:
    more guests than ``capacity`` − 1 is ``over_capacity``."""
    if guests and kind != MEETING_ROOM:
        raise errors.GuestsNotAllowed(f"A desk of kind {kind} takes no guests.")
    if guests > max(capacity - 1, 0):
        raise errors.OverCapacity(
            f"This room holds {capacity} people: you and at most {max(capacity - 1, 0)} guests.",
            capacity=capacity,
            guests=guests,
        )
