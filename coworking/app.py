"""The composition root: ``create_app`` builds the app from every feature. The one module that
knows them all; nothing imports it but the package's ``create_app`` (and so ``wsgi.py``)."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from coworking import config as config_module
from coworking import db as db_module
from coworking import security
from coworking.accounts import api as accounts_api
from coworking.accounts import auth
from coworking.accounts import contributions as accounts_contributions
from coworking.accounts import profile_api as accounts_profile_api
from coworking.accounts import views as accounts_views
from coworking.accounts.cli import users_cli
from coworking.audit import api as audit_api
from coworking.audit import views as audit_views
from coworking.bookings import api as bookings_api
from coworking.bookings import (
    closures,
    deactivation,
    favourites,
    favourites_api,
    guest_personal_data,
    guests_views,
    release,
    signals,
    week_api,
    week_pages,
    workspace_pages,
)
from coworking.bookings import personal_data as bookings_personal_data
from coworking.bookings import presence_api as bookings_presence_api
from coworking.bookings import presence_views as bookings_presence_views
from coworking.bookings import scan_pages as bookings_scan_pages
from coworking.bookings import series_api as bookings_series_api
from coworking.bookings import series_views as bookings_series_views
from coworking.bookings import views as bookings_views
from coworking.bookings import waitlist as bookings_waitlist
from coworking.bookings import waitlist_api as bookings_waitlist_api
from coworking.bookings import waitlist_views as bookings_waitlist_views
from coworking.budget import api as budget_api
from coworking.budget import personal_data as budget_personal_data
from coworking.budget import views as budget_views
from coworking.budget.cli import budget_cli
from coworking.calendar import api as calendar_api
from coworking.calendar import profile as calendar_profile
from coworking.calendar import views as calendar_views
from coworking.demo import seed_demo_command
from coworking.extensions import api, csrf, db, limiter, login_manager, migrate
from coworking.home import bp as home_pages
from coworking.mail import views as mail_views
from coworking.mail import worker
from coworking.mail.cli import worker_command
from coworking.manage import booking_views as manage_bookings
from coworking.manage import closure_views as manage_closures
from coworking.manage import desk_views as manage_desks
from coworking.manage import floor_views as manage_floors
from coworking.manage import outage_views as manage_outages
from coworking.manage import views as manage_views
from coworking.members import api as members_api
from coworking.members import onboarding as members_onboarding
from coworking.members import views as members_views
from coworking.notifications import api as notifications_api
from coworking.notifications import guest_mail, waitlist_mail
from coworking.notifications import personal_data as notifications_personal_data
from coworking.notifications import profile as notifications_profile
from coworking.notifications import services as notifications
from coworking.notifications import views as notifications_views
from coworking.ops import logging as ops_logging
from coworking.ops import ratelimits
from coworking.ops.cli import backup_command, restore_command
from coworking.ops.health import bp as health
from coworking.reports import api as reports_api
from coworking.reports import views as reports_views
from coworking.web import filters, handlers, unit_of_work
from coworking.web import requests as web_requests
from coworking.workspaces import api as workspaces_api
from coworking.workspaces import contributions as workspaces_contributions
from coworking.workspaces import floors_api as workspaces_floors_api
from coworking.workspaces import outage_api as workspaces_outage_api
from coworking.workspaces import plan_views as workspaces_plan_views

# Importing the blueprints above imported every model: the tables the migrations know about.


def create_app(config: dict | None = None) -> Flask:
    """Build the app: config → logging → extensions → blueprints → features → errors → unit of
    work → cli. No side effects beyond this object: no migrations, no network (schema via
    `flask db upgrade`)."""
    app = Flask("coworking", template_folder="../templates", instance_relative_config=True)
    app.request_class = web_requests.Request  # a view may take a larger body (plan uploads)
    register_config(app, config)
    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_features(app)
    register_errors(app)
    register_unit_of_work(app)
    register_cli(app)
    return app


def register_config(app: Flask, config: dict | None) -> None:
    config_module.load(app, config)
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_logging(app: Flask) -> None:
    ops_logging.init_app(app)
    ratelimits.init_app(app)  # the limiter's messages in this log; the per-worker warning


def register_extensions(app: Flask) -> None:
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


API_BLUEPRINTS = (
    accounts_api.blp,
    accounts_api.me_blp,
    accounts_api.users_blp,
    accounts_profile_api.blp,
    members_api.blp,
    workspaces_api.blp,
    workspaces_outage_api.blp,
    workspaces_floors_api.blp,
    bookings_api.availability_blp,
    week_api.week_blp,
    bookings_presence_api.blp,
    bookings_api.blp,
    bookings_api.guests_blp,
    bookings_series_api.blp,
    bookings_waitlist_api.blp,
    favourites_api.blp,
    calendar_api.blp,
    notifications_api.blp,
    reports_api.blp,
    budget_api.blp,
    audit_api.blp,
)
PAGE_BLUEPRINTS = (
    health,
    home_pages,
    accounts_views.bp,
    members_views.bp,
    members_onboarding.bp,
    workspace_pages.bp,
    week_pages.bp,
    bookings_presence_views.bp,
    bookings_views.bp,
    guests_views.bp,
    bookings_series_views.bp,
    bookings_waitlist_views.bp,
    bookings_scan_pages.bp,
    workspaces_plan_views.bp,
    calendar_views.bp,
    notifications_views.bp,
    reports_views.bp,
    budget_views.bp,
    manage_views.bp,
    manage_desks.bp,
    manage_outages.bp,
    manage_floors.bp,
    manage_closures.bp,
    manage_bookings.bp,
    audit_views.bp,
    mail_views.bp,
)


def register_blueprints(app: Flask) -> None:
    for blp in API_BLUEPRINTS:
        csrf.exempt(blp)  # bearer tokens, no cookies: CSRF does not apply
        api.register_blueprint(blp)
    for bp in PAGE_BLUEPRINTS:
        app.register_blueprint(bp)


def register_features(app: Flask) -> None:
    """Connect what each feature contributes to the ones below it, which do not import it:
    lookups (workspaces for accounts and the audit trail, actors for the trail), signal
    receivers (erasure, closures, booking mails), the worker's jobs (reminders) and sections
    (personal-data export, profile page). Here, at app start, so nothing depends on which
    modules an import happened to load."""
    for feature in (
        accounts_contributions,
        workspaces_contributions,
        bookings_personal_data,
        guest_personal_data,
        favourites,
        calendar_profile,
        budget_personal_data,
        notifications_profile,
        notifications_personal_data,
    ):
        feature.init_app(app)
    closures.connect()
    deactivation.connect()  # a deactivated member's upcoming bookings are cancelled
    # Module-level functions, strongly referenced: connecting again (a second app in one
    # process) connects nothing more, and registering the job again replaces it.
    signals.booking_confirmed.connect(notifications.on_booking_confirmed, weak=False)
    signals.booking_cancelled.connect(notifications.on_booking_cancelled, weak=False)
    signals.booking_released.connect(notifications.on_booking_released, weak=False)
    signals.guests_changed.connect(guest_mail.on_guests_changed, weak=False)
    signals.booking_cancelled.connect(guest_mail.on_booking_cancelled, weak=False)
    worker.jobs.register("reminders", notifications.send_reminders)
    worker.jobs.register("release", release.release_job)
    # The waitlist is served in the freeing's own transaction (a cancellation, a release, a
    # closure lifted, a desk added or back in service), and by the worker each pass for what
    # frees without a signal.
    bookings_waitlist.connect()
    bookings_waitlist.waitlist_booked.connect(waitlist_mail.on_waitlist_booked, weak=False)
    worker.jobs.register("waitlist", bookings_waitlist.run_pass)


def register_errors(app: Flask) -> None:
    handlers.init_app(app)


def register_unit_of_work(app: Flask) -> None:
    unit_of_work.init_app(app)


def register_cli(app: Flask) -> None:
    for command in (users_cli, budget_cli, seed_demo_command, backup_command, restore_command, worker_command):
        app.cli.add_command(command)
