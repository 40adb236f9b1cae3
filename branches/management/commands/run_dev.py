"""python manage.py run_dev [ADDRPORT]: `make run`'s one command — the development server and,
when jobs go to the queue (PostgreSQL), one job worker beside it, stopped with it.

On SQLite the jobs run in the server's own process (config/queue.py), so no worker is started.
"""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from config import queue


def worker_command() -> list[str] | None:
    """The worker to start beside the server, or None when jobs do not use the queue."""
    if settings.JOBS_BACKEND != queue.QUEUE:
        return None
    return [
        sys.executable,
        str(settings.BASE_DIR / "manage.py"),
        "run_worker",
        "--concurrency",
        "1",
    ]


class Command(BaseCommand):
    help = "启动开发服务器；使用 PostgreSQL 时同时启动一个后台任务进程。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options) -> None:
        command = worker_command()
        # runserver's autoreloader runs this command again in a child (RUN_MAIN=true): the
        # worker is started once, by the outer process.
        worker = None
        if command and os.environ.get("RUN_MAIN") != "true":
            self.stdout.write("Starting a job worker: " + " ".join(command[1:]))
            worker = subprocess.Popen(command)  # noqa: S603 - this interpreter, fixed arguments
        try:
            call_command("runserver", addrport)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=60)
