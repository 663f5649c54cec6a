"""The waitlist's mail: "a desk became free: you are booked", queued by the receiver of
``bookings.waitlist.waitlist_booked`` in the transaction that served the entry. The booking's
own confirmation (with its invitation) goes as for any booking, through ``booking_confirmed``."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from coworking.bookings.models import Booking
from coworking.bookings.waitlist_models import WaitlistEntry
from coworking.notifications import services


def _subject(desk: str, workspace: str) -> str:
    return _("A desk became free: you are booked at %(workspace)s (desk %(desk)s)", desk=desk, workspace=workspace)


def on_waitlist_booked(entry: WaitlistEntry, *, booking: Booking, now: datetime, **_signal) -> None:
    """Always sent, whatever the member's preferences: they asked to be told by joining."""
    services._queue(  # the booking mails' one way to queue: context, language, sender
        booking,
        "waitlist.booked",
        "waitlist_booked",
        _subject,
        now,
        calendar=False,
        dedupe_key=f"waitlist-booked:{entry.uuid}",
    )
