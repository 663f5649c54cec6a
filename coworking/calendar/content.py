"""What a booking's calendar event says, in the reader's language (one definition for the
feeds and the single-booking download)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _

from coworking.bookings.models import Booking
from coworking.calendar.ics import booking_event, calendar
from coworking.i18n import local_datetime, local_time

REFRESH = timedelta(hours=1)


def event_text(booking: Booking, *, with_member: bool = False) -> tuple[str, str]:
    ws = booking.workspace
    summary = _("Desk %(desk)s at %(workspace)s", desk=booking.desk.code, workspace=ws.name)
    if with_member:
        summary = f"{booking.member.name} · {summary}"
    description = _(
        "%(desk)s, %(workspace)s (%(city)s), %(start)s–%(end)s (%(zone)s).",
        desk=booking.desk.code,
        workspace=ws.name,
        city=ws.city,
        start=local_datetime(booking.starts_at, ws.tz, "short"),
        end=local_time(booking.ends_at, ws.tz),
        zone=ws.timezone,
    )
    if booking.note:
        description += "\n" + booking.note
    return summary, description


def ics_for(bookings: list[Booking], *, name: str | None, with_member: bool = False, feed: bool = False) -> bytes:
    """The iCalendar bytes for these bookings (events link to the booking page)."""
    domain = current_app.config["CALENDAR_UID_DOMAIN"]
    events = []
    for booking in bookings:
        summary, description = event_text(booking, with_member=with_member)
        url = url_for("bookings.detail", booking_id=str(booking.uuid), _external=True)
        events.append(
            (booking, booking_event(booking, uid_domain=domain, summary=summary, description=description, url=url))
        )
    return calendar(events, name=name, refresh=REFRESH if feed else None)
