"""Benchmark runner: gunicorn on 127.0.0.1 driven by ``wrk``, each figure against the floor.

    .venv/bin/python -m bench.run --quick                      # SQLite, 2 and 4 workers, 3 s per scenario
    .venv/bin/python -m bench.run --database-url postgresql://… --workers 2 --workers 4

Makes the data first (``bench.data``) unless a manifest from today for the same size exists
(``--regenerate`` forces it). For each worker count it starts gunicorn through
tests/support/live_server.py's LiveServer (sync workers, RATELIMIT_ENABLED=0, production config), measures
the floor (``GET /healthz``) and every scenario with ``wrk --latency`` in the same run, and prints
requests/s, p50, p99, the ratio of requests/s to the floor's, and the issue's targets with
PASS/FAIL. Reports are timed one request at a time (median of 5). SQL statements per request are
counted in-process (one request each, a ``before_cursor_execute`` listener). Peak RSS is each
worker's VmHWM after the run. Needs ``wrk``: ``make bench`` installs it (bench/ensure-wrk).
Exit status: 0 when the run worked, whatever targets it missed (those print FAIL); 1 when a
scenario got error responses or socket errors; 2 without wrk.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import requests
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench import data  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

READ_P99_FACTOR = 4.0
WRK_THREADS = 2
RSS_LIMIT_MB = 150.0
# scenario: minimum ratio of requests/s to the floor's
RATIO_TARGETS = {
    "availability": 0.35,
    "my_bookings": 0.35,
    "feed_304": 0.8,
    "feed_200": 0.2,
    "create_booking": 0.2,
}
READ_SCENARIOS = ("availability", "my_bookings", "feed_200", "feed_304")
# single-request timings: name → target in ms (None: no target in the issue)
TIMING_TARGETS = {"occupancy_workspace_year": 250.0, "occupancy_cooperative_year": 1000.0, "usage_workspace_year": None}

CREATE_LUA = r"""
-- One free (desk, hour) slot per request, in order; each line: creator-index desk-id start end
local slots = {}
local tokens = {}
local counter = 0
local step = 1
local threads = 0

function setup(thread)            -- main state: give each thread its own index
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  for line in io.lines(args[1]) do
    local i, desk, s, e = line:match("^(%S+) (%S+) (%S+) (%S+)$")
    slots[#slots + 1] = {i = tonumber(i), desk = desk, s = s, e = e}
  end
  local n = 0
  for tok in io.lines(args[2]) do tokens[n] = tok; n = n + 1 end
  step = tonumber(args[3])      -- the number of wrk threads: thread k takes k+1, k+1+step, …
  counter = id + 1 - step
end

function request()
  counter = counter + step
  local slot = slots[counter]
  if slot == nil then slot = slots[1] end
  local body = '{"desk_id": ' .. slot.desk .. ', "start": "' .. slot.s .. '", "end": "' .. slot.e .. '"}'
  return wrk.format("POST", "/api/v1/bookings", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[slot.i],
  }, body)
end
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- wrk ----------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * _UNITS[unit]


def run_wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    headers: dict | None = None,
    script: str | None = None,
    script_args: tuple = (),
) -> dict:
    command = [
        "wrk",
        "--latency",
        "-t",
        str(WRK_THREADS),
        "-c",
        str(connections),
        "-d",
        f"{seconds:g}s",
        "--timeout",
        "10s",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    command.append(url)
    if script_args:
        command += ["--", *map(str, script_args)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "non_2xx_3xx": int(errors.group(1)) if errors else 0,
        "socket_errors": sockets.group(1) if sockets else "",
    }


# --- scenarios ----------------------------------------------------------------------------------


def scenarios(m: dict) -> dict:
    """name → (method, path, headers). Paths are relative to the server."""
    bearer = {"Authorization": f"Bearer {m['tokens']['member']}"}
    admin = {"Authorization": f"Bearer {m['tokens']['admin']}"}
    year = m["year"]
    slug = m["busy_workspace"]
    return {
        "floor": ("GET", "/healthz", {}),
        "availability": ("GET", f"/api/v1/workspaces/{slug}/availability?date={m['busy_day']}", bearer),
        "my_bookings": ("GET", "/api/v1/bookings", bearer),
        "feed_200": ("GET", f"/calendar/member.ics?token={m['feed_token']}", {}),
        "feed_304": ("GET", f"/calendar/member.ics?token={m['feed_token']}", {"If-None-Match": "<etag>"}),
        "occupancy_workspace_year": (
            "GET",
            f"/api/v1/workspaces/{slug}/occupancy?from={year}-01-01&to={year}-12-31&granularity=month",
            admin,
        ),
        "usage_workspace_year": ("GET", f"/api/v1/workspaces/{slug}/usage?from={year}-01-01&to={year}-12-31", admin),
    }


def server_env(m: dict) -> dict:
    return {
        "DATABASE_URL": m["database_url"],
        "COWORKING_ENVIRONMENT": "production",
        "COWORKING_BASE_URL": "http://127.0.0.1",  # production requires it; the bench sends no mail
        "COWORKING_ALLOWED_HOSTS": "localhost",  # the in-process SQL count's test client
        "SECRET_KEY": data.SECRET_KEY,
        "RATELIMIT_ENABLED": "0",
    }


def count_sql(m: dict) -> dict[str, int]:
    """Statements per request, each scenario once, in-process."""
    os.environ.update(server_env(m))
    from sqlalchemy import event

    from coworking import create_app
    from coworking.extensions import db

    app = create_app()
    logging.getLogger("coworking").setLevel(logging.WARNING)  # no access log lines in the report
    counts: dict[str, int] = {}
    statements: list[str] = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    client = app.test_client()
    etag = client.get(scenarios(m)["feed_200"][1]).headers["ETag"]
    try:
        for name, (method, path, headers) in scenarios(m).items():
            headers = {k: (etag if v == "<etag>" else v) for k, v in headers.items()}
            statements.clear()
            response = client.open(path, method=method, headers=headers)
            if response.status_code >= 400:
                raise RuntimeError(f"{name}: {response.status_code} {response.get_data(as_text=True)[:300]}")
            counts[name] = len(statements)
        # cooperative-year: the ten workspaces' occupancy, as the runner times it
        statements.clear()
        for slug in m["workspaces"]:
            client.get(
                f"/api/v1/workspaces/{slug}/occupancy?from={m['year']}-01-01&to={m['year']}-12-31&granularity=month",
                headers={"Authorization": f"Bearer {m['tokens']['admin']}"},
            )
        counts["occupancy_cooperative_year"] = len(statements)
        # creation: the last free slot (wrk takes them from the start)
        i, desk, start, end = m["free_slots"].pop()
        statements.clear()
        response = client.post(
            "/api/v1/bookings",
            json={"desk_id": desk, "start": start, "end": end},
            headers={"Authorization": f"Bearer {m['tokens']['creators'][i]}"},
        )
        if response.status_code != 201:
            raise RuntimeError(f"create_booking: {response.status_code} {response.get_data(as_text=True)[:300]}")
        counts["create_booking"] = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
        with app.app_context():
            db.engine.dispose()
    return counts


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return pids


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def time_once(http: requests.Session, url: str, headers: dict) -> float:
    started = time.perf_counter()
    response = http.get(url, headers=headers, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed


def measure(m: dict, workers: int, seconds: float, tmp: Path) -> dict:
    plan = scenarios(m)
    results: dict = {"workers": workers, "wrk": {}, "timings_ms": {}}
    with LiveServer(env=server_env(m), workers=workers, startup_timeout=120) as server, requests.Session() as http:
        etag = http.get(server.url + plan["feed_200"][1], timeout=60).headers["ETag"]
        connections = 2 * workers
        run_wrk(server.url + "/healthz", seconds=1, connections=connections)  # warm-up, not reported
        for name in ("floor", "availability", "my_bookings", "feed_200", "feed_304"):
            _, path, headers = plan[name]
            headers = {k: (etag if v == "<etag>" else v) for k, v in headers.items()}
            results["wrk"][name] = run_wrk(server.url + path, seconds=seconds, connections=connections, headers=headers)
            log(f"{workers}w {name}: {results['wrk'][name]}")
        # creation: distinct free slots, thread k takes slots k+1, k+1+threads, … (wrk: 2 threads)
        slots_file, tokens_file = tmp / "slots.txt", tmp / "tokens.txt"
        slots_file.write_text("".join(f"{i} {d} {s} {e}\n" for i, d, s, e in m["free_slots"]))
        tokens_file.write_text("".join(t + "\n" for t in m["tokens"]["creators"]))
        script = tmp / "create.lua"
        script.write_text(CREATE_LUA)
        results["wrk"]["create_booking"] = run_wrk(
            server.url,
            seconds=seconds,
            connections=connections,
            script=str(script),
            script_args=(slots_file, tokens_file, WRK_THREADS),
        )
        # the slots used are gone: the next run (another worker count) starts after them
        used = int(results["wrk"]["create_booking"]["rps"] * seconds * 1.2) + 100
        m["free_slots"] = m["free_slots"][used:]
        log(f"{workers}w create_booking: {results['wrk']['create_booking']}")
        # reports: one request at a time, median of 5
        admin = {"Authorization": f"Bearer {m['tokens']['admin']}"}
        for name in ("occupancy_workspace_year", "usage_workspace_year"):
            _, path, headers = plan[name]
            results["timings_ms"][name] = statistics.median(
                time_once(http, server.url + path, headers) for _ in range(5)
            )
        year = m["year"]
        coop = []
        for _ in range(5):
            started = time.perf_counter()
            for slug in m["workspaces"]:
                time_once(
                    http,
                    f"{server.url}/api/v1/workspaces/{slug}/occupancy?from={year}-01-01&to={year}-12-31&granularity=month",
                    admin,
                )
            coop.append((time.perf_counter() - started) * 1000)
        results["timings_ms"]["occupancy_cooperative_year"] = statistics.median(coop)
        results["peak_rss_mb"] = {pid: vm_hwm_mb(pid) for pid in worker_pids(server._proc.pid)}
    return results


# --- report -------------------------------------------------------------------------------------


def real_failures(results: dict) -> list[str]:
    """What makes the run fail (exit 1), as opposed to a missed target (printed FAIL, exit 0):
    a scenario that got error responses (anything but 2xx/3xx) or socket errors (refused
    connections, reads that broke off, timeouts). A crash, or wrk missing, fails on its own."""
    problems = []
    for name, r in results["wrk"].items():
        if r["non_2xx_3xx"]:
            problems.append(f"{results['workers']}w {name}: {r['non_2xx_3xx']} responses not 2xx/3xx")
        if any(int(n) for n in re.findall(r"\d+", r["socket_errors"])):
            problems.append(f"{results['workers']}w {name}: socket errors {r['socket_errors']}")
    return problems


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(m: dict, results: dict, sql: dict) -> list[bool]:
    outcomes: list[bool] = []
    floor = results["wrk"]["floor"]
    print(
        f"\n== {results['workers']} workers · {m['backend']} · {m['bookings']:,} bookings, {m['members']:,} members =="
    )
    print(
        f"{'scenario':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}{'target':>9}  {'':4}"
        f"{'p99/floor':>10}{'SQL/req':>9}  errors"
    )
    for name, r in results["wrk"].items():
        ratio = r["rps"] / floor["rps"] if floor["rps"] else 0.0
        target = RATIO_TARGETS.get(name)
        mark = ""
        if target is not None:
            ok = ratio >= target and r["non_2xx_3xx"] == 0
            outcomes.append(ok)
            mark = verdict(ok)
        p99_factor = r["p99_ms"] / floor["p99_ms"] if floor["p99_ms"] else 0.0
        p99_mark = ""
        if name in READ_SCENARIOS:
            ok = p99_factor <= READ_P99_FACTOR
            outcomes.append(ok)
            p99_mark = f" ≤4 {verdict(ok)}"
        errors = f"{r['non_2xx_3xx']} non-2xx/3xx" if r["non_2xx_3xx"] else ""
        if r["socket_errors"]:
            errors += f" sockets: {r['socket_errors']}"
        print(
            f"{name:<28}{r['rps']:>9.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}{ratio:>8.2f}"
            f"{('≥' + format(target, '.2f')) if target else '':>9}  {mark:<4}{p99_factor:>10.2f}{p99_mark}"
            f"{sql.get(name, 0):>9}  {errors}"
        )
    print(f"\n{'single request (median of 5)':<34}{'ms':>9}{'target':>10}  {'':4}{'SQL/req':>9}")
    for name, ms in results["timings_ms"].items():
        target = TIMING_TARGETS.get(name)
        mark = ""
        if target is not None:
            ok = ms < target
            outcomes.append(ok)
            mark = verdict(ok)
        print(
            f"{name:<34}{ms:>9.1f}{('<' + format(target, '.0f')) if target else 'none':>10}  {mark:<4}"
            f"{sql.get(name, 0):>9}"
        )
    peak = max(results["peak_rss_mb"].values(), default=0.0)
    ok = peak <= RSS_LIMIT_MB
    outcomes.append(ok)
    rss = ", ".join(f"{v:.0f}" for v in results["peak_rss_mb"].values())
    print(f"\nworker peak RSS (VmHWM): {rss} MB; max {peak:.0f} MB (target ≤ {RSS_LIMIT_MB:.0f}) {verdict(ok)}")
    return outcomes


def small_url(url: str, out: Path) -> str:
    """Where the tenth-size data set for the SQL-count check goes: beside a SQLite file, or a
    database named ``<name>_small`` on the same PostgreSQL server (created when missing)."""
    if url.startswith("sqlite"):
        return f"sqlite:///{out / 'bench-small.sqlite'}"
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_small").render_as_string(hide_password=False)


def compare_sql(m: dict, sql: dict, url: str, out: Path) -> bool:
    """SQL statements per request must not depend on the data size: count them again, in this
    run, on a data set with a tenth of the quick set's bookings (made afresh each time: it takes
    seconds, and counting books one of its free slots), and compare."""
    small = small_url(url, out)
    manifest = manifest_for(out, small)
    log(f"making the small data set (SQL-count check) in {small}")
    data.main(["--database-url", small, "--manifest", str(manifest), "--small"])
    s = json.loads(manifest.read_text())
    s["backend"] = m["backend"]
    theirs = count_sql(s)
    same = sql == theirs
    print(
        f"\nSQL statements per request at {m['bookings']:,} and at {s['bookings']:,} bookings "
        f"({m['bookings'] / s['bookings']:.0f}× the data):"
    )
    for name in sql:
        mark = "same" if sql[name] == theirs.get(name) else "DIFFERENT"
        print(f"  {name:<28}{sql[name]:>5}{theirs.get(name, 0):>5}  {mark}")
    print(f"constant in the data size: {verdict(same)}")
    return same


def manifest_for(out: Path, url: str) -> Path:
    """One manifest per database: it describes what that database holds now."""
    return out / f"manifest-{zlib.crc32(url.encode()):08x}.json"


def fresh_manifest(path: Path, *, quick: bool) -> bool:
    """The database holds data of this size, from the current generator version, made today
    (the data ends relative to the day it was made)."""
    old = json.loads(path.read_text()) if path.exists() else {}
    return (old.get("version"), old.get("generated_on"), old.get("quick")) == (
        data.VERSION,
        datetime.now(UTC).date().isoformat(),
        quick,
    )


def save(path: Path, m: dict) -> None:
    path.write_text(json.dumps({k: v for k, v in m.items() if k != "backend"}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: sqlite file under --out")
    parser.add_argument("--quick", action="store_true", help="small data set, 3 s per scenario")
    parser.add_argument("--seconds", type=float, help="wrk duration per scenario (default 10, --quick 3)")
    parser.add_argument("--workers", type=int, action="append", help="gunicorn workers; repeat (default: 2 and 4)")
    parser.add_argument("--regenerate", action="store_true", help="make the data even if a manifest exists")
    parser.add_argument("--out", default=str(REPO_ROOT / "instance" / "bench"), help="data, manifests, results")
    args = parser.parse_args(argv)

    if not shutil.which("wrk"):
        print(
            "wrk is not installed (`make bench` installs it as root). Run: sudo apt-get install -y wrk", file=sys.stderr
        )
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    size = "quick" if args.quick else "full"
    url = args.database_url or f"sqlite:///{out / f'bench-{size}.sqlite'}"
    manifest_path = manifest_for(out, url)
    if args.regenerate or not fresh_manifest(manifest_path, quick=args.quick):
        log(f"making the {size} data set in {url}")
        data.main(["--database-url", url, "--manifest", str(manifest_path), *(["--quick"] if args.quick else [])])
    m = json.loads(manifest_path.read_text())
    m["backend"] = "sqlite" if url.startswith("sqlite") else "postgresql"
    seconds = args.seconds or (3.0 if args.quick else 10.0)

    sql = count_sql(m)
    save(manifest_path, m)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        all_outcomes: list[bool] = []
        failures: list[str] = []
        for workers in args.workers or [2, 4]:
            results = measure(m, workers, seconds, Path(tmp))
            save(manifest_path, m)  # the slots booked are gone for the next run
            all_outcomes += report(m, results, sql)
            failures += real_failures(results)
            stamp = f"{m['backend']}-{size}-{workers}w"
            (out / f"results-{stamp}.json").write_text(json.dumps({"results": results, "sql": sql}, indent=1))
    all_outcomes.append(compare_sql(m, sql, url, out))
    print(f"\n{sum(all_outcomes)} of {len(all_outcomes)} targets met; machine: {os.cpu_count()} CPUs, {date.today()}")
    if failures:
        print("\nRun FAILED (errors, not missed targets):\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    return 0  # missed targets are figures to read (FAIL above), not a broken run


if __name__ == "__main__":
    sys.exit(main())
