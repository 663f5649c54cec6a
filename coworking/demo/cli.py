"""`flask seed-demo`: demo workspaces, members and three months of bookings.

Idempotent: the demo is written in one transaction, and a database that already holds it is
left alone. The data is generated from a fixed seed around today's date in each workspace's
local time (two months back, one month ahead), and respects what the booking rules and the
database guards demand: opening hours, the slot grid, closures, desks in service, maximum
length, active-booking limits, and never two confirmed bookings at once for a desk or a member.
"""

from __future__ import annotations

import random
import time as clock
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, insert, select

from coworking import errors
from coworking.accounts.models import User
from coworking.accounts.rules import normalize_email
from coworking.accounts.services import hash_password
from coworking.bookings.models import CANCELLED, CONFIRMED, Booking
from coworking.bookings.rules import cancellation_deadline
from coworking.config import DEV_ENVIRONMENTS
from coworking.db import utcnow
from coworking.demo import budget as demo_budget
from coworking.demo import data
from coworking.extensions import db
from coworking.web import unit_of_work
from coworking.workspaces.models import Closure, Desk, Workspace
from coworking.workspaces.rules import to_utc
from coworking.workspaces.services import add_desk, create_workspace

CANCEL_RATE = 0.07


@click.command("seed-demo")
@click.option(
    "--allow-production",
    is_flag=True,
    help="Seed even when ENVIRONMENT is production (the demo logins share a published password).",
)
@with_appcontext
def seed_demo_command(allow_production: bool):
    """Fill the database with demo workspaces, members and bookings (idempotent)."""
    if current_app.config["ENVIRONMENT"] not in DEV_ENVIRONMENTS and not allow_production:
        raise click.ClickException(
            f"Refusing to seed demo data in the {current_app.config['ENVIRONMENT']} environment: its logins "
            "share a published password. Set COWORKING_ENVIRONMENT=development, or pass --allow-production."
        )
    started = clock.perf_counter()
    try:
        summary = unit_of_work.run(seed_demo, utcnow())
    except errors.DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    if summary is None:
        click.echo("Demo data is already present: nothing changed.")
    else:
        click.echo(
            f"Demo data created in {clock.perf_counter() - started:.1f} s: {summary.workspaces} workspaces, "
            f"{summary.desks} desks, {summary.closures} closures, {summary.users} users, "
            f"{summary.bookings} bookings ({summary.cancelled} cancelled)."
        )
    _echo_logins()


def _echo_logins() -> None:
    shown = next(w for w in data.WORKSPACES if w.slug == data.MANAGER_SHOWN)
    home = next(w for w in data.WORKSPACES if w.slug == data.MEMBER_HOME)
    click.echo(f"\nDemo logins (password for all: {data.DEMO_PASSWORD}):")
    click.echo(f"  admin    {data.ADMIN_EMAIL}")
    click.echo(f"  manager  {_manager_email(shown)}  (manages {shown.name}, {shown.city}: {shown.slug})")
    click.echo(f"  member   {data.MEMBER_EMAIL}  (home workspace {home.name}, {home.city}: {home.slug})")


def _manager_email(spec: data.WorkspaceSpec) -> str:
    return f"{spec.manager[0]}@{data.DEMO_DOMAIN}"


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
    password_hash = hash_password(data.DEMO_PASSWORD)  # once: scrypt per user would take minutes
    admin = _user(data.ADMIN_EMAIL, data.ADMIN_NAME, "admin", password_hash, now - timedelta(days=2000))
    db.session.add(admin)
    db.session.flush()

    sites = [_create_site(spec, admin, now, password_hash) for spec in data.WORKSPACES]
    members = _create_members(rng, sites, password_hash, now)
    db.session.flush()

    planner = BookingPlanner(rng, sites, members, now)
    rows = planner.plan()
    if rows:
        # render_nulls: every row has the same columns, so this is one executemany
        db.session.execute(insert(Booking).execution_options(render_nulls=True), rows)
    db.session.flush()
    demo_budget.seed_budget(random.Random(data.SEED + 1), admin, sites, now)
    return Summary(
        workspaces=len(sites),
        desks=sum(len(s.desks) for s in sites),
        closures=sum(len(s.closures) for s in sites),
        users=1 + len(sites) + len(members),
        bookings=len(rows),
        cancelled=sum(1 for r in rows if r["status"] == CANCELLED),
    )


def _demo_present() -> bool:
    """True when the whole demo is there; False when none of it is. Anything in between (or a
    clash with real data) is refused, so the command never half-writes or duplicates."""
    slugs = [w.slug for w in data.WORKSPACES]
    emails = [data.ADMIN_EMAIL, data.MEMBER_EMAIL, *(_manager_email(w) for w in data.WORKSPACES)]
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


def _user(email: str, name: str, role: str, password_hash: str, created_at: datetime, **kw) -> User:
    return User(
        email=normalize_email(email),
        name=name,
        role=role,
        active=True,
        password_hash=password_hash,
        created_at=created_at,
        **kw,
    )


# --- workspaces, desks, closures, staff ---------------------------------------------------


@dataclass
class Site:
    """A created workspace and what the planner needs to know about it."""

    spec: data.WorkspaceSpec
    workspace: Workspace
    manager: User
    desks: list[Desk]
    closures: list[Closure]
    today: date
    works_days: dict[date, Closure]  # days closed for works, announced after people booked

    @property
    def tz(self):
        return self.workspace.tz


def _create_site(spec: data.WorkspaceSpec, admin: User, now: datetime, password_hash: str) -> Site:
    opened_at = datetime.combine(spec.opened, time(9), tzinfo=UTC)
    workspace = create_workspace(
        admin,
        {
            "slug": spec.slug,
            "name": spec.name,
            "city": spec.city,
            "country": spec.country,
            "address": spec.address,
            "timezone": spec.timezone,
            "currency": spec.currency,
            "default_language": spec.language,
            "price_per_desk_day": spec.price,
            "opening_hours": [
                {"weekday": day, "open": opens, "close": closes} for days, opens, closes in spec.hours for day in days
            ],
            "policy": spec.policy,
        },
        opened_at,
    )
    today = now.astimezone(workspace.tz).date()
    manager = _user(
        _manager_email(spec),
        spec.manager[1],
        "manager",
        password_hash,
        opened_at - timedelta(days=30),
        language=data.LOGIN_LANGUAGE if spec.slug == data.MANAGER_SHOWN else spec.language,
    )
    manager.managed_workspaces = [workspace]
    manager.home_workspace = workspace
    db.session.add(manager)
    desks = _create_desks(spec, workspace, manager, today, opened_at)
    closures, works_days = _create_closures(spec, workspace, today, now)
    return Site(spec, workspace, manager, desks, closures, today, works_days)


def _create_desks(spec: data.WorkspaceSpec, workspace: Workspace, manager: User, today: date, opened_at: datetime):
    rng = random.Random(f"{data.SEED}-{spec.slug}")
    plan = spec.desks
    wanted: list[dict] = []
    for i in range(plan.hot):
        wanted.append(
            {"code": f"H{i + 1:02d}", "kind": "hot_desk", "zone": plan.zones[i * len(plan.zones) // plan.hot]}
        )
    for i in range(plan.fixed):
        wanted.append({"code": f"F{i + 1:02d}", "kind": "fixed_desk", "zone": plan.zones[-1]})
    for name, capacity in plan.meeting:
        wanted.append({"code": name, "kind": "meeting_room", "zone": plan.zones[0], "capacity": capacity})
    for i in range(plan.phone):
        wanted.append({"code": f"PB{i + 1}", "kind": "phone_booth", "zone": plan.zones[0]})
    changes = {code: change for slug, code, *change in data.DESK_CHANGES if slug == spec.slug}
    desks = []
    for item in wanted:
        kind = item["kind"]
        pool = data.AMENITIES[kind]
        item["amenities"] = sorted(rng.sample(pool, rng.randint(1, min(3, len(pool)))))
        item["in_service_from"] = spec.opened
        note = ""
        if item["code"] in changes:
            start, until, note = changes[item["code"]]
            if start is not None:
                item["in_service_from"] = today + timedelta(days=start)
            if until is not None:
                item["in_service_until"] = today + timedelta(days=until)
        desk = add_desk(manager, workspace, item, opened_at)
        desk.notes = note
        desks.append(desk)
    return desks


def _create_closures(spec: data.WorkspaceSpec, workspace: Workspace, today: date, now: datetime):
    """Public holidays around the demo period, the annual closure, and works (whose bookings
    were cancelled when the closure was announced)."""
    first = today - timedelta(days=data.PAST_DAYS + 30)
    last = today + timedelta(days=data.FUTURE_DAYS + 90)
    reasons: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        for day, name in data.public_holidays(spec.country, year).items():
            if first <= day <= last:
                reasons[day] = f"Public holiday: {name}"
        if spec.annual_closure:
            for offset in range(9):  # 24 December to 1 January
                day = date(year - 1, 12, 24) + timedelta(days=offset)
                if first <= day <= last:
                    reasons[day] = "Annual closure between the holidays"
    closures: list[Closure] = []
    for start, end, reason in _ranges(reasons):
        announced = datetime.combine(start - timedelta(days=60), time(10), tzinfo=UTC)
        closures.append(_closure(workspace, start, end, reason, min(announced, now)))
    works_days: dict[date, Closure] = {}
    for offset, length, reason in spec.works:
        start = today + timedelta(days=offset)
        while start.weekday() >= data.SAT or start in reasons:  # works happen on working days
            start += timedelta(days=1)
        end = start + timedelta(days=length - 1)
        announced = min(now - timedelta(days=2), datetime.combine(start - timedelta(days=6), time(8), tzinfo=UTC))
        closure = _closure(workspace, start, end, reason, announced)
        closures.append(closure)
        for i in range(length):
            works_days[start + timedelta(days=i)] = closure
    return closures, works_days


def _closure(workspace: Workspace, start: date, end: date, reason: str, created_at: datetime) -> Closure:
    closure = Closure(start_date=start, end_date=end, reason=reason, created_at=created_at)
    workspace.closures.append(closure)
    return closure


def _ranges(reasons: dict[date, str]):
    """Consecutive closed days as (first, last, reason) ranges, e.g. 24–26 December."""
    days = sorted(reasons)
    i = 0
    while i < len(days):
        j = i
        while j + 1 < len(days) and days[j + 1] - days[j] == timedelta(days=1):
            j += 1
        names = list(dict.fromkeys(reasons[d] for d in days[i : j + 1]))
        if len(names) > 1 and all(n.startswith("Public holiday: ") for n in names):
            names = ["Public holidays: " + ", ".join(n.removeprefix("Public holiday: ") for n in names)]
        yield days[i], days[j], "; ".join(names)[:300]
        i = j + 1


# --- members ------------------------------------------------------------------------------


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


def _create_members(rng: random.Random, sites: list[Site], password_hash: str, now: datetime) -> list[Member]:
    weights = [s.spec.desks.hot + s.spec.desks.fixed for s in sites]
    homes = [i for i, n in enumerate(_shares(data.MEMBER_COUNT, weights)) for _ in range(n)]
    countries = list(data.FIRST_NAMES)
    used_emails = {data.ADMIN_EMAIL, data.MEMBER_EMAIL, *(_manager_email(s.spec) for s in sites)}
    the_member_home = next(i for i, s in enumerate(sites) if s.spec.slug == data.MEMBER_HOME)
    homes.remove(the_member_home)
    people: list[tuple[int, str, str, datetime]] = [
        (the_member_home, data.MEMBER_EMAIL, data.MEMBER_NAME, now - timedelta(days=700))
    ]
    for home in homes:
        country = sites[home].spec.country if rng.random() < 0.8 else rng.choice(countries)
        first, last = rng.choice(data.FIRST_NAMES[country]), rng.choice(data.LAST_NAMES[country])
        local = base = data.email_local_part(first, last)
        n = 1
        while f"{local}@{data.DEMO_DOMAIN}" in used_emails:
            n += 1
            local = f"{base}{n}"
        email = f"{local}@{data.DEMO_DOMAIN}"
        used_emails.add(email)
        joined = now - timedelta(days=rng.randint(100, 1600), minutes=rng.randint(0, 24 * 60))
        people.append((home, email, f"{first} {last}", joined))
    clashes = db.session.scalar(select(func.count()).where(User.email.in_([p[1] for p in people])))
    if clashes:
        raise errors.Conflict(f"{clashes} demo member emails are already taken: nothing changed.")

    members: list[Member] = []
    # Member numbers follow the order in which people joined the cooperative.
    for number, (home, email, name, joined) in enumerate(sorted(people, key=lambda p: p[3]), start=101):
        site = sites[home]
        language = site.spec.language if rng.random() < 0.5 else None
        language = data.LOGIN_LANGUAGE if email == data.MEMBER_EMAIL else language
        user = _user(email, name, "member", password_hash, joined, member_number=f"CW-{number:05d}", language=language)
        user.home_workspace = site.workspace
        db.session.add(user)
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


# --- bookings -----------------------------------------------------------------------------


class BookingPlanner:
    """Plans the bookings day by day, keeping per desk and per member what is taken.

    Work desks first (each attending member books a morning, an afternoon, a day or a few hours;
    in a workspace closed over lunch a day is two bookings), then meeting rooms and phone
    booths for members who are free at that time. About 7 % of bookings end up cancelled; a
    cancelled booking holds nothing, so its slot can be booked again.
    """

    def __init__(self, rng: random.Random, sites: list[Site], members: list[Member], now: datetime):
        self.rng = rng
        self.sites = sites
        self.members = members
        self.now = now
        self.rows: list[dict] = []
        # per (member, day offset): UTC spans of confirmed bookings; a day's neighbours are
        # checked too, as workspaces' local days straddle different UTC hours
        self.member_taken: dict[tuple[int, int], list[tuple[datetime, datetime]]] = defaultdict(list)
        self.offset = 0
        self.active: dict[tuple[int, int], int] = defaultdict(int)  # (member, workspace) → confirmed, not ended
        self.desk_taken: dict[int, list[tuple[int, int]]] = {}  # per desk, local minutes, the current day
        self.by_home = defaultdict(list)
        for m in members:
            self.by_home[m.home].append(m)

    def plan(self) -> list[dict]:
        for offset in range(-data.PAST_DAYS, data.FUTURE_DAYS + 1):
            self.offset = offset
            visitors: dict[int, list[Member]] = defaultdict(list)
            attending: dict[int, list[Member]] = defaultdict(list)
            for member in self.members:
                site_index = member.home
                if member.traveller and self.rng.random() < 0.12:
                    site_index = self.rng.randrange(len(self.sites))
                site = self.sites[site_index]
                day = site.today + timedelta(days=offset)
                if self.rng.random() < self._attendance(member, day, offset):
                    (attending if site_index == member.home else visitors)[site_index].append(member)
            for i, site in enumerate(self.sites):
                self._plan_day(i, site, site.today + timedelta(days=offset), attending[i] + visitors[i])
        self.rows.sort(key=lambda r: (r["starts_at"], r["workspace_id"], r["desk_id"]))
        return self.rows

    @staticmethod
    def _attendance(member: Member, day: date, offset: int) -> float:
        if day.weekday() == data.SUN:
            return 0.0
        p = member.days_per_week / 5 * (0.15 if day.weekday() == data.SAT else 0.85)
        if offset > 0:  # fewer bookings made yet the further ahead
            p *= 0.9 if offset <= 2 else 0.7 if offset <= 7 else 0.4 if offset <= 14 else 0.15
        return p

    # One workspace, one local day.

    def _plan_day(self, index: int, site: Site, day: date, people: list[Member]) -> None:
        windows = self._windows(site, day)
        if not windows:
            return
        self.desk_taken = {}
        works = site.works_days.get(day)
        desks = [d for d in site.desks if d.in_service_on(day)]
        hot = [d for d in desks if d.kind == "hot_desk"]
        for member in people:
            if member.fixed_desk is not None and member.home == index and member.fixed_desk.in_service_on(day):
                choices = [member.fixed_desk]
            else:
                choices = hot[member.favourite % len(hot) :] + hot[: member.favourite % len(hot)] if hot else []
                choices = choices[:1] + self.rng.sample(choices[1:], len(choices) - 1)
            for start, end in self._member_spans(member, site, windows):
                for desk in choices:
                    if self._try_book(site, day, desk, member, start, end, works):
                        break
        everyone = self.by_home[index] + [m for m in people if m.home != index]
        for desk in desks:
            if desk.kind == "meeting_room":
                self._small_bookings(site, day, desk, everyone, windows, works, count=(0, 3), minutes=(60, 120))
            elif desk.kind == "phone_booth":
                self._small_bookings(site, day, desk, everyone, windows, works, count=(0, 3), minutes=(30, 60))

    def _windows(self, site: Site, day: date) -> list[tuple[int, int]]:
        """Opening windows in local minutes; none on a closed day (works days keep theirs: their
        bookings were made before the works were announced, and are cancelled)."""
        closed = any(c.start_date <= day <= c.end_date for c in site.closures)
        if closed and day not in site.works_days:
            return []
        return [
            (h.opens_at.hour * 60 + h.opens_at.minute, h.closes_at.hour * 60 + h.closes_at.minute)
            for h in site.workspace.opening_hours
            if h.weekday == day.weekday()
        ]

    def _member_spans(self, member: Member, site: Site, windows: list[tuple[int, int]]):
        """The local-minute spans a member wants today, after their habit and the hours."""
        habit = member.habit if self.rng.random() < 0.8 else self.rng.choice(("day", "morning", "afternoon", "short"))
        jitter = self.rng.choice((0, 0, 30, 60))
        if habit == "day":
            wants = [(8 * 60 + 30 + jitter, 17 * 60 + jitter + self.rng.choice((0, 30, 60)))]
        elif habit == "morning":
            wants = [(8 * 60 + 30 + jitter, 12 * 60 + 30 + self.rng.choice((0, 30)))]
        elif habit == "afternoon":
            wants = [(13 * 60 + jitter, 17 * 60 + 30 + jitter)]
        else:
            start = self.rng.randrange(9 * 60, 16 * 60, 30)
            wants = [(start, start + self.rng.choice((60, 90, 120, 180)))]
        if habit == "day" and len(windows) > 1:
            wants = list(windows)  # closed over lunch: book the morning and the afternoon
        spans = []
        for want in wants:
            span = self._fit(want, windows, site.workspace.slot_minutes, site.workspace.max_length_minutes)
            if span:
                spans.append(span)
        return spans

    @staticmethod
    def _fit(want: tuple[int, int], windows, slot: int, max_length: int) -> tuple[int, int] | None:
        """Clamp a wish to the window it overlaps most, on the slot grid, within the length limit."""
        start, end = want[0] // slot * slot, -(-want[1] // slot) * slot
        opens, closes = max(windows, key=lambda w: min(end, w[1]) - max(start, w[0]))
        if min(end, closes) - max(start, opens) < min(60, closes - opens):
            return None  # e.g. an afternoon person on a Saturday morning opening
        start = max(opens, min(start, closes - slot))
        end = min(closes, max(end, start + slot))
        end = min(end, start + max_length)
        return (start, end) if start < end else None

    def _small_bookings(self, site, day, desk, people, windows, works, *, count, minutes) -> None:
        slot = site.workspace.slot_minutes
        for _ in range(self.rng.randint(*count)):
            opens, closes = self.rng.choice(windows)
            length = max(slot, self.rng.randrange(minutes[0], minutes[1] + 1, 30) // slot * slot)
            if closes - opens < length:
                continue
            start = opens + self.rng.randrange(0, closes - opens - length + 1, slot)
            for member in self.rng.sample(people, min(4, len(people))):
                if self._try_book(site, day, desk, member, start, start + length, works):
                    break

    def _try_book(self, site: Site, day: date, desk: Desk, member: Member, start: int, end: int, works) -> bool:
        """Book if desk and member are free. True if a booking was written, even one that was
        cancelled later (it holds nothing then: someone else may book the slot)."""
        ws = site.workspace
        for a, b in self.desk_taken.get(desk.id, ()):
            if a < end and start < b:
                return False
        starts_at = to_utc(datetime.combine(day, time(start // 60, start % 60)), site.tz)
        ends_at = to_utc(datetime.combine(day, time(end // 60, end % 60)), site.tz)
        member_id = member.user.id
        for near in (self.offset - 1, self.offset, self.offset + 1):
            if any(a < ends_at and starts_at < b for a, b in self.member_taken.get((member_id, near), ())):
                return False
        future = ends_at > self.now
        key = (member_id, ws.id)
        if future and self.active[key] >= ws.max_active_bookings - 1:
            return False  # leave the member room to book one more

        rng = self.rng
        notice = ws.min_notice_minutes
        created = starts_at - timedelta(minutes=rng.randint(max(notice, 30), 14 * 24 * 60))
        if created > self.now:
            created = self.now - timedelta(minutes=rng.randint(notice + 1, notice + 3 * 24 * 60))
        booked_by = member_id if rng.random() < 0.96 else site.manager.id
        row = {
            "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
            "desk_id": desk.id,
            "member_id": member_id,
            "workspace_id": ws.id,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "status": CONFIRMED,
            "sequence": 0,
            "note": rng.choice(data.NOTES) if rng.random() < 0.08 else "",
            "created_at": created,
            "created_by_id": booked_by,
            "updated_at": created,
            "cancelled_at": None,
            "cancelled_by_id": None,
            "cancel_reason": None,
        }
        if works is not None:
            # Booked before the works were announced; the manager's closure cancelled it.
            if created >= works.created_at:
                row["created_at"] = row["updated_at"] = works.created_at - timedelta(hours=rng.randint(1, 200))
            reason = data.MANAGER_CANCEL_REASON.format(reason=works.reason)
            self._cancel(row, works.created_at, site.manager.id, reason)
            holds = True  # it did hold the desk and the member until the works were announced
        else:
            latest = min(self.now, cancellation_deadline(starts_at, ws.policy))
            holds = not (rng.random() < CANCEL_RATE and latest > created)
            if not holds:
                when = created + (latest - created) * rng.random()
                self._cancel(row, when, member_id, rng.choice(data.CANCEL_REASONS))
            elif future:
                self.active[key] += 1
        if holds:
            self.desk_taken.setdefault(desk.id, []).append((start, end))
            self.member_taken[(member_id, self.offset)].append((starts_at, ends_at))
        self.rows.append(row)
        return True

    @staticmethod
    def _cancel(row: dict, when: datetime, by: int, reason: str | None) -> None:
        row.update(
            status=CANCELLED,
            sequence=1,
            cancelled_at=when,
            cancelled_by_id=by,
            cancel_reason=reason,
            updated_at=when,
        )
