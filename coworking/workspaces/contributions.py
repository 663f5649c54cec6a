"""What workspaces tells the features below it, which do not import it: accounts finds a
member's home and a manager's workspaces by slug (``accounts.directory``); the audit trail
names the workspaces of its events, shows their times in the workspace's zone and filters by
slug (``audit.labels``). Connected at app start by ``create_app``."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from coworking.accounts import directory
from coworking.audit import labels
from coworking.extensions import db
from coworking.workspaces.models import Workspace


def with_slugs(slugs: list[str]) -> list[Workspace]:
    return list(db.session.scalars(select(Workspace).where(Workspace.slug.in_(slugs))))


def every_workspace() -> list[Workspace]:
    return list(db.session.scalars(select(Workspace).order_by(Workspace.name)))


def choices() -> list[tuple[str, str]]:
    """(slug, "city · name") of every workspace, by city then name."""
    rows = db.session.execute(
        select(Workspace.slug, Workspace.city, Workspace.name).order_by(Workspace.city, Workspace.name)
    )
    return [(slug, f"{city} · {name}") for slug, city, name in rows]


def audit_labels(ids: Collection[int]) -> dict[int, labels.WorkspaceLabel]:
    rows = db.session.execute(select(Workspace.id, Workspace.slug, Workspace.timezone).where(Workspace.id.in_(ids)))
    return {ws_id: labels.WorkspaceLabel(slug, zone) for ws_id, slug, zone in rows}


def id_for_slug(slug: str) -> int | None:
    return db.session.scalar(select(Workspace.id).where(Workspace.slug == slug))


def init_app(_app) -> None:
    directory.provide(directory.WorkspaceDirectory(with_slugs=with_slugs, every=every_workspace, choices=choices))
    labels.provide_workspaces(audit_labels, id_for_slug)
