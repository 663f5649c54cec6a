"""The names the audit trail shows for the ids it stores: actors (users) and workspaces.

The trail sits below every feature and imports none: the features that own users and
workspaces register, at app start, how to name them (``provide_actors``, ``provide_workspaces``).
A page shows the current names, so an erased member appears under their anonymous marker."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import NamedTuple


class WorkspaceLabel(NamedTuple):
    slug: str
    timezone: str  # IANA name: the page shows an event's time in its workspace's zone


ActorLabels = Callable[[Collection[int]], dict[int, str]]
WorkspaceLabels = Callable[[Collection[int]], dict[int, WorkspaceLabel]]
WorkspaceIdForSlug = Callable[[str], int | None]

_providers: dict[str, Callable] = {}


def provide_actors(labels: ActorLabels) -> None:
    """Register ``labels(ids)``: user id → the label to show (the accounts feature: the email)."""
    _providers["actors"] = labels


def provide_workspaces(labels: WorkspaceLabels, id_for_slug: WorkspaceIdForSlug) -> None:
    """Register ``labels(ids)``: workspace id → WorkspaceLabel, and ``id_for_slug(slug)``: the
    id of the workspace with that slug, or None (for the trail's workspace filter)."""
    _providers["workspaces"] = labels
    _providers["workspace_id"] = id_for_slug


def _provider(name: str) -> Callable:
    try:
        return _providers[name]
    except KeyError:
        raise RuntimeError(f"No audit label provider for {name} is registered (features do it at app start).") from None


def actors(ids: Collection[int]) -> dict[int, str]:
    return _provider("actors")(ids) if ids else {}


def workspaces(ids: Collection[int]) -> dict[int, WorkspaceLabel]:
    return _provider("workspaces")(ids) if ids else {}


def workspace_id(slug: str) -> int | None:
    return _provider("workspace_id")(slug)
