"""Who sees whose name: a member's choice to be visible to other members (``visible_to_members``,
off by default) read by the features that show who is in (the day page's grid, the "who's in"
page and its API).

The rule, in one place: a workspace's managers and admins see the full name of everyone who
booked there; any other member sees the first name of (active) members who chose to be
visible, and their own; nobody else's name. The name is chosen in SQL (``name_column``), so a hidden
member's name never leaves the database for a viewer who may not see it."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import and_, case, null, or_

from coworking.accounts import permissions
from coworking.accounts.models import User
from coworking.accounts.rules import first_name


class NameView(NamedTuple):
    """How ``viewer`` sees the names of the members who booked at one workspace: ``column``
    selects the name or NULL (to be joined on ``User``); ``full`` whether a name is shown whole
    (managers) or by its first word (members)."""

    column: object
    full: bool

    def shown(self, name: str | None) -> str | None:
        """The name as the viewer sees it (None: not shown)."""
        if name is None:
            return None
        return name if self.full else first_name(name)


def names_for(viewer, workspace_or_id) -> NameView:
    """The names ``viewer`` may see of the members booked at the workspace."""
    if permissions.manages(viewer, workspace_or_id):
        return NameView(User.name.label("shown_name"), True)
    # A deactivated account is not shown, whatever it chose (an erased one has chosen nothing).
    shown = or_(and_(User.visible_to_members.is_(True), User.active.is_(True)), User.id == viewer.id)
    return NameView(case((shown, User.name), else_=null()).label("shown_name"), False)
