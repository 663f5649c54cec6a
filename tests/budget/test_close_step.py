"""Closing a month on the web is a confirm step that names what it will
freeze and which workspaces have no costs for the month; counts use the plural forms; a costs
import refused for a closed month says how to correct it (reopen, import, close)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from sqlalchemy import func, select

from tests.support.budget import YEAR, import_costs
from tests.support.http import logged_in


def closes(db) -> int:
    from coworking.budget.models import MonthClose

    return db.session.scalar(select(func.count()).select_from(MonthClose).where(MonthClose.state == "closed"))


def test_closing_a_month_first_shows_what_it_freezes_and_which_workspaces_lack_costs(example, admin, client, db, clock):
    import_costs(db, admin, "canal", "month,category,amount\n2027-01,rent,1000\n")
    clock.move_to(datetime(YEAR, 2, 10, 12, tzinfo=UTC))
    logged_in(client, admin)

    step = client.post("/budget/close", data={"month": "2027-01", "slug": "canal", "year": YEAR})
    assert step.status_code == 200
    page = step.get_data(as_text=True)
    assert "Close 2027-01?" in page
    assert "for 2 workspaces" in page
    todo = page[page.index('id="close-todo"') : page.index("</ul>", page.index('id="close-todo"'))]
    assert "Alfama — 2027-01" in todo and "Canal" in todo  # both named, with the month
    lacking = page[page.index('id="close-without-costs"') :]
    lacking = lacking[: lacking.index("</p>")]
    assert "1 workspace has no actual costs for 2027-01: Alfama." in " ".join(lacking.split())
    assert 'name="confirmed" value="yes"' in page
    assert closes(db) == 0  # nothing is closed before the admin confirms

    done = client.post(
        "/budget/close",
        data={"month": "2027-01", "slug": "canal", "year": YEAR, "confirmed": "yes"},
        follow_redirects=True,
    )
    assert "2027-01 was closed for 2 workspaces." in done.get_data(as_text=True)
    assert closes(db) == 2

    # Reopen one: the next close names only it, in the singular, and lists the other as closed.
    client.post(f"/budget/canal/{YEAR}/reopen", data={"month": "2027-01", "reason": "late invoice"})
    page = client.post("/budget/close", data={"month": "2027-01"}).get_data(as_text=True)
    assert "for 1 workspace:" in " ".join(page.split())
    assert "Already closed, left as it is: Alfama." in page
    assert "no actual costs" not in page  # Canal has its costs
    done = client.post("/budget/close", data={"month": "2027-01", "confirmed": "yes"}, follow_redirects=True)
    assert "2027-01 was closed for 1 workspace." in done.get_data(as_text=True)


def test_the_close_step_refuses_a_month_not_over_without_closing_anything(example, admin, client, db, clock):
    clock.move_to(datetime(YEAR, 2, 10, 12, tzinfo=UTC))
    logged_in(client, admin)
    r = client.post("/budget/close", data={"month": "2027-02", "slug": "canal", "year": YEAR}, follow_redirects=True)
    assert "is not over yet" in r.get_data(as_text=True)
    assert closes(db) == 0


def test_budget_counts_use_singular_and_plural(example, admin, client, db, clock):
    import_costs(db, admin, "canal", "month,category,amount\n2027-01,rent,1000\n")
    clock.move_to(datetime(YEAR, 3, 10, 12, tzinfo=UTC))
    logged_in(client, admin)
    client.post(f"/budget/canal/{YEAR}/plan", data={"rent": "24000", "target_occupancy": "75", "planned_desks": "1"})
    client.post("/budget/close", data={"month": "2027-01", "confirmed": "yes"})
    page = " ".join(client.get(f"/budget/canal/{YEAR}").get_data(as_text=True).split())
    assert "planned: 1 desk)" in page
    upload = {"file": (io.BytesIO(b"month,category,amount\n2027-02,rent,10\n"), "export.csv")}
    r = client.post(
        f"/budget/canal/{YEAR}/costs", data=upload, content_type="multipart/form-data", follow_redirects=True
    )
    assert "1 row imported." in r.get_data(as_text=True)


def test_a_costs_import_refused_for_a_closed_month_says_how_to_correct_it(example, admin, client, db, clock):
    from coworking.budget.models import ActualCost

    clock.move_to(datetime(YEAR, 2, 10, 12, tzinfo=UTC))
    logged_in(client, admin)
    client.post("/budget/close", data={"month": "2027-01", "confirmed": "yes"})
    upload = {"file": (io.BytesIO(b"month,category,amount\n2027-01,rent,10\n2027-01,staff,5\n"), "export.csv")}
    r = client.post(
        f"/budget/canal/{YEAR}/costs", data=upload, content_type="multipart/form-data", follow_redirects=True
    )
    page = " ".join(r.get_data(as_text=True).split())
    assert "Nothing was imported: the file has costs for 2027-01, which is closed." in page
    assert "reopen it (with a reason), import the file again, then close the month again" in page
    assert db.session.scalar(select(func.count()).select_from(ActualCost)) == 0


def test_the_budget_audit_trail_is_in_the_workspace_time_and_words(example, admin, client, db, clock):
    clock.move_to(datetime(YEAR, 2, 10, 12, tzinfo=UTC))  # 13:00 in Brussels
    logged_in(client, admin)
    client.post("/budget/close", data={"month": "2027-01", "confirmed": "yes"})
    page = client.get(f"/budget/canal/{YEAR}").get_data(as_text=True)
    trail = page[page.index('<ul class="audit">') :]
    trail = trail[: trail.index("</ul>")]
    assert "13:00:00" in trail and "12:00 UTC" not in trail and "month closed 2027-01" in trail
    assert "Times in Europe/Brussels." in page
