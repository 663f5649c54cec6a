"""What notifications hold about a member, for their export and their erasure.

Connected at app start (``init_app``): the export's "notifications" section (their three
choices) and the erasure receiver that deletes their row."""

from __future__ import annotations

from datetime import datetime

from coworking.accounts import hooks
from coworking.notifications import services


def preferences_of(user, now: datetime) -> dict:
    del now
    return services.get_preferences(user).as_dict()


def init_app(_app) -> None:
    hooks.add_personal_data_section("notifications", preferences_of)
    hooks.member_erased.connect(services.forget_member)
