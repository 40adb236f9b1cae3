"""python manage.py import_members FILE.xlsx [--organisation CODE] [--dry-run]"""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError

from branches.models import Organisation
from members.importer import member_import


class Command(BaseCommand):
    help = "从 Excel 导入党员名册（与网页导入相同的校验）；有错误时不保存任何数据并以非零状态退出。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument(
            "--organisation",
            metavar="CODE",
            help="导入范围的组织代码：党支部则全部导入该支部；党委/党总支则按“支部代码”列分配。"
            "省略时按“支部代码”列在全系统范围内分配。",
        )
        parser.add_argument("--dry-run", action="store_true", help="只校验，不保存")

    def handle(self, *args, file: str, organisation: str | None, dry_run: bool, **options) -> None:
        if not os.path.isfile(file):
            raise CommandError(f"找不到文件：{file}")
        scope = None
        if organisation:
            scope = Organisation.objects.filter(code=organisation).first()
            if scope is None:
                raise CommandError(f"未知的组织代码：{organisation}")

        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"已读取 {done} / {total} 行")

        with open(file, "rb") as handle:
            result = member_import(
                source=handle,
                scope=scope,
                dry_run=dry_run,
                progress=progress,
                file_size=os.path.getsize(file),
            )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"文件未通过校验：{len(result.errors)} 处错误，未保存任何数据。")
        verb = "校验通过（未保存）" if dry_run else "导入完成"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}：共 {result.rows} 行，新增 {result.created} 人，更新 {result.updated} 人"
                f"（其中转入 {result.transferred} 人），未更改 {result.unchanged} 人。"
            )
        )
