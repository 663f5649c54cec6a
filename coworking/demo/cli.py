"""`flask seed-demo`: demo workspaces, members and three months of bookings.

Idempotent: the demo is written in one transaction (``coworking.demo.seed``), and a database
that already holds it is left alone. Refused outside development and testing unless told, as
its logins share a published password.
"""

from __future__ import annotations

import time as clock

import click
from flask import current_app
from flask.cli import with_appcontext

from coworking import errors
from coworking.config import DEV_ENVIRONMENTS
from coworking.db import utcnow
from coworking.demo import data
from coworking.demo.data.workspaces import WORKSPACES
from coworking.demo.seed import seed_demo
from coworking.web import unit_of_work


@click.command("seed-demo")
@click.option(
    "--allow-production",
    is_flag=True,
    help="Seed even when ENVIRONMENT is production (the demo logins share a published password).",
)
@with_appcontext
def seed_demo_command(allow_production: bool):
    """Fill the database with demo workspaces, members and bookings (idempotent)."""
    if current_app.config["ENVIRONMENT"] not in DEV_ENVIRONMENTS and not allow_production:
        raise click.ClickException(
            f"Refusing to seed demo data in the {current_app.config['ENVIRONMENT']} environment: its logins "
            "share a published password. Set COWORKING_ENVIRONMENT=development, or pass --allow-production."
        )
    started = clock.perf_counter()
    try:
        summary = unit_of_work.run(seed_demo, utcnow())
    except errors.DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    if summary is None:
        click.echo("Demo data is already present: nothing changed.")
    else:
        click.echo(
            f"Demo data created in {clock.perf_counter() - started:.1f} s: {summary.workspaces} workspaces, "
            f"{summary.desks} desks, {summary.closures} closures, {summary.users} users, "
            f"{summary.bookings} bookings ({summary.cancelled} cancelled)."
        )
    _echo_logins()


def _echo_logins() -> None:
    shown = next(w for w in WORKSPACES if w.slug == data.MANAGER_SHOWN)
    home = next(w for w in WORKSPACES if w.slug == data.MEMBER_HOME)
    click.echo(f"\nDemo logins (password for all: {data.DEMO_PASSWORD}):")
    click.echo(f"  admin    {data.ADMIN_EMAIL}")
    click.echo(f"  manager  {shown.manager_email}  (manages {shown.name}, {shown.city}: {shown.slug})")
    click.echo(f"  member   {data.MEMBER_EMAIL}  (home workspace {home.name}, {home.city}: {home.slug})")
