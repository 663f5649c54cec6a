"""Booking mails and the preferences that decide which a member gets.

The receivers of ``bookings.signals`` queue a mail in the unit of work of the booking or the
cancellation (a change that rolls back queues nothing); ``send_reminders`` is a job of
``flask worker``. Every mail is in the member's language (English when they chose none), every
time in the workspace's zone, named."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import formataddr

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from coworking.accounts.models import User
from coworking.bookings.models import CONFIRMED, Booking
from coworking.bookings.signals import CLOSURE, MANAGER, MEMBER
from coworking.extensions import db
from coworking.mail import services as outbox
from coworking.mail.links import external_url
from coworking.notifications import rules
from coworking.notifications.invitations import booking_url, invitation
from coworking.notifications.models import NotificationPreference
from coworking.workspaces.models import Workspace

# Bookings starting within this of a worker pass are looked at for a reminder: longer than
# from 18:00 the day before to the end of the next day, with room for a worker that was down.
REMINDER_HORIZON = timedelta(hours=40)


# --- preferences -------------------------------------------------------------------------


def preferences_of(user_id: int) -> rules.Preferences:
    row = db.session.get(NotificationPreference, user_id)
    return row.values() if row is not None else rules.DEFAULTS


def get_preferences(user: User) -> rules.Preferences:
    """The member's choices (the defaults when they made none)."""
    return preferences_of(user.id)


def update_preferences(user: User, changes: dict, now: datetime) -> rules.Preferences:
    """Change any of ``confirmations``, ``cancellations`` (booleans) and ``reminders``
    (``day_before``, ``same_morning``, ``none``); ValidationFailed (422) names what is wrong."""
    del now  # the row keeps no date; the argument is every service's
    values = rules.checked(preferences_of(user.id), changes)
    row = db.session.get(NotificationPreference, user.id)
    if row is None:
        row = NotificationPreference(user_id=user.id)
        db.session.add(row)
    row.confirmations, row.cancellations, row.reminders = values
    db.session.flush()
    return values


def forget_member(user_id: int, **_erasure) -> None:
    """``member_erased`` receiver: the member's preferences go (the defaults hold no data)."""
    row = db.session.get(NotificationPreference, user_id)
    if row is not None:
        db.session.delete(row)
        db.session.flush()


# --- the mails ---------------------------------------------------------------------------


def _language(member: User) -> str:
    return member.language or "en"


def _sender(workspace: Workspace) -> str | None:
    """The workspace's mailbox, named after it; None: the configured MAIL_FROM."""
    return formataddr((workspace.name, workspace.mail_from)) if workspace.mail_from else None


def _context(booking: Booking) -> dict:
    """What every booking mail says: desk, workspace, address, date, times and zone, links."""
    workspace = booking.workspace
    local_day = booking.starts_at.astimezone(workspace.tz).date()
    return {
        "name": booking.member.name,
        "desk": booking.desk.code,
        "workspace": workspace.name,
        "city": workspace.city,
        "address": workspace.address,
        "tz": workspace.timezone,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "note": booking.note,
        "booking_link": booking_url(booking),
        "day_link": external_url("workspaces.day", slug=workspace.slug, date=local_day.isoformat()),
    }


# Subjects, called by ``compose`` in the mail's language.
def _confirmed_subject(desk: str, workspace: str) -> str:
    return _("Booked: desk %(desk)s at %(workspace)s", desk=desk, workspace=workspace)


def _cancelled_subject(desk: str, workspace: str) -> str:
    return _("Cancelled: desk %(desk)s at %(workspace)s", desk=desk, workspace=workspace)


def _released_subject(desk: str, workspace: str) -> str:
    return _("Released: desk %(desk)s at %(workspace)s", desk=desk, workspace=workspace)


def _reminder_subject(desk: str, workspace: str) -> str:
    return _("Reminder: desk %(desk)s at %(workspace)s", desk=desk, workspace=workspace)


def _queue(
    booking: Booking,
    kind: str,
    template: str,
    subject,
    now: datetime,
    *,
    calendar: bool,
    dedupe_key: str | None = None,
    **extra,
) -> None:
    member = booking.member
    language = _language(member)
    mail = outbox.compose(
        template,
        language,
        lambda: subject(booking.desk.code, booking.workspace.name),
        calendar=invitation(booking, language) if calendar else None,
        **_context(booking),
        **extra,
    )
    outbox.enqueue(
        mail,
        to=member.email,
        kind=kind,
        language=language,
        now=now,
        user_id=member.id,
        sender=_sender(booking.workspace),
        dedupe_key=dedupe_key,
    )


def on_booking_confirmed(booking: Booking, *, by: User, now: datetime, **_signal) -> None:
    """``booking_confirmed`` receiver: the confirmation with its invitation (REQUEST), unless
    the member turned confirmations off."""
    del by
    if not preferences_of(booking.member_id).confirmations:
        return
    _queue(
        booking,
        "booking.confirmed",
        "booking_confirmed",
        _confirmed_subject,
        now,
        calendar=True,
    )


def on_booking_released(booking: Booking, *, now: datetime, **_signal) -> None:
    """``booking_released`` receiver: the member was not checked in by the end of the grace;
    always told (with a CANCEL: the event leaves their calendar), whatever their preferences,
    as for a cancellation they did not make."""
    _queue(
        booking,
        "booking.released",
        "booking_released",
        _released_subject,
        now,
        calendar=True,
        grace_minutes=booking.workspace.check_in_grace_minutes,
        released_at=booking.released_at,
    )


def on_booking_cancelled(
    booking: Booking, *, by: User, now: datetime, cause: str, reason: str | None = None, **_signal
) -> None:
    """``booking_cancelled`` receiver: the cancellation with its invitation (CANCEL). One the
    member made themselves only if they want those; by a manager or a closure, always (they
    may not know yet)."""
    if cause == MEMBER and not preferences_of(booking.member_id).cancellations:
        return
    _queue(
        booking,
        "booking.cancelled",
        "booking_cancelled",
        _cancelled_subject,
        now,
        calendar=True,
        cause=cause,
        reason=reason,
        by_manager=cause == MANAGER,
        by_closure=cause == CLOSURE,
        by_name=by.name if by is not None else "",
    )


def send_reminders(now: datetime) -> int:
    """The worker's job: a reminder for each confirmed booking whose reminder is due
    (``rules.reminder_due``). Each is queued once per booking and start, also when two
    workers or two passes look at it (the dedupe key). Returns how many were queued."""
    rows = db.session.execute(
        select(Booking, NotificationPreference.reminders)
        .join(Booking.member)
        .join(Booking.workspace)
        .join(Booking.desk)
        .outerjoin(NotificationPreference, NotificationPreference.user_id == Booking.member_id)
        .where(
            Booking.status == CONFIRMED,
            Booking.starts_at > now,
            Booking.starts_at <= now + REMINDER_HORIZON,
            User.active.is_(True),
        )
        .options(contains_eager(Booking.member), contains_eager(Booking.workspace), contains_eager(Booking.desk))
        .order_by(Booking.starts_at, Booking.id)
    ).all()
    due = {}
    for booking, reminders in rows:
        at = rules.reminder_due(
            starts_at=booking.starts_at,
            created_at=booking.created_at,
            tz=booking.workspace.tz,
            reminders=reminders or rules.DEFAULTS.reminders,
            now=now,
        )
        if at is not None:
            due[reminder_key(booking)] = booking
    queued = 0
    already = outbox.queued_keys(due)
    for key, booking in due.items():
        if key in already:
            continue
        _queue(
            booking,
            "booking.reminder",
            "booking_reminder",
            _reminder_subject,
            now,
            calendar=False,
            dedupe_key=key,
            check_in_opens_at=booking.check_in_opens_at(),
            grace_minutes=booking.workspace.check_in_grace_minutes,
        )
        queued += 1
    return queued


def reminder_key(booking: Booking) -> str:
    """One reminder per booking and start."""
    return f"reminder:{booking.uuid}:{booking.starts_at.isoformat()}"
