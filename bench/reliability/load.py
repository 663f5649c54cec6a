"""Load: N clients for S seconds against gunicorn (4 workers) mixing availability reads (50 %),
bookings (35 %) and cancellations of their own bookings (15 %) on a few hot desks; then check
by SQL: no 5xx, no overlapping confirmed bookings, every 201 present.

    .venv/bin/python -m bench.reliability.load --db sqlite --clients 200 --seconds 60
    .venv/bin/python -m bench.reliability.load --db postgresql --clients 200 --seconds 60

Exit status 0 when every check holds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from bench.reliability import common
from tests.support.live_server import LiveServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)

    print(f"machine: {common.machine()}")
    with common.scratch_database(args.db) as url:
        world = common.seed(url, members=args.clients)
        with LiveServer(env={"DATABASE_URL": url, "COWORKING_LOG_FORMAT": "text"}, workers=args.workers) as server:
            began = time.monotonic()
            rec = common.run_clients(server.url, world, args.clients, args.seconds)
            wall = time.monotonic() - began
            log = server.log_text()
        figures = common.summary(rec, wall)
        checks = common.check_database(url, rec)
    figures["tracebacks_in_server_log"] = log.count("Traceback")
    title = f"load {args.db}: {args.clients} clients x {args.seconds:g} s, {args.workers} gunicorn workers"
    common.print_figures(title, figures, checks)
    ok = figures["five_xx"] == 0 and figures["no_answer"] == 0 and common.invariants_hold(checks)
    print("RESULT:", "PASS" if ok else "FAIL", flush=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"title": title, "figures": figures, "checks": checks, "ok": ok}, out, indent=2, default=str)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
