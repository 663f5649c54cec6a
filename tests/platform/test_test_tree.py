"""The test tree keeps its shape: every test module is in a feature's folder (a package);
shared helpers are imported from tests/support/, never from a test module or a conftest (pytest
loads those itself; importing one runs it twice and couples two files that look independent);
and the tables emptied after each test are every table the migrations make."""

from __future__ import annotations

import ast
from pathlib import Path

import sqlalchemy as sa

from tests.support.clock import MONDAY
from tests.support.database import tables_to_empty

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent


def imported_modules(path: Path, root: Path = REPO) -> list[tuple[int, str]]:
    """(line, dotted name) of every module ``path`` imports, ``from a import b`` counted as both
    ``a`` and ``a.b`` (b may be a module); relative imports resolved from ``path``'s package
    (``root`` is the folder dotted names start from)."""
    package = path.relative_to(root).parent.parts
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def is_test_module(dotted: str) -> bool:
    last = dotted.rsplit(".", 1)[-1]
    return dotted.startswith("tests.") and (last.startswith("test_") or last == "conftest")


def test_no_module_imports_a_test_module_or_a_conftest():
    sources = sorted(p for folder in ("tests", "bench", "docs", "mutation") for p in (REPO / folder).rglob("*.py"))
    sources = [p for p in sources if "vendor" not in p.parts]
    assert len(sources) > 50, "the walk found too few files to mean anything"
    offenders = [
        f"{path.relative_to(REPO)}:{line} imports {name}"
        for path in sources
        for line, name in imported_modules(path)
        if is_test_module(name)
    ]
    assert not offenders, "move what is shared to tests/support/:\n" + "\n".join(offenders)


def test_the_walk_sees_every_form_of_a_forbidden_import(tmp_path):
    bad = tmp_path / "tests" / "calendar" / "test_bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "from tests.bookings.test_rules import x\n"
        "import tests.conftest\n"
        "from tests.calendar import test_feeds\n"
        "from .test_etag import y\n"
        "from .. import conftest\n"
        "from tests.support.http import log_in\n"
    )
    names = [name for _line, name in imported_modules(bad, tmp_path) if is_test_module(name)]
    assert names == [
        "tests.bookings.test_rules",
        "tests.conftest",
        "tests.calendar.test_feeds",
        "tests.calendar.test_etag",
        "tests.conftest",
    ]


def test_every_test_folder_is_a_package_and_every_test_is_in_one():
    for folder in [TESTS, *(p for p in TESTS.iterdir() if p.is_dir() and p.name not in {"vendor", "clients"})]:
        if folder.name == "__pycache__":
            continue
        assert (folder / "__init__.py").exists(), f"{folder.relative_to(REPO)} needs an __init__.py"
    support = TESTS / "support"
    assert not list(support.glob("test_*.py")), "tests/support/ holds helpers, not tests"
    loose = sorted(p.name for p in TESTS.glob("test_*.py"))
    assert not loose, f"put these in the folder of the feature they test (tests/<feature>/): {loose}"


def test_monday_constant_is_a_monday():
    assert MONDAY.weekday() == 0


def test_every_table_the_migrations_make_is_emptied_after_each_test(db):
    made = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert made == set(tables_to_empty())
