"""Read side of reports: fetch what a period needs in a fixed number of SQL statements, then
compute the figures with ``reports.figures`` (exactly, in one place for every page, export and
endpoint).

Closed months (the monthly close, see ``budget``) are read from the snapshot of their figures
stored with the close (``closed_months``); only the rest of the period is computed from
bookings. Reopening a month makes it live again.

Statements per call, whatever the number of desks, members or bookings:

- ``workspace_report.report_for``: the snapshots of the workspace's closed months (1), its
  desks (1), its bookings in the live part of the period (1); the members' names and homes (1)
  when the report lists members (the workspace with its opening hours and closures, 3, comes
  from ``access.managed_workspace``);
- ``own_usage.member_usage``: the member's bookings in the period with their desks (1), those
  workspaces with hours and closures (3), their snapshots (1);
- ``cooperative.overview``: every workspace with hours and closures (3), the snapshots (1),
  every desk (1), the bookings of the live parts (1), the members' homes (1);
- ``board.today``: the workspace (3), its desks (1), today's bookings with their members (1).

Each reads narrow rows (columns, not ORM objects) of the period only (``rows``).
"""
