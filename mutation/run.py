"""`make mutants`: break each key promise on purpose and check that a test notices.

Each entry of ``mutation/curated.toml`` is one semantic mutation: an exact text substitution
(``before`` → ``after``) in one file, the test files that must catch it and the databases it
concerns. The runner copies the working tree to a scratch directory (never touching the tree
itself), checks that the unmutated copy passes those tests, then for each mutation applies it,
runs the tests, restores the file and reports:

- KILLED    a test failed: the promise is defended;
- SURVIVED  every test passed with the promise broken;
- ERROR     the mutation could not be applied (``before`` found other than exactly once, a
            test file missing, no test collected, pytest crashed): the list has rotted;
- NOT RUN   it concerns PostgreSQL and TEST_DATABASE_URL is not set;
- TIMEOUT   the tests ran longer than ``--timeout`` seconds.

The exit status is 0 only when every mutation was KILLED on every database it names.

PostgreSQL: TEST_DATABASE_URL names a database the tests may wipe (tests/conftest.py drops
and rebuilds its ``public`` schema through the migrations on every run). Mutations run one
after another: they share that database and the machine's cores.

    python -m mutation.run                 # every mutation
    python -m mutation.run --only NAME ... # some of them
    python -m mutation.run --list          # names and promises
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CURATED = Path(__file__).resolve().parent / "curated.toml"
DATABASES = ("sqlite", "postgresql")
# Never copied into the scratch tree: bulky, or state a copy must not share.
SKIP = {".git", ".venv", "mutants", "instance", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "build"}


@dataclass(frozen=True)
class Mutation:
    name: str
    promise: str
    file: str
    before: str
    after: str
    tests: tuple[str, ...]
    databases: tuple[str, ...]


@dataclass
class Outcome:
    mutation: Mutation
    database: str
    verdict: str
    seconds: float = 0.0
    detail: list[str] = field(default_factory=list)


def load(path: Path = CURATED) -> list[Mutation]:
    """The curated list. A malformed entry stops everything (a list that rots must not pass)."""
    data = tomllib.loads(path.read_text("utf-8"))
    out, seen = [], set()
    for i, entry in enumerate(data.get("mutation", []), 1):
        missing = {"name", "promise", "file", "before", "after", "tests", "databases"} - entry.keys()
        if missing:
            raise SystemExit(f"{path.name}: mutation #{i} lacks {', '.join(sorted(missing))}")
        if entry["name"] in seen:
            raise SystemExit(f"{path.name}: two mutations are named {entry['name']!r}")
        seen.add(entry["name"])
        bad = set(entry["databases"]) - set(DATABASES)
        if bad or not entry["databases"]:
            raise SystemExit(f"{path.name}: {entry['name']}: databases must be among {DATABASES}")
        if entry["before"] == entry["after"]:
            raise SystemExit(f"{path.name}: {entry['name']}: before and after are the same")
        out.append(
            Mutation(
                name=entry["name"],
                promise=entry["promise"],
                file=entry["file"],
                before=entry["before"],
                after=entry["after"],
                tests=tuple(entry["tests"]),
                databases=tuple(entry["databases"]),
            )
        )
    return out


def scratch_copy(target: Path) -> Path:
    """A copy of the working tree (with uncommitted changes and compiled catalogs)."""
    dest = target / "tree"
    shutil.copytree(ROOT, dest, ignore=lambda _dir, names: [n for n in names if n in SKIP], symlinks=True)
    return dest


def pytest_env(database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "COWORKING_REQUIRE_POSTGRES")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # a restored file must never be shadowed by a stale .pyc
    if database == "postgresql":
        env["TEST_DATABASE_URL"] = os.environ["TEST_DATABASE_URL"]
        env["COWORKING_REQUIRE_POSTGRES"] = "1"
    return env


def run_tests(tree: Path, tests: tuple[str, ...], database: str, timeout: float) -> tuple[str, float, list[str]]:
    """Run ``tests`` in ``tree`` on one database: (pytest's verdict, seconds, failed tests)."""
    command = [sys.executable, "-m", "pytest", *tests, "-q", "-x", "-p", "no:cacheprovider", "-p", "no:randomly"]
    if database == "postgresql":
        command += ["-k", "postgresql"]  # the SQLite half already ran, without TEST_DATABASE_URL
    started = time.monotonic()
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter running pytest
            command, cwd=tree, env=pytest_env(database), capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started, []
    seconds = time.monotonic() - started
    lines = (done.stdout + done.stderr).splitlines()
    failed = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
    verdict = {0: "passed", 1: "failed"}.get(done.returncode, "error")
    if verdict == "error":
        failed = failed or lines[-15:]
    elif verdict == "passed":
        failed = lines[-1:]  # pytest's summary: how many tests ran
    return verdict, seconds, failed


def apply(tree: Path, mutation: Mutation) -> str | None:
    """Apply the mutation in ``tree``; the original text, or None with the reason printed."""
    path = tree / mutation.file
    if not path.is_file():
        return None
    original = path.read_text("utf-8")
    if original.count(mutation.before) != 1:
        return None
    path.write_text(original.replace(mutation.before, mutation.after), "utf-8")
    return original


def why_not_applicable(tree: Path, mutation: Mutation) -> str:
    path = tree / mutation.file
    if not path.is_file():
        return f"{mutation.file} does not exist"
    count = path.read_text("utf-8").count(mutation.before)
    return f"`before` found {count} times in {mutation.file} (must be exactly once)"


def check(tree: Path, mutation: Mutation, databases: list[str], timeout: float) -> list[Outcome]:
    missing = [t for t in mutation.tests if not (tree / t.split("::")[0]).is_file()]
    if missing:
        return [Outcome(mutation, db, "ERROR", detail=[f"no test file {', '.join(missing)}"]) for db in databases]
    original = apply(tree, mutation)
    if original is None:
        return [Outcome(mutation, db, "ERROR", detail=[why_not_applicable(tree, mutation)]) for db in databases]
    outcomes = []
    try:
        for database in databases:
            verdict, seconds, failed = run_tests(tree, mutation.tests, database, timeout)
            label = {"failed": "KILLED", "passed": "SURVIVED", "timeout": "TIMEOUT"}.get(verdict, "ERROR")
            outcomes.append(Outcome(mutation, database, label, seconds, failed[:3]))
    finally:
        (tree / mutation.file).write_text(original, "utf-8")
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--curated", type=Path, default=CURATED, help="the list (default mutation/curated.toml)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run only these mutations")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument("--check", action="store_true", help="only check that each mutation applies (no tests)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per test run (default 900)")
    parser.add_argument("--no-baseline", action="store_true", help="skip checking that the unmutated tree passes")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory and print its path")
    args = parser.parse_args(argv)

    mutations = load(args.curated)
    if args.only:
        unknown = set(args.only) - {m.name for m in mutations}
        if unknown:
            parser.error(f"unknown mutation(s): {', '.join(sorted(unknown))}")
        mutations = [m for m in mutations if m.name in args.only]
    if args.list:
        for m in mutations:
            print(f"{m.name:44} [{'+'.join(m.databases)}] {m.promise}")
        return 0

    if args.check:
        problems = [
            f"ERROR     {m.name}: {why_not_applicable(ROOT, m)}"
            for m in mutations
            if not (ROOT / m.file).is_file() or (ROOT / m.file).read_text("utf-8").count(m.before) != 1
        ]
        problems += [
            f"ERROR     {m.name}: no test file {t}"
            for m in mutations
            for t in m.tests
            if not (ROOT / t.split("::")[0]).is_file()
        ]
        print("\n".join(problems) or f"all {len(mutations)} mutations apply")
        return 1 if problems else 0

    have_postgres = bool(os.environ.get("TEST_DATABASE_URL"))
    print(f"{len(mutations)} mutations; databases: sqlite{' + postgresql' if have_postgres else ' only'}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="coworking-mutants-"))
    outcomes: list[Outcome] = []
    try:
        tree = scratch_copy(workdir)
        if not args.no_baseline:
            for database in [d for d in DATABASES if d == "sqlite" or have_postgres]:
                tests = tuple(sorted({t for m in mutations if database in m.databases for t in m.tests}))
                if not tests:
                    continue
                verdict, seconds, failed = run_tests(tree, tests, database, args.timeout * 3)
                summary = failed[0].strip("= ") if verdict == "passed" and failed else verdict
                print(f"baseline {database}: {summary} ({len(tests)} test files, {seconds:.0f} s)", flush=True)
                if verdict != "passed":
                    print("\n".join("    " + line for line in failed))
                    print("The unmutated tree must pass the curated tests; fix that first.")
                    return 2
        for mutation in mutations:
            runnable = [d for d in mutation.databases if d == "sqlite" or have_postgres]
            results = check(tree, mutation, runnable, args.timeout) if runnable else []
            results += [
                Outcome(mutation, d, "NOT RUN", detail=["TEST_DATABASE_URL is not set"])
                for d in mutation.databases
                if d not in runnable
            ]
            for o in results:
                print(f"{o.verdict:9} {o.database:10} {mutation.name:44} {o.seconds:6.0f} s  {mutation.promise}")
                for line in o.detail if o.verdict not in ("KILLED", "SURVIVED") else o.detail[:1]:
                    print(f"{'':21}{line}")
            sys.stdout.flush()
            outcomes += results
    finally:
        if args.keep:
            print(f"scratch tree kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.verdict] = counts.get(o.verdict, 0) + 1
    print("\n" + ", ".join(f"{n} {v.lower()}" for v, n in sorted(counts.items())) + f" ({len(outcomes)} runs)")
    bad = [o for o in outcomes if o.verdict != "KILLED"]
    for o in bad:
        print(f"  {o.verdict}: {o.mutation.name} on {o.database}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
