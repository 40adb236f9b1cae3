"""python manage.py run_import_job JOB_ID [--inherit-settings]: one import job, within limits.

Started by `members.jobs.import_job_run_limited` for each background import; it caps its own
memory and CPU time (IMPORT_MEMORY_LIMIT_MB, IMPORT_TIME_LIMIT_SECONDS) before reading the file.
"""

from __future__ import annotations

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections

from members.jobs import CHILD_SETTINGS, die_with_parent, import_job_run, limit_resources


def _inherit(values: dict) -> None:
    """Take the parent's settings; the database ones in place, where the connections read them."""
    connections.close_all()
    for name, value in values.items():
        if name not in CHILD_SETTINGS:
            continue
        if name == "DATABASES":
            for alias, parent in value.items():
                mine = settings.DATABASES.setdefault(alias, {})
                mine.clear()
                mine.update(parent)
        else:
            setattr(settings, name, value)


class Command(BaseCommand):
    help = "在内存和时间上限内运行一个导入任务（由后台导入自动调用）。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("job_id", type=int)
        parser.add_argument(
            "--inherit-settings",
            action="store_true",
            help="从标准输入读取父进程的数据库、上传目录和导入上限设置（JSON）",
        )

    def handle(self, *args, job_id: int, inherit_settings: bool, **options) -> None:
        # A worker killed mid-import takes this import along (its transaction rolls back).
        die_with_parent()
        if inherit_settings:
            _inherit(json.load(sys.stdin))
        limit_resources(
            memory_mb=settings.IMPORT_MEMORY_LIMIT_MB,
            cpu_seconds=settings.IMPORT_TIME_LIMIT_SECONDS,
        )
        job = import_job_run(job_id)
        self.stdout.write(f"{job.pk}: {job.get_status_display()}")
