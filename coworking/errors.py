"""The DomainError family: every refusal the product can give, with its stable ``code`` (the
API contract), its HTTP status, an English ``title`` for API clients and the member-facing
``message`` side by side, so a code cannot exist without its text.

Pure: no Flask, no database. ``rules.py`` modules raise these errors; the web layer
(``coworking.web.handlers``) turns them into problem+json or pages, translating ``message``
with gettext.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message for translation where it is written (pybabel extracts N_); the web layer
    translates it with gettext when it shows it to a person. The API keeps the English text."""
    return message


class DomainError(Exception):
    code = "domain_error"
    status = 422
    title = "The request breaks a rule"
    message = N_("Some of the information is not valid. Please check and try again.")

    def __init__(self, detail: str | None = None, **extra):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra

    def with_extra(self, **members) -> DomainError:
        """Add members to the problem document this error becomes (``conflicts`` of a series,
        say): any extra keyword reaches the API answer beside ``code`` and ``detail``."""
        self.extra.update(members)
        return self


def _error(name: str, code: str, status: int, title: str, message: str) -> type[DomainError]:
    cls = type(name, (DomainError,), {"code": code, "status": status, "title": title, "message": message})
    MESSAGES[code] = message
    return cls


# The member-facing text of every code, including the codes of plain HTTP answers below.
MESSAGES: dict[str, str] = {}

# 409: the slot is taken — by another booking of the desk, or by the member elsewhere.
DeskTaken = _error(
    "DeskTaken",
    "desk_taken",
    409,
    "This desk is already booked at that time",
    N_("Sorry, someone else has just booked this desk for that time. Please pick another desk or time."),
)
MemberBusy = _error(
    "MemberBusy",
    "member_busy",
    409,
    "You already have a booking at that time",
    N_("You already have a booking at that time. One desk at a time!"),
)
DeskAvailable = _error(
    "DeskAvailable",
    "desk_available",
    409,
    "A desk is free for that whole period: book it instead of waiting",
    N_("A desk is free for that whole period: book it instead of joining the waitlist."),
)
# 422: the request breaks a booking rule.
InvalidInterval = _error(
    "InvalidInterval",
    "invalid_interval",
    422,
    "The end must be after the start",
    N_("The end time must be after the start time."),
)
Misaligned = _error(
    "Misaligned",
    "misaligned",
    422,
    "Start and end must be on the slot grid",
    N_("Please choose start and end times from the list."),
)
OutsideOpeningHours = _error(
    "OutsideOpeningHours",
    "outside_opening_hours",
    422,
    "The workspace is not open at that time",
    N_("The workspace is not open for all of that time."),
)
Closed = _error("Closed", "closed", 422, "The workspace is closed on that day", N_("The workspace is closed that day."))
InThePast = _error("InThePast", "in_the_past", 422, "That time is in the past", N_("That time has already passed."))
TooSoon = _error(
    "TooSoon", "too_soon", 422, "Bookings need more notice", N_("That is too soon: this workspace needs more notice.")
)
TooFarAhead = _error(
    "TooFarAhead",
    "too_far_ahead",
    422,
    "That is too far ahead to book",
    N_("That is too far ahead: bookings for that day are not open yet."),
)
TooLong = _error(
    "TooLong",
    "too_long",
    422,
    "The booking is longer than allowed",
    N_("That booking is longer than this workspace allows."),
)
LimitReached = _error(
    "LimitReached",
    "limit_reached",
    422,
    "You have reached the number of active bookings allowed",
    N_("You have reached the maximum number of upcoming bookings at this workspace."),
)
DeskOutOfService = _error(
    "DeskOutOfService",
    "desk_out_of_service",
    422,
    "This desk is not in service then",
    N_("This desk is not in service that day."),
)
NonexistentLocalTime = _error(
    "NonexistentLocalTime",
    "nonexistent_local_time",
    422,
    "That local time does not exist (clocks go forward)",
    N_("That time does not exist on that day: the clocks go forward."),
)
AmbiguousLocalTime = _error(
    "AmbiguousLocalTime",
    "ambiguous_local_time",
    422,
    "That local time happens twice (clocks go back); give a UTC offset",
    N_("That time happens twice on that day (the clocks go back). Please choose another time."),
)
CancellationClosed = _error(
    "CancellationClosed",
    "cancellation_closed",
    422,
    "It is too late to cancel this booking",
    N_("It is too late to cancel this booking."),
)
# Check-in (bookings.checkin): a booking checked in only while it is confirmed, in its window.
NotActive = _error(
    "NotActive",
    "not_active",
    409,
    "The booking is cancelled or released",
    N_("This booking is no longer active: it was cancelled or released."),
)
CheckInClosed = _error(
    "CheckInClosed",
    "check_in_closed",
    422,
    "Check-in is not open for this booking now",
    N_("Check-in is not open for this booking right now."),
)
# Meeting-room guests (bookings.guests): the booker and the guests together fit the room.
OverCapacity = _error(
    "OverCapacity",
    "over_capacity",
    422,
    "More guests than the room holds",
    N_("That is more guests than this room holds: the room's capacity counts you too."),
)
GuestsNotAllowed = _error(
    "GuestsNotAllowed",
    "guests_not_allowed",
    422,
    "Only a meeting room takes guests",
    N_("Only a meeting room takes guests: choose a meeting room, or leave the guests out."),
)
UnknownGuest = _error(
    "UnknownGuest",
    "unknown_guest",
    422,
    "A guest could not be found",
    N_("We could not find every guest: give an email address, or the name of a member who can be found by name."),
)
# Workspace administration: the past keeps the desks, hours and closures it had.
PastIsKept = _error(
    "PastIsKept",
    "past_is_kept",
    422,
    "That change would rewrite days already past",
    N_("That change would alter days already past. Only today and later days can change."),
)
ClosureOver = _error(
    "ClosureOver",
    "closure_over",
    409,
    "That closure is over",
    N_("That closure is over: past days stay as they were."),
)
OutageOverlaps = _error(
    "OutageOverlaps",
    "outage_overlaps",
    409,
    "The desk is already out of service on some of those days",
    N_("This desk is already out of service on some of those days: change or lift that outage first."),
)
OutageOver = _error(
    "OutageOver",
    "outage_over",
    409,
    "That outage is over",
    N_("That outage is over: past days stay as they were."),
)
DeskCodeTaken = _error(
    "DeskCodeTaken",
    "desk_code_taken",
    409,
    "Another desk of this workspace has that code",
    N_("Another desk of this workspace already has that code."),
)
InvalidPlan = _error(
    "InvalidPlan",
    "invalid_plan",
    422,
    "That file cannot be used as a floor plan",
    N_(
        "That file cannot be used as a floor plan: send a PNG, JPEG or SVG image of at most 5 MB, "
        "without scripts or links to other files."
    ),
)
ValidationFailed = _error(
    "ValidationFailed",
    "validation_error",
    422,
    "The request is not valid",
    N_("Some of the information is not valid. Please check and try again."),
)
Conflict = _error("Conflict", "conflict", 409, "That already exists", N_("That already exists."))
# Budget: a closed month is locked until an admin reopens it.
MonthClosed = _error(
    "MonthClosed",
    "month_closed",
    409,
    "That month is closed",
    N_("That month is closed: its figures are frozen. An admin can reopen it, with a reason."),
)
MonthNotFinished = _error(
    "MonthNotFinished",
    "month_not_finished",
    422,
    "That month is not over yet",
    N_("That month is not over yet in every workspace: it can be closed once it has ended."),
)
# Access
Unauthorized = _error("Unauthorized", "unauthorized", 401, "Authentication is required", N_("Please log in."))
Forbidden = _error(
    "Forbidden", "forbidden", 403, "You are not allowed to do this", N_("You are not allowed to do that.")
)
NotFound = _error("NotFound", "not_found", 404, "Not found", N_("We could not find that page."))

# Codes that are not DomainErrors: pages and plain HTTP answers.
MESSAGES.update(
    {
        "login_required": N_("Please log in to see this page."),
        "email_not_verified": N_(
            "Please confirm your email address first: follow the link we mailed you "
            "(your profile page can send a new one)."
        ),
        "rate_limited": N_("Too many attempts. Please wait a little and try again."),
        "unavailable": N_("The service is briefly unavailable. Please try again in a moment."),
        "bad_request": N_("The request could not be read. Please check it and try again."),
        "method_not_allowed": N_("That action is not possible here."),
        "payload_too_large": N_("That is too large to send. Please send something smaller."),
        "unsupported_media_type": N_("That kind of file or data is not accepted here."),
        "internal_error": N_("Something went wrong on our side. Nothing was changed; please try again."),
    }
)

PROBLEM_JSON = "application/problem+json"

# Stable codes for plain HTTP errors (werkzeug / webargs) on the API.
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def message_for(code: str) -> str | None:
    """The member-facing text (untranslated msgid) for ``code``, or None."""
    return MESSAGES.get(code)
