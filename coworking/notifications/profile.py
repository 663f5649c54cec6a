"""The booking-mail part of the profile page, registered at app start as a profile section
(``accounts.hooks``), so the accounts page does not import notifications."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from coworking.accounts import hooks
from coworking.notifications import services
from coworking.notifications.rules import DAY_BEFORE, NO_REMINDER, SAME_MORNING

REMINDER_LABELS = {
    DAY_BEFORE: _l("The evening before (18:00)"),
    SAME_MORNING: _l("The same morning (07:00, at least an hour before)"),
    NO_REMINDER: _l("No reminder"),
}


def preferences(user) -> dict:
    return {
        "notification_preferences": services.get_preferences(user),
        "reminder_labels": REMINDER_LABELS,
    }


def init_app(_app) -> None:
    hooks.add_profile_section("notifications", "notifications/_profile.html", preferences)
