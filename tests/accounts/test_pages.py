"""The member web app through real requests: accounts, booking pages, security."""

from __future__ import annotations

import re
from datetime import date

import pytest
from icalendar import Calendar

from tests.support.app import make_app
from tests.support.clock import MONDAY
from tests.support.factories import PASSWORD
from tests.support.http import problem_code

TUESDAY = date(2027, 3, 2)
EVERY_DAY = [{"weekday": d, "open": "08:00", "close": "18:00"} for d in range(7)]


def login(client, email, password=PASSWORD, remember=False, next_url=None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post(url, data=data)


@pytest.fixture
def place(clock, make_workspace, make_desk, make_user):
    ws = make_workspace(slug="gent", name="Dok Noord", city="Ghent", opening_hours=EVERY_DAY)
    desks = [make_desk(ws, code="A1"), make_desk(ws, code="A2")]
    ana = make_user(email="ana@example.org", name="Ana", workspaces=[ws])
    bo = make_user(email="bo@example.org", name="Bo", workspaces=[ws])
    return ws, desks, ana, bo


def outbox(app):
    return app.extensions.setdefault("mail_outbox", [])


@pytest.fixture(autouse=True)
def _empty_outbox(app):
    outbox(app).clear()


# --- accounts -------------------------------------------------------------------------


def test_pages_need_a_login_and_come_back_after_it(client, place):
    r = client.get("/bookings")
    assert r.status_code == 302 and r.headers["Location"].startswith("/login?next=")
    r = login(client, "ana@example.org", next_url="/bookings")
    assert r.status_code == 302 and r.headers["Location"] == "/bookings"
    assert client.get("/bookings").status_code == 200


def test_login_starts_a_new_session(client, place):
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
    login(client, "ana@example.org")
    with client.session_transaction() as after:
        assert "planted" not in after and after.get("_user_id")


def test_wrong_password_and_unknown_email_look_the_same(client, place):
    wrong = login(client, "ana@example.org", "not the password")
    unknown = login(client, "nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 200

    def strip(r):
        return (
            re.sub(r'name="csrf_token"[^>]*>', "", r.get_data(as_text=True))
            .replace("ana@", "X@")
            .replace("nobody@", "X@")
        )

    assert strip(wrong) == strip(unknown)
    assert "The email or password is not right." in wrong.get_data(as_text=True)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example",
        "//evil.example",
        "/\\evil.example",
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%5Cevil.example",
        "%252F%252Fevil.example",
        "/%2F%2Fevil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        " //evil.example",
        "/%09/evil.example",
    ],
)
def test_next_never_leaves_the_site(client, place, target):
    r = login(client, "ana@example.org", next_url=target)
    assert r.status_code == 302
    location = r.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "\\" not in location
    assert "evil" not in location and "javascript" not in location


def test_registration_answers_the_same_for_known_and_new_addresses(client, app, place):
    form = {
        "name": "Chris",
        "email": "chris@example.org",
        "password": "a long passphrase",
        "confirm": "a long passphrase",
    }
    new = client.post("/register", data=form)
    known = client.post("/register", data={**form, "email": "ana@example.org"})
    assert new.status_code == known.status_code == 302
    assert new.headers["Location"] == known.headers["Location"] == "/login"
    first = client.get("/login").get_data(as_text=True)
    assert "If the address can be used" in first
    mails = outbox(app)
    assert [m["To"] for m in mails] == ["chris@example.org", "ana@example.org"]
    assert "already has one" in mails[1].get_content()
    # The new member can log in; Ana's password was not touched.
    assert login(client, "chris@example.org", "a long passphrase").headers["Location"] == "/workspaces"
    client.post("/logout")
    assert login(client, "ana@example.org").headers["Location"] == "/workspaces"


def test_registration_refuses_weak_passwords_with_a_field_message(client, place, db):
    from coworking.accounts.models import User

    r = client.post("/register", data={"name": "D", "email": "d@example.org", "password": "short", "confirm": "short"})
    assert r.status_code == 200
    page = r.get_data(as_text=True)
    assert 'aria-invalid="true"' in page and "at least 10 characters" in page
    assert db.session.query(User).filter_by(email="d@example.org").count() == 0


def test_remember_me_sets_a_lasting_httponly_cookie(client, place):
    r = login(client, "ana@example.org", remember=True)
    cookies = r.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "SameSite=Lax" in remember[0] and "Expires=" in remember[0]
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def test_changing_the_password_ends_other_sessions(app, place):
    phone, laptop = app.test_client(), app.test_client()
    login(phone, "ana@example.org", remember=True)
    login(laptop, "ana@example.org")
    assert phone.get("/bookings").status_code == 200
    r = laptop.post(
        "/password",
        data={"current_password": PASSWORD, "password": "a brand new secret", "confirm": "a brand new secret"},
    )
    assert r.status_code == 302
    assert laptop.get("/bookings").status_code == 200  # this session continues
    assert phone.get("/bookings").status_code == 302  # the other one (even remembered) is over
    assert login(app.test_client(), "ana@example.org", "a brand new secret").headers["Location"] == "/workspaces"


def test_change_password_needs_the_current_one(client, place):
    login(client, "ana@example.org")
    r = client.post(
        "/password",
        data={"current_password": "wrong wrong", "password": "a fresh passphrase", "confirm": "a fresh passphrase"},
    )
    assert r.status_code == 200 and "The current password is not right." in r.get_data(as_text=True)


def test_password_reset_by_mail_works_once(client, app, place, clock):
    r = client.post("/password/forgot", data={"email": "ana@example.org"})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.org"})
    assert r.status_code == unknown.status_code == 302 and r.headers["Location"] == unknown.headers["Location"]
    mails = outbox(app)
    assert len(mails) == 1 and mails[0]["To"] == "ana@example.org"
    link = re.search(r"(/password/reset/\S+)", mails[0].get_content()).group(1)
    assert client.get(link).status_code == 200
    r = client.post(link, data={"password": "my new passphrase", "confirm": "my new passphrase"})
    assert r.status_code == 302 and r.headers["Location"] == "/login"
    assert login(client, "ana@example.org", "my new passphrase").headers["Location"] == "/workspaces"
    client.post("/logout")
    # Used once: the same link now refuses.
    again = client.post(link, data={"password": "another passphrase", "confirm": "another passphrase"})
    assert again.status_code == 302 and again.headers["Location"] == "/password/forgot"
    assert login(client, "ana@example.org", "another passphrase").status_code == 200  # not changed


def test_password_reset_link_expires(client, app, place, clock):
    client.post("/password/forgot", data={"email": "ana@example.org"})
    link = re.search(r"(/password/reset/\S+)", outbox(app)[0].get_content()).group(1)
    clock.shift(app.config["PASSWORD_RESET_HOURS"] * 3600 + 1)
    assert client.get(link).headers["Location"] == "/password/forgot"


def test_profile_saves_name_language_and_home(client, place, make_workspace, db):
    from coworking.accounts.models import User

    other = make_workspace(slug="lille", city="Lille")
    login(client, "ana@example.org")
    r = client.post("/profile", data={"name": "Ana Lopes", "language": "fr", "home_workspace": "lille"})
    assert r.status_code == 302
    db.session.expire_all()
    ana = db.session.query(User).filter_by(email="ana@example.org").one()
    assert (ana.name, ana.language, ana.home_workspace_id) == ("Ana Lopes", "fr", other.id)
    r = client.post("/profile", data={"name": "Ana", "language": "xx", "home_workspace": ""})
    assert r.status_code == 200  # not a language we offer: the form says so


# --- booking pages ---------------------------------------------------------------------


def test_workspaces_page_shows_hours_and_free_desks(client, place):
    login(client, "bo@example.org")
    page = client.get("/workspaces").get_data(as_text=True)
    assert "Dok Noord" in page and "Ghent" in page and "Belgium" in page
    assert "2 desks free now" in page
    assert "Today: 08:00–18:00" in page  # Monday 1 March 2027, open 08:00 to 18:00


def book_on_page(client, desk, day=TUESDAY, period="morning", **extra):
    data = {"day": day.isoformat(), "desk": str(desk.id), "period": period, **extra}
    return client.post("/workspaces/gent", data=data)


def test_book_from_the_day_page_then_cancel_with_confirmation(client, place, db):
    from coworking.bookings.models import Booking

    _ws, (a1, _a2), _ana, _bo = place
    login(client, "ana@example.org")
    day = client.get("/workspaces/gent?date=2027-03-02")
    assert day.status_code == 200
    html = day.get_data(as_text=True)
    assert "Europe/Brussels" in html and "A1" in html and "free" in html
    r = book_on_page(client, a1)
    assert r.status_code == 302 and r.headers["Location"].startswith("/bookings/")
    booking = db.session.query(Booking).one()
    assert booking.starts_at.astimezone(booking.workspace.tz).strftime("%H:%M") == "08:00"
    assert booking.ends_at.astimezone(booking.workspace.tz).strftime("%H:%M") == "13:00"
    detail = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "A1" in detail and "Confirmed" in detail
    # The grid now marks it as mine, with a symbol as well as a colour.
    grid = client.get("/workspaces/gent?date=2027-03-02").get_data(as_text=True)
    assert 'class="cell mine"' in grid and "★" in grid
    mine = client.get("/bookings").get_data(as_text=True)
    assert "Upcoming" in mine and "A1" in mine
    confirm = client.get(f"/bookings/{booking.uuid}/cancel")
    assert "You can cancel until" in confirm.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.query(Booking).one().status == "confirmed"  # the GET changed nothing
    r = client.post(f"/bookings/{booking.uuid}/cancel", data={"reason": "ill"})
    assert r.status_code == 302 and r.headers["Location"] == "/bookings"
    db.session.expire_all()
    cancelled = db.session.query(Booking).one()
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "ill")


def test_custom_times_and_whole_day(client, place, db):
    from coworking.bookings.models import Booking

    _ws, (a1, a2), _ana, _bo = place
    login(client, "ana@example.org")
    assert book_on_page(client, a1, period="custom", start="14:00", end="15:30").status_code == 302
    assert book_on_page(client, a2, day=date(2027, 3, 3), period="day").status_code == 302
    spans = sorted(
        (
            b.starts_at.astimezone(b.workspace.tz).strftime("%d %H:%M"),
            b.ends_at.astimezone(b.workspace.tz).strftime("%H:%M"),
        )
        for b in db.session.query(Booking)
    )
    assert spans == [("02 14:00", "15:30"), ("03 08:00", "18:00")]


@pytest.mark.parametrize(
    ("web", "api_start", "api_end", "code"),
    [
        (
            {"period": "custom", "start": "18:00", "end": "19:00"},
            "2027-03-02T18:00",
            "2027-03-02T19:00",
            "outside_opening_hours",
        ),
        ({"period": "morning", "day": "2027-02-26"}, "2027-02-26T08:00", "2027-02-26T13:00", "in_the_past"),
        ({"period": "morning"}, "2027-03-02T08:00", "2027-03-02T13:00", "desk_taken"),
        (
            {"period": "custom", "start": "10:00", "end": "09:00"},
            "2027-03-02T10:00",
            "2027-03-02T09:00",
            "invalid_interval",
        ),
    ],
)
def test_web_form_and_api_give_the_same_error_code(client, place, api_as, web, api_start, api_end, code):
    _ws, (a1, _a2), _ana, bo = place
    taken_by = api_as(bo)
    assert taken_by.book(a1, TUESDAY, "08:00", "13:00").status_code == 201
    login(client, "ana@example.org")
    extra = dict(web)
    day = date.fromisoformat(extra.pop("day")) if "day" in extra else TUESDAY
    r = book_on_page(client, a1, day=day, **extra)
    html = r.get_data(as_text=True)
    web_code = re.search(r'data-error-code="([a-z_]+)"', html).group(1)
    api = api_as(place[2]).post("/api/v1/bookings", json={"desk_id": a1.id, "start": api_start, "end": api_end})
    assert web_code == problem_code(api) == code
    assert r.status_code == api.status_code == (409 if code == "desk_taken" else 422)
    assert 'role="alert"' in html


def test_member_cannot_see_or_cancel_someone_elses_booking_pages(client, place, api_as):
    _ws, (a1, _a2), _ana, bo = place
    theirs = api_as(bo).book(a1, TUESDAY, "08:00", "09:00").json["id"]
    login(client, "ana@example.org")
    for url in (f"/bookings/{theirs}", f"/bookings/{theirs}/cancel", f"/bookings/{theirs}.ics"):
        assert client.get(url).status_code == 404
    assert client.post(f"/bookings/{theirs}/cancel", data={}).status_code == 404
    assert api_as(bo).get(f"/api/v1/bookings/{theirs}").json["status"] == "confirmed"


def test_cancel_after_the_cut_off_is_refused_and_explained(client, place, clock, api_as):
    _ws, (a1, _a2), ana, _bo = place
    made = api_as(ana).book(a1, TUESDAY, "10:00", "11:00").json["id"]
    login(client, "ana@example.org", remember=True)
    clock.move_to("2027-03-02T08:30:00+00:00")  # 09:30 local, cut-off was 09:00
    page = client.get(f"/bookings/{made}/cancel").get_data(as_text=True)
    assert "too late to cancel" in page and 'type="submit" class="danger"' not in page
    r = client.post(f"/bookings/{made}/cancel", data={})
    assert r.status_code == 302
    assert api_as(ana).get(f"/api/v1/bookings/{made}").json["status"] == "confirmed"
    assert "It is too late to cancel this booking." in client.get(r.headers["Location"]).get_data(as_text=True)


def test_one_booking_downloads_as_ics(client, place, api_as):
    _ws, (a1, _a2), ana, _bo = place
    made = api_as(ana).book(a1, TUESDAY, "08:00", "13:00").json["id"]
    login(client, "ana@example.org")
    r = client.get(f"/bookings/{made}.ics")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(r.data)
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]).startswith(made)
    assert event.decoded("DTSTART").isoformat() == "2027-03-02T08:00:00+01:00"
    assert {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")} == {"Europe/Brussels"}


# --- security --------------------------------------------------------------------------


def test_every_html_response_has_security_headers(client, place):
    for url in ("/login", "/register", "/no-such-page"):
        r = client.get(url)
        csp = r.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"]
    assert client.get("/no-such-page").status_code == 404


def test_templates_have_no_inline_scripts_or_handlers():
    from pathlib import Path

    repo = Path(__file__).resolve().parent.parent
    root = repo / "templates"
    templates = sorted(root.rglob("*.html"))
    # The folder scanned is the one the app renders from: every template the code renders is
    # in it (a wrong path or an empty folder fails here instead of checking nothing).
    rendered = {
        name
        for source in (repo / "coworking").rglob("*.py")
        for name in re.findall(r'render_template\(\s*"([^"]+\.html)"', source.read_text())
    }
    found = {t.relative_to(root).as_posix() for t in templates}
    assert len(rendered) >= 10 and rendered <= found, sorted(rendered - found)
    assert {"base.html", "_forms.html"} <= found
    for template in templates:
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert not re.search(r"\son[a-z]+=", text), template
        assert "style=" not in text, template


@pytest.fixture
def csrf_client(database_url):
    from coworking.extensions import db

    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    yield app.test_client()
    with app.app_context():
        db.engine.dispose()


def test_post_without_csrf_token_is_400_and_changes_nothing(csrf_client, place, db, api_as):
    from coworking.bookings.models import Booking

    _ws, (a1, _a2), ana, _bo = place
    made = api_as(ana).book(a1, TUESDAY, "08:00", "09:00").json["id"]
    page = csrf_client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert csrf_client.post("/login", data={"email": "ana@example.org", "password": PASSWORD}).status_code == 400
    r = csrf_client.post("/login", data={"email": "ana@example.org", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 302
    for url, data in [
        (f"/bookings/{made}/cancel", {}),
        ("/workspaces/gent", {"day": "2027-03-02", "desk": str(a1.id), "period": "afternoon"}),
        ("/profile", {"name": "Hacked", "language": "de", "home_workspace": ""}),
        ("/password", {"current_password": PASSWORD, "password": "p" * 12 + "wned", "confirm": "p" * 12 + "wned"}),
        ("/logout", {}),
    ]:
        r = csrf_client.post(url, data=data)
        assert r.status_code == 400, url
    db.session.expire_all()
    assert db.session.query(Booking).count() == 1 and db.session.query(Booking).one().status == "confirmed"
    assert ana.name == "Ana" or db.session.get(type(ana), ana.id).name == "Ana"
    assert csrf_client.get("/bookings").status_code == 200  # still logged in: logout was refused too


def test_api_is_not_subject_to_csrf_but_needs_a_token(csrf_client, place):
    r = csrf_client.post("/api/v1/bookings", json={"desk_id": 1, "start": "x", "end": "y"})
    assert r.status_code == 401


def test_monday_constant_is_a_monday():
    assert MONDAY.weekday() == 0


def test_weaker_password_hashes_are_upgraded_at_login(database_url, place, db):
    from coworking.accounts.models import User
    from coworking.extensions import db as _db

    ana = db.session.query(User).filter_by(email="ana@example.org").one()
    assert ana.password_hash.startswith("pbkdf2:")  # the cheap test method
    app = make_app(database_url, PASSWORD_HASH_METHOD="argon2id")
    try:
        client = app.test_client()
        assert login(client, "ana@example.org", "wrong password!").status_code == 200
        db.session.expire_all()
        assert db.session.get(User, ana.id).password_hash.startswith("pbkdf2:")  # no upgrade on failure
        assert login(client, "ana@example.org").headers["Location"] == "/workspaces"
        db.session.expire_all()
        assert db.session.get(User, ana.id).password_hash.startswith("$argon2id$")
        client.post("/logout")
        assert login(client, "ana@example.org").headers["Location"] == "/workspaces"  # still works
    finally:
        with app.app_context():
            _db.engine.dispose()


def test_log_out_everywhere_ends_every_session(app, place):
    phone, laptop = app.test_client(), app.test_client()
    login(phone, "ana@example.org", remember=True)
    login(laptop, "ana@example.org")
    r = laptop.post("/logout/everywhere")
    assert r.status_code == 302 and r.headers["Location"] == "/login"
    assert laptop.get("/bookings").status_code == 302
    assert phone.get("/bookings").status_code == 302
    assert login(phone, "ana@example.org").headers["Location"] == "/workspaces"  # a new login works


def test_too_many_logins_get_a_translated_page(database_url, place):
    from coworking.extensions import db, limiter

    was = limiter.enabled
    app = make_app(database_url, RATELIMIT_ENABLED=True, AUTH_RATE_LIMIT="2 per minute")
    try:
        client = app.test_client()
        codes = [login(client, "ana@example.org", "wrong password!").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        page = client.post(
            "/login", data={"email": "x@example.org", "password": "y"}, headers={"Accept-Language": "de"}
        )
        assert (
            page.status_code == 429
            and page.mimetype == "text/html"
            and '<html lang="de">' in page.get_data(as_text=True)
        )
    finally:
        limiter.reset()
        limiter.enabled = was
        with app.app_context():
            db.engine.dispose()
