"""Members counted in a period: the one definition every count of members uses (docs/figures.md,
"distinct members") — the usage API and page, the cooperative overview and the monthly close.

A member counts with a confirmed booking starting in the period or booked time in it. A member
whose only activity was a cancellation is listed among the per-member rows (with the
cancellation) but is not counted: a cancellation is not a use.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from coworking.reports.figures.results import Usage


def counts(usage: Usage) -> bool:
    """Whether a member with this usage counts: a booking or booked time in the period."""
    return bool(usage.bookings or usage.booked)


@dataclass(frozen=True)
class MemberCount:
    ids: frozenset[int]  # the members counted
    from_elsewhere: frozenset[int]  # of whom with another home workspace (or none)

    @property
    def members(self) -> int:
        return len(self.ids)

    @property
    def visiting(self) -> int:
        return len(self.from_elsewhere)


def count_members(usage_by_member: Mapping[int, Usage], homes: Mapping[int, Hashable], here: Hashable) -> MemberCount:
    """The members counted in one workspace's period, and those among them from elsewhere.

    ``homes`` maps a member to their home workspace's key (id or slug, ``None`` for no home);
    ``here`` is that key of the workspace.
    """
    ids = frozenset(mid for mid, usage in usage_by_member.items() if counts(usage))
    return MemberCount(ids, frozenset(mid for mid in ids if homes.get(mid) != here))
