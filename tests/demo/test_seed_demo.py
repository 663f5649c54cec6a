"""`flask seed-demo`: the demo data is complete, realistic and keeps every booking invariant."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import time_machine
from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased, selectinload

from coworking.accounts.models import ApiToken, User
from coworking.bookings.models import Booking
from coworking.workspaces.models import Closure, Desk, OpeningHours, Workspace, workspace_managers
from coworking.workspaces.rules import DESK_KINDS
from tests.support.http import logged_in

LOGIN = re.compile(r"^\s+(admin|manager|member)\s+(\S+@\S+)", re.MULTILINE)
PASSWORD = re.compile(r"password for all: (\S+)\)")


def seed(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def row_counts(db) -> dict[str, int]:
    models = (Workspace, OpeningHours, Closure, Desk, User, Booking, ApiToken)
    counts = {m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in models}
    counts["workspace_managers"] = db.session.scalar(select(func.count()).select_from(workspace_managers))
    return counts


def overlapping_pairs(db, column: str) -> int:
    """Pairs of confirmed bookings sharing ``column`` (desk or member) whose spans overlap."""
    a, b = aliased(Booking), aliased(Booking)
    return db.session.scalar(
        select(func.count())
        .select_from(a)
        .join(
            b,
            and_(
                getattr(a, column) == getattr(b, column),
                a.id < b.id,
                a.starts_at < b.ends_at,
                b.starts_at < a.ends_at,
            ),
        )
        .where(a.status == "confirmed", b.status == "confirmed")
    )


def check_demo(db, now: datetime) -> None:
    """Every property the issue asks of the demo, read back from the database."""
    workspaces = db.session.scalars(
        select(Workspace).options(
            selectinload(Workspace.opening_hours), selectinload(Workspace.closures), selectinload(Workspace.managers)
        )
    ).all()
    by_id = {w.id: w for w in workspaces}

    # Workspaces: ten, in several countries, time zones that differ today, several currencies.
    assert len(workspaces) == 10
    assert len({w.country for w in workspaces}) >= 5
    assert len({now.astimezone(w.tz).utcoffset() for w in workspaces}) >= 2
    assert len({w.currency for w in workspaces}) >= 2
    for w in workspaces:
        assert isinstance(w.price_per_desk_day, Decimal) and w.price_per_desk_day > 0
        assert w.max_advance_days >= 30  # the month of future bookings could have been made
        assert w.opening_hours, w.slug
        assert w.closures, w.slug
        assert w.managers, f"{w.slug} has no manager"
        assert all(m.role == "manager" for m in w.managers)
    days_with_windows = Counter((w.id, h.weekday) for w in workspaces for h in w.opening_hours)
    assert max(days_with_windows.values()) >= 2, "some workspace closes over lunch (several windows a day)"
    assert any(h.weekday == 5 for w in workspaces for h in w.opening_hours), "some open on Saturdays"
    assert any(c.reason.startswith("Public holiday") for w in workspaces for c in w.closures)

    # Desks: 8 to 40 per workspace, every kind, some out of service.
    desks = db.session.scalars(select(Desk)).all()
    per_workspace = Counter(d.workspace_id for d in desks)
    assert set(per_workspace) == set(by_id)
    assert all(8 <= n <= 40 for n in per_workspace.values()), per_workspace
    assert {d.kind for d in desks} == set(DESK_KINDS)
    assert all(d.zone for d in desks)
    assert any(d.amenities for d in desks)
    assert all(d.capacity > 1 for d in desks if d.kind == "meeting_room")
    today = {w.id: now.astimezone(w.tz).date() for w in workspaces}
    assert any(d.in_service_until is not None and d.in_service_until < today[d.workspace_id] for d in desks)
    assert all(d.in_service_from <= today[d.workspace_id] for d in desks if d.kind == "hot_desk")

    # People: ~200 members with a home and a number, a manager per workspace, an admin.
    users = db.session.scalars(select(User)).all()
    roles = Counter(u.role for u in users)
    assert 180 <= roles["member"] <= 220
    assert roles["admin"] >= 1
    assert roles["manager"] >= 10
    members = [u for u in users if u.role == "member"]
    assert all(u.home_workspace_id in by_id and u.member_number for u in members)
    assert len({u.member_number for u in members}) == len(members)
    assert all(n >= 5 for n in Counter(u.home_workspace_id for u in members).values())
    assert all(u.password_hash and u.active for u in users)

    # Bookings: about two months back and one ahead, with cancellations kept as history.
    bookings = db.session.execute(
        select(
            Booking.id,
            Booking.desk_id,
            Booking.member_id,
            Booking.workspace_id,
            Booking.starts_at,
            Booking.ends_at,
            Booking.status,
            Booking.sequence,
            Booking.created_at,
            Booking.created_by_id,
            Booking.updated_at,
            Booking.cancelled_at,
            Booking.cancelled_by_id,
        )
    ).all()
    assert len(bookings) > 3000
    assert any(b.starts_at < now - timedelta(days=45) for b in bookings)
    assert any(b.starts_at > now + timedelta(days=14) for b in bookings)
    assert min(b.starts_at for b in bookings) > now - timedelta(days=63)
    assert max(b.starts_at for b in bookings) < now + timedelta(days=32)
    assert len({b.member_id for b in bookings}) >= 180, "nearly every member books"
    assert {b.workspace_id for b in bookings} == set(by_id)
    cancelled = [b for b in bookings if b.status == "cancelled"]
    assert 0.03 < len(cancelled) / len(bookings) < 0.15
    for b in cancelled:
        assert b.sequence == 1 and b.cancelled_by_id is not None
        assert b.created_at <= b.cancelled_at <= now and b.updated_at == b.cancelled_at
    confirmed = [b for b in bookings if b.status == "confirmed"]
    assert all(b.sequence == 0 and b.cancelled_at is None and b.cancelled_by_id is None for b in confirmed)
    assert all(b.created_at <= now and b.created_at < b.starts_at and b.created_by_id for b in bookings)
    desk_of = {d.id: d for d in desks}
    assert all(desk_of[b.desk_id].workspace_id == b.workspace_id for b in bookings)

    # The database invariants hold (the guards would have refused otherwise; check anyway).
    assert overlapping_pairs(db, "desk_id") == 0
    assert overlapping_pairs(db, "member_id") == 0

    # Every confirmed booking: one local day, inside one opening window, not on a closed day,
    # on the slot grid, within the maximum length, on a desk in service that day.
    outside = []
    for b in confirmed:
        w = by_id[b.workspace_id]
        start, end = b.starts_at.astimezone(w.tz), b.ends_at.astimezone(w.tz)
        day = start.date()
        ok = (
            end.date() == day
            and any(
                h.weekday == day.weekday() and h.opens_at <= start.time() and end.time() <= h.closes_at
                for h in w.opening_hours
            )
            and not any(c.start_date <= day <= c.end_date for c in w.closures)
            and (start.hour * 60 + start.minute) % w.slot_minutes == 0
            and (end.hour * 60 + end.minute) % w.slot_minutes == 0
            and end - start <= timedelta(minutes=w.max_length_minutes)
            and desk_of[b.desk_id].in_service_on(day)
        )
        if not ok:
            outside.append((w.slug, start.isoformat(), end.isoformat()))
    assert outside == []

    # No member holds more upcoming bookings in a workspace than its policy allows.
    active = Counter((b.member_id, b.workspace_id) for b in confirmed if b.ends_at > now)
    assert all(n <= by_id[ws].max_active_bookings for (_, ws), n in active.items())

    # Who's in: some members chose to be seen by the others, not all; the demo login not yet.
    members = db.session.scalars(select(User).where(User.role == "member")).all()
    shown = sum(m.visible_to_members for m in members)
    assert 0.4 * len(members) < shown < 0.8 * len(members)
    assert not next(m for m in members if m.email == "member@demo.example.org").visible_to_members


def test_seed_demo_creates_a_consistent_demo_and_is_idempotent(app, db, client, caplog):
    """One demo built around today (seeding takes a while: one booking at a time through the
    booking services), read back: consistent, seeded once, its printed logins and budget work."""
    first = seed(app)
    assert "Demo data created" in first.output
    assert "refused" not in caplog.text  # the plan keeps every rule at the time of booking
    check_demo(db, datetime.now(UTC))  # the real clock: the demo is built around today
    # Its history is played with the booking signals muted: nobody is mailed about it.
    from coworking.mail.models import OutboxMessage

    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    # The first worker pass reminds the demo login of tomorrow's bookings, and nobody else (the
    # invented members want no reminders: instance/mail/ is not flooded).
    from coworking.demo import data
    from coworking.mail import worker

    worker.run_jobs(app, datetime.now(UTC))
    assert set(db.session.scalars(select(OutboxMessage.recipient))) <= {data.MEMBER_EMAIL}

    counts = row_counts(db)
    again = seed(app)
    assert "already present: nothing changed" in again.output
    assert row_counts(db) == counts
    assert LOGIN.findall(again.output) == LOGIN.findall(first.output)

    check_printed_logins_work(db, client, first.output)
    check_budget_figures_and_english_logins(db, client, first.output)
    check_floor_plans(db, client, first.output)


def check_floor_plans(db, client, output: str) -> None:
    """Two workspaces have plans (Brussels two floors, Ghent one) with every desk placed; the
    member's plan tab shows each of them as a link."""
    from coworking.workspaces.models import Floor

    floors = db.session.execute(
        select(Workspace.slug, Floor.name).join(Workspace, Workspace.id == Floor.workspace_id).order_by(Floor.id)
    ).all()
    assert [tuple(f) for f in floors] == [
        ("brussels-dansaert", "Ground floor"),
        ("brussels-dansaert", "Loft"),
        ("ghent-dok-noord", "Dok Noord"),
    ]
    for slug in ("brussels-dansaert", "ghent-dok-noord"):
        desks = db.session.execute(
            select(Desk.floor_id, Desk.plan_x, Desk.plan_y).join(Workspace).where(Workspace.slug == slug)
        ).all()
        assert desks and all(f is not None and 0 < x < 1 and 0 < y < 1 for f, x, y in desks), slug
    password = PASSWORD.search(output).group(1)
    logged_in(client, dict(LOGIN.findall(output))["member"], password)
    html = client.get("/workspaces/brussels-dansaert?view=plan").get_data(as_text=True)
    assert html.count('class="marker ') == 19  # the ground floor: 14 hot desks, 2 rooms, 3 booths


def check_printed_logins_work(db, client, output: str) -> None:
    password = PASSWORD.search(output).group(1)
    assert len(password) >= 10
    logins = dict(LOGIN.findall(output))
    assert set(logins) == {"admin", "manager", "member"}
    roles = {u.email: u.role for u in db.session.scalars(select(User).where(User.email.in_(logins.values())))}
    assert roles == {email: role for role, email in logins.items()}

    headers = {}
    for role, email in logins.items():
        r = client.post("/api/v1/tokens", json={"email": email, "password": password})
        assert r.status_code == 201, (role, r.json)
        headers[role] = {"Authorization": f"Bearer {r.json['token']}"}

    r = client.get("/api/v1/workspaces", headers=headers["admin"])
    assert r.status_code == 200 and len(r.json) == 10
    assert all(w["desk_count"] >= 7 for w in r.json)  # a desk or so may be out of service today

    slug = re.search(r"manages .*: (\S+)\)", output).group(1)
    r = client.get(f"/api/v1/bookings?workspace={slug}", headers=headers["manager"])
    assert r.status_code == 200 and len(r.json) > 100

    r = client.get("/api/v1/bookings", headers=headers["member"])
    assert r.status_code == 200 and len(r.json) > 10
    today = datetime.now(UTC).date()
    assert any(b["start"][:10] < str(today) for b in r.json) and any(b["start"][:10] > str(today) for b in r.json)


# Everything about a booking but its public id (random, as the booking service makes it) and
# row ids (PostgreSQL's sequences go on counting after the tables are emptied).
SAME_BOOKINGS = (
    select(
        Workspace.slug,
        Desk.code,
        User.email,
        Booking.starts_at,
        Booking.ends_at,
        Booking.status,
        Booking.note,
        Booking.created_at,
        Booking.cancelled_at,
        Booking.cancel_reason,
    )
    .join(Desk, Desk.id == Booking.desk_id)
    .join(Workspace, Workspace.id == Booking.workspace_id)
    .join(User, User.id == Booking.member_id)
    .order_by(Booking.starts_at, Workspace.slug, Desk.code, Booking.created_at)
)


def test_seed_demo_is_deterministic_and_holds_across_dst_and_easter(app, db, caplog):
    """Frozen in April 2027: the demo spans the spring-forward Sunday (28 March, also Easter)
    and its holidays; two runs on an empty database give identical bookings."""
    frozen = datetime(2027, 4, 20, 10, 0, tzinfo=UTC)
    with time_machine.travel(frozen, tick=False):
        seed(app)
        assert "refused" not in caplog.text
        check_demo(db, frozen)
        first = db.session.execute(SAME_BOOKINGS).all()
        brussels = db.session.scalar(select(Workspace).where(Workspace.slug == "brussels-dansaert"))
        brussels_closed = [(c.start_date, c.end_date) for c in brussels.closures]
        berlin = db.session.scalar(select(Workspace).where(Workspace.slug == "berlin-wedding"))
        berlin_starts = db.session.scalars(
            select(Booking.starts_at).where(Booking.workspace_id == berlin.id, Booking.status == "confirmed")
        ).all()

        _empty_tables(db)
        seed(app)
        second = db.session.execute(SAME_BOOKINGS).all()
    assert first == second

    # Easter Monday closes Belgium; Good Friday, Berlin.
    assert any(start <= date(2027, 3, 29) <= end for start, end in brussels_closed)
    assert not [s for s in berlin_starts if s.astimezone(berlin.tz).date() == date(2027, 3, 26)]

    # Berlin opens at 09:00 local: 08:00 UTC before the spring-forward Sunday, 07:00 after.
    def first_start(day: date) -> datetime:
        return min(s for s in berlin_starts if s.astimezone(berlin.tz).date() == day)

    assert first_start(date(2027, 3, 25)) == datetime(2027, 3, 25, 8, 0, tzinfo=UTC)
    assert first_start(date(2027, 3, 30)) == datetime(2027, 3, 30, 7, 0, tzinfo=UTC)


def test_seed_demo_refuses_a_partial_demo(app, db, make_workspace):
    make_workspace(slug="berlin-wedding")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "Part of the demo data already exists" in result.output
    assert db.session.scalar(select(func.count()).select_from(Workspace)) == 1
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def _empty_tables(db) -> None:
    from tests.support.database import empty_tables

    db.session.remove()
    with db.engine.begin() as conn:
        empty_tables(conn)


def test_seed_demo_refuses_production_unless_told(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "ENVIRONMENT", "production")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "Refusing to seed demo data in the production environment" in result.output
    assert db.session.scalar(select(func.count()).select_from(Workspace)) == 0


def check_budget_figures_and_english_logins(db, client, output: str) -> None:
    """The budget pages show real figures from the demo (a plan for this year per workspace,
    actual costs for past months, some months closed, one left to close), and the printed
    member and manager logins use English."""
    from coworking.budget.models import ActualCost, BudgetLine, MonthClose
    from coworking.demo import data
    from coworking.demo.budget import past_months

    logins = dict(LOGIN.findall(output))
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(logins.values())))}
    assert users[logins["member"]].language == "en" and users[logins["manager"]].language == "en"

    year = datetime.now(UTC).year
    workspaces = db.session.scalars(select(Workspace)).all()
    planned = set(db.session.scalars(select(BudgetLine.workspace_id).where(BudgetLine.year == year)))
    assert planned == {w.id for w in workspaces}
    assert db.session.scalar(select(func.count()).select_from(ActualCost)) >= len(workspaces) * 3 * 5
    closes = db.session.scalars(select(MonthClose)).all()
    assert len(closes) == 2 * len(workspaces) and all(c.state == "closed" for c in closes)
    assert any(c.booked_seconds > 0 for c in closes)  # a closed month froze real bookings

    password = PASSWORD.search(output).group(1)
    assert client.post("/login", data={"email": logins["manager"], "password": password}).status_code == 302
    page = client.get(f"/budget/{data.MANAGER_SHOWN}/{year}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "No plan entered yet." not in html and "Not approved yet." in html
    client.post("/logout")
    assert client.post("/login", data={"email": logins["admin"], "password": password}).status_code == 302
    (closed_year, closed_month), (open_year, open_month) = past_months(datetime.now(UTC).date(), 3)[1:]
    line = client.get(f"/budget/{data.MANAGER_SHOWN}/{closed_year}").get_data(as_text=True)
    assert f'<th scope="row">{closed_year}-{closed_month:02d}</th>\n        <td>closed</td>' in line
    line = client.get(f"/budget/{data.MANAGER_SHOWN}/{open_year}").get_data(as_text=True)
    assert f'<option value="{open_year}-{open_month:02d}">' in line  # the newest past month is left to close
