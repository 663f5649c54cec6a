"""Reading booking mails as a mail client does: the invitation's parts (RFC 6047) and the
mails sent to one address."""

from __future__ import annotations

from icalendar import Calendar

from tests.support.app import outbox


def sent_to(app, address: str) -> list:
    return [m for m in outbox(app) if m["To"] == address]


def calendar_part(message):
    """The ``text/calendar`` alternative, or None."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part
    return None


def invite_ics(message) -> bytes | None:
    """The bytes of the ``invite.ics`` attachment, or None."""
    for part in message.iter_attachments():
        if part.get_filename() == "invite.ics":
            return part.get_payload(decode=True)
    return None


def invite_event(message):
    """(the calendar, its one VEVENT) of the mail's ``invite.ics``."""
    cal = Calendar.from_ical(invite_ics(message))
    (event,) = cal.walk("VEVENT")
    return cal, event
