"""One unit of work per request: what a view's answer commits, what a refusal or an error
rolls back, when mail leaves, and what a busy database does — on both databases."""

from __future__ import annotations

import ast
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import flash, get_flashed_messages, redirect

from coworking import errors
from coworking.extensions import db as _db
from coworking.mail import services as outbox_service
from coworking.web import unit_of_work
from coworking.web.unit_of_work import refusals
from tests.support.app import make_app, outbox
from tests.support.factories import PASSWORD

PACKAGE = Path(__file__).resolve().parents[2] / "coworking"


def _locked() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("UPDATE users", {}, sqlite3.OperationalError("database is locked"))


@pytest.fixture
def site(database_url, app):
    """An app on the suite's database with test routes that write a member's name, each run
    through the same wrapper ``create_app`` puts on every view."""
    from coworking.accounts import services

    application = make_app(database_url, PROPAGATE_EXCEPTIONS=False)
    calls = {"attempts": 0}

    def rename(to: str) -> None:
        _db.session.execute(sa.text("UPDATE users SET name = :n"), {"n": to})
        _db.session.flush()

    def refused_then_redirect():
        with refusals() as refused:
            rename("Refused")
            raise errors.ValidationFailed("no")
        assert refused and refused.error.code == "validation_error"
        return redirect("/")

    def unprotected_refusal():
        rename("Raised")
        raise errors.DeskTaken()

    def queue_mail(subject):
        mail = outbox_service.Mail(subject, "The text.", "<p>The text.</p>")
        outbox_service.enqueue(mail, to="ana@example.org", kind="test", language="en", now=datetime.now(UTC))

    def answered_422():
        rename("Answered 422")
        queue_mail("Should not leave")
        return "no", 422

    def kept():
        rename("Kept")
        queue_mail("Renamed")
        return redirect("/")

    def busy_once():
        calls["attempts"] += 1
        flash("Saved.")
        rename(f"Attempt {calls['attempts']}")
        if calls["attempts"] == 1:
            raise _locked()
        return redirect("/")

    def always_busy():
        rename("Never")
        raise _locked()

    def get_that_writes():
        from coworking.accounts.models import User

        _db.session.scalars(sa.select(User)).one().name = "Written by a GET"
        return "ok"

    def get_that_updates():
        from coworking.accounts.models import User

        _db.session.execute(sa.update(User).values(name="Updated by a GET"))
        return "ok"

    def flashes():
        return " | ".join(get_flashed_messages())

    for rule, function, methods in [
        ("/_t/refused", refused_then_redirect, ["POST"]),
        ("/_t/raised", unprotected_refusal, ["POST"]),
        ("/_t/422", answered_422, ["POST"]),
        ("/_t/kept", kept, ["POST"]),
        ("/_t/busy-once", busy_once, ["POST"]),
        ("/_t/busy", always_busy, ["POST"]),
        ("/_t/get-writes", get_that_writes, ["GET"]),
        ("/_t/get-updates", get_that_updates, ["GET"]),
        ("/_t/flashes", flashes, ["GET"]),
    ]:
        application.add_url_rule(rule, rule, unit_of_work.view(function), methods=methods)
    with application.app_context():
        services.create_user(
            email="ana@example.org", name="Ana", role="member", password=PASSWORD, now=datetime.now(UTC)
        )
        _db.session.commit()
    application.calls = calls
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


def _name(site) -> str:
    with site.app_context():
        name = _db.session.scalar(sa.text("SELECT name FROM users"))
        _db.session.remove()
        return name


def _mails(site) -> list[str]:
    return [m["Subject"] for m in outbox(site)]


def test_a_refusal_rolls_back_what_was_flushed_even_when_the_page_redirects(site):
    assert site.test_client().post("/_t/refused").status_code == 302
    assert _name(site) == "Ana"


def test_a_refusal_that_reaches_the_error_handler_keeps_nothing(site):
    assert site.test_client().post("/_t/raised").status_code == 409
    assert _name(site) == "Ana"


def test_an_answer_of_4xx_keeps_nothing_and_sends_no_mail(site):
    assert site.test_client().post("/_t/422").status_code == 422
    assert _name(site) == "Ana"
    assert _mails(site) == []


def test_a_success_commits_and_only_then_mails(site):
    assert site.test_client().post("/_t/kept").status_code == 302
    assert _name(site) == "Kept"
    assert _mails(site) == ["Renamed"]


def test_a_busy_database_reruns_the_view_and_the_member_sees_one_message(site):
    client = site.test_client()
    assert client.post("/_t/busy-once").status_code == 302
    assert site.calls["attempts"] == 2
    assert _name(site) == "Attempt 2"
    assert client.get("/_t/flashes").get_data(as_text=True) == "Saved."


def test_retries_exhausted_is_503_with_retry_after_and_nothing_kept(site):
    response = site.test_client().post("/_t/busy")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert _name(site) == "Ana"


def test_a_get_that_writes_is_committed_by_the_same_mechanism(site):
    assert site.test_client().get("/_t/get-writes").status_code == 200
    assert _name(site) == "Written by a GET"
    assert site.test_client().get("/_t/get-updates").status_code == 200
    assert _name(site) == "Updated by a GET"


def test_every_view_of_the_app_runs_in_the_unit_of_work(app):
    unwrapped = [
        endpoint
        for endpoint, function in app.view_functions.items()
        if endpoint != "static" and not getattr(function, "unit_of_work", False)
    ]
    assert unwrapped == []


def _calls_named(tree: ast.AST, names: set[str]) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names
    ]


def test_nothing_in_the_package_commits_but_the_unit_of_work():
    """Services flush; only ``coworking/db.py`` (the unit of work) calls ``commit()``."""
    allowed = {PACKAGE / "db.py"}
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if path not in allowed and (lines := _calls_named(ast.parse(path.read_text()), {"commit"}))
    }
    assert found == {}
