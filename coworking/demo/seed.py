"""Writes the whole demo in one unit of work: the admin, the workspaces with their managers
and desks, the members, their bookings played through the booking services in the order they
were made, and the budget.

The data is generated from a fixed seed around today's date in each workspace's local time
(two months back, one month ahead). Nothing is written by hand that a service can write: the
rules check every booking when it is made, and the audit trail is the product's own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.services import create_user, hash_password
from coworking.bookings.signals import booking_cancelled, booking_confirmed
from coworking.demo import budget as demo_budget
from coworking.demo import data, history
from coworking.demo.data.workspaces import WORKSPACES
from coworking.demo.members import create_members
from coworking.demo.planner import BookingPlanner
from coworking.demo.plans import seed_plans
from coworking.demo.sites import create_site
from coworking.extensions import db
from coworking.notifications.rules import NO_REMINDER
from coworking.notifications.services import update_preferences
from coworking.workspaces.models import Workspace


@dataclass(frozen=True)
class Summary:
    workspaces: int
    desks: int
    closures: int
    users: int
    bookings: int
    cancelled: int


def seed_demo(now: datetime) -> Summary | None:
    """Write the demo (flush only; the caller commits). None when it is already there."""
    if _demo_present():
        return None
    rng = random.Random(data.SEED)
    password_hash = hash_password(data.DEMO_PASSWORD)  # once: hashing per user would take minutes
    admin = create_user(
        email=data.ADMIN_EMAIL,
        name=data.ADMIN_NAME,
        role="admin",
        password=None,
        password_hash=password_hash,
        now=now - timedelta(days=2000),
    )
    sites = [create_site(spec, admin, now, password_hash) for spec in WORKSPACES]
    seed_plans(sites, now)
    members = create_members(rng, sites, password_hash, now)
    # The invented members want no reminders: otherwise the first worker pass would write one
    # for each of their bookings of tomorrow into instance/mail/. The demo login keeps the
    # defaults, so its own reminders show what members get.
    for member in members:
        if member.user.email != data.MEMBER_EMAIL:
            update_preferences(member.user, {"reminders": NO_REMINDER}, now)
    plans = BookingPlanner(rng, sites, members, now).plan()
    # History is played through the booking services, which announce each booking and
    # cancellation: nobody is mailed about the demo's past.
    with booking_confirmed.muted(), booking_cancelled.muted():
        played = history.play(sites, plans)
    if played.refused:
        current_app.logger.warning(
            "seed-demo: the booking rules refused %d planned bookings or cancellations; they are left out of the demo.",
            played.refused,
        )
    demo_budget.seed_budget(random.Random(data.SEED + 1), admin, sites, now)
    return Summary(
        workspaces=len(sites),
        desks=sum(len(s.desks) for s in sites),
        closures=played.closures,
        users=1 + len(sites) + len(members),
        bookings=played.bookings,
        cancelled=played.cancelled,
    )


def _demo_present() -> bool:
    """True when the whole demo is there; False when none of it is. Anything in between (or a
    clash with real data) is refused, so the command never half-writes or duplicates."""
    slugs = [w.slug for w in WORKSPACES]
    emails = [data.ADMIN_EMAIL, data.MEMBER_EMAIL, *(w.manager_email for w in WORKSPACES)]
    found_slugs = db.session.scalar(select(func.count()).where(Workspace.slug.in_(slugs)))
    found_emails = db.session.scalar(select(func.count()).where(User.email.in_(emails)))
    if found_slugs == len(slugs) and found_emails == len(emails):
        return True
    if found_slugs or found_emails:
        raise errors.Conflict(
            f"Part of the demo data already exists ({found_slugs} of {len(slugs)} workspaces, "
            f"{found_emails} of {len(emails)} demo logins): nothing changed. Seed an empty database."
        )
    return False
