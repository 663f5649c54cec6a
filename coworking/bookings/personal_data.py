"""What bookings holds about a member, for their export and their erasure.

Connected at app start (``init_app``): the export's "bookings" section, and the erasure
receiver that blanks what a member wrote (their notes, and the cancellation reasons on their
bookings or that they gave on others' as a manager). The bookings themselves stay: the
figures are the same before and after an erasure."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from coworking.accounts import hooks
from coworking.bookings.models import Booking
from coworking.bookings.waitlist_models import LEFT, WAITING, WaitlistEntry
from coworking.extensions import db


def _instant(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def bookings_of(user, now: datetime) -> list[dict]:
    """The member's bookings, oldest first, with their notes and cancellation reasons."""
    bookings = db.session.scalars(
        select(Booking)
        .where(Booking.member_id == user.id)
        .options(joinedload(Booking.desk), joinedload(Booking.workspace))
        .order_by(Booking.starts_at, Booking.id)
    ).all()
    return [
        {
            "id": str(b.uuid),
            "workspace": b.workspace.slug,
            "workspace_name": b.workspace.name,
            "desk": b.desk.code,
            "start": _instant(b.starts_at),
            "end": _instant(b.ends_at),
            "status": b.status,
            "note": b.note,
            "created_at": _instant(b.created_at),
            "cancelled_at": _instant(b.cancelled_at),
            "cancel_reason": b.cancel_reason,
            "series": str(b.series_id) if b.series_id else None,
            "checked_in_at": _instant(b.checked_in_at),
            "released_at": _instant(b.released_at),
        }
        for b in bookings
    ]


def waitlist_of(user, now: datetime) -> list[dict]:
    """The member's waitlist entries, oldest first, whatever became of them."""
    entries = db.session.scalars(
        select(WaitlistEntry)
        .where(WaitlistEntry.member_id == user.id)
        .options(joinedload(WaitlistEntry.workspace), joinedload(WaitlistEntry.booking))
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
    ).all()
    return [
        {
            "id": str(e.uuid),
            "workspace": e.workspace.slug,
            "start": _instant(e.starts_at),
            "end": _instant(e.ends_at),
            "desk_kind": e.desk_kind,
            "status": e.status,
            "booking": str(e.booking.uuid) if e.booking is not None else None,
            "created_at": _instant(e.created_at),
            "updated_at": _instant(e.updated_at),
        }
        for e in entries
    ]


def leave_waitlists(user_id: int, **_erasure) -> None:
    """``member_erased`` receiver: an erased member waits for nothing any more."""
    db.session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.member_id == user_id, WaitlistEntry.status == WAITING)
        .values(status=LEFT),
        execution_options={"synchronize_session": "fetch"},
    )


def blank_member_texts(user_id: int, **_erasure) -> None:
    """``member_erased`` receiver: the member's notes, and every cancellation reason on their
    bookings or given by them, become empty."""
    db.session.execute(
        update(Booking).where(Booking.member_id == user_id, Booking.note != "").values(note=""),
        execution_options={"synchronize_session": "fetch"},
    )
    db.session.execute(
        update(Booking)
        .where(
            or_(Booking.member_id == user_id, Booking.cancelled_by_id == user_id), Booking.cancel_reason.is_not(None)
        )
        .values(cancel_reason=None),
        execution_options={"synchronize_session": "fetch"},
    )


def init_app(_app) -> None:
    hooks.add_personal_data_section("bookings", bookings_of)
    hooks.add_personal_data_section("waitlist", waitlist_of)
    hooks.member_erased.connect(blank_member_texts)
    hooks.member_erased.connect(leave_waitlists)
