"""Downloads of the occupancy series and of usage per member: CSV (UTF-8, ISO dates, dot
decimals) and XLSX (typed cells, a header row, frozen panes). The numbers are the API's (the
same rounding of the same exact figures); the last row is the period's total.

Text a member typed (names) is written so no spreadsheet runs it as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from coworking.reports.figures.results import Bucket, Figures, Totals, Usage
from coworking.rounding import hours, known_hours, ratio

OCCUPANCY_COLUMNS = (
    "row",
    "period_start",
    "period_end",
    "capacity_hours",
    "booked_hours",
    "occupancy",
    "desk_days",
    "peak",
    "peak_desks",
    "used_hours",
    "used_occupancy",
    "no_shows",
    "no_show_rate",
)
USAGE_COLUMNS = (
    "row",
    "member_id",
    "name",
    "email",
    "home_workspace",
    "bookings",
    "desk_hours",
    "desk_days",
    "cancellations",
    "late_cancellations",
    "used_hours",
    "no_shows",
    "no_show_rate",
)
# Spreadsheets treat a cell starting with these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _figures(totals: Totals) -> list:
    return [
        hours(totals.capacity),
        hours(totals.booked),
        ratio(totals.occupancy),
        ratio(totals.desk_days, 2),
        ratio(totals.peak),
        totals.peak_desks,
        known_hours(totals.used),
        ratio(totals.used_occupancy),
    ]


def occupancy_rows(figures: Figures, buckets: Sequence[Bucket]) -> list[list]:
    # No-shows count by the booking's start, for the period only (not per bucket).
    rows = [["period", b.start, b.end, *_figures(b.totals), None, None] for b in buckets]
    rows.append(
        ["total", figures.first, figures.last, *_figures(figures.totals), figures.no_shows, ratio(figures.no_show_rate)]
    )
    return rows


def _usage(usage: Usage) -> list:
    return [
        usage.bookings,
        hours(usage.booked),
        ratio(usage.desk_days, 2),
        usage.cancellations,
        usage.late_cancellations,
        known_hours(usage.used),
        usage.no_shows,
        ratio(usage.no_show_rate),
    ]


def usage_rows(members: Sequence, total: Usage) -> list[list]:
    """``members``: ``queries.MemberRow``s in the order wanted."""
    rows = [
        ["member", m.member.id, m.member.name, m.member.email, m.member.home_slug or "", *_usage(m.usage)]
        for m in members
    ]
    rows.append(["total", None, "", "", "", *_usage(total)])
    return rows


def _safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)  # shortest round-trip form, dot decimal
    if isinstance(value, str):
        return _safe_text(value)
    return str(value)


def to_csv(columns: Sequence[str], rows: Sequence[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return out.getvalue().encode("utf-8")


def write_table(sheet, columns: Sequence[str], rows: Sequence[Sequence], money: frozenset[str] = frozenset()) -> None:
    """A typed table on ``sheet``: bold header in row 1 (frozen), text never read as a formula,
    dates as dates, ``money`` columns with two decimals, readable column widths."""
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for row in sheet.iter_rows(min_row=2):
        for cell, name in zip(row, columns, strict=False):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif name in money and cell.value is not None:
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(name) + 2)


def to_xlsx(columns: Sequence[str], rows: Sequence[Sequence], *, title: str, about: Sequence[tuple[str, str]]) -> bytes:
    """One sheet of data (header in row 1, frozen; numbers and dates typed) and an "About"
    sheet saying what it is (workspace, period, definitions)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    write_table(sheet, columns, rows)
    info = book.create_sheet("About")
    for key, value in about:
        info.append([key, value])
    for row in info.iter_rows():
        for cell in row:
            cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
