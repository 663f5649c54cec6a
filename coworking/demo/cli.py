"""`flask seed-demo` (placeholder until the demo generator lands)."""

import click


@click.command("seed-demo")
def seed_demo_command():
    """Fill the database with demo workspaces, members and bookings (idempotent)."""
    raise click.ClickException("not yet")
