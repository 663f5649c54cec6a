"""Reading the worked examples out of docs/: the tests check the pages' own tables, so the docs
cannot drift from what the app computes."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def marked_table(page: str, marker: str) -> list[dict[str, str]]:
    """The markdown table between ``<!-- MARKER -->`` and ``<!-- /MARKER -->`` in docs/PAGE, one
    dict per row keyed by the header's cells."""
    text = (DOCS / page).read_text(encoding="utf-8")
    block = re.search(rf"<!-- {marker} -->\n(.*?)\n<!-- /{marker} -->", text, re.S)
    assert block, f"docs/{page} has no {marker} table"
    lines = [line.strip().strip("|").split("|") for line in block.group(1).strip().splitlines()]
    header = [c.strip() for c in lines[0]]
    return [dict(zip(header, (c.strip() for c in cells), strict=True)) for cells in lines[2:]]


def number(text: str):
    """A figure as the docs write it: an int, or else a float."""
    return int(text) if re.fullmatch(r"-?\d+", text) else float(text)
