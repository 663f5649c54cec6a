"""Faults under load, then the invariants by SQL.

kill-worker: a booking burst (every client books, hot desks) against gunicorn with 4 workers;
a third of the way in, one worker gets ``kill -9``. The master starts a new one; requests that
were inside the killed worker get no answer (the connection drops), every other request gets
its normal answer, and no booking is half-written.

    .venv/bin/python -m bench.reliability.faults --scenario kill-worker --db sqlite
    .venv/bin/python -m bench.reliability.faults --scenario kill-worker --db postgresql

pg-restart (PostgreSQL only): mixed load; a third of the way in the local cluster is stopped
for ``--outage`` seconds and started again (``pg_ctlcluster --skip-systemctl-redirect VERSION
main stop``, then ``start``; ``--outage 0`` uses ``restart``). Requests during the outage must
get 503 problem documents (never 500), and service must resume by itself.

    .venv/bin/python -m bench.reliability.faults --scenario pg-restart --db postgresql --outage 3

Exit status 0 when every check holds. PostgreSQL is started again whatever happens.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import requests

from bench.reliability import common
from tests.support.live_server import LiveServer


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return sorted(int(p) for p in out.split())


def wait_for_workers(master: int, count: int, timeout: float = 30) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = worker_pids(master)
        if len(pids) >= count:
            return pids
        time.sleep(0.2)
    return worker_pids(master)


def probe(base: str, world: common.World) -> int:
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {world.tokens[0]}"
        try:
            return http.get(
                f"{base}/api/v1/workspaces/{world.slug}/availability",
                params={"date": world.days[0].isoformat()},
                timeout=10,
            ).status_code
        except requests.RequestException:
            return 0


def kill_worker(args) -> tuple[dict, dict, dict]:
    with common.scratch_database(args.db) as url:
        world = common.seed(url, members=args.clients)
        with LiveServer(env={"DATABASE_URL": url, "COWORKING_LOG_FORMAT": "text"}, workers=4) as server:
            master = server._proc.pid
            before = worker_pids(master)
            events = {}

            def killer():
                time.sleep(args.seconds / 3)
                victim = worker_pids(master)[0]
                events["killed_pid"] = victim
                events["killed_at"] = time.monotonic()
                os.kill(victim, signal.SIGKILL)

            began = time.monotonic()
            thread = threading.Thread(target=killer, daemon=True)
            thread.start()
            rec = common.run_clients(server.url, world, args.clients, args.seconds, mix="burst")
            wall = time.monotonic() - began
            thread.join()
            after = wait_for_workers(master, 4)
            events.update(
                workers_before=len(before),
                workers_after=len(after),
                killed_worker_replaced=events["killed_pid"] not in after and len(after) == 4,
                probe_after=probe(server.url, world),
                tracebacks_in_server_log=server.log_text().count("Traceback"),
            )
        figures = common.summary(rec, wall)
        checks = common.check_database(url, rec)
    return figures, checks, events


def pg_restart(args) -> tuple[dict, dict, dict]:
    if args.db != "postgresql":
        raise SystemExit("pg-restart needs --db postgresql")
    with common.scratch_database("postgresql") as url:
        world = common.seed(url, members=args.clients)
        with LiveServer(env={"DATABASE_URL": url, "COWORKING_LOG_FORMAT": "text"}, workers=4) as server:
            events = {}

            def outage():
                time.sleep(args.seconds / 3)
                events["down_at"] = time.monotonic()
                try:
                    if args.outage > 0:
                        common.pg_ctl("stop")
                        events["stopped_at"] = time.monotonic()
                        time.sleep(args.outage)
                        common.pg_ctl("start")
                    else:
                        common.pg_ctl("restart")
                finally:
                    common.ensure_postgres_running()
                    events["up_at"] = time.monotonic()

            began = time.monotonic()
            thread = threading.Thread(target=outage, daemon=True)
            thread.start()
            try:
                rec = common.run_clients(server.url, world, args.clients, args.seconds)
            finally:
                thread.join()
                common.ensure_postgres_running()
            wall = time.monotonic() - began
            events["probe_after"] = probe(server.url, world)
            log = server.log_text()
            events["tracebacks_in_server_log"] = log.count("Traceback")
            if args.server_log:
                with open(args.server_log, "w") as out:
                    out.write(log)
        figures = common.summary(rec, wall)
        checks = common.check_database(url, rec)
    down, up = events["down_at"], events["up_at"]
    during = [a for a in rec.answers if down <= a.began + a.seconds and a.began <= up]
    after = [a for a in rec.answers if a.began >= up + 2]
    bad_503 = [a for a in rec.answers if a.status == 503 and a.problem_code != "unavailable"]
    events.update(
        outage_seconds=round(up - down, 2),
        answers_overlapping_outage=dict(sorted(Counter(a.status for a in during).items())),
        answers_503_total=sum(1 for a in rec.answers if a.status == 503),
        answers_503_not_problem=len(bad_503),
        answers_from_2s_after_outage=dict(sorted(Counter(a.status for a in after).items())),
        resumed=bool(after) and all(a.status in {200, 201, 409} for a in after),
    )
    events.pop("down_at"), events.pop("up_at"), events.pop("stopped_at", None)
    return figures, checks, events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", choices=["kill-worker", "pg-restart"], required=True)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--outage", type=float, default=3, help="pg-restart: seconds stopped (0: `restart`)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--server-log", help="pg-restart: write gunicorn's log to this file")
    args = parser.parse_args(argv)

    print(f"machine: {common.machine()}")
    run = kill_worker if args.scenario == "kill-worker" else pg_restart
    try:
        figures, checks, events = run(args)
    finally:
        if args.db == "postgresql":
            common.ensure_postgres_running()
    title = f"faults {args.scenario} on {args.db}: {args.clients} clients x {args.seconds:g} s"
    common.print_figures(title, figures, checks)
    for key, value in events.items():
        print(f"  event {key}: {value}")
    ok = figures["five_hundred"] == 0 and common.invariants_hold(checks) and events.get("probe_after") == 200
    if args.scenario == "kill-worker":
        ok = ok and figures["five_xx"] == 0 and events["killed_worker_replaced"]
    else:
        ok = ok and events["resumed"] and events["answers_503_not_problem"] == 0 and figures["no_answer"] == 0
        ok = ok and all(s in {200, 201, 409, 503} for s in figures["statuses"])
    print("RESULT:", "PASS" if ok else "FAIL", flush=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(
                {"title": title, "figures": figures, "checks": checks, "events": events, "ok": ok},
                out,
                indent=2,
                default=str,
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
