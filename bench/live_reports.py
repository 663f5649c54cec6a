"""Report timings with no month closed: the live path, for comparison with the runner's figures
(where the data generator has closed every finished month, as the cooperative does).

    .venv/bin/python -m bench.live_reports [--quick]

Works on a copy of the runner's SQLite data set (``instance/bench/bench-<size>.sqlite``, made
by ``make bench`` first), clears every month's report snapshot in the copy, and times
``GET /api/v1/workspaces/<slug>/occupancy`` for the bench year in-process (Flask test client,
median of 5): one workspace, then the ten one after the other. The copy is deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from bench import run  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default=str(REPO_ROOT / "instance" / "bench"))
    args = parser.parse_args(argv)
    size = "quick" if args.quick else "full"
    out = Path(args.out)
    source = out / f"bench-{size}.sqlite"
    manifest = run.manifest_for(out, f"sqlite:///{source}")
    if not manifest.exists():
        print(f"no {size} data set: run make bench{'' if args.quick else ' BENCH_ARGS='} first", file=sys.stderr)
        return 2
    m = json.loads(manifest.read_text())
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        copy = Path(tmp) / "live.sqlite"
        with sqlite3.connect(source) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        with sqlite3.connect(copy) as conn:
            cleared = conn.execute("UPDATE month_closes SET report_snapshot = NULL").rowcount
        m["database_url"] = f"sqlite:///{copy}"
        os.environ.update(run.server_env(m))
        from coworking import create_app

        app = create_app()
        logging.getLogger("coworking").setLevel(logging.WARNING)
        client = app.test_client()
        admin = {"Authorization": f"Bearer {m['tokens']['admin']}"}
        year = m["year"]

        def occupancy(slug: str) -> None:
            url = f"/api/v1/workspaces/{slug}/occupancy?from={year}-01-01&to={year}-12-31&granularity=month"
            response = client.get(url, headers=admin)
            assert response.status_code == 200, response.get_data(as_text=True)[:300]

        def timed(work) -> float:
            started = time.perf_counter()
            work()
            return (time.perf_counter() - started) * 1000

        occupancy(m["busy_workspace"])  # warm-up
        one = statistics.median(timed(lambda: occupancy(m["busy_workspace"])) for _ in range(5))
        coop = statistics.median(timed(lambda: [occupancy(s) for s in m["workspaces"]]) for _ in range(5))
    print(f"live reports ({m['bookings']:,} bookings, {cleared} month snapshots cleared in a copy), median of 5:")
    print(f"  occupancy_workspace_year     {one:9.1f} ms   (target < 250)")
    print(f"  occupancy_cooperative_year   {coop:9.1f} ms   (target < 1000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
