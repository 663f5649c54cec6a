"""Where the features above accounts plug into it, so accounts never imports them.

- ``member_erased``: a blinker signal sent inside the erasure's unit of work (sender: the
  user's id; ``now``, ``actor``: the admin, or None for the operator's console). Each feature
  that keeps text a member wrote, or their email, blanks it in its receiver.
- ``member_deactivated``: a blinker signal sent inside a deactivation's unit of work; the
  bookings feature cancels the member's upcoming bookings (their desks free for others).
- personal-data sections: a feature that holds a member's data adds its section to their
  export (``add_personal_data_section``).
- profile sections: a feature adds a part to the profile page (a template included there and
  the function that gives its context).

Receivers and sections are connected at app start (``create_app``), never by the side effect
of an import that may not have run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from blinker import Namespace

signals = Namespace()

member_erased = signals.signal("member-erased")
# Sent inside the deactivation's unit of work (sender: the user's id; ``now``, ``actor``: the
# admin). A receiver returns how many of the member's upcoming bookings it cancelled.
member_deactivated = signals.signal("member-deactivated")

PersonalDataSection = Callable[[Any, datetime], Any]  # (user, now) → JSON-ready value


class ProfileSection(NamedTuple):
    template: str  # included in accounts/profile.html
    context: Callable[[Any], dict]  # (user) → the template's variables


_personal_data: dict[str, PersonalDataSection] = {}
_profile: dict[str, ProfileSection] = {}


def add_personal_data_section(name: str, section: PersonalDataSection) -> None:
    """Export ``section(user, now)`` under ``name`` in every member's personal data (once per
    name: connecting again at another app start replaces it)."""
    _personal_data[name] = section


def personal_data_sections() -> dict[str, PersonalDataSection]:
    return dict(_personal_data)


def add_profile_section(name: str, template: str, context: Callable[[Any], dict]) -> None:
    """Show ``template`` on the profile page, with ``context(user)`` (once per name)."""
    _profile[name] = ProfileSection(template, context)


def profile_sections() -> list[ProfileSection]:
    return list(_profile.values())
