"""Workspace administration pages for a workspace's managers (admins: every workspace).

Pages only: each parses its form and calls one use case of the feature that owns the rows
(``workspaces`` for details, hours, policy, desks and closures; ``bookings`` for cancelling,
booking for a member and a closure's preview), the same use cases the JSON API calls, so the
pages and the API validate alike."""
