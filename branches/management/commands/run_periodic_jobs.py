"""python manage.py run_periodic_jobs: run every periodic job once, now, in this process.

On PostgreSQL the workers schedule them; on SQLite nothing does, so a cron line may call this
once a day (reminders, expired sessions, old import files)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from config import queue


class Command(BaseCommand):
    help = "立即运行一次所有定时任务（SQLite 部署可由 cron 每天调用）。"

    def handle(self, *args, **options) -> None:
        results = queue.run_periodic_now()
        for name, ok in results.items():
            self.stdout.write(f"{name}: {'ok' if ok else 'failed'}")
        if not all(results.values()):
            raise CommandError("有定时任务失败，详见日志。")
