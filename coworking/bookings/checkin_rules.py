"""Pure check-in rules: when a booking may be checked in, and when it is overdue (released).

A workspace's policy says whether check-in is required (``check_in_required``), how long before
the start it opens (``check_in_opens_minutes``) and how long after the start it stays open
(``check_in_grace_minutes``). No Flask, no database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from coworking import errors
from coworking.workspaces.rules import BookingPolicy


def opens_at(start: datetime, policy: BookingPolicy) -> datetime:
    """When check-in opens: ``check_in_opens_minutes`` before the start."""
    return start - timedelta(minutes=policy.check_in_opens_minutes)


def grace_end(start: datetime, policy: BookingPolicy) -> datetime:
    """When the grace ends: ``check_in_grace_minutes`` after the start. A booking of a
    check-in-required workspace not checked in by then is released, and this instant is its
    ``released_at``: its time is free for others from here on, whenever the release is written."""
    return start + timedelta(minutes=policy.check_in_grace_minutes)


def closes_at(start: datetime, end: datetime, policy: BookingPolicy) -> datetime:
    """When check-in closes: the grace's end when required (never past the booking's end);
    otherwise the booking's end (check-in is then only recorded)."""
    if policy.check_in_required:
        return min(grace_end(start, policy), end)
    return end


def window_open(start: datetime, end: datetime, now: datetime, policy: BookingPolicy) -> bool:
    """Whether check-in is possible ``now``: from the opening until it closes (exclusive)."""
    return opens_at(start, policy) <= now < closes_at(start, end, policy)


def check_window(start: datetime, end: datetime, now: datetime, policy: BookingPolicy) -> None:
    """Raise ``check_in_closed`` unless check-in is open ``now``."""
    if not window_open(start, end, now, policy):
        raise errors.CheckInClosed(
            f"Check-in opens {policy.check_in_opens_minutes} minutes before the start"
            + (f" and closes {policy.check_in_grace_minutes} minutes after it." if policy.check_in_required else ".")
        )


def overdue(
    *, start: datetime, end: datetime, checked_in: bool, confirmed: bool, now: datetime, policy: BookingPolicy
) -> bool:
    """A booking to release: check-in required, confirmed, not checked in, its grace over and
    the booking not over yet (a booking already over has nothing left to free)."""
    return policy.check_in_required and confirmed and not checked_in and grace_end(start, policy) <= now < end


def free_from(start: datetime, end: datetime, checked_in: bool, now: datetime, policy: BookingPolicy) -> datetime:
    """Until when a confirmed booking holds its desk, as availability shows it ``now``: its end,
    or the grace's end when it is overdue (released or about to be, whether or not a release has
    been written yet)."""
    if policy.check_in_required and not checked_in and grace_end(start, policy) <= now:
        return max(start, min(end, grace_end(start, policy)))
    return end
