"""A member's favourites: their starred desks and their home workspace.

Starred desks are the bookings feature's (``favourite_desks``): the day page lists them first
in its desk menu and preselects one that is free for the chosen time. The home workspace is the
profile's (accounts), changed here through ``accounts.services.update_profile``. A member may
star any desk they may book: any desk of any workspace (members book everywhere).

Connected at app start (``init_app``): the export's "favourites" section, and the erasure
receiver that deletes the member's starred desks."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from coworking import errors
from coworking.accounts import hooks
from coworking.accounts import services as accounts
from coworking.accounts.models import User
from coworking.bookings.favourite_models import FavouriteDesk
from coworking.extensions import db
from coworking.workspaces.models import Desk, Workspace

_TICK = timedelta(microseconds=1)


def starred_desk_ids(user: User) -> list[int]:
    """The ids of the member's starred desks, in the order they were starred."""
    return list(
        db.session.scalars(
            select(FavouriteDesk.desk_id)
            .where(FavouriteDesk.user_id == user.id)
            .order_by(FavouriteDesk.created_at, FavouriteDesk.desk_id)
        )
    )


def _check_desks(desk_ids: list[int]) -> None:
    found = set(db.session.scalars(select(Desk.id).where(Desk.id.in_(desk_ids)))) if desk_ids else set()
    missing = [d for d in desk_ids if d not in found]
    if missing:
        raise errors.ValidationFailed(
            f"Unknown desk: {', '.join(map(str, missing))}.", errors={"desks": ["Unknown desk."]}
        )


def star(user: User, desk_id: int, now: datetime) -> None:
    """Star a desk (starring it again changes nothing)."""
    _check_desks([desk_id])
    if db.session.get(FavouriteDesk, (user.id, desk_id)) is None:
        db.session.add(FavouriteDesk(user_id=user.id, desk_id=desk_id, created_at=now))
        db.session.flush()


def unstar(user: User, desk_id: int) -> None:
    """Unstar a desk (unstarring one that is not starred changes nothing)."""
    db.session.execute(delete(FavouriteDesk).where(FavouriteDesk.user_id == user.id, FavouriteDesk.desk_id == desk_id))
    db.session.flush()


def favourites_of(user: User) -> dict:
    """``{"home_workspace": slug or None, "desks": [desk id, …]}`` (the API's shape)."""
    home = user.home_workspace
    return {"home_workspace": home.slug if home is not None else None, "desks": starred_desk_ids(user)}


def replace_favourites(user: User, *, home_workspace: str | None, desks: list[int], now: datetime) -> dict:
    """Set both at once: the home workspace (a slug, or None for none) and exactly these starred
    desks (in this order; repeats count once). An unknown slug or desk changes nothing and is a
    ValidationFailed (422)."""
    wanted = list(dict.fromkeys(desks))
    _check_desks(wanted)
    # An unknown slug is the profile's ValidationFailed ("Unknown workspace: …").
    accounts.update_profile(user, name=user.name, language=user.language, home_workspace=home_workspace)
    kept = {
        row.desk_id: row for row in db.session.scalars(select(FavouriteDesk).where(FavouriteDesk.user_id == user.id))
    }
    for desk_id, row in kept.items():
        if desk_id not in wanted:
            db.session.delete(row)
    for position, desk_id in enumerate(wanted):
        row = kept.get(desk_id)
        # The order given is the order kept: created_at orders the list (a microsecond apart).
        stamp = now.replace(microsecond=0) + position * _TICK
        if row is None:
            db.session.add(FavouriteDesk(user_id=user.id, desk_id=desk_id, created_at=stamp))
        else:
            row.created_at = stamp
    db.session.flush()
    return favourites_of(user)


# --- personal data ---------------------------------------------------------------------------


def export(user: User, now: datetime) -> list[dict]:
    """The export's "favourites" section: each starred desk with its workspace."""
    del now
    rows = db.session.execute(
        select(Desk.id, Desk.code, Workspace.slug, FavouriteDesk.created_at)
        .join(Desk, Desk.id == FavouriteDesk.desk_id)
        .join(Workspace, Workspace.id == Desk.workspace_id)
        .where(FavouriteDesk.user_id == user.id)
        .order_by(FavouriteDesk.created_at, Desk.id)
    )
    return [
        {"desk_id": desk_id, "desk": code, "workspace": slug, "starred_at": starred.isoformat()}
        for desk_id, code, slug, starred in rows
    ]


def forget_member(user_id: int, **_erasure) -> None:
    """``member_erased`` receiver: the member's starred desks go."""
    db.session.execute(delete(FavouriteDesk).where(FavouriteDesk.user_id == user_id))
    db.session.flush()


def init_app(_app) -> None:
    hooks.add_personal_data_section("favourites", export)
    hooks.member_erased.connect(forget_member)
