"""gunicorn's side of the logs and of the rate limits (used by gunicorn.conf.py).

``RedactingLogger`` writes gunicorn's access log with every secret that travels in a URL
hidden (``coworking.security.redact``: a feed's ``?token=…``, the last segment of a reset or
verification link), whatever ``access_log_format`` holds — the request line (``%(r)s``), the
path (``%(U)s``), the query (``%(q)s``), the referrer (``%(f)s``). It does not depend on the app
being imported in the worker.

``export_worker_count`` (gunicorn's ``on_starting`` hook) tells the app how many workers gunicorn
really starts (command line included, through ``WEB_CONCURRENCY``, which workers inherit), so it
can warn when those workers would each count rate limits on their own.
"""

from __future__ import annotations

import os

from gunicorn.glogging import Logger

from coworking.security import redact


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}


def export_worker_count(server) -> None:
    """The final worker count (config file, command line, environment) for the app's check
    (``coworking.ops.ratelimits.per_worker_warning``): each worker logs the warning as it loads the app."""
    os.environ["WEB_CONCURRENCY"] = str(int(server.cfg.workers))
