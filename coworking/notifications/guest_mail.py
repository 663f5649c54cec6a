"""Meeting-room guests' mails: the invitation (iTIP REQUEST) when a guest is added, the
cancellation (CANCEL) when they are removed or the booking is cancelled. Queued by the
receivers of ``bookings.signals.guests_changed`` and ``booking_cancelled`` in the change's own
transaction; always sent (a guest has not chosen anything), in the guest's language (an
outside guest: the workspace's). The invitation's ORGANIZER is the booker, its ATTENDEE the
guest (``invitations.guest_invitation``)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from coworking.accounts.models import User
from coworking.bookings.guests import Invitee, invitees
from coworking.bookings.models import Booking
from coworking.bookings.signals import CLOSURE, MANAGER
from coworking.mail import services as outbox
from coworking.notifications import services
from coworking.notifications.invitations import CANCEL, REQUEST, guest_invitation


def _invited_subject(booker: str, desk: str, workspace: str) -> str:
    return _(
        "Invitation from %(booker)s: room %(desk)s at %(workspace)s", booker=booker, desk=desk, workspace=workspace
    )


def _cancelled_subject(booker: str, desk: str, workspace: str) -> str:
    return _(
        "Cancelled: %(booker)s's meeting in room %(desk)s at %(workspace)s",
        booker=booker,
        desk=desk,
        workspace=workspace,
    )


def _queue(booking: Booking, guest: Invitee, method: str, now: datetime, **extra) -> None:
    invited = method == REQUEST
    booker = booking.member.name
    subject = _invited_subject if invited else _cancelled_subject
    context = services._context(booking)  # the booking mails' details: desk, place, times, links
    context.update(name=guest.name, booker=booker, member_guest=guest.member_id is not None, note="", **extra)
    mail = outbox.compose(
        "guest_invited" if invited else "guest_cancelled",
        guest.language,
        lambda: subject(booker, booking.desk.code, booking.workspace.name),
        calendar=guest_invitation(booking, guest.language, email=guest.email, name=guest.name, method=method),
        **context,
    )
    outbox.enqueue(
        mail,
        to=guest.email,
        kind="guest.invited" if invited else "guest.cancelled",
        language=guest.language,
        now=now,
        user_id=guest.member_id,
        sender=services._sender(booking.workspace),
    )


def on_guests_changed(
    booking: Booking, *, now: datetime, added: list[Invitee], removed: list[Invitee], **_signal
) -> None:
    """``guests_changed`` receiver: an invitation to each added guest, a cancellation to each
    removed one."""
    for guest in added:
        _queue(booking, guest, REQUEST, now)
    for guest in removed:
        _queue(booking, guest, CANCEL, now, removed=True)


def on_booking_cancelled(
    booking: Booking, *, by: User | None, now: datetime, cause: str, reason: str | None = None, **_signal
) -> None:
    """``booking_cancelled`` receiver: the meeting is off, every guest is told (the reason of
    a manager or a closure with it)."""
    del by
    for guest in invitees(booking):
        _queue(
            booking,
            guest,
            CANCEL,
            now,
            removed=False,
            by_closure=cause == CLOSURE,
            by_manager=cause == MANAGER,
            reason=reason if cause in (CLOSURE, MANAGER) else None,
        )
