"""Erasure leaves nothing that identifies the member — notes, cancellation
reasons (theirs, and the ones they gave as a manager), the budget trail, anything managers and
admins read — while every figure stays what it was."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from tests.support.clock import MONDAY
from tests.support.downloads import sheet_text
from tests.support.http import logged_in

TUESDAY = MONDAY + timedelta(days=1)
EVERY_DAY = [{"weekday": d, "open": "08:00", "close": "18:00"} for d in range(7)]
SECRETS = ("Lopes", "ana@example.org", "M-17", "ring twice", "daughter", "asked by phone", "raise the rent")


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
    logged_in(site, "ana@example.org")
    site.post(f"/bookings/{mine}/cancel", data={"reason": "my daughter is ill"})
    office = app.test_client()
    logged_in(office, "lopes.manager@example.org")
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
    logged_in(boss_site, boss.email)
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


def test_erasure_reaches_every_managers_export_feed_presence_and_the_audit_page(
    app, db, clock, make_workspace, make_desk, make_user, api_as
):
    """After erasure nothing identifying the member is left in what
    managers and admins download or subscribe to — the usage CSV and XLSX, the workspace's
    calendar feed (also for a calendar client that still holds the old version's ETag), the
    "today" page (who is in) — nor on the admin audit page. Each view named the member before."""
    ws = make_workspace(slug="gent", opening_hours=EVERY_DAY)
    desk = make_desk(ws, code="A1")
    ana = make_user(email="ana@example.org", name="Ana Lopes", member_number="M-17", workspaces=[ws])
    boss = make_user(role="manager", email="boss@example.org", name="Boss", workspaces=[ws])
    admin = make_user(role="admin", email="admin@example.org")
    member = api_as(ana)
    for day, note in ((MONDAY, "ring twice, Lopes"), (TUESDAY, "")):
        r = member.book(desk, day, "10:00", "12:00", note=note)
        assert r.status_code == 201, r.json
    feed_url = api_as(boss).get("/api/v1/me/calendar").json["workspace_feeds"]["gent"]
    feed_path = feed_url.split("://", 1)[1].split("/", 1)[1]
    office, admin_site = app.test_client(), app.test_client()
    logged_in(office, boss.email)
    logged_in(admin_site, admin.email)
    span = f"from={MONDAY}&to={MONDAY + timedelta(days=30)}"

    def views() -> dict[str, str]:
        got = {}
        for name, client, url in (
            ("usage.csv", office, f"/reports/gent/usage.csv?{span}"),
            ("usage.xlsx", office, f"/reports/gent/usage.xlsx?{span}"),
            ("feed", office, "/" + feed_path),
            ("today", office, "/reports/gent/today"),
            ("audit page", admin_site, "/admin/audit"),
        ):
            r = client.get(url)
            assert r.status_code == 200, (name, r.status_code)
            got[name] = sheet_text(r.data) if name.endswith("xlsx") else r.get_data(as_text=True)
        return got

    before = views()
    for name in ("usage.csv", "usage.xlsx", "feed", "today"):
        assert "Ana Lopes" in before[name], name
    assert "ana@example.org" in before["usage.csv"] and "ana@example.org" in before["audit page"]
    assert "ring twice" in before["feed"]
    old_etag = office.get("/" + feed_path).headers["ETag"]

    assert api_as(admin).post(f"/api/v1/users/{ana.id}/erase").status_code == 200

    after = views()
    for name, text in after.items():
        for secret in SECRETS:
            assert secret not in text, (name, secret)
    assert f"Erased member #{ana.id}" in after["usage.csv"] and f"Erased member #{ana.id}" in after["today"]
    # A calendar client holding the old version is sent the new one, not a 304.
    again = office.get("/" + feed_path, headers={"If-None-Match": old_etag})
    assert again.status_code == 200 and "Ana Lopes" not in again.get_data(as_text=True)
