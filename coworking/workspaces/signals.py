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


closure_lifted = signals.signal("closure-lifted")
"""Sent by ``workspaces.closures.lift_closure`` with the flushed ``Closure`` as sender (its
dates already cut back to the days that stay closed, or deleted when none do) and the keywords
``workspace`` (its workspace), ``first`` and ``last`` (the local dates that opened again,
inclusive) and ``now``. The waitlist serves those days when the unit of work commits."""

desk_service_changed = signals.signal("desk-service-changed")
"""Sent by ``workspaces.desks.update_desk`` when a desk's service period changed, and by
``workspaces.outages`` when an outage is added (its days ``removed``) or lifted (the days it
frees ``added``), with the
flushed ``Desk`` as sender and the keywords ``actor``, ``now``, ``reason`` (text, may be
empty), ``removed`` (the local dates, as ``(first, last)`` inclusive pairs, from today on
that are no longer in service) and ``added`` (the days from today on newly in service). The
bookings feature cancels the confirmed bookings on removed days and answers a
``ClosureEffect``; the waitlist serves the added days at commit."""
