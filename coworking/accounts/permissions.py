"""Who may do what: the roles and a manager's scope, asked by pages, the API and the CLI alike.

Admins may do everything and manage every workspace; managers manage the workspaces they are
assigned to (``User.managed_workspaces``); members manage none. A workspace may be given as
the object or as its id."""

from __future__ import annotations

from typing import Any

from coworking import errors
from coworking.accounts import directory


def is_admin(user) -> bool:
    return user is not None and user.is_admin


def is_manager(user) -> bool:
    """The manager role (a scope of assigned workspaces); admins are not managers."""
    return user is not None and user.role == "manager"


def require_admin(user, message: str = "Only admins may do this.") -> None:
    """Raise Forbidden with ``message`` unless ``user`` is an admin (``None``, no user, is not)."""
    if not is_admin(user):
        raise errors.Forbidden(message)


def _workspace_id(workspace_or_id) -> int:
    return workspace_or_id if isinstance(workspace_or_id, int) else workspace_or_id.id


def managed_workspace_ids(user) -> frozenset[int]:
    """The ids of the workspaces ``user`` manages: every one for an admin, none for a member."""
    if is_admin(user):
        return frozenset(w.id for w in directory.all_workspaces())
    if is_manager(user):
        return frozenset(w.id for w in user.managed_workspaces)
    return frozenset()


def managed_workspaces(user) -> list[Any]:
    """The workspaces ``user`` manages, ordered by name: every one for an admin, none for a member."""
    if is_admin(user):
        return directory.all_workspaces()
    if is_manager(user):
        return sorted(user.managed_workspaces, key=lambda w: w.name)
    return []


def manages(user, workspace_or_id) -> bool:
    """Whether ``user`` manages the workspace: admins every one, managers theirs."""
    if is_admin(user):
        return True
    if not is_manager(user):
        return False
    wanted = _workspace_id(workspace_or_id)
    return any(w.id == wanted for w in user.managed_workspaces)


def require_manager(
    user, workspace_or_id, message: str = "Only this workspace's managers and admins may do this."
) -> None:
    """Raise Forbidden with ``message`` unless ``user`` manages the workspace."""
    if not manages(user, workspace_or_id):
        raise errors.Forbidden(message)


def require_manager_role(user, message: str = "Only managers and admins may do this.") -> None:
    """Raise Forbidden unless ``user`` manages some workspace (a manager) or every one (an admin)."""
    if not (is_admin(user) or is_manager(user)):
        raise errors.Forbidden(message)
