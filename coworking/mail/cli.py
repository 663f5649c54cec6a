"""``flask worker [--once]``: send the outbox and run the periodic jobs."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from coworking.mail import worker


@click.command("worker")
@click.option("--once", is_flag=True, help="Do one pass (jobs, then every mail due) and exit 0.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1),
    default=None,
    help="Seconds between passes (default: WORKER_INTERVAL_SECONDS, 5).",
)
@with_appcontext
def worker_command(once: bool, interval: float | None) -> None:
    """Send queued mail and run the periodic jobs (reminders), until SIGTERM or Ctrl-C.

    Run one or more beside the web processes; they never send a message twice at once."""
    app = current_app._get_current_object()
    if once:
        result = worker.run_pass(app, worker.worker_id())
        click.echo(f"{result.sent} sent, {result.retried} to retry, {result.failed} failed.")
        return
    worker.run_forever(app, interval or float(app.config["WORKER_INTERVAL_SECONDS"]))
