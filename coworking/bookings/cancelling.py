"""What pages say about cancelling: never a deadline that is already past.

The rules (``bookings.rules``) and the model's permission check decide; this module only words
their answer for the member, in the workspace's local time."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from coworking.bookings import rules
from coworking.bookings.models import CONFIRMED, Booking
from coworking.i18n import local_datetime, local_time
from coworking.workspaces.models import Workspace


def _minutes(count: int) -> str:
    return ngettext("%(num)d minute", "%(num)d minutes", count)


def cancel_terms(booking: Booking, user, now: datetime) -> str | None:
    """One sentence on whether and until when ``user`` may cancel ``booking``, or None when
    there is nothing to say (cancelled, over, or started)."""
    if booking.status != CONFIRMED or now >= booking.ends_at:
        return None
    tz = booking.workspace.tz
    if booking.can_cancel(user, now):
        if booking.cancelled_by_manager(user):
            return _("You can cancel until %(when)s.", when=local_datetime(booking.starts_at, tz, "short"))
        cutoff = rules.cutoff_at(booking.starts_at, booking.workspace.policy)
        undo = rules.undo_until(booking.created_at)
        if undo <= cutoff:
            return _("You can cancel until %(when)s.", when=local_datetime(cutoff, tz, "short"))
        return _(
            "You can undo this booking until %(when)s (%(minutes)s after making it); "
            "after that it can no longer be cancelled.",
            when=local_datetime(undo, tz, "short"),
            minutes=_minutes(rules.UNDO_MINUTES),
        )
    if now >= booking.starts_at:
        return None
    cutoff = rules.cutoff_at(booking.starts_at, booking.workspace.policy)
    return _("It is too late to cancel: the cut-off was %(when)s.", when=local_datetime(cutoff, tz, "short"))


def cutoff_notice(workspace: Workspace, now: datetime, first_start: datetime, last_close: datetime) -> str | None:
    """Before booking: say so when a booking that can start from ``first_start`` (the day's
    first bookable instant) until ``last_close``, made ``now``, would already be past the
    cancellation cut-off, so that only the undo window lets its member cancel it."""
    policy = workspace.policy
    tz = workspace.tz
    # Bookings starting before this instant are past their cut-off as soon as they are made.
    boundary = now + timedelta(minutes=policy.cancel_cutoff_minutes)
    if boundary <= first_start:
        return None
    undo = _minutes(rules.UNDO_MINUTES)
    cutoff = _minutes(policy.cancel_cutoff_minutes)
    if boundary >= last_close:
        return _(
            "The cancellation cut-off (%(cutoff)s before the start) has passed for this day: "
            "a booking made now can only be undone within %(undo)s of making it.",
            cutoff=cutoff,
            undo=undo,
        )
    # Said on the slot grid: "before 15:30" rather than "before 15:28" (the same bookings).
    # The boundary lies before the day's last close, so the rounded time is still that day.
    local = boundary.astimezone(tz)
    minutes = local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)
    minutes = -(-minutes // policy.slot_minutes) * policy.slot_minutes
    return _(
        "A booking starting before %(time)s can only be undone within %(undo)s of making it: "
        "the cancellation cut-off is %(cutoff)s before the start.",
        time=local_time(time(minutes // 60, minutes % 60)),
        undo=undo,
        cutoff=cutoff,
    )
