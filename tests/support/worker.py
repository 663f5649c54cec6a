"""``flask worker`` as a real process, for the tests that signal, kill or race workers.

    with WorkerProcess(worker_env(database_url, smtp), "--interval", "0.2") as worker:
        worker.wait_until_started()
        ...
        worker.terminate()                # SIGTERM
        assert worker.wait() == 0
        worker.sent()                     # how many messages it logged as sent

The process runs ``python -m flask --app wsgi worker …`` from the repository root with the
testing configuration, its output (JSON log lines on stderr, the ``--once`` summary on stdout)
captured in a temporary file read by ``log_text()``. Leaving the ``with`` block kills it if it
is still running.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
_ONCE_SUMMARY = re.compile(r"^(\d+) sent, (\d+) to retry, (\d+) failed\.$", re.MULTILINE)
_PASS_LINE = re.compile(r"^worker pass: (\d+) sent, ")


def worker_env(database_url: str, smtp=None, **settings: str) -> dict[str, str]:
    """The environment of a worker on ``database_url`` sending to the ``smtp`` server (a
    tests.support.smtp.SmtpServer; its port whether or not it listens); ``settings`` are more
    COWORKING_* values (``MAIL_TIMEOUT_SECONDS="5"``)."""
    env = {
        "COWORKING_ENVIRONMENT": "testing",
        "DATABASE_URL": database_url,
        "RATELIMIT_ENABLED": "0",
        "PYTHONUNBUFFERED": "1",
    }
    if smtp is not None:
        env.update(
            COWORKING_MAIL_BACKEND="smtp",
            COWORKING_MAIL_SERVER=smtp.host,
            COWORKING_MAIL_PORT=str(smtp.port),
        )
    env.update({f"COWORKING_{name}": value for name, value in settings.items()})
    return env


class WorkerProcess:
    def __init__(self, env: Mapping[str, str], *args: str) -> None:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("COWORKING_")}
        self._kept = ""
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker", *args],
            cwd=REPO_ROOT,
            env={**inherited, **env},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def __enter__(self) -> WorkerProcess:
        return self

    def __exit__(self, *_exc) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._kept = self.log_text()
        self._log.close()

    def log_text(self) -> str:
        """Everything it wrote so far (all of it, after the ``with`` block)."""
        if self._log.closed:
            return self._kept
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def messages(self) -> list[str]:
        """The ``message`` of every JSON log line."""
        found = []
        for line in self.log_text().splitlines():
            if line.startswith("{"):
                try:
                    found.append(json.loads(line)["message"])
                except (ValueError, KeyError):
                    continue
        return found

    def wait_until_started(self, timeout: float = 20.0) -> None:
        """Until the loop logged "worker … started" (the app is loaded, the signals handled)."""
        deadline = time.monotonic() + timeout
        while not any(m.startswith("worker ") and " started " in m for m in self.messages()):
            assert self.proc.poll() is None, f"the worker ended ({self.proc.returncode}):\n{self.log_text()}"
            assert time.monotonic() < deadline, f"the worker did not start within {timeout} s:\n{self.log_text()}"
            time.sleep(0.05)

    def terminate(self) -> None:
        self.proc.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)

    def wait(self, timeout: float = 20.0) -> int:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the worker did not end within {timeout} s:\n{self.log_text()}") from None

    def sent(self) -> int:
        """Messages this worker logged as sent: its passes' lines, or the ``--once`` summary."""
        passes = [int(m.group(1)) for m in map(_PASS_LINE.match, self.messages()) if m]
        once = [int(m.group(1)) for m in _ONCE_SUMMARY.finditer(self.log_text())]
        return sum(passes) + sum(once)


def run_once(env: Mapping[str, str], timeout: float = 30.0) -> tuple[int, str]:
    """``flask worker --once``: its exit code and output."""
    with WorkerProcess(env, "--once") as worker:
        code = worker.wait(timeout)
        return code, worker.log_text()
