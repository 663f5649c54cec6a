"""A workspace's managers book a desk for a member ("book for a member"): the member's
booking, with every rule of theirs (limit, overlap, opening hours…), made by the manager.

The booking is the member's (its ``member_id``; their calendar, their mail); ``created_by``,
the audit entry and the confirmation's ``by`` name the manager."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.permissions import require_manager
from coworking.accounts.rules import check_can_book
from coworking.bookings.models import Booking
from coworking.bookings.services import book_desk
from coworking.extensions import db
from coworking.workspaces.desks import get_desk
from coworking.workspaces.models import Workspace


def find_member(reference: str) -> User:
    """An active member by email address (any case) or member number; NotFound otherwise."""
    text = (reference or "").strip()
    if not text or len(text) > 254:
        raise errors.NotFound("There is no such member.")
    member = db.session.scalar(
        select(User).where(
            or_(func.lower(User.email) == text.lower(), User.member_number == text), User.active.is_(True)
        )
    )
    if member is None:
        raise errors.NotFound(f"There is no active member {text!r}.")
    return member


def book_for(
    manager: User,
    workspace: Workspace,
    *,
    member: str,
    desk_id: int,
    start: str,
    end: str,
    note: str | None,
    now: datetime,
) -> Booking:
    """Book ``desk_id`` of ``workspace`` for the member named by ``member`` (email or member
    number) from ``start`` to ``end`` (local time without an offset), as ``manager``."""
    require_manager(manager, workspace)
    person = find_member(member)
    check_can_book(person)
    desk = get_desk(workspace, desk_id)
    return book_desk(person, desk, start=start, end=end, note=note, now=now, by=manager)
