"""The app under test: its testing configuration, a test client that runs each request as
production does, and the schema built by the real migrations."""

from __future__ import annotations

from flask import has_app_context
from flask.testing import FlaskClient

from coworking import create_app
from coworking.extensions import db as _db
from coworking.mail import worker


class IsolatedClient(FlaskClient):
    """Runs each request in its own app context — its own session and ``g`` — as production
    does, even while a test holds an app context for its factories. The test's session ends
    its transaction first, so afterwards it reads what the request committed."""

    def open(self, *args, **kwargs):
        if has_app_context():
            _db.session.rollback()
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(url: str, **extra):
    """An app on the database at ``url`` with the testing configuration (no rate limits, no
    CSRF, cheap password hashes, mail kept in memory); ``extra`` overrides any setting."""
    config = {
        "ENVIRONMENT": "testing",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "memory",
        "SERVER_NAME": None,
        # The test client sends ``Host: localhost``; BASE_URL stays the development default.
        "ALLOWED_HOSTS": "localhost",
    }
    config.update(extra)
    application = create_app(config)
    application.test_client_class = IsolatedClient
    return application


def migrate_to_head(app) -> None:
    """Build the schema as production does: ``flask db upgrade``, never ``create_all``."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


def outbox(app) -> list:
    """The mails sent so far (``MAIL_BACKEND=memory``), oldest first: first sends what is
    queued, as a pass of ``flask worker`` would (without its periodic jobs)."""
    with app.app_context():
        worker.send_due(app, "tests")
    return app.extensions.setdefault("mail_outbox", [])


def mail_text(message) -> str:
    """The plain-text part of a sent mail."""
    return message.get_body(("plain",)).get_content()
