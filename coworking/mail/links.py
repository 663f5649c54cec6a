"""Absolute links in mails: built from ``BASE_URL``, never from a request."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """The absolute URL of ``endpoint`` under the configured ``BASE_URL``: the one way to put
    a link in a mail. Never built from the request (its ``Host`` is whatever the client sent),
    and usable outside a request (CLI, worker)."""
    base = urlsplit(current_app.config["BASE_URL"])
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
