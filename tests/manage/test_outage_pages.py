"""A desk out of service from–until with a reason, from its management page (issue 19): the
preview names the bookings it cancels and their members, confirming cancels them, the desk's
outages are listed with "Cancel this outage" / "Back in service now"; a manager of another
workspace changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from coworking.bookings.models import Booking
from coworking.workspaces.models import DeskOutage
from tests.support.app import mail_text, outbox
from tests.support.clock import MONDAY, TUESDAY
from tests.support.factories import gent_team
from tests.support.http import logged_in, visible

WEDNESDAY = TUESDAY + timedelta(days=1)
THURSDAY = TUESDAY + timedelta(days=2)


@pytest.fixture
def team(clock, factories, app, api_as):
    s = gent_team(factories, ana={"name": "Ana Lopes"})
    s.lille = factories.workspace(slug="lille", name="Lille", timezone="Europe/Paris")
    s.lille_manager = factories.user(role="manager", email="lille@example.org", workspaces=[s.lille])
    s.page = logged_in(app.test_client(), s.manager)
    s.elsewhere = logged_in(app.test_client(), s.lille_manager)
    s.as_ana = api_as(s.ana)
    s.as_bo = api_as(s.bo)
    return s


def outage_form(first, last, reason="Broken chair", **extra):
    return {"first_day": first.isoformat(), "last_day": last.isoformat(), "reason": reason, **extra}


def test_an_outage_shows_what_it_cancels_then_takes_the_desk_out(team, db, app):
    team.as_ana.book(team.desk, TUESDAY, "09:00", "12:00")
    team.as_bo.book(team.desk2, TUESDAY, "14:00", "16:00")  # another desk: untouched
    team.as_bo.book(team.desk, THURSDAY, "14:00", "16:00")  # the day after: untouched
    url = f"/manage/gent/desks/{team.desk.id}/outages"
    preview = team.page.post(url, data=outage_form(TUESDAY, WEDNESDAY))
    assert preview.status_code == 200
    text = visible(preview.get_data(as_text=True))
    assert "This cancels 1 booking" in text and "09:00–12:00 · Ana Lopes" in text
    assert 'name="action" type="hidden" value="confirm"' in preview.get_data(as_text=True)
    assert db.session.scalar(select(DeskOutage.id)) is None
    assert set(db.session.scalars(select(Booking.status))) == {"confirmed"}
    outbox(app).clear()
    done = team.page.post(url, data=outage_form(TUESDAY, WEDNESDAY, action="confirm"))
    assert done.status_code == 302
    page = visible(team.page.get(done.headers["Location"]).get_data(as_text=True))
    assert "1 booking was cancelled; its member is told." in page
    assert "Broken chair" in page and "Cancel this outage" in page
    assert sorted(db.session.scalars(select(Booking.status))) == ["cancelled", "confirmed", "confirmed"]
    (mail,) = [m for m in outbox(app) if m["To"] == "ana@example.org"]
    assert "Broken chair" in mail_text(mail)
    # Cancelling the outage before it starts deletes it.
    outage_id = db.session.scalar(select(DeskOutage.id))
    lifted = team.page.post(f"/manage/gent/desks/{team.desk.id}/outages/{outage_id}/lift", data={})
    assert lifted.status_code == 302
    assert db.session.scalar(select(DeskOutage.id)) is None
    assert "No outage is planned." in visible(team.page.get(lifted.headers["Location"]).get_data(as_text=True))


def test_an_outage_under_way_is_shown_and_ended_now(team, db):
    done = team.page.post(
        f"/manage/gent/desks/{team.desk.id}/outages", data=outage_form(MONDAY, WEDNESDAY, "Flooded", action="confirm")
    )
    assert done.status_code == 302
    desks = visible(team.page.get("/manage/gent/desks").get_data(as_text=True))
    assert "Out of service until 3 Mar 2027" in desks and "Flooded" in desks
    page = visible(team.page.get(f"/manage/gent/desks/{team.desk.id}").get_data(as_text=True))
    assert "Back in service now" in page


def test_the_form_refuses_the_past_a_missing_reason_and_an_overlap(team, db):
    url = f"/manage/gent/desks/{team.desk.id}/outages"
    past = team.page.post(url, data=outage_form(MONDAY - timedelta(days=1), TUESDAY))
    assert past.status_code == 422 and "An outage cannot start in the past." in past.get_data(as_text=True)
    assert team.page.post(url, data=outage_form(TUESDAY, WEDNESDAY, "")).status_code == 422
    assert team.page.post(url, data=outage_form(TUESDAY, WEDNESDAY, action="confirm")).status_code == 302
    overlap = team.page.post(url, data=outage_form(WEDNESDAY, THURSDAY, action="confirm"))
    assert overlap.status_code == 409 and "already out of service" in overlap.get_data(as_text=True)
    assert db.session.scalars(select(DeskOutage)).one().first_day == TUESDAY


def test_a_manager_of_another_workspace_changes_no_outage(team, db):
    url = f"/manage/gent/desks/{team.desk.id}/outages"
    assert team.elsewhere.post(url, data=outage_form(TUESDAY, WEDNESDAY, action="confirm")).status_code == 403
    assert team.page.post(url, data=outage_form(TUESDAY, WEDNESDAY, action="confirm")).status_code == 302
    outage_id = db.session.scalar(select(DeskOutage.id))
    lift = f"/manage/gent/desks/{team.desk.id}/outages/{outage_id}/lift"
    assert team.elsewhere.post(lift, data={}).status_code == 403
    assert db.session.scalar(select(DeskOutage.id)) == outage_id
