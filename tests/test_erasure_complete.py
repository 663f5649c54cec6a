"""Issue 12, item 9: erasure leaves nothing that identifies the member — notes, cancellation
reasons (theirs, and the ones they gave as a manager), the budget trail, anything managers and
admins read — while every figure stays what it was."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from tests.conftest import MONDAY, PASSWORD

TUESDAY = MONDAY + timedelta(days=1)
EVERY_DAY = [{"weekday": d, "open": "08:00", "close": "18:00"} for d in range(7)]
SECRETS = ("Lopes", "ana@example.org", "M-17", "ring twice", "daughter", "asked by phone", "raise the rent")


def web_login(client, email):
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302


def test_erasure_blanks_every_text_and_keeps_every_figure(app, db, clock, make_workspace, make_desk, make_user, api_as):
    from coworking.accounts.models import User
    from coworking.bookings.models import Booking
    from coworking.budget.models import BudgetAudit

    ws = make_workspace(slug="gent", opening_hours=EVERY_DAY)
    a1, a2 = make_desk(ws, code="A1"), make_desk(ws, code="A2")
    ana = make_user(email="ana@example.org", name="Ana Lopes", member_number="M-17", workspaces=[ws])
    bo = make_user(email="bo@example.org", name="Bo", workspaces=[ws])
    manager_user = make_user(role="manager", email="lopes.manager@example.org", name="Mo", workspaces=[ws])
    admin = api_as(make_user(role="admin", email="admin@example.org"))
    member, other = api_as(ana), api_as(bo)

    def book(api, desk, day, note=""):
        r = api.book(desk, day, "09:00", "12:00", note=note)
        assert r.status_code == 201, r.json
        return r.json["id"]

    book(member, a1, TUESDAY, note="ring twice, Lopes")
    mine = book(member, a1, TUESDAY + timedelta(days=1))
    by_manager = book(member, a1, TUESDAY + timedelta(days=2))
    bos = book(other, a2, TUESDAY + timedelta(days=2))
    site = app.test_client()
    web_login(site, "ana@example.org")
    site.post(f"/bookings/{mine}/cancel", data={"reason": "my daughter is ill"})
    office = app.test_client()
    web_login(office, "lopes.manager@example.org")
    office.post(f"/bookings/{by_manager}/cancel", data={"reason": "Ana Lopes asked by phone"})
    office.post(f"/bookings/{bos}/cancel", data={"reason": "Bo asked by phone"})
    db.session.add(
        BudgetAudit(
            workspace_id=ws.id,
            year=2027,
            action="plan_changed",
            reason="Ana Lopes wants to raise the rent",
            user_id=ana.id,
            user_email=ana.email,
            at=datetime(2027, 3, 1, 9, tzinfo=UTC),
        )
    )
    db.session.commit()
    db.session.rollback()
    reasons = set(db.session.scalars(sa.select(Booking.cancel_reason).where(Booking.cancel_reason.is_not(None))))
    assert reasons == {"my daughter is ill", "Ana Lopes asked by phone", "Bo asked by phone"}

    span = f"from={MONDAY}&to={MONDAY + timedelta(days=30)}"
    figures = [
        f"/api/v1/workspaces/gent/occupancy?{span}",
        f"/api/v1/workspaces/gent/usage?{span}",
    ]

    def numbers():
        """The figures, with each member named by id only (names and emails are what goes)."""
        answers = [admin.get(url).json for url in figures]
        for row in answers[1]["members"]:
            row["member"] = row["member"]["id"]
        return answers

    before = numbers()
    assert before[1]["totals"]["bookings"] == 1 and before[1]["totals"]["cancellations"] == 3

    assert admin.post(f"/api/v1/users/{ana.id}/erase").status_code == 200
    assert admin.post(f"/api/v1/users/{manager_user.id}/erase").status_code == 200

    # Every figure is what it was.
    assert numbers() == before
    # Nothing identifying is left where managers and admins look.
    views = [
        json.dumps(admin.get("/api/v1/audit").json),
        json.dumps(admin.get("/api/v1/bookings?workspace=gent").json),
        *(json.dumps(admin.get(f"/api/v1/bookings/{b}").json) for b in (mine, by_manager, bos)),
    ]
    boss = make_user(role="manager", email="boss@example.org", workspaces=[ws])
    boss_site = app.test_client()
    web_login(boss_site, boss.email)
    views += [boss_site.get(f"/bookings/{b}").get_data(as_text=True) for b in (mine, by_manager, bos)]
    for text in views:
        for secret in SECRETS:
            assert secret not in text, (secret, text[:2000])
    db.session.rollback()
    left = db.session.execute(sa.select(Booking.note, Booking.cancel_reason).order_by(Booking.id)).all()
    assert [tuple(r) for r in left] == [("", None), ("", None), ("", None), ("", None)]
    trail = db.session.execute(sa.select(BudgetAudit.reason, BudgetAudit.user_email)).one()
    assert tuple(trail) == ("", f"erased-{ana.id}@invalid")
    assert db.session.get(User, bo.id).name == "Bo"
