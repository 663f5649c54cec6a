"""Plays the demo's planned history through the product's own use cases, in the order it
happened: each booking made with ``bookings.services.book`` at the moment its member made it,
cancelled with ``cancel`` when they cancelled it, and each closure announced with
``workspaces.services.add_closure`` on its day (which cancels what was booked on the closed
days). So the rules check every booking at the time it was made, and the audit trail is the
one the product writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coworking import errors
from coworking.bookings.services import book, cancel
from coworking.demo.planner import PlannedBooking
from coworking.demo.sites import PlannedClosure, Site
from coworking.extensions import db
from coworking.workspaces.services import add_closure

# At the same instant a closure or a cancellation comes before a new booking: it frees the slot.
_CLOSE, _CANCEL, _BOOK = range(3)


@dataclass(frozen=True)
class Played:
    bookings: int  # made
    cancelled: int  # by their member or by a closure
    closures: int
    refused: int  # bookings or cancellations the rules refused (the plan should have none)


def play(sites: list[Site], plans: list[PlannedBooking]) -> Played:
    timeline: list[tuple[datetime, int, int, object]] = []
    for site in sites:
        timeline.extend((closure.announced, _CLOSE, len(timeline), (site, closure)) for closure in site.closures)
    for plan in plans:
        timeline.append((plan.made, _BOOK, len(timeline), plan))
        if plan.cancelled is not None:
            timeline.append((plan.cancelled, _CANCEL, len(timeline), plan))
    timeline.sort(key=lambda event: event[:3])

    made: dict[int, str] = {}  # id() of the plan → its booking's public id
    cancelled = refused = 0
    # Each use case flushes what the next one reads; what it leaves pending (its audit event)
    # no use case reads, so it goes out with the next one's flush: one flush per booking
    # instead of two, which saves about a tenth of the time the history takes.
    with db.session.no_autoflush:
        for when, kind, _, item in timeline:
            if kind == _CLOSE:
                site, closure = item
                cancelled += _announce(site, closure, when)
                continue
            plan: PlannedBooking = item
            try:
                if kind == _BOOK:
                    made[id(plan)] = _book(plan, when)
                elif id(plan) in made:
                    cancel(plan.member.user, made[id(plan)], now=when, reason=plan.cancel_reason)
                    cancelled += 1
            except errors.DomainError:
                # Refused before anything is written: the unit of work goes on without it.
                refused += 1
        db.session.flush()
    return Played(
        bookings=len(made), cancelled=cancelled, closures=sum(len(s.closures) for s in sites), refused=refused
    )


def _book(plan: PlannedBooking, when: datetime) -> str:
    booking = book(
        plan.member.user,
        desk_id=plan.desk.id,
        start=plan.starts_at.isoformat(),
        end=plan.ends_at.isoformat(),
        note=plan.note,
        now=when,
    )
    return str(booking.uuid)  # not the object: the session need not keep thousands alive


def _announce(site: Site, closure: PlannedClosure, when: datetime) -> int:
    _, cancelled = add_closure(
        site.manager,
        site.workspace,
        start_date=closure.start,
        end_date=closure.end,
        reason=closure.reason,
        now=when,
    )
    return cancelled
