"""The demo's members: about two hundred people with a home workspace, a member number in the
order they joined, and habits (how often they come, mornings or whole days, whether they
travel to other workspaces) that the booking planner follows. Created with
``accounts.services.create_user`` as an admin would, each on the day they joined."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.services import create_user
from coworking.demo import data
from coworking.demo.data import people
from coworking.demo.sites import Site
from coworking.extensions import db
from coworking.workspaces.models import Desk


@dataclass
class Member:
    user: User
    home: int  # index into the sites
    days_per_week: int
    habit: str  # "day", "morning", "afternoon", "short"
    traveller: bool
    fixed_desk: Desk | None = None
    favourite: int = 0  # preferred hot desk, as an index


def _shares(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders)."""
    exact = [total * w / sum(weights) for w in weights]
    shares = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)[: total - sum(shares)]:
        shares[i] += 1
    return shares


def shows_name(email: str) -> bool:
    """Whether a demo member chose to be visible to other members ("who's in"): about three in
    five, fixed by the address so the random draws of the rest of the demo stay as they were.
    The demo login has not chosen yet (off, as for every new member)."""
    return email != data.MEMBER_EMAIL and zlib.crc32(email.encode()) % 5 < 3


def create_members(rng: random.Random, sites: list[Site], password_hash: str, now: datetime) -> list[Member]:
    weights = [s.spec.desks.hot + s.spec.desks.fixed for s in sites]
    homes = [i for i, n in enumerate(_shares(data.MEMBER_COUNT, weights)) for _ in range(n)]
    countries = list(people.FIRST_NAMES)
    used_emails = {data.ADMIN_EMAIL, data.MEMBER_EMAIL, *(s.spec.manager_email for s in sites)}
    the_member_home = next(i for i, s in enumerate(sites) if s.spec.slug == data.MEMBER_HOME)
    homes.remove(the_member_home)
    joining: list[tuple[int, str, str, datetime]] = [
        (the_member_home, data.MEMBER_EMAIL, data.MEMBER_NAME, now - timedelta(days=700))
    ]
    for home in homes:
        country = sites[home].spec.country if rng.random() < 0.8 else rng.choice(countries)
        first, last = rng.choice(people.FIRST_NAMES[country]), rng.choice(people.LAST_NAMES[country])
        local = base = people.email_local_part(first, last)
        n = 1
        while f"{local}@{data.DEMO_DOMAIN}" in used_emails:
            n += 1
            local = f"{base}{n}"
        email = f"{local}@{data.DEMO_DOMAIN}"
        used_emails.add(email)
        joined = now - timedelta(days=rng.randint(100, 1600), minutes=rng.randint(0, 24 * 60))
        joining.append((home, email, f"{first} {last}", joined))
    clashes = db.session.scalar(select(func.count()).where(User.email.in_([p[1] for p in joining])))
    if clashes:
        raise errors.Conflict(f"{clashes} demo member emails are already taken: nothing changed.")

    members: list[Member] = []
    # Member numbers follow the order in which people joined the cooperative.
    for number, (home, email, name, joined) in enumerate(sorted(joining, key=lambda p: p[3]), start=101):
        site = sites[home]
        language = site.spec.language if rng.random() < 0.5 else None
        language = data.LOGIN_LANGUAGE if email == data.MEMBER_EMAIL else language
        user = create_user(
            email=email,
            name=name,
            role="member",
            password=None,
            password_hash=password_hash,
            now=joined,
            workspaces=[site.spec.slug],
            member_number=f"CW-{number:05d}",
            language=language,
            visible_to_members=shows_name(email),
        )
        is_demo_member = email == data.MEMBER_EMAIL
        members.append(
            Member(
                user=user,
                home=home,
                days_per_week=4 if is_demo_member else rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5)),
                habit="day" if is_demo_member else rng.choice(("day",) * 6 + ("morning", "afternoon", "short")),
                traveller=is_demo_member or rng.random() < 0.15,
                favourite=rng.randrange(max(1, site.spec.desks.hot)),
            )
        )
    # Fixed desks go to the most regular members of their workspace.
    for i, site in enumerate(sites):
        regulars = sorted(
            (m for m in members if m.home == i and m.user.email != data.MEMBER_EMAIL),
            key=lambda m: -m.days_per_week,
        )
        for desk, member in zip([d for d in site.desks if d.kind == "fixed_desk"], regulars, strict=False):
            member.fixed_desk = desk
            member.habit = "day"
            member.days_per_week = max(member.days_per_week, 4)
    return members
