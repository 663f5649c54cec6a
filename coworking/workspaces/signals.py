"""What workspaces announce to the features that build on them.

Workspaces own closures, but a closure also changes other features' data (bookings on those
days are cancelled). Workspaces do not import those features: they send a signal, and each
feature connects its receiver when the app is built (``create_app``), not when a module is
imported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from blinker import Namespace

signals = Namespace()

closure_added = signals.signal("closure-added")
"""Sent by ``workspaces.services.add_closure`` with the new, flushed ``Closure`` as sender and
the keywords ``actor`` (who closed) and ``now``. Each receiver applies the closure to its own
rows and returns a ``ClosureEffect``."""


@dataclass(frozen=True)
class ClosureEffect:
    """A receiver's answer to ``closure_added``.

    ``cancelled_bookings`` is counted in the closure's audit entry and in the API answer.
    ``record`` writes the receiver's own audit entries; it is called after the closure's
    entry, so the trail reads "closure created", then what it caused."""

    cancelled_bookings: int
    record: Callable[[], None]
