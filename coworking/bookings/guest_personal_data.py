"""What meeting-room guests hold about a member, for their export and their erasure: the
meetings they are invited to, and the guests they invited (outside guests by the address the
member gave). Connected at app start (``init_app``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from coworking.accounts import hooks
from coworking.bookings.guest_models import BookingGuest
from coworking.bookings.models import Booking
from coworking.extensions import db
from coworking.workspaces.models import Desk, Workspace


def guests_of(user, now: datetime) -> dict:
    """``invited_to``: the bookings the member is a guest of; ``invited``: the guests of the
    member's own bookings (a member by id and name, anyone else by email)."""
    del now
    invited_to = db.session.execute(
        select(Booking.uuid, Workspace.slug, Desk.code, Booking.starts_at, Booking.ends_at, Booking.status)
        .join(BookingGuest, BookingGuest.booking_id == Booking.id)
        .join(Desk, Desk.id == Booking.desk_id)
        .join(Workspace, Workspace.id == Booking.workspace_id)
        .where(BookingGuest.member_id == user.id)
        .order_by(Booking.starts_at, Booking.id)
    )
    invited = db.session.execute(
        select(BookingGuest, Booking.uuid)
        .join(Booking, Booking.id == BookingGuest.booking_id)
        .where(Booking.member_id == user.id)
        .order_by(Booking.starts_at, BookingGuest.id)
    )
    return {
        "invited_to": [
            {
                "booking": str(uuid),
                "workspace": slug,
                "desk": code,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "status": status,
            }
            for uuid, slug, code, start, end, status in invited_to
        ],
        "invited": [
            {
                "booking": str(uuid),
                "added_at": guest.added_at.isoformat(),
                **(
                    {"member_id": guest.member_id, "name": guest.member.name}
                    if guest.member_id is not None
                    else {"email": guest.email}
                ),
            }
            for guest, uuid in invited
        ],
    }


def forget_guests(user_id: int, **_erasure) -> None:
    """``member_erased`` receiver: the member is nobody's guest any more, and the guests they
    invited (outside addresses they gave) are gone from their bookings."""
    own = select(Booking.id).where(Booking.member_id == user_id).scalar_subquery()
    db.session.execute(
        delete(BookingGuest).where((BookingGuest.member_id == user_id) | BookingGuest.booking_id.in_(own)),
        execution_options={"synchronize_session": "fetch"},
    )


def init_app(_app) -> None:
    hooks.add_personal_data_section("guests", guests_of)
    hooks.member_erased.connect(forget_guests)
