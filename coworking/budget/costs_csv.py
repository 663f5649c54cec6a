"""Reading the accounting export of actual costs: CSV text in, the amounts to store out, or a
``ValidationFailed`` that lists every problem with its line number.

Pure: no database, no Flask. What the database knows (which months are closed) comes in as an
argument, so one refusal lists the closed months beside the other problems, in line order.

The file has the header ``month,category,amount`` (in any order, any case) and optionally
``workspace``, which must then name the workspace the file is imported into. Commas,
semicolons or tabs separate the cells; amounts of rows with the same month and category are
added up. Any problem refuses the whole file."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from coworking import errors
from coworking.budget import rules

CSV_COLUMNS = ("month", "category", "amount")
MAX_IMPORT_ROWS = 10_000


@dataclass(frozen=True)
class CostsFile:
    rows: int  # rows with content (blank lines are skipped)
    amounts: dict[tuple[int, int, str], Decimal]  # (year, month, category) → the rows' sum


def category(text: str) -> str | None:
    """The cost category a cell names ("Rent", "service-charges", "Service charges"), or None."""
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    return key if key in rules.COST_CATEGORIES else None


def parse_costs(text: str, workspace_slug: str, closed: Collection[tuple[int, int]] = ()) -> CostsFile:
    """The amounts of ``text`` by (year, month, category), for the workspace ``workspace_slug``
    whose closed months are ``closed`` ((year, month) pairs: a row for one of them is refused,
    with ``reason`` ``month_closed``).

    Refusals are ``ValidationFailed`` with ``field="file"`` and ``errors``: one ``{"line",
    "message"}`` per problem, the first of them in the detail."""
    problems: list[dict] = []
    sample = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline=None: universal newlines, so old Mac (CR-only) exports read line by line.
    reader = csv.reader(io.StringIO(sample, newline=None), dialect)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in CSV_COLUMNS if c not in header]
        if missing:
            raise errors.ValidationFailed(
                f"Line 1: the header must name the columns {', '.join(CSV_COLUMNS)} (missing: {', '.join(missing)}).",
                field="file",
                errors=[{"line": 1, "message": f"missing columns: {', '.join(missing)}"}],
            )
        index = {name: header.index(name) for name in (*CSV_COLUMNS, "workspace") if name in header}
        sums: dict[tuple[int, int, str], Decimal] = defaultdict(lambda: Decimal("0.00"))
        rows = 0
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            rows += 1
            if rows > MAX_IMPORT_ROWS:
                problems.append({"line": number, "message": f"more than {MAX_IMPORT_ROWS} rows"})
                break
            if len(cells) < len(header):
                problems.append({"line": number, "message": f"expected {len(header)} columns, found {len(cells)}"})
                continue
            try:
                year, month, cost_category, amount = _row(cells, index, workspace_slug)
            except errors.DomainError as exc:
                problems.append({"line": number, "message": exc.detail})
                continue
            if (year, month) in closed:
                key = rules.month_key(year, month)
                problems.append(
                    {
                        "line": number,
                        "message": f"{key} is closed: reopen it, import the file, then close it again",
                        "reason": "month_closed",
                        "month": key,
                    }
                )
                continue
            sums[(year, month, cost_category)] += amount
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise errors.ValidationFailed(
            f"Line {reader.line_num}: the file cannot be read as CSV ({exc}).",
            field="file",
            errors=[{"line": reader.line_num, "message": str(exc)}],
        ) from None

    if not rows and not problems:
        problems.append({"line": 2, "message": "the file has no rows"})
    if problems:
        first = problems[0]
        raise errors.ValidationFailed(
            f"Nothing was imported. Line {first['line']}: {first['message']}"
            + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
            field="file",
            errors=problems,
        )
    return CostsFile(rows, dict(sums))


def _row(cells: list[str], index: dict[str, int], workspace_slug: str) -> tuple[int, int, str, Decimal]:
    """One row's (year, month, category, amount); ``DomainError`` names what is wrong with it."""
    named = cells[index["workspace"]].strip() if "workspace" in index else ""
    if named not in ("", workspace_slug):
        raise errors.ValidationFailed(f"workspace {named!r} is not {workspace_slug}")
    year, month = rules.parse_month(cells[index["month"]].strip())
    cost_category = category(cells[index["category"]])
    if cost_category is None:
        raise errors.ValidationFailed(
            f"unknown category {cells[index['category']].strip()!r} (one of {', '.join(rules.COST_CATEGORIES)})"
        )
    amount = rules.parse_money(cells[index["amount"]], "amount")
    return year, month, cost_category, amount
