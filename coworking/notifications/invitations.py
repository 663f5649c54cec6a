"""The calendar invitation of a booking mail: an iTIP message (RFC 5546) sent by mail (iMIP,
RFC 6047), ``METHOD:REQUEST`` when a booking is made and ``METHOD:CANCEL`` when it is
cancelled.

Its event is the feeds' event (``calendar.ics.booking_event``): the same UID
(``<uuid>@CALENDAR_UID_DOMAIN``), DTSTART/DTEND written the same way, the same SEQUENCE (a
cancellation bumps it) and the same VTIMEZONE bytes, so a client that has the booking from
the feed or the download updates that event instead of adding another. Added for iTIP: the
ORGANIZER (the workspace's mailbox, else ``MAIL_FROM``) and the member as the ATTENDEE who
accepted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import parseaddr

from flask import current_app, g
from flask_babel import force_locale
from icalendar import Calendar, vCalAddress, vText

from coworking.bookings.models import CANCELLED, RELEASED, Booking
from coworking.calendar.content import event_text
from coworking.calendar.ics import END, PRODID, EventData, booking_event, spans
from coworking.calendar.vtimezone import vtimezone_ical
from coworking.i18n import locale_for
from coworking.mail.links import external_url

REQUEST = "REQUEST"
CANCEL = "CANCEL"


@contextmanager
def in_language(language: str | None) -> Iterator[None]:
    """Texts and formats in ``language`` (the member's), in a request, the CLI or the worker."""
    g.mail_rendering = True  # Flask-Babel keeps the forced locale on ``g``, and skips an empty one
    with force_locale(locale_for(language)):
        yield


def mailbox(booking: Booking) -> str:
    """The bare address booking mails of this workspace come from."""
    configured = booking.workspace.mail_from or current_app.config["MAIL_FROM"]
    return parseaddr(configured)[1] or configured


def booking_url(booking: Booking) -> str:
    """The booking's page, from BASE_URL (never the request's host)."""
    return external_url("bookings.detail", booking_id=str(booking.uuid))


def _address(email: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    for key, value in params.items():
        address.params[key] = vText(value) if key == "CN" else value
    return address


def invitation(booking: Booking, language: str | None) -> dict:
    """The calendar part of a booking's mail: ``{"method": …, "ics": …}`` (``Mail.calendar``),
    CANCEL for a cancelled booking, REQUEST otherwise; its texts in ``language``."""
    method = CANCEL if booking.status in (CANCELLED, RELEASED) else REQUEST
    member = booking.member
    organizer = _address(mailbox(booking), CN=booking.workspace.name)
    attendee = _address(member.email, CN=member.name, CUTYPE="INDIVIDUAL", ROLE="REQ-PARTICIPANT", PARTSTAT="ACCEPTED")
    return _itip(booking, language, method, organizer, attendee)


def guest_invitation(booking: Booking, language: str | None, *, email: str, name: str | None, method: str) -> dict:
    """The calendar part of a guest's mail: the booking's event (same UID and SEQUENCE as the
    feeds') with the booker as ORGANIZER (sent by the workspace's mailbox) and the guest as
    the ATTENDEE asked to take part; ``method`` REQUEST (invited) or CANCEL (removed from the
    guests, or the booking cancelled)."""
    booker = booking.member
    organizer = _address(booker.email, CN=booker.name, **{"SENT-BY": f"mailto:{mailbox(booking)}"})
    params = {"CN": name} if name else {}
    attendee = _address(
        email, **params, CUTYPE="INDIVIDUAL", ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="FALSE"
    )
    return _itip(booking, language, method, organizer, attendee)


def _itip(booking: Booking, language: str | None, method: str, organizer: vCalAddress, attendee: vCalAddress) -> dict:
    data = EventData.of(booking)
    if method == CANCEL and data.status not in (CANCELLED, RELEASED):
        data = data._replace(status=CANCELLED)  # a removed guest's copy: cancelled for them
    with in_language(language):
        summary, description = event_text(data)
    event = booking_event(
        data,
        uid_domain=current_app.config["CALENDAR_UID_DOMAIN"],
        summary=summary,
        description=description,
        url=booking_url(booking),
    )
    event.add("organizer", organizer)
    event.add("attendee", attendee)
    head = Calendar()
    head.add("prodid", PRODID)
    head.add("version", "2.0")
    head.add("calscale", "GREGORIAN")
    head.add("method", method)
    zones = spans([data])
    parts = [head.to_ical().removesuffix(END)]
    parts += [vtimezone_ical(key, *zones[key]) for key in sorted(zones)]
    parts += [event.to_ical(), END]
    return {"method": method, "ics": b"".join(parts).decode("utf-8")}
