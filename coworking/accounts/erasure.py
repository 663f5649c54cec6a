"""Erasure of a member's personal data (admins, or the operator with ``flask users erase``)."""

from __future__ import annotations

from datetime import datetime

from coworking import errors
from coworking.accounts import hooks, invitations, permissions, sessions, tokens
from coworking.accounts.models import User, new_calendar_secret
from coworking.audit.services import record
from coworking.extensions import db
from coworking.mail import services as outbox


def erased_email(user_id: int) -> str:
    return f"erased-{user_id}@invalid"


def erase_member(admin: User | None, user_id: int, now: datetime) -> User:
    """Erase a member's personal data (admins; ``None`` is the operator at the server's
    console, i.e. ``flask users erase``). Name, email and member number become an anonymous
    marker; password, language, visibility to other members, API tokens, sessions and the
    calendar secret go. Their bookings stay for the figures (occupancy, usage and closed
    months are the same before and after), but every text they wrote goes: the features that
    keep such text (their bookings' notes and cancellation reasons, the reasons and email in
    the budget trail) blank it in their ``hooks.member_erased`` receivers, inside this same
    unit of work. Audit events name people only by id (see audit.services.record), and show
    the actor's current, now anonymous, email. Recorded as "user.erased"."""
    if admin is not None:
        permissions.require_admin(admin, "Only admins erase members.")
    # Ids are 32-bit integers: larger numbers name no one (and must not reach the driver).
    user = db.session.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None:
        raise errors.NotFound(f"There is no user {user_id}.")
    if admin is not None and user.id == admin.id:
        raise errors.ValidationFailed("Admins cannot erase themselves.")
    already = user.email == erased_email(user.id)
    user.name = f"Erased member #{user.id}"
    user.email = erased_email(user.id)
    user.member_number = None
    user.password_hash = None
    user.language = None
    user.visible_to_members = False  # an erased member is never shown to others, by any name
    user.active = False
    user.calendar_secret = new_calendar_secret()
    user.session_version += 1
    sessions.end_all(user)
    tokens.revoke_all(user)
    invitations.forget(user.id)
    outbox.forget_member(user.id)  # queued and sent mails hold the address and names
    hooks.member_erased.send(user.id, now=now, actor=admin)
    record(admin, "user.erased", user, now, again=already)
    db.session.flush()
    return user
