"""Browser tests: Playwright for Python driving Debian's Chromium against the real app.

The app runs under gunicorn (``tests/support/live_server.py``) exactly as in production: created by
``wsgi.py`` from environment variables, so CSRF is on (the in-process ``app`` fixture turns it
off; these tests never use that fixture). Its database is a fresh SQLite file, migrated to head
and filled through the services (``seed``) once per session.

Chromium is ``/usr/bin/chromium`` (Debian's package; ``CHROMIUM_PATH`` overrides it), never a
browser downloaded by ``playwright install``. Without it the tests are skipped locally and fail
when ``COWORKING_REQUIRE_BROWSER=1`` (CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.support.app import make_app, migrate_to_head
from tests.support.browser import CHROMIUM_ARGS, LANGUAGES, PASSWORD, SERIES_MEMBER
from tests.support.live_server import LiveServer

REQUIRE_BROWSER = os.environ.get("COWORKING_REQUIRE_BROWSER") == "1"


@dataclass(frozen=True)
class Member:
    email: str
    password: str
    name: str


@dataclass(frozen=True)
class Site:
    """What ``seed`` made: one workspace open every day, its desks and a few members."""

    url: str
    server: LiveServer
    slug: str
    name: str
    timezone: str
    desks: tuple[str, ...]
    second_member: Member
    # One member per language for the accessibility audit, each with a booking on
    # ``audit_day`` at desk ``audit_desks[language]`` (so the grid shows free, taken and mine).
    audit_members: dict[str, Member]
    audit_desks: dict[str, str]
    audit_day: date
    database_url: str
    mail_dir: Path

    def mails_to(self, email: str) -> list[EmailMessage]:
        """The mails sent to ``email`` so far, oldest first: runs ``flask worker --once`` as
        an operator would, which writes each queued mail as an ``.eml`` file (MAIL_BACKEND=file)."""
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--once"],
            cwd=self.server.cwd,
            env=self.server.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        found = []
        for path in sorted(self.mail_dir.glob("*.eml")):
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if message["To"] == email:
                found.append(message)
        return found

    def today(self) -> date:
        """Today in the workspace's time zone (the day the app calls today)."""
        return datetime.now(ZoneInfo(self.timezone)).date()


# --- Chromium -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    reason = (
        f"Chromium not found at {path}: install Debian's chromium (apt-get install -y chromium) "
        "or set CHROMIUM_PATH; never `playwright install`"
    )
    if REQUIRE_BROWSER:
        pytest.fail(f"COWORKING_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)  # chromium missing on a dev machine; CI fails above instead


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, chromium_executable: str) -> dict:
    """pytest-playwright's launch options (``--headed``, ``--slowmo``) plus Debian's Chromium."""
    return {**browser_type_launch_args, "executable_path": chromium_executable, "args": CHROMIUM_ARGS}


# --- the live server --------------------------------------------------------------------------

WORKSPACE = {
    "slug": "browser-hub",
    "name": "Browser Hub",
    "city": "Brussels",
    "country": "BE",
    "address": "Rue Antoine Dansaert 1",
    "timezone": "Europe/Brussels",
    "currency": "EUR",
    # Open every day, so "tomorrow morning" exists whatever day the tests run. Opening at 06:00
    # (not midnight) keeps tomorrow's morning more than the cancel cut-off away at any hour.
    "opening_hours": [{"weekday": d, "open": "06:00", "close": "23:30"} for d in range(7)],
    "policy": {"min_notice_minutes": 0, "max_advance_days": 60, "cancel_cutoff_minutes": 60},
}
DESKS = ("D1", "D2", "D3", "D4", "D5", "D6")
# (email, name, desk, from, until) on the day after the audit day, for the who's-in test.
PRESENCE_MEMBERS = (
    ("pia@browser.example.org", "Pia Peeters", "D5", "10:00", "12:00"),
    ("quinn@browser.example.org", "Quinn Janssens", "D6", "13:00", "14:00"),
)


def seed(now: datetime) -> dict:
    """The workspace, its desks, a second member for the "desk taken" test, and one member
    per language with a booking on the audit day. Called inside an app context."""
    from coworking.accounts import services as accounts
    from coworking.bookings import services as bookings
    from coworking.workspaces import services as workspaces

    admin = accounts.create_user(
        email="admin@browser.example.org", name="Browser Admin", role="admin", password=PASSWORD, now=now
    )
    workspace = workspaces.create_workspace(admin, WORKSPACE, now)
    desks = {
        code: workspaces.add_desk(
            admin,
            workspace,
            {"code": code, "kind": "hot_desk", "zone": "Open space", "in_service_from": date(2020, 1, 1)},
            now,
        )
        for code in DESKS
    }
    second = Member("second@browser.example.org", PASSWORD, "Second Member")
    accounts.create_user(email=second.email, name=second.name, role="member", password=PASSWORD, now=now)
    # Books a series in tests/browser/test_series_form.py (and nothing else).
    accounts.create_user(
        email=SERIES_MEMBER,
        name="Series Member",
        role="member",
        password=PASSWORD,
        now=now,
        workspaces=[WORKSPACE["slug"]],
    )

    audit_day = now.astimezone(ZoneInfo(WORKSPACE["timezone"])).date() + timedelta(days=3)
    # Who's in (tests/browser/test_whos_in.py): two members booked the day after the audit day,
    # neither visible yet.
    presence_day = audit_day + timedelta(days=1)
    for email, name, code, start, end in PRESENCE_MEMBERS:
        user = accounts.create_user(
            email=email, name=name, role="member", password=PASSWORD, now=now, workspaces=[WORKSPACE["slug"]]
        )
        bookings.book(
            user,
            desk_id=desks[code].id,
            start=f"{presence_day.isoformat()}T{start}",
            end=f"{presence_day.isoformat()}T{end}",
            note=None,
            now=now,
        )
    audit_members, audit_desks = {}, {}
    for language, code in zip(LANGUAGES, DESKS, strict=False):
        member = Member(f"audit-{language}@browser.example.org", PASSWORD, f"Audit {language.upper()}")
        user = accounts.create_user(
            email=member.email,
            name=member.name,
            role="member",
            password=PASSWORD,
            now=now,
            workspaces=[WORKSPACE["slug"]],
            # One shows their name, so the other languages' grids have a named cell for axe.
            visible_to_members=language == "de",
        )
        bookings.book(
            user,
            desk_id=desks[code].id,
            start=f"{audit_day.isoformat()}T09:00",
            end=f"{audit_day.isoformat()}T11:00",
            note=None,
            now=now,
        )
        audit_members[language] = member
        audit_desks[language] = code
    return {
        "second_member": second,
        "audit_members": audit_members,
        "audit_desks": audit_desks,
        "audit_day": audit_day,
    }


@pytest.fixture(scope="session")
def live_server(chromium_executable, tmp_path_factory) -> Iterator[Site]:
    """gunicorn serving ``wsgi:app`` on a fresh, migrated and seeded SQLite file.

    Depends on ``chromium_executable`` so a missing browser skips (or fails) before any
    server starts."""
    from coworking.extensions import db
    from coworking.web.unit_of_work import run

    url = "sqlite:///" + str(tmp_path_factory.mktemp("browser") / "browser.sqlite")
    mail_dir = tmp_path_factory.mktemp("browser-mail")
    app = make_app(url)
    migrate_to_head(app)
    with app.app_context():
        made = run(lambda: seed(datetime.now(UTC)))
        db.session.remove()
        db.engine.dispose()
    env = {
        "DATABASE_URL": url,
        "COWORKING_ENVIRONMENT": "testing",
        "RATELIMIT_ENABLED": "0",
        # Mails become .eml files, as in development (Site.mails_to runs the worker).
        "COWORKING_MAIL_BACKEND": "file",
        "COWORKING_MAIL_FILE_DIR": str(mail_dir),
    }
    # The access log goes with the app's log into what a failing test's report shows.
    access_log = ("--access-logfile", "-")
    with LiveServer(env=env, workers=2, worker_class="gthread", threads=4, extra_args=access_log) as server:
        yield Site(
            url=server.url,
            server=server,
            slug=WORKSPACE["slug"],
            name=WORKSPACE["name"],
            timezone=WORKSPACE["timezone"],
            desks=DESKS,
            database_url=url,
            mail_dir=mail_dir,
            **made,
        )


@pytest.fixture(scope="session")
def base_url(live_server: Site) -> str:
    """pytest-playwright gives every context this base URL: ``page.goto("/login")``."""
    return live_server.url


@pytest.fixture
def site(request, live_server: Site) -> Site:
    """The live site. A failing test's report gets what the server logged during it."""
    request.node.server_log_from = live_server.server.log_size()
    return live_server


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    start = getattr(item, "server_log_from", None)
    live = item.funcargs.get("live_server") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and start is not None and live is not None:
        report.sections.append((f"gunicorn log ({live.url})", live.server.log_text()[start:] or "(empty)"))
