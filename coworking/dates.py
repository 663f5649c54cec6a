"""The dates the app reasons about, shared by every feature: outside them arithmetic could
overflow (datetime stops at year 9999), and no booking, report or audit event is real."""

from __future__ import annotations

from datetime import date

FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2100, 12, 31)
