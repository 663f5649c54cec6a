"""Onboarding: the member's first choices, made on one page, saved in one unit of work.

Takes the member and ``now``, raises DomainError (the field it names shown beside it), only
flushes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coworking.accounts import home
from coworking.accounts import services as accounts
from coworking.accounts.models import User
from coworking.notifications import services as notifications
from coworking.notifications.rules import Preferences


@dataclass(frozen=True)
class Choices:
    """What the onboarding page asks. (Issue 19's "visible to members" switch joins these as
    ``visible_to_members: bool`` once the who's-in feature that reads it is merged.)"""

    language: str | None
    home_workspace: str | None
    mail: Preferences


def current_choices(user: User) -> Choices:
    """The member's present settings, to fill the page (an invitation may have set some)."""
    return Choices(
        language=user.language,
        home_workspace=user.home_workspace.slug if user.home_workspace else None,
        mail=notifications.get_preferences(user),
    )


def complete(user: User, choices: Choices, now: datetime) -> User:
    """Save the member's language, home workspace and mail preferences, and note that they
    have been welcomed (the page is not shown again at login)."""
    accounts.update_profile(
        user, name=user.name, language=choices.language, home_workspace=choices.home_workspace or None
    )
    notifications.update_preferences(user, choices.mail._asdict(), now)
    home.skip(user, now)  # welcomed: not asked again at the next login
    return user


def postpone(user: User, now: datetime) -> User:
    """ "Later": nothing changes, and the page is not shown again at login (the profile page
    holds every setting)."""
    return home.skip(user, now)
