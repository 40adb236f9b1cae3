"""python manage.py run_worker [--concurrency N]: the job worker (PostgreSQL, JOBS_BACKEND=queue).

Runs the background jobs (imports, mail, reminders, clean-ups) and defers the periodic ones.
At start it retries the jobs of workers that stopped beating (config.queue.retry_stalled_jobs).
SIGTERM or SIGINT stop it after the running jobs finish.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config import queue


class Command(BaseCommand):
    help = "运行后台任务处理进程（需要 PostgreSQL）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--concurrency", type=int, default=2, help="同时运行的任务数")
        parser.add_argument("--queue", action="append", dest="queues", help="只处理这些队列")

    def handle(self, *args, concurrency: int, queues: list[str] | None, **options) -> None:
        if settings.JOBS_BACKEND != queue.QUEUE:
            raise CommandError(
                "后台任务队列需要 PostgreSQL（JOBS_BACKEND=queue）；"
                "使用 SQLite 时任务在网站进程中运行，无需此进程。"
            )
        queue.run_worker(concurrency=concurrency, queues=queues)
