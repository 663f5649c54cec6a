"""Read side of reports: fetch what a period needs, then compute the figures with
``reports.figures`` (exactly, in one place for every page, export and endpoint).

Closed months (the monthly close, see ``budget``) are read from the snapshot of their figures
stored with the close (``closed_months``); only the rest of the period is computed from
bookings. Reopening a month makes it live again.

One module per question:

- ``workspace_report``: one workspace's figures for a period and its members (pages, API,
  exports, the budget);
- ``own_usage``: a member's own usage across the workspaces they booked;
- ``cooperative``: every workspace side by side (admins);
- ``board``: a workspace's today (who is where, what is free).

They read narrow rows (columns, not ORM objects, ``rows``) of the period only, each kind of
row for all workspaces at once, so the number of SQL statements does not grow with the
number of desks, members or bookings (tests/reports/test_api.py checks it).
"""
