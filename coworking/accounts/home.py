"""The welcome page, shown once right after a login to a member without a home workspace
(``members.onboarding``: language, home workspace, mail preferences); the home workspace is
changed later on the profile page (``services.update_profile``).
Use cases take the member and ``now`` and only flush."""

from __future__ import annotations

from datetime import datetime

from coworking.accounts.models import User
from coworking.accounts.rules import asks_home_workspace
from coworking.extensions import db


def ask_once(user: User, now: datetime) -> bool:
    """Whether to ask ``user`` now; when so, it is recorded as asked (at the login that asks),
    so a member who leaves the question unanswered is not asked again."""
    if not asks_home_workspace(user.home_workspace_id is not None, user.home_workspace_asked_at):
        return False
    user.home_workspace_asked_at = now
    db.session.flush()
    return True


def skip(user: User, now: datetime) -> User:
    """The member has been welcomed (saved or "later"): not asked again at login."""
    user.home_workspace_asked_at = user.home_workspace_asked_at or now
    db.session.flush()
    return user
