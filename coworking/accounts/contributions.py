"""What accounts tells the audit trail below it: the label of an actor (their current email).
Connected at app start by ``create_app``."""

from __future__ import annotations

from coworking.accounts.queries import actor_emails
from coworking.audit import labels


def init_app(_app) -> None:
    labels.provide_actors(actor_emails)
