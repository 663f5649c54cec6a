"""Meeting-room guests: the booker invites members (found by name among those who chose to be
visible to members, or by their exact email address) and outside people (by email), within
the room's capacity; the guests are told by mail (``signals.guests_changed``, received by
``notifications.guest_mail``) and guest members see the booking and get it in their feed.

Use cases take the acting user and ``now`` and only flush. Only the booker changes the list,
while the booking is confirmed and not over. The member-overlap guard is the booker's only:
a guest may be invited to two meetings at once (they decide where to go)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.rules import normalize_email
from coworking.audit.services import record
from coworking.bookings import guest_rules
from coworking.bookings.guest_models import BookingGuest
from coworking.bookings.models import CONFIRMED, Booking
from coworking.bookings.services import book, get_booking
from coworking.bookings.signals import guests_changed
from coworking.extensions import db
from coworking.workspaces.models import Desk, Workspace

SEARCH_LIMIT = 10
MIN_QUERY = 2


class GuestRef(NamedTuple):
    """A guest as asked for: ``{"member_id"}`` or ``{"email"}``."""

    member_id: int | None = None
    email: str | None = None


class Invitee(NamedTuple):
    """Who a guest mail goes to: a member (``member_id``, name, language) or an outside
    address (``name`` None, the workspace's language)."""

    member_id: int | None
    email: str
    name: str | None
    language: str | None


class Candidate(NamedTuple):
    """A member who may be invited by name (visible to members): what the search shows."""

    id: int
    name: str


class GuestChange(NamedTuple):
    added: list[Invitee]
    removed: list[Invitee]


class AddOutcome(NamedTuple):
    """``add_guest``'s answer: the change made, or (a name matching several members) the
    members to choose from."""

    change: GuestChange | None
    choices: list[Candidate]


def refs_from_json(items: list[dict]) -> list[GuestRef]:
    """The API's ``[{"member_id"} | {"email"}]`` (checked by the schema) as refs."""
    return [GuestRef(item.get("member_id"), item.get("email")) for item in items]


def refs_from_text(user: User, text: str) -> list[GuestRef]:
    """The booking form's guests: one per line (or comma), an email address, or the name of
    a member who can be found by name (it must name exactly one). ValidationFailed lists the
    names that match nobody or several members."""
    refs: list[GuestRef] = []
    problems: list[str] = []
    unknown: list[str] = []
    for item in (part.strip() for line in (text or "").splitlines() for part in line.split(",")):
        if not item:
            continue
        if "@" in item:
            refs.append(GuestRef(email=item))
            continue
        found = find_members(user, item)
        exact = [c for c in found if c.name.casefold() == " ".join(item.split()).casefold()]
        chosen = exact if len(exact) == 1 else found
        if len(chosen) == 1:
            refs.append(GuestRef(member_id=chosen[0].id))
        elif chosen:
            unknown.append(item)
            problems.append(f"{item!r} matches several members: give their email address.")
        else:
            unknown.append(item)
            problems.append(f"No member who can be found by name matches {item!r}: give their email address.")
    if problems:
        raise errors.UnknownGuest(" ".join(problems), names=unknown)
    return refs


def invitee_of(guest: BookingGuest, workspace: Workspace) -> Invitee:
    if guest.member_id is not None:
        member = guest.member
        return Invitee(member.id, member.email, member.name, member.language or workspace.default_language)
    return Invitee(None, guest.email, None, workspace.default_language)


def invitees(booking: Booking) -> list[Invitee]:
    """Every guest of ``booking`` as mail recipients (a cancellation tells them all)."""
    return [invitee_of(guest, booking.workspace) for guest in booking.guests]


def guest_rows(booking: Booking) -> list[dict]:
    """The guests as the booking's JSON and page show them: a member by id and name, an
    outside guest by email; ``guest_id`` names the row for the page's remove button."""
    out = []
    for guest in booking.guests:
        if guest.member_id is not None:
            out.append({"guest_id": guest.id, "member_id": guest.member_id, "name": guest.member.name})
        else:
            out.append({"guest_id": guest.id, "email": guest.email})
    return out


def find_members(user: User, query: str) -> list[Candidate]:
    """Active members other than ``user`` who chose to be visible to members, whose name
    contains ``query`` (case-insensitive; at least two characters), by name; at most ten."""
    text = " ".join((query or "").split())
    if len(text) < MIN_QUERY:
        return []
    pattern = "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = db.session.execute(
        select(User.id, User.name)
        .where(
            User.active.is_(True),
            User.visible_to_members.is_(True),
            User.id != user.id,
            func.lower(User.name).like(pattern, escape="\\"),
        )
        .order_by(func.lower(User.name), User.id)
        .limit(SEARCH_LIMIT)
    )
    return [Candidate(*row) for row in rows]


def _lock(booking: Booking) -> None:
    """Serialise changes of one guest list (PostgreSQL row lock; SQLite's BEGIN IMMEDIATE
    already serialises writers), so two edits cannot together pass the capacity."""
    if db.session.get_bind().dialect.name != "sqlite":
        db.session.execute(select(Booking.id).where(Booking.id == booking.id).with_for_update())
        db.session.refresh(booking, ["guests", "status", "sequence"])


def _editable(user: User, booking: Booking, now: datetime) -> None:
    if user.id != booking.member_id:
        raise errors.Forbidden("Only the member who booked the room changes its guests.")
    if booking.status != CONFIRMED:
        raise errors.NotActive(f"This booking is {booking.status}.")
    if booking.ends_at <= now:
        raise errors.ValidationFailed("This meeting is over: its guests no longer change.")


def _resolve(user: User, booking: Booking, refs: list[GuestRef]) -> tuple[dict[int, User], list[str]]:
    """The members and outside addresses ``refs`` name, each once. A member id must be a
    visible active member (or already a guest); an email of an active member invites that
    member; the booker is never their own guest."""
    current = {g.member_id for g in booking.guests if g.member_id is not None}
    ids = {r.member_id for r in refs if r.member_id is not None}
    emails: list[str] = []
    problems: list[str] = []
    invalid: list[str] = []
    for ref in refs:
        if ref.member_id is None:
            try:
                email = normalize_email(ref.email or "")
            except errors.ValidationFailed:
                invalid.append(ref.email or "")
                continue
            if email not in emails:
                emails.append(email)
    if invalid:
        raise errors.UnknownGuest("Not an email address: " + ", ".join(map(repr, invalid)) + ".", names=invalid)
    found = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids), User.active.is_(True)))}
    members: dict[int, User] = {}
    unknown = []
    for member_id in sorted(ids):
        member = found.get(member_id)
        if member is None or not (member.visible_to_members or member_id in current):
            unknown.append(member_id)
        else:
            members[member_id] = member
    if unknown:
        raise errors.UnknownGuest(
            "No member to invite has the id " + ", ".join(map(str, unknown)) + ".", member_ids=unknown
        )
    active = select(User).where(User.email.in_(emails), User.active.is_(True))
    by_email = {u.email: u for u in db.session.scalars(active)}
    outside = []
    for email in emails:
        member = by_email.get(email)
        if member is not None:
            members[member.id] = member
        else:
            outside.append(email)
    if user.id in members:
        problems.append("You booked the room: you are not your own guest.")
    if problems:
        raise errors.ValidationFailed(" ".join(problems), errors={"guests": problems})
    return members, outside


def set_guests(user: User, booking: Booking, refs: list[GuestRef], now: datetime) -> GuestChange:
    """Make ``refs`` the guest list of ``user``'s meeting-room booking: the added are invited
    (REQUEST), the removed told (CANCEL); the booking's SEQUENCE goes up so every calendar
    takes the newer event. Over the room's capacity − 1: ``over_capacity`` (422)."""
    _editable(user, booking, now)
    _lock(booking)
    _editable(user, booking, now)
    members, outside = _resolve(user, booking, refs)
    desk = booking.desk
    guest_rules.check_guest_count(desk.kind, desk.capacity, len(members) + len(outside))
    workspace = booking.workspace
    removed: list[Invitee] = []
    kept_members: set[int] = set()
    kept_emails: set[str] = set()
    for guest in list(booking.guests):
        if guest.member_id in members:
            kept_members.add(guest.member_id)
        elif guest.email is not None and guest.email in outside:
            kept_emails.add(guest.email)
        else:
            removed.append(invitee_of(guest, workspace))
            booking.guests.remove(guest)
    added: list[Invitee] = []
    for member_id, member in members.items():
        if member_id not in kept_members:
            booking.guests.append(BookingGuest(member_id=member_id, added_at=now))
            added.append(Invitee(member.id, member.email, member.name, member.language or workspace.default_language))
    for email in outside:
        if email not in kept_emails:
            booking.guests.append(BookingGuest(email=email, added_at=now))
            added.append(Invitee(None, email, None, workspace.default_language))
    if not added and not removed:
        return GuestChange([], [])
    booking.sequence += 1  # iCalendar: the guests' copies and the booker's are one newer event
    booking.updated_at = now
    db.session.flush()
    record(
        user,
        "booking.guests_changed",
        booking,
        now,
        member_id=booking.member_id,
        added=len(added),
        removed=len(removed),
        guests=len(booking.guests),
        **({"added_members": [i.member_id for i in added if i.member_id]} if any(i.member_id for i in added) else {}),
    )
    guests_changed.send(booking, by=user, now=now, added=added, removed=removed)
    return GuestChange(added, removed)


def change_guests(user: User, booking_id: str, refs: list[GuestRef], now: datetime) -> Booking:
    """``set_guests`` for a booking named by its public id (the API's PUT)."""
    booking = get_booking(user, booking_id)
    set_guests(user, booking, refs, now)
    return booking


def book_with_guests(
    user: User, *, desk_id: int, start: str, end: str, note: str | None, guests: list[GuestRef], now: datetime
) -> Booking:
    """Book (every booking rule and guard, for the booker) and invite ``guests`` in the same
    unit of work: a refused guest list refuses the booking too (the error rolls it back)."""
    booking = book(user, desk_id=desk_id, start=start, end=end, note=note, now=now)
    if guests:
        set_guests(user, booking, guests, now)
    return booking


def add_guest(user: User, booking_id: str, text: str, now: datetime, member_id: int | None = None) -> AddOutcome:
    """The booking page's "add a guest": an email address, or a member's name (searched among
    the visible members: one match is invited, several are offered), or a ``member_id``
    picked from those offered."""
    booking = get_booking(user, booking_id)
    _editable(user, booking, now)
    current = [GuestRef(g.member_id, g.email) for g in booking.guests]
    if member_id is not None:
        return AddOutcome(set_guests(user, booking, [*current, GuestRef(member_id=member_id)], now), [])
    text = (text or "").strip()
    if "@" in text:
        return AddOutcome(set_guests(user, booking, [*current, GuestRef(email=text)], now), [])
    found = find_members(user, text)
    exact = [c for c in found if c.name.casefold() == " ".join(text.split()).casefold()]
    if len(exact) == 1 or len(found) == 1:
        chosen = (exact or found)[0]
        return AddOutcome(set_guests(user, booking, [*current, GuestRef(member_id=chosen.id)], now), [])
    if found:
        return AddOutcome(None, found)
    raise errors.UnknownGuest(f"No member who can be found by name matches {text!r}.", names=[text])


def remove_guest(user: User, booking_id: str, guest_id: int, now: datetime) -> GuestChange:
    """The booking page's "remove": the list without that guest."""
    booking = get_booking(user, booking_id)
    _editable(user, booking, now)
    if not any(g.id == guest_id for g in booking.guests):
        raise errors.NotFound("There is no such guest.")
    rest = [GuestRef(g.member_id, g.email) for g in booking.guests if g.id != guest_id]
    return set_guests(user, booking, rest, now)


class Invitation(NamedTuple):
    """A booking ``user`` is a guest of, as "my bookings" lists it."""

    uuid: object
    desk_code: str
    workspace_name: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    status: str
    booker_name: str


def upcoming_invitations(user: User, now: datetime) -> list[Invitation]:
    """The confirmed bookings ``user`` is invited to that are not over, soonest first."""
    rows = db.session.execute(
        select(
            Booking.uuid,
            Desk.code,
            Workspace.name,
            Workspace.timezone,
            Booking.starts_at,
            Booking.ends_at,
            Booking.status,
            User.name,
        )
        .join(BookingGuest, BookingGuest.booking_id == Booking.id)
        .join(Desk, Desk.id == Booking.desk_id)
        .join(Workspace, Workspace.id == Booking.workspace_id)
        .join(User, User.id == Booking.member_id)
        .where(BookingGuest.member_id == user.id, Booking.status == CONFIRMED, Booking.ends_at > now)
        .order_by(Booking.starts_at, Booking.id)
        .limit(50)
    )
    return [Invitation(*row) for row in rows]


def load_with_guests(booking_id: int) -> Booking:
    """A booking with its guests and their members in one read (the JSON shows them)."""
    return db.session.scalar(
        select(Booking)
        .where(Booking.id == booking_id)
        .options(joinedload(Booking.guests).joinedload(BookingGuest.member))
    )
