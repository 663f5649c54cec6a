"""Invitations: an admin invites a new member by email; the mailed link lets them choose a
password (and so log in) once, within INVITATION_DAYS.

The link carries 256 random bits; only their SHA-256 is stored, so the database alone never
gives a working link. A link works once (a guarded UPDATE marks it used, so two submissions
cannot both set a password), for INVITATION_DAYS, for an active member who has no password yet;
inviting the member again replaces every earlier link. Use cases take the acting user and
``now``, are audited, and only flush."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from coworking import errors
from coworking.accounts import mails, permissions, services
from coworking.accounts.models import Invitation, User
from coworking.audit.services import record
from coworking.errors import N_
from coworking.extensions import db

INVITATION_DAYS = 7
TOKEN_MAX_LENGTH = 200


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Invited:
    user: User
    expires_at: datetime


def _issue(admin: User | None, user: User, now: datetime) -> Invited:
    """A new link for ``user`` (earlier unused ones stop working), mailed in their language."""
    db.session.execute(delete(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None)))
    token = secrets.token_urlsafe(32)
    row = Invitation(
        user_id=user.id,
        token_hash=_digest(token),
        invited_by_id=admin.id if admin is not None else None,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(row)
    db.session.flush()
    mails.invitation(user, token, inviter=admin, expires_at=row.expires_at, now=now)
    return Invited(user, row.expires_at)


def invite(
    admin: User | None,
    *,
    email: str,
    name: str,
    role: str,
    now: datetime,
    workspaces: list[str] = (),
    member_number: str | None = None,
    language: str | None = None,
) -> Invited:
    """Create the member's account, without a password, and mail them the link to choose one.
    Admins only. ``workspaces``: a member's home workspace (at most one), a manager's managed
    ones, none for an admin (the rules of ``services.create_user``). ``admin`` None is the
    operator at the server's console (``flask users invite``). Recorded as "user.invited"."""
    if admin is not None:
        permissions.require_admin(admin, "Only admins invite members.")
    if language and language not in services.LANGUAGES:
        raise errors.ValidationFailed(N_("Unknown language."), field="language")
    user = services.create_user(
        email=email,
        name=name,
        role=role,
        password=None,
        now=now,
        workspaces=list(workspaces),
        member_number=(member_number or "").strip() or None,
        language=language or None,
        verified=False,  # following the mailed link proves the address
    )
    invited = _issue(admin, user, now)
    record(admin, "user.invited", user, now, role=user.role, workspaces=sorted(workspaces))
    return invited


def reinvite(admin: User, user_id: int, now: datetime) -> Invited:
    """Mail a new link to a member who has not chosen a password yet (the earlier links stop
    working). Recorded as "user.reinvited"."""
    permissions.require_admin(admin, "Only admins invite members.")
    user = db.session.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None:
        raise errors.NotFound(f"There is no user {user_id}.")
    if not user.active:
        raise errors.ValidationFailed(N_("This member is deactivated: reactivate them first."))
    if user.password_hash:
        raise errors.ValidationFailed(N_("This member has already chosen a password."))
    invited = _issue(admin, user, now)
    record(admin, "user.reinvited", user, now)
    return invited


def pending(token: str, now: datetime) -> Invitation | None:
    """The unused, unexpired invitation this link's token names, for an active member without a
    password; None for anything else (unknown, forged, expired, used, replaced)."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    digest = _digest(token)
    row = db.session.scalar(
        select(Invitation).where(
            Invitation.token_hash == digest, Invitation.used_at.is_(None), Invitation.expires_at > now
        )
    )
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    user = row.user
    if not user.active or user.password_hash:
        return None
    return row


def pending_expiry(user_id: int, now: datetime) -> datetime | None:
    """When the member's open invitation expires, or None (none open)."""
    return db.session.scalar(
        select(Invitation.expires_at).where(
            Invitation.user_id == user_id, Invitation.used_at.is_(None), Invitation.expires_at > now
        )
    )


def accept(token: str, password: str, now: datetime) -> User:
    """Set the invited member's password through the link (once): the address is proven, the
    link is used up. The caller logs the member in. Recorded as "user.invitation_accepted"."""
    refused = errors.ValidationFailed(
        N_("This invitation link has expired or was already used. Ask an admin for a new one."), field="token"
    )
    row = pending(token, now)
    if row is None:
        raise refused
    services.check_password_strength(password)
    used = db.session.execute(
        update(Invitation)
        .where(Invitation.id == row.id, Invitation.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:  # another submission of this link won the race
        raise refused
    user = row.user
    user.password_hash = services.hash_password(password)
    user.email_verified = True
    db.session.execute(delete(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None)))
    record(user, "user.invitation_accepted", user, now)
    db.session.flush()
    return user


def forget(user_id: int) -> None:
    """Erasure: the member's invitations go (they hold no text, but nothing should stay)."""
    db.session.execute(delete(Invitation).where(Invitation.user_id == user_id))
