"""Feed validators: the ETag is computed before rendering, a 304 renders nothing, and the ETag
changes for every cause that changes the feed's bytes (one test per cause, each failing if
that cause were left out of the validator)."""

from __future__ import annotations

import uuid as uuidlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.support.calendar import feed_urls, fetch, path_of


def member_url(w) -> str:
    return feed_urls(w.as_ana)["feed_url"]


def manager_url(w) -> str:
    return feed_urls(w.as_manager)["workspace_feeds"]["brussels"]


def snapshot(client, url, **headers):
    r = fetch(client, url, **headers)
    assert r.status_code == 200, r.status_code
    return r.headers["ETag"], r.data


def assert_changes(client, url, change, *, body_changes=True):
    """The ETag differs after ``change()`` and the old one no longer gets a 304."""
    etag, body = snapshot(client, url)
    assert fetch(client, url, **{"If-None-Match": etag}).status_code == 304
    change()
    new_url = url() if callable(url) else url
    r = fetch(client, new_url, **{"If-None-Match": etag})
    assert r.status_code == 200
    assert r.headers["ETag"] != etag
    assert (r.data != body) is body_changes
    # ... and the new ETag is stable.
    assert fetch(client, new_url, **{"If-None-Match": r.headers["ETag"]}).status_code == 304


def add_booking(make_booking, w, *, desk, start, hours=1, member=None, at=datetime(2027, 2, 1, tzinfo=UTC), **kw):
    """A booking written as a row (made and last changed ``at``), behind the feed's back."""
    return make_booking(desk, member or w.ana, start, start + timedelta(hours=hours), made=at, **kw)


def booking_row(db, booking_json):
    from coworking.bookings.models import Booking

    return db.session.scalar(select(Booking).where(Booking.uuid == uuidlib.UUID(booking_json["id"])))


# --- the 304 path does no rendering ------------------------------------------------------


@pytest.mark.parametrize("which", ["member", "workspace"])
def test_304_runs_two_statements_and_renders_nothing(client, world, monkeypatch, which, sql_statements):
    from coworking.calendar import views

    url = member_url(world) if which == "member" else manager_url(world)
    etag, _ = snapshot(client, url)

    def forbidden(*_a, **_k):
        raise AssertionError("a 304 must not render the calendar")

    monkeypatch.setattr(views, "events_ical", forbidden)
    monkeypatch.setattr(views.queries, "feed_rows", forbidden)
    with sql_statements() as statements:
        r = fetch(client, url, **{"If-None-Match": etag})
        head = client.head(path_of(url), headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.data == b"" and r.headers["ETag"] == f'"{etag.strip(chr(34))}"'
    assert head.status_code == 304
    # member: the user, the feed's state; workspace: the user, the workspace, its managers, the state.
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2 * (2 if which == "member" else 4), selects


# --- one test per cause ------------------------------------------------------------------


def test_new_booking(client, world, make_booking):
    assert_changes(
        client,
        member_url(world),
        lambda: add_booking(make_booking, world, desk=world.b_desk, start=datetime(2027, 4, 2, 8, tzinfo=UTC)),
    )


def test_cancellation(client, world):
    assert_changes(
        client,
        member_url(world),
        lambda: world.as_ana.delete(f"/api/v1/bookings/{world.in_lisbon['id']}"),
    )


def note_of_three(db, w):
    """Ana's booking after the change gets a three-letter note (before any snapshot)."""
    row = booking_row(db, w.after_dst)
    row.note = "abc"
    db.session.commit()


def test_changed_booking_same_shape(client, db, world):
    """A change that keeps count, ids and note length (a note rewritten to as many letters):
    the sequence and update time say it."""
    note_of_three(db, world)

    def change():
        row = booking_row(db, world.after_dst)
        row.note = "xyz"
        row.sequence += 1
        row.updated_at = row.updated_at + timedelta(minutes=1)
        db.session.commit()

    assert_changes(client, member_url(world), change)


def test_changed_booking_same_shape_and_sequence(client, db, world):
    """The same change with the sequence left as it was: only the latest update time says it
    (fails if ``changed`` is left out of feed_state)."""
    note_of_three(db, world)

    def change():
        row = booking_row(db, world.after_dst)
        row.note = "xyz"
        row.updated_at = row.updated_at + timedelta(minutes=1)
        db.session.commit()

    assert_changes(client, member_url(world), change)


def test_changed_booking_same_shape_and_update_time(client, db, world):
    """The same change with the update time left as it was: only the sequence says it (fails
    if ``sequences`` is left out of feed_state)."""
    note_of_three(db, world)

    def change():
        row = booking_row(db, world.after_dst)
        row.note = "xyz"
        row.sequence += 1
        db.session.commit()

    assert_changes(client, member_url(world), change)


def test_note_erased_without_a_new_sequence(client, db, world):
    """Erasing a member's personal data blanks their notes in bulk without touching
    ``updated_at``/``sequence``: the sum of note lengths catches it."""
    row = booking_row(db, world.after_dst)
    row.note = "bring the blue chair"
    db.session.commit()

    def erase():
        from sqlalchemy import update

        from coworking.bookings.models import Booking

        db.session.execute(update(Booking).where(Booking.member_id == world.ana.id).values(note=""))
        db.session.commit()

    assert_changes(client, member_url(world), erase)


def test_window_edges_as_days_pass(client, world, make_desk, make_booking):
    """Four hours pass: two bookings leave at the past edge while two enter at the future
    edge, on one desk, with the same count, the same sum of ids, sequences, note lengths and
    the same latest update. Only the group's first/last start and last end tell."""
    cfg = client.application.config
    now = datetime(2027, 3, 1, 8, tzinfo=UTC)  # the clock fixture's instant
    desk = make_desk(world.brussels, code="B9")
    past, future = now - timedelta(days=cfg["CALENDAR_PAST_DAYS"]), now + timedelta(days=cfg["CALENDAR_FUTURE_DAYS"])
    old = datetime(2026, 11, 1, tzinfo=UTC)
    for booking_id, start in (
        (1001, past + timedelta(hours=1)),  # leaves
        (1004, past + timedelta(hours=3)),  # leaves
        (1002, future + timedelta(hours=1)),  # enters
        (1003, future + timedelta(hours=3)),  # enters
    ):
        add_booking(make_booking, world, desk=desk, start=start, id=booking_id, at=old)
    url = member_url(world)
    etag, body = snapshot(client, url)
    world.clock.shift(timedelta(hours=4, minutes=1))
    r = fetch(client, url, **{"If-None-Match": etag})
    assert r.status_code == 200 and r.data != body and r.headers["ETag"] != etag


def test_cancellation_ageing_out(client, world):
    world.as_ana.delete(f"/api/v1/bookings/{world.in_lisbon['id']}")
    url = member_url(world)
    days = client.application.config["CALENDAR_CANCELLED_DAYS"]
    etag, body = snapshot(client, url)
    world.clock.shift(timedelta(days=days - 1))
    assert fetch(client, url, **{"If-None-Match": etag}).status_code == 304
    world.clock.shift(timedelta(days=2))
    r = fetch(client, url, **{"If-None-Match": etag})
    assert r.status_code == 200 and r.data != body and r.headers["ETag"] != etag


def test_language(client, db, world):
    def change():
        world.ana.language = "nl"
        db.session.commit()

    assert_changes(client, member_url(world), change)


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Dansaert II"), ("address", "Rue Haute 2"), ("city", "Bruxelles"), ("timezone", "Europe/Paris")],
)
def test_workspace_field_shown_in_events(client, db, world, field, value):
    def change():
        setattr(world.brussels, field, value)
        db.session.commit()

    assert_changes(client, member_url(world), change)


def test_workspace_field_in_workspace_feed(client, db, world):
    def change():
        world.brussels.address = "Rue Haute 2"
        db.session.commit()

    assert_changes(client, manager_url(world), change)


def test_desk_code(client, db, world):
    def change():
        world.b_desk.code = "B1-window"
        db.session.commit()

    assert_changes(client, member_url(world), change)


def test_member_name_in_workspace_feed(client, db, world):
    def change():
        world.bo.name = "Bo Peeters-Janssens"
        db.session.commit()

    assert_changes(client, manager_url(world), change)


def test_manager_language_in_workspace_feed(client, db, world):
    def change():
        world.manager.language = "fr"
        db.session.commit()

    assert_changes(client, manager_url(world), change)


def test_token_rotation(client, world):
    urls = {"now": member_url(world)}

    def rotate():
        urls["now"] = world.as_ana.post("/api/v1/me/calendar/rotate").json["feed_url"]

    etag, body = snapshot(client, urls["now"])
    rotate()
    new_etag, new_body = snapshot(client, urls["now"])
    assert new_body == body and new_etag != etag


def test_format_version(client, world, monkeypatch):
    from coworking.calendar import rules

    url = member_url(world)
    etag, _ = snapshot(client, url)
    monkeypatch.setattr(rules, "FEED_FORMAT", rules.FEED_FORMAT + "-next")
    assert fetch(client, url, **{"If-None-Match": etag}).status_code == 200


def test_host_in_links(client, world, app, monkeypatch):
    """Events link to the booking page by absolute URL: another host name, another ETag."""
    monkeypatch.setitem(app.config, "ALLOWED_HOSTS", (*app.config["ALLOWED_HOSTS"], "desks.example.org"))
    url = member_url(world)
    etag, body = snapshot(client, url)
    r = client.get(path_of(url), base_url="https://desks.example.org", headers={"If-None-Match": etag})
    assert r.status_code == 200 and r.data != body and r.headers["ETag"] != etag
