"""Check-in and the release of no-shows (issue 18).

``check_in`` records that a member came; ``release_overdue`` releases the confirmed bookings of
check-in-required workspaces not checked in by the end of their grace. Both take ``now`` and
only flush. Nothing needs a scheduled job to be correct: ``bookings.services.book_desk``
releases the overdue bookings it collides with before it inserts, availability shows their
time as free (``checkin_rules.free_from``), and the worker's ``release`` job releases the others
each pass (and their members are mailed through ``booking_released``).

Races: both write the booking row with a guard in the WHERE clause and act on the row count,
so when a member checks in at the last second while another member's booking releases the
same booking, exactly one of the two updates matches: the check-in (the booking then meets
the overlap guard: ``desk_taken``) or the release (the check-in then answers ``not_active``).
On PostgreSQL the second update waits for the first's row lock and re-reads the row; SQLite's
``BEGIN IMMEDIATE`` runs the two one after the other.

``released_at`` is the grace's end, not the instant the release was written: that is when
the time became free for others (availability showed it free from then on), so figures count
booked time up to it whichever pass or booking wrote the release.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from coworking import errors
from coworking.accounts.models import User
from coworking.audit.services import record
from coworking.bookings import checkin_rules
from coworking.bookings.models import CONFIRMED, Booking
from coworking.bookings.release import release_job, release_overdue
from coworking.bookings.services import get_booking
from coworking.extensions import db

__all__ = ["check_in", "release_job", "release_overdue"]


def check_in(user: User, booking_id: str, now: datetime) -> Booking:
    """Check ``user`` in to their own booking ``now``. Someone else's booking is 404 (even for
    its managers: only the member checks in); a cancelled or released one ``not_active``;
    outside the window ``check_in_closed``. Checking in twice changes nothing."""
    booking = get_booking(user, booking_id)
    if booking.member_id != user.id:
        raise errors.NotFound("There is no such booking.")
    if booking.status != CONFIRMED:
        raise errors.NotActive(f"This booking is {booking.status}.")
    if booking.checked_in_at is not None:
        return booking
    checkin_rules.check_window(booking.starts_at, booking.ends_at, now, booking.workspace.policy)
    written = db.session.execute(
        update(Booking)
        .where(Booking.id == booking.id, Booking.status == CONFIRMED)
        .values(checked_in_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if written.rowcount != 1:
        # Released (or cancelled) in between by another unit of work: it won.
        raise errors.NotActive("This booking was released before the check-in.")
    db.session.refresh(booking)
    record(user, "booking.checked_in", booking, now, member_id=booking.member_id, desk_id=booking.desk_id)
    return booking
