"""python manage.py restore BACKUP [--force]: a backup checked against its manifest, then loaded."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from elections.management.backups import BackupError, restore_from
from elections.selectors.archive import stored_hash_mismatches


class Command(BaseCommand):
    help = (
        "从 backup 命令生成的备份恢复数据库和文件：先核对清单中每个文件的 SHA-256，"
        "目标数据库不是空的时拒绝（除非加 --force），恢复后核对每个封存归档和文书的哈希。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", help="备份目录或 tar 文件")
        parser.add_argument(
            "--force", action="store_true", help="目标数据库已有数据时也恢复（删除其中全部表）"
        )

    def handle(self, *args, backup: str, force: bool, **options) -> None:
        try:
            restored = restore_from(Path(backup), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        checked, bad = stored_hash_mismatches()
        if bad:
            raise CommandError(
                f"已恢复，但 {len(bad)} 个归档或文书与登记的 SHA-256 不符或缺失：\n"
                + "\n".join(bad)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{restored.media} 个文件；"
                f"{checked} 个封存归档和文书与登记的 SHA-256 一致。"
                "代码比备份新时请再运行 python manage.py migrate。"
            )
        )
