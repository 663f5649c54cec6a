"""A real gunicorn serving ``wsgi:app`` for tests that need a live server (concurrency tests,
browser tests).

    with LiveServer(env={"DATABASE_URL": url}) as server:
        requests.get(server.url + "/api/v1/openapi.json")

The listening socket is bound here (127.0.0.1, a free port chosen by the kernel) and handed to
gunicorn as ``fd://N``, so no other process can take the port between choosing and binding it.
``start()`` returns once every worker has loaded the app (a ``post_worker_init`` hook writes a
line to the log) and the server answers HTTP. ``stop()`` always ends the master and its workers
(TERM, then KILL to the process group it leads) and closes every file; the captured log
(gunicorn's stderr and stdout) is kept in ``log_text()`` and printed by ``log_on_failure()``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
READY_MARKER = "live-server: worker ready"

# Written to a temporary config file: gunicorn runs this hook in each worker after the app is
# imported, so "every worker logged it" means "every worker can serve".
_GUNICORN_CONFIG = f"""
def post_worker_init(worker):
    worker.log.info("{READY_MARKER} pid=%s", worker.pid)
"""


class LiveServerError(RuntimeError):
    pass


class LiveServer:
    def __init__(
        self,
        *,
        env: Mapping[str, str],
        app: str = "wsgi:app",
        workers: int = 4,
        worker_class: str = "sync",
        threads: int = 1,
        timeout: float = 30.0,
        startup_timeout: float = 30.0,
        extra_args: tuple[str, ...] = (),
        cwd: Path = REPO_ROOT,
    ) -> None:
        self.env = {
            **os.environ,
            "COWORKING_ENVIRONMENT": "testing",
            "RATELIMIT_ENABLED": "0",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.app = app
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.timeout = timeout
        self.startup_timeout = startup_timeout
        self.extra_args = tuple(extra_args)
        self.cwd = Path(cwd)
        self.url = ""
        self.port = 0
        self._proc: subprocess.Popen | None = None
        self._tmpdir: tempfile.TemporaryDirectory | None = None
        self._log_path: Path | None = None
        self._log_file = None
        self._saved_log = ""

    # --- lifecycle --------------------------------------------------------------------

    def __enter__(self) -> LiveServer:
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    def start(self) -> None:
        if self._proc is not None:
            raise LiveServerError("already started")
        self._tmpdir = tempfile.TemporaryDirectory(prefix="live-server-")
        tmp = Path(self._tmpdir.name)
        config = tmp / "gunicorn_conf.py"
        config.write_text(_GUNICORN_CONFIG)
        self._log_path = tmp / "gunicorn.log"
        self._log_file = open(self._log_path, "wb")  # noqa: SIM115 (closed in stop())

        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", 0))
            self.port = listener.getsockname()[1]
            self.url = f"http://127.0.0.1:{self.port}"
            command = [
                str(GUNICORN),
                "--config",
                str(config),
                "--bind",
                f"fd://{listener.fileno()}",
                "--workers",
                str(self.workers),
                "--worker-class",
                self.worker_class,
                "--threads",
                str(self.threads),
                "--timeout",
                str(int(self.timeout)),
                "--graceful-timeout",
                "5",
                "--log-level",
                "info",
                *self.extra_args,
                self.app,
            ]
            try:
                self._proc = subprocess.Popen(
                    command,
                    cwd=self.cwd,
                    env=self.env,
                    stdin=subprocess.DEVNULL,
                    stdout=self._log_file,
                    stderr=subprocess.STDOUT,
                    pass_fds=(listener.fileno(),),
                    start_new_session=True,  # its own process group: stop() can reach every worker
                )
            except BaseException:
                self.stop()
                raise
        finally:
            listener.close()  # gunicorn holds its own copy
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        answered = False
        with requests.Session() as http:
            while time.monotonic() < deadline:
                if self._proc.poll() is not None:
                    raise LiveServerError(
                        f"gunicorn exited with status {self._proc.returncode} while starting:\n{self.log_text()}"
                    )
                if not answered:
                    with contextlib.suppress(requests.RequestException):
                        answered = http.get(self.url + "/api/v1/openapi.json", timeout=2).status_code == 200
                if answered and self.log_text().count(READY_MARKER) >= self.workers:
                    return
                time.sleep(0.05)
        raise LiveServerError(f"gunicorn did not become ready in {self.startup_timeout} s:\n{self.log_text()}")

    def stop(self) -> None:
        """End the master and its workers, whatever state they are in. Safe to call twice."""
        proc, self._proc = self._proc, None
        if proc is not None:
            try:
                if proc.poll() is None:
                    # Graceful: the master stops its workers (killing any that outlive
                    # --graceful-timeout) and reaps them before it exits.
                    proc.send_signal(signal.SIGTERM)
                    try:
                        proc.wait(timeout=15)
                    except subprocess.TimeoutExpired:
                        # Master stuck (not reaped yet, so its pid still names its group):
                        # kill the whole group it leads, workers included.
                        with contextlib.suppress(ProcessLookupError):
                            os.killpg(proc.pid, signal.SIGKILL)
                        proc.wait(timeout=10)
            finally:
                for stream in (proc.stdin, proc.stdout, proc.stderr):
                    if stream is not None:
                        stream.close()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None
        if self._log_path is not None:
            self._saved_log = self._read_log()
            self._log_path = None
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
            self._tmpdir = None

    # --- diagnostics ------------------------------------------------------------------

    def _read_log(self) -> str:
        if self._log_path is None or not self._log_path.exists():
            return self._saved_log
        return self._log_path.read_bytes().decode("utf-8", "replace")

    def log_text(self) -> str:
        """Everything gunicorn (and the app) wrote so far, while running or after stop()."""
        return self._read_log()

    def log_size(self) -> int:
        return len(self.log_text())

    @contextlib.contextmanager
    def log_on_failure(self, since: int = 0) -> Iterator[None]:
        """Print the server's log (from offset ``since``) if the block raises; pytest shows it
        with the failure."""
        try:
            yield
        except BaseException:
            print(f"----- gunicorn log ({self.url}) -----\n{self.log_text()[since:]}\n-----", flush=True)
            raise
