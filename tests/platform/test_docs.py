"""The README refers to nothing outside the repository, and the design the
code follows is in docs/ (architecture.md), linked from the README."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_readme_links_only_files_in_the_repository_and_the_architecture_page():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "../" not in readme and "shared/DESIGN.md" not in readme
    links = re.findall(r"\]\(([^)#]+)\)|src=\"([^\"]+)\"", readme)
    targets = [a or b for a, b in links if not (a or b).startswith(("http://", "https://"))]
    assert "docs/architecture.md" in targets
    for target in targets:
        path = (REPO / target).resolve()
        assert path.is_relative_to(REPO) and path.exists(), target
    for quoted in re.findall(r"`([\w./-]+\.(?:md|py|txt|toml|cfg))`", readme):
        assert (REPO / quoted).exists() or "/" not in quoted, quoted


def test_the_architecture_page_names_modules_that_exist():
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    for heading in (
        "Package layout",
        "Dependencies",
        "Where things live",
        "The unit of work",
        "Time",
        "Booking invariants",
        "Testing",
    ):
        assert heading in page
    for module in re.findall(r"`((?:coworking|tests|bench)/[\w/]+\.py)`", page):
        assert (REPO / module).exists(), module
    for name in ("bookings_desk_no_overlap", "bookings_member_no_overlap", "bookings_at_most_a_day"):
        assert name in page
        assert any(name in p.read_text() for p in (REPO / "migrations" / "versions").glob("*.py")), name
