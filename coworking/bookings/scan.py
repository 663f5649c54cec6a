"""What scanning a desk's QR code offers a member, and the two things it lets them do there.

The code printed on a desk opens ``/workspaces/<slug>/desks/<id>/scan``. Seen ``now`` by a
member, the desk is one of:

- **theirs**: they have a confirmed booking at this desk that is running or whose check-in is
  open: "Check in" (one POST, never a GET that changes state); already checked in: said so;
- **free**: nobody holds it from the first instant a booking may start (now, on the slot grid,
  after the minimum notice): "Book it now" until the next booking of the desk, the closing of
  the window that instant falls in or the longest booking the policy allows, whichever comes
  first; booked that way, the member is checked in at once where check-in is open;
- **taken**: someone else holds it (until when is shown, never by whom);
- **unavailable**: out of service today, the workspace closed or no time left today.

Both actions take the user and ``now`` and go through the ordinary services (``book_desk`` with
every rule, ``checkin.check_in``), so a scan can do nothing the booking form and the check-in
button could not. The offer is worked out again when the member presses the button: the page
may be minutes old."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.rules import check_can_book
from coworking.audit.services import record
from coworking.bookings import checkin_rules, offer
from coworking.bookings.checkin import check_in
from coworking.bookings.models import CONFIRMED, Booking
from coworking.bookings.queries import day_availability
from coworking.bookings.rules import first_bookable
from coworking.bookings.services import book_desk
from coworking.extensions import db
from coworking.workspaces.models import Desk, Workspace
from coworking.workspaces.services import closures_between

THEIRS, FREE, TAKEN, UNAVAILABLE = "theirs", "free", "taken", "unavailable"


@dataclass
class DeskScan:
    """What the scan page shows. ``state`` is one of THEIRS, FREE, TAKEN, UNAVAILABLE;
    ``booking`` the member's own booking at this desk (running or next today), if any;
    ``can_check_in`` whether its check-in is open now; ``offer`` the (start, end) a booking
    made now would get; ``taken_until`` when someone else's booking lets go of the desk."""

    workspace: Workspace
    desk: Desk
    now: datetime
    state: str
    booking: Booking | None = None
    can_check_in: bool = False
    offer: tuple[datetime, datetime] | None = None
    taken_until: datetime | None = None

    @property
    def checked_in(self) -> bool:
        return self.booking is not None and self.booking.checked_in_at is not None

    @property
    def check_in_opens(self) -> datetime | None:
        if self.booking is None:
            return None
        return checkin_rules.opens_at(self.booking.starts_at, self.workspace.policy)


def desk_of(workspace: Workspace, desk_id: int) -> Desk:
    """This workspace's desk ``desk_id``, or 404 (a desk of another workspace is not here)."""
    desk = db.session.get(Desk, desk_id)
    if desk is None or desk.workspace_id != workspace.id:
        raise errors.NotFound("There is no such desk here.")
    return desk


def own_booking(user: User, desk: Desk, now: datetime) -> Booking | None:
    """The member's confirmed booking at ``desk`` that has not ended and starts before the end
    of today (the workspace's day): the one a scan is about. The earliest when there are two."""
    tz = desk.workspace.tz
    local = now.astimezone(tz)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    return db.session.scalars(
        select(Booking)
        .where(
            Booking.member_id == user.id,
            Booking.desk_id == desk.id,
            Booking.status == CONFIRMED,
            Booking.ends_at > now,
            Booking.starts_at < tomorrow,
        )
        .order_by(Booking.starts_at)
        .limit(1)
    ).first()


def _walk_in(user: User, workspace: Workspace, desk: Desk, now: datetime) -> tuple[str, tuple | None, datetime | None]:
    """(state, offer, taken_until) for booking the desk from now on."""
    policy = workspace.policy
    day = now.astimezone(workspace.tz).date()
    if not desk.in_service_on(day):
        return UNAVAILABLE, None, None
    schedule = workspace.schedule(closures_between(workspace, day, day))
    earliest = first_bookable(day, now, schedule, policy)
    start = offer.instant(day, earliest, workspace.tz) if earliest is not None else None
    view = day_availability(user, workspace, day, now)
    desk_day = next((d for d in view.desks if d.desk.id == desk.id), None)
    if desk_day is None or start is None or view.closed:
        return UNAVAILABLE, None, None
    for free_start, free_end in desk_day.free:
        if free_start <= start < free_end:
            end = min(free_end, start + timedelta(minutes=policy.max_length_minutes))
            if end - start >= timedelta(minutes=policy.slot_minutes):
                return FREE, (start, end), None
    holder = next(((s, e) for s, e, mine in desk_day.booked if not mine and s <= max(start, now) < e), None)
    if holder is not None:
        return TAKEN, None, holder[1]
    return UNAVAILABLE, None, None


def desk_scan(user: User, workspace: Workspace, desk_id: int, now: datetime) -> DeskScan:
    """What scanning ``desk_id`` of ``workspace`` shows ``user`` ``now``."""
    desk = desk_of(workspace, desk_id)
    policy = workspace.policy
    booking = own_booking(user, desk, now)
    if booking is not None:
        started = booking.starts_at <= now
        can = checkin_rules.window_open(booking.starts_at, booking.ends_at, now, policy)
        overdue = checkin_rules.overdue(
            start=booking.starts_at,
            end=booking.ends_at,
            checked_in=booking.checked_in_at is not None,
            confirmed=True,
            now=now,
            policy=policy,
        )
        if (started or can or booking.checked_in_at is not None) and not overdue:
            return DeskScan(workspace, desk, now, THEIRS, booking=booking, can_check_in=can)
        if overdue:
            booking = None  # its time is no longer theirs: it is released (or about to be)
    state, span, taken_until = _walk_in(user, workspace, desk, now)
    return DeskScan(workspace, desk, now, state, booking=booking, offer=span, taken_until=taken_until)


def check_in_here(user: User, workspace: Workspace, desk_id: int, now: datetime) -> Booking:
    """Check the member in to their booking at this desk (``check_in_closed`` when there is
    none whose check-in is open: the page was old or the desk is someone else's)."""
    scan = desk_scan(user, workspace, desk_id, now)
    if scan.state != THEIRS or scan.booking is None:
        raise errors.CheckInClosed("You have no booking at this desk to check in to now.")
    return check_in(user, str(scan.booking.uuid), now)


def book_here(user: User, workspace: Workspace, desk_id: int, now: datetime) -> Booking:
    """Book the desk from now on, as offered (worked out again now), and check in at once
    when check-in is open. Every booking rule applies (``book_desk``); a desk taken meanwhile
    is ``desk_taken``, a desk with nothing left today ``in_the_past``."""
    check_can_book(user)
    scan = desk_scan(user, workspace, desk_id, now)
    if scan.state == TAKEN:
        raise errors.DeskTaken("Someone else has booked this desk meanwhile.")
    if scan.offer is None:
        raise errors.InThePast("This desk cannot be booked any more today.")
    # Instants with their offset: unambiguous even in the autumn's repeated hour.
    start, end = (instant.isoformat() for instant in scan.offer)
    booking = book_desk(user, scan.desk, start=start, end=end, note=None, now=now)
    if walk_in_checks_in(booking.starts_at, now, workspace.policy):
        # The member is standing at the desk. The booking is new, confirmed and in this unit of
        # work, so no release can race this write; it is recorded like any check-in.
        booking.checked_in_at = now
        db.session.flush()
        record(user, "booking.checked_in", booking, now, member_id=user.id, desk_id=booking.desk_id)
    return booking


def walk_in_checks_in(start: datetime, now: datetime, policy) -> bool:
    """Whether a booking made by scanning the desk is checked in at once: when it starts within
    the next slot or check-in is open already (a minimum notice can push the start later, and
    the member may not stay that long)."""
    soon = timedelta(minutes=max(policy.slot_minutes, policy.check_in_opens_minutes))
    return start - now <= soon
