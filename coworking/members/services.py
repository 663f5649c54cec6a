"""Onboarding: the member's first choices, made on one page, saved in one unit of work.

Takes the member and ``now``, raises DomainError (the field it names shown beside it), only
flushes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coworking.accounts import home, preferences
from coworking.accounts import services as accounts
from coworking.accounts.models import User
from coworking.notifications import services as notifications
from coworking.notifications.rules import Preferences


@dataclass(frozen=True)
class Choices:
    """What the onboarding page asks."""

    language: str | None
    home_workspace: str | None
    mail: Preferences
    visible_to_members: bool = False


def current_choices(user: User) -> Choices:
    """The member's present settings, to fill the page (an invitation may have set some)."""
    return Choices(
        language=user.language,
        home_workspace=user.home_workspace.slug if user.home_workspace else None,
        mail=notifications.get_preferences(user),
        visible_to_members=user.visible_to_members,
    )


def complete(user: User, choices: Choices, now: datetime) -> User:
    """Save the member's language, home workspace, mail preferences and whether other members
    see them in, and note that they have been welcomed (the page is not shown again at login)."""
    accounts.update_profile(
        user, name=user.name, language=choices.language, home_workspace=choices.home_workspace or None
    )
    preferences.set_visible(user, choices.visible_to_members, now)  # audited when it changes
    notifications.update_preferences(user, choices.mail._asdict(), now)
    home.skip(user, now)  # welcomed: not asked again at the next login
    return user


def postpone(user: User, now: datetime) -> User:
    """ "Later": nothing changes, and the page is not shown again at login (the profile page
    holds every setting)."""
    return home.skip(user, now)
