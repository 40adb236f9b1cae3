"""python manage.py backup [TARGET]: the database, the stored files and a SHA-256 manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from elections.management.backups import BackupError, backup_to


class Command(BaseCommand):
    help = (
        "备份数据库（PostgreSQL 用 pg_dump 自定义格式，SQLite 用在线备份）和全部上传、归档文件，"
        "附带每个文件的 SHA-256 清单。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "target",
            nargs="?",
            help="新建的备份目录，或以 .tar / .tar.gz 结尾的文件；"
            "省略时为 backups/huanjie-年月日-时分秒",
        )

    def handle(self, *args, target: str | None, **options) -> None:
        if target is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            target = str(Path("backups", f"huanjie-{stamp}"))
        path = Path(target)
        try:
            manifest = backup_to(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            self.style.SUCCESS(f"备份完成：{path}（数据库 {manifest['engine']}，文件 {media} 个）")
        )
