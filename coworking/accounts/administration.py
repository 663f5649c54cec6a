"""Member administration by admins: roles and managed workspaces, deactivation and
reactivation (erasure: ``erasure.py``; invitations: ``invitations.py``).

Each use case takes the acting admin and ``now``, refuses anyone else (Forbidden), is
audited, and only flushes. An admin never changes their own role or deactivates themselves,
so nobody locks the last admin out by a slip."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coworking import errors
from coworking.accounts import directory, erasure, hooks, permissions, services
from coworking.accounts.models import User
from coworking.accounts.rules import check_role
from coworking.audit.services import record
from coworking.errors import N_
from coworking.extensions import db


def member(admin: User, user_id: int) -> User:
    """The user ``user_id`` as an admin sees them (NotFound for no one)."""
    permissions.require_admin(admin, "Only admins manage members.")
    user = db.session.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None:
        raise errors.NotFound(f"There is no user {user_id}.")
    return user


def _changeable(admin: User, user_id: int, own_message: str) -> User:
    user = member(admin, user_id)
    if user.id == admin.id:
        raise errors.ValidationFailed(own_message)
    if is_erased(user):
        raise errors.ValidationFailed(N_("This member's data was erased: nothing about them can change."))
    return user


def is_erased(user: User) -> bool:
    return user.email == erasure.erased_email(user.id)


STATES = ("active", "invited", "deactivated", "erased")


def state(user: User) -> str:
    """How the members list names a user's state: erased, deactivated, invited (no password
    yet: their invitation's link sets it), else active."""
    if is_erased(user):
        return "erased"
    if not user.active:
        return "deactivated"
    if not user.password_hash:
        return "invited"
    return "active"


def set_role(admin: User, user_id: int, *, role: str, workspaces: list[str], now: datetime) -> User:
    """Make the user a member, a manager of ``workspaces`` (at least one) or an admin (who
    manages every workspace, so none is given). A member's home workspace stays as it is.
    Recorded as "user.role_changed" with the role and managed workspaces before and after."""
    user = _changeable(admin, user_id, N_("You cannot change your own role; ask another admin."))
    check_role(role)
    slugs = list(dict.fromkeys(s for s in workspaces if s))
    if role == "manager" and not slugs:
        raise errors.ValidationFailed(N_("A manager needs at least one workspace."), field="workspaces")
    if role != "manager" and slugs:
        raise errors.ValidationFailed(
            N_("Only managers have workspaces to manage: admins manage every one, members none."), field="workspaces"
        )
    by_slug = directory.workspaces_by_slug(slugs)
    before = {"role": user.role, "workspaces": sorted(w.slug for w in user.managed_workspaces)}
    user.role = role
    user.managed_workspaces = [by_slug[s] for s in slugs]
    if role == "manager" and user.home_workspace is None:
        user.home_workspace = by_slug[slugs[0]]
    db.session.flush()
    after = {"role": role, "workspaces": sorted(slugs)}
    if after != before:
        record(admin, "user.role_changed", user, now, before=before, after=after)
    return user


@dataclass(frozen=True)
class Deactivated:
    user: User
    cancelled_bookings: int


def deactivate(admin: User, user_id: int, now: datetime) -> Deactivated:
    """The member can no longer log in or use an API token; every session and token they have
    ends now. Their upcoming bookings are cancelled (``hooks.member_deactivated``: the bookings
    feature mails them and frees the desks); past ones and history stay. Recorded as
    "user.deactivated" with the number of bookings cancelled."""
    user = _changeable(admin, user_id, N_("You cannot deactivate yourself; ask another admin."))
    if not user.active:
        return Deactivated(user, 0)  # already: nothing to do, nothing to record
    user.active = False
    services.end_all_sessions(user)
    answers = hooks.member_deactivated.send(user.id, actor=admin, now=now)
    cancelled = sum(count for _receiver, count in answers if isinstance(count, int))
    record(admin, "user.deactivated", user, now, cancelled_bookings=cancelled)
    return Deactivated(user, cancelled)


def reactivate(admin: User, user_id: int, now: datetime) -> User:
    """The member may log in again (with their password; a new invitation if they never chose
    one). Recorded as "user.reactivated"."""
    user = _changeable(admin, user_id, N_("You cannot reactivate yourself."))
    if user.active:
        return user
    user.active = True
    db.session.flush()
    record(admin, "user.reactivated", user, now)
    return user


def update(
    admin: User,
    user_id: int,
    *,
    now: datetime,
    role: str | None = None,
    workspaces: list[str] | None = None,
    active: bool | None = None,
) -> User:
    """The API's PATCH: any of the role (with ``workspaces``, the managed ones; a manager's stay
    when only ``active`` changes) and ``active``, each by the use case above."""
    user = member(admin, user_id)
    if role is not None or workspaces is not None:
        user = set_role(
            admin,
            user_id,
            role=role if role is not None else user.role,
            workspaces=workspaces if workspaces is not None else [w.slug for w in user.managed_workspaces],
            now=now,
        )
    if active is True:
        user = reactivate(admin, user_id, now)
    elif active is False:
        user = deactivate(admin, user_id, now).user
    return user
