"""Fixtures of the mail tests: a real SMTP server and the suite's app pointed at it."""

from __future__ import annotations

import pytest

from tests.support.smtp import SmtpServer


@pytest.fixture
def smtp():
    """An SMTP server listening on 127.0.0.1 (stopped after the test)."""
    with SmtpServer() as server:
        yield server


@pytest.fixture
def smtp_down():
    """A port reserved for an SMTP server that is not listening (``start()`` brings it up)."""
    with SmtpServer(start=False) as server:
        yield server


def _point_at(app, monkeypatch, server) -> None:
    for key, value in {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": server.host,
        "MAIL_PORT": server.port,
        "MAIL_TIMEOUT_SECONDS": 5,
    }.items():
        monkeypatch.setitem(app.config, key, value)


@pytest.fixture
def smtp_app(app, smtp, monkeypatch):
    """The suite's app sending with MAIL_BACKEND=smtp to ``smtp`` (for in-process passes)."""
    _point_at(app, monkeypatch, smtp)
    return app


@pytest.fixture
def smtp_down_app(app, smtp_down, monkeypatch):
    """The suite's app sending with MAIL_BACKEND=smtp to the port of ``smtp_down``."""
    _point_at(app, monkeypatch, smtp_down)
    return app


@pytest.fixture
def admin(make_user):
    return make_user(role="admin", email="admin@example.org", name="Admin")


@pytest.fixture
def member(make_user):
    return make_user(email="ana@example.org", name="Ana")
