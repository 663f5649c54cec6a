"""Mail that is never lost: a transactional outbox and the worker that sends it.

A feature that must mail someone calls ``services.enqueue`` inside its unit of work: the
message is a row of ``outbox_messages`` committed (or rolled back) with the change that caused
it. ``flask worker`` (``worker.py``) sends the due rows, retries failures with back-off for a
day, and runs the periodic jobs the features register (reminders, later releases and
waitlists). Admins see pending and failed messages at /admin/outbox (``views.py``).

Below every feature that mails (accounts and up): it knows nobody's tables. Who may see the
outbox page is the admin role (``user.is_admin``, the attribute accounts.permissions reads)."""
