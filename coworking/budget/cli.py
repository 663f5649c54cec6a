"""`flask budget close-month YYYY-MM`: close a finished month for every workspace."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from coworking import errors
from coworking.budget import close as budget_close
from coworking.db import utcnow
from coworking.web import unit_of_work

budget_cli = AppGroup("budget", help="Budget lines: monthly close.")


@budget_cli.command("close-month")
@click.argument("month")
def close_month(month):
    """Close MONTH (YYYY-MM) for every workspace: freeze its occupancy figures and income.

    Refused for the current or a future month (in any workspace's local time) and for a
    month every workspace has already closed."""
    try:
        closes = unit_of_work.run(budget_close.close_month, None, month, utcnow())
    except errors.DomainError as exc:
        raise click.ClickException(f"{exc.code}: {exc.detail}") from None
    for close in closes:
        click.echo(
            f"{close.workspace.slug}: closed {month} — {close.booked_seconds / 3600:.2f} of "
            f"{close.capacity_seconds / 3600:.2f} desk-hours, {close.desk_days} desk-days, "
            f"income {close.income} {close.currency}"
        )
    click.echo(f"{len(closes)} workspace(s) closed for {month}.")
