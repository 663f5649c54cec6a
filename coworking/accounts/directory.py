"""The workspaces accounts refers to: a member's home, a manager's scope, the profile's choices.

Accounts sits below workspaces and never imports it: the workspaces feature registers, at app
start (``provide``), the functions that find its workspaces. The error texts about unknown
workspaces stay here, with the use cases that give them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from coworking import errors


@dataclass(frozen=True)
class WorkspaceDirectory:
    """What the workspaces feature provides: the workspaces with these slugs (any order, the
    unknown ones left out), every workspace ordered by name, and (slug, label) pairs for a
    choice in a form, in the order to show them."""

    with_slugs: Callable[[list[str]], Iterable[Any]]
    every: Callable[[], list[Any]]
    choices: Callable[[], list[tuple[str, str]]]


_provided: list[WorkspaceDirectory] = []


def provide(directory: WorkspaceDirectory) -> None:
    """Register the workspaces feature's functions (at app start; a second call replaces them)."""
    _provided[:] = [directory]


def _directory() -> WorkspaceDirectory:
    if not _provided:
        raise RuntimeError("No workspace directory is registered (the workspaces feature does it at app start).")
    return _provided[0]


def workspaces_by_slug(slugs: list[str]) -> dict[str, Any]:
    """Slug → workspace for every slug given; an unknown slug is a ValidationFailed naming it."""
    found = list(_directory().with_slugs(slugs)) if slugs else []
    by_slug = {w.slug: w for w in found}
    missing = [s for s in slugs if s not in by_slug]
    if missing:
        raise errors.ValidationFailed(f"Unknown workspace: {', '.join(missing)}.")
    return by_slug


def all_workspaces() -> list[Any]:
    """Every workspace, ordered by name (what an admin manages)."""
    return _directory().every()


def workspace_choices() -> list[tuple[str, str]]:
    """(slug, label) of every workspace, for a form's choice (the profile's home workspace)."""
    return _directory().choices()
