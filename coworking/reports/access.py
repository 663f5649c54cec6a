"""Who may see which reports: a workspace's reports are for its managers and admins, the
cooperative overview for admins only."""

from __future__ import annotations

from sqlalchemy import select

from coworking import errors
from coworking.accounts.models import User
from coworking.extensions import db
from coworking.workspaces.models import Workspace
from coworking.workspaces.services import get_workspace, require_manager


def managed_workspace(user: User, slug: str) -> Workspace:
    """The workspace (with hours and closures) if ``user`` manages it; 404 / 403 otherwise."""
    workspace = get_workspace(slug, with_hours=True)
    require_manager(user, workspace)
    return workspace


def reportable_workspaces(user: User) -> list[Workspace]:
    """Admins: every workspace; managers: theirs; members: none."""
    if user.is_admin:
        return list(db.session.scalars(select(Workspace).order_by(Workspace.country, Workspace.city, Workspace.name)))
    if user.role != "manager":
        return []
    return sorted(user.managed_workspaces, key=lambda w: (w.country, w.city, w.name))


def require_admin(user: User) -> None:
    if not user.is_admin:
        raise errors.Forbidden("Only admins see the cooperative overview.")
