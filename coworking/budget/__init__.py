"""Budget lines per workspace and year, fed by the monthly close of occupancy figures.

See docs/budget.md for the definitions and a worked example."""
