"""Figure arithmetic for reports: one definition of each figure (see docs/figures.md).

Pure functions on plain values (no Flask, no database). Everything is exact: durations are
whole seconds (``int``), ratios are ``Fraction``; rounding happens only where a figure leaves
the app (``coworking.rounding.hours``, ``ratio``), so the reconciliations hold exactly:

- Σ per-member desk-seconds = the workspace's booked desk-seconds;
- Σ of a series (days, weeks or months) = the period's total, for capacity, booked and
  desk-days;
- 0 ≤ booked ≤ capacity on every day, desk and heatmap cell (bookings of one desk never
  overlap, and only time inside opening hours on desks in service counts).

Every figure is a sum or a maximum over days, or counts bookings by the day they start, so
the figures of consecutive periods merge exactly: ``snapshots.snapshot`` keeps a closed month's
parts as JSON, ``snapshots.merge`` joins snapshots and computed periods into what
``compute.compute`` gives over the whole.

The modules, in the order they build on each other:

- ``periods``: the dates a report covers (parsing, checks, buckets of a series);
- ``inputs``: what the figures are made from (desks, bookings, each day's opening hours) and
  how an interval is cut into local hours;
- ``results``: what the figures are (totals, days, desks, members, heatmap) and how days sum;
- ``compute``: the figures of one workspace and period from its bookings;
- ``snapshots``: a closed month's figures as JSON, and merging them with computed ones;
- ``heat``: the heatmap's shades (rounding for people and JSON is ``coworking.rounding``).
"""
