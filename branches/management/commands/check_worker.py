"""python manage.py check_worker: exit 0 when a job worker has beaten recently (the compose
healthcheck of the worker service), 1 otherwise."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config import queue


class Command(BaseCommand):
    help = "检查后台任务进程是否在运行（最近有心跳）。"
    requires_system_checks: list[str] = []

    def handle(self, *args, **options) -> None:
        if settings.JOBS_BACKEND != queue.QUEUE:
            raise CommandError("未使用后台任务队列（JOBS_BACKEND 不是 queue）。")
        live = queue.live_workers()
        if not live:
            raise CommandError(
                f"{settings.JOBS_STALLED_AFTER_SECONDS} 秒内没有后台任务进程的心跳。"
            )
        self.stdout.write(f"{live} worker(s) alive")
