"""A real job worker for the PostgreSQL job tests: `manage.py run_worker` in a child process,
on the test database (the tests use transaction=True, so the worker sees what they commit)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
#: Short beats and a short silence before a worker counts as dead, so the tests wait seconds.
HEARTBEAT, STALLED_AFTER = 1, 3


def database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    if db["PASSWORD"]:
        user += ":" + quote(db["PASSWORD"])
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition: Callable[[], object], *, timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def empty_queue() -> None:
    """The queue's tables are not Django's to flush between tests."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, "
            "procrastinate_workers CASCADE"
        )


def sql(query: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


class Workers:
    def __init__(self, folder: Path, **environment: str) -> None:
        self.folder = folder
        self.environment = {
            **os.environ,
            "DEBUG": "true",
            "LOG_FORMAT": "text",
            "DATABASE_URL": database_url(),
            "JOBS_BACKEND": "queue",
            "JOBS_HEARTBEAT_SECONDS": str(HEARTBEAT),
            "JOBS_STALLED_AFTER_SECONDS": str(STALLED_AFTER),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **environment,
        }
        self.started: list[subprocess.Popen] = []
        self.logs: list = []

    def start(self) -> subprocess.Popen:
        """Start a worker and wait for its first heartbeat."""
        before = {row[0] for row in sql("SELECT id FROM procrastinate_workers")}
        log = (self.folder / f"worker-{len(self.started)}.log").open("wb")
        self.logs.append(log)
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--concurrency", "1"],
            cwd=ROOT,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.started.append(process)

        def registered() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"the worker exited: {self.log()}")
            return bool({row[0] for row in sql("SELECT id FROM procrastinate_workers")} - before)

        wait_for(registered, timeout=60, what="the worker's first heartbeat")
        return process

    def log(self) -> str:
        return "\n".join(
            path.read_text(errors="replace") for path in sorted(self.folder.glob("worker-*.log"))
        )

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self.logs:
            log.close()
