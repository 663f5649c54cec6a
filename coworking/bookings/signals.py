"""What bookings announce to the features that build on them (mail notifications).

Bookings do not import those features: they send a signal inside the unit of work of the
change, and each feature connects its receiver when the app is built (``create_app``). A
receiver writes in that same unit of work (a queued mail), so a change that rolls back
leaves nothing behind. ``flask seed-demo`` plays history with both signals muted
(``Signal.muted()``)."""

from __future__ import annotations

from blinker import Namespace

signals = Namespace()

MEMBER = "member"
MANAGER = "manager"
CLOSURE = "closure"
CAUSES = (MEMBER, MANAGER, CLOSURE)

booking_confirmed = signals.signal("booking-confirmed")
"""Sent by ``bookings.services.book`` with the new, flushed ``Booking`` as sender and the
keywords ``by`` (who booked) and ``now``."""

booking_cancelled = signals.signal("booking-cancelled")
"""Sent when a confirmed booking becomes cancelled (never for one that already was), with the
flushed ``Booking`` (its ``sequence`` already bumped) as sender and the keywords ``by`` (who
cancelled), ``now``, ``cause`` (``"member"``, ``"manager"`` when a manager or admin cancels
someone else's booking, ``"closure"``) and ``reason`` (text or None; a closure's own reason)."""

booking_released = signals.signal("booking-released")
"""Sent by ``bookings.checkin.release_overdue`` when a confirmed booking that was not checked in
by the end of its grace becomes ``released``, with the flushed ``Booking`` (status, its
``released_at`` and bumped ``sequence`` already set) as sender and the keyword ``now`` (the
instant of the release run, at or after ``released_at``). Its time is free for others: a
waitlist may book it in the same unit of work."""

guests_changed = signals.signal("guests-changed")
"""Sent by ``bookings.guests.set_guests`` when a meeting room's guest list changes, with the
flushed ``Booking`` (its ``sequence`` bumped) as sender and the keywords ``by`` (the booker),
``now``, ``added`` and ``removed`` (lists of ``bookings.guests.Invitee``: who to send the
invitation, REQUEST, and the cancellation, CANCEL)."""
