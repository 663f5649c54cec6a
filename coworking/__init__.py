"""coworking: desk booking for a cooperative's shared workspaces."""

from __future__ import annotations

from flask import Flask


def create_app(config: dict | None = None) -> Flask:
    """Build the app: config → extensions → blueprints → errors → cli. No side effects
    beyond this object: no migrations, no network (schema via `flask db upgrade`)."""
    app = Flask(__name__, template_folder="../templates", instance_relative_config=True)
    register_config(app, config)
    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_features(app)
    register_errors(app)
    register_unit_of_work(app)
    register_signals(app)
    register_cli(app)
    return app


def register_config(app: Flask, config: dict | None) -> None:
    from coworking import config as config_module

    config_module.load(app, config)
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_logging(app: Flask) -> None:
    from coworking.ops import logging as ops_logging
    from coworking.ops import ratelimits

    ops_logging.init_app(app)
    ratelimits.init_app(app)  # the limiter's messages in this log; the per-worker warning


def register_extensions(app: Flask) -> None:
    from coworking import db as db_module
    from coworking import security
    from coworking.accounts import auth
    from coworking.extensions import api, csrf, db, limiter, login_manager, migrate
    from coworking.web import filters

    import_models()
    db.init_app(app)
    with app.app_context():
        db_module.configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), compare_type=True, render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    filters.init_app(app)
    security.init_app(app)
    limiter.init_app(app)
    api.init_app(app)
    auth.init_app(app)


def import_models() -> None:
    """Every table the migrations know about, in one place."""
    from coworking.accounts import models as _accounts  # noqa: F401
    from coworking.audit import models as _audit  # noqa: F401
    from coworking.bookings import models as _bookings  # noqa: F401
    from coworking.budget import models as _budget  # noqa: F401
    from coworking.workspaces import models as _workspaces  # noqa: F401


def register_blueprints(app: Flask) -> None:
    from coworking.accounts.api import blp as tokens_api
    from coworking.accounts.api import me_blp as personal_data_api
    from coworking.accounts.api import users_blp as users_api
    from coworking.accounts.views import bp as accounts_pages
    from coworking.audit.api import blp as audit_api
    from coworking.audit.views import bp as audit_pages
    from coworking.bookings.api import availability_blp as availability_api
    from coworking.bookings.api import blp as bookings_api
    from coworking.bookings.views import bp as bookings_pages
    from coworking.bookings.workspace_pages import bp as workspaces_pages
    from coworking.budget.api import blp as budget_api
    from coworking.budget.views import bp as budget_pages
    from coworking.calendar.api import blp as me_api
    from coworking.calendar.views import bp as calendar_pages
    from coworking.extensions import api, csrf
    from coworking.home import bp as home_pages
    from coworking.ops.health import bp as health
    from coworking.reports.api import blp as reports_api
    from coworking.reports.views import bp as reports_pages
    from coworking.workspaces.api import blp as workspaces_api

    for blp in (
        tokens_api,
        personal_data_api,
        users_api,
        workspaces_api,
        availability_api,
        bookings_api,
        me_api,
        reports_api,
        budget_api,
        audit_api,
    ):
        csrf.exempt(blp)  # bearer tokens, no cookies: CSRF does not apply
        api.register_blueprint(blp)
    for bp in (
        health,
        home_pages,
        accounts_pages,
        workspaces_pages,
        bookings_pages,
        calendar_pages,
        reports_pages,
        budget_pages,
        audit_pages,
    ):
        app.register_blueprint(bp)


def register_features(app: Flask) -> None:
    """Connect what each feature contributes to the ones below it, which do not import it:
    lookups (workspaces for accounts and the audit trail, actors for the trail), signal
    receivers (erasure) and sections (personal-data export, profile page). Here, at app start,
    so nothing depends on which modules an import happened to load."""
    from coworking.accounts import contributions as accounts
    from coworking.bookings import personal_data as bookings
    from coworking.budget import personal_data as budget
    from coworking.calendar import profile as calendar
    from coworking.workspaces import contributions as workspaces

    for feature in (accounts, workspaces, bookings, calendar, budget):
        feature.init_app(app)


def register_errors(app: Flask) -> None:
    from coworking.web import handlers

    handlers.init_app(app)


def register_unit_of_work(app: Flask) -> None:
    from coworking.web import unit_of_work

    unit_of_work.init_app(app)


def register_signals(app: Flask) -> None:
    """Features that react to another feature's changes subscribe here, when the app is built,
    never as a side effect of importing a module."""
    from coworking.bookings import closures

    closures.connect()


def register_cli(app: Flask) -> None:
    from coworking.accounts.cli import users_cli
    from coworking.budget.cli import budget_cli
    from coworking.demo import seed_demo_command
    from coworking.ops.cli import backup_command, restore_command

    app.cli.add_command(users_cli)
    app.cli.add_command(budget_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
