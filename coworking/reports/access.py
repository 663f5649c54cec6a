"""Which workspaces' reports a user may see, as ``accounts.permissions`` says: a workspace's
reports are for its managers and admins (the cooperative overview, for admins only, checks
``permissions.require_admin`` where it is read)."""

from __future__ import annotations

from sqlalchemy import select

from coworking.accounts import permissions
from coworking.accounts.models import User
from coworking.extensions import db
from coworking.workspaces.models import Workspace
from coworking.workspaces.services import get_workspace


def managed_workspace(user: User, slug: str) -> Workspace:
    """The workspace (with hours and closures) if ``user`` manages it; 404 / 403 otherwise."""
    workspace = get_workspace(slug, with_hours=True)
    permissions.require_manager(user, workspace)
    return workspace


def reportable_workspaces(user: User) -> list[Workspace]:
    """The workspaces ``user`` manages (``accounts.permissions``), by country, city and name."""
    if permissions.is_admin(user):  # all of them: let the database sort
        return list(db.session.scalars(select(Workspace).order_by(Workspace.country, Workspace.city, Workspace.name)))
    return sorted(permissions.managed_workspaces(user), key=lambda w: (w.country, w.city, w.name))
