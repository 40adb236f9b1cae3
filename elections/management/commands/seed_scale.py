"""python manage.py seed_scale --organisations 100000 --members 3000000 [--renewals 20000]

A province-sized synthetic installation for measuring (elections/scale.py): meant for a throw-away
PostgreSQL database. Idempotent: a second run finds the tree and changes nothing.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from elections.scale import ACCOUNTS, PASSWORD, seed_scale


class Command(BaseCommand):
    help = "生成省级规模的测试数据（组织、党员、届、换届、集中换届），用于性能测试。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--organisations", type=int, default=100_000)
        parser.add_argument("--members", type=int, default=3_000_000)
        parser.add_argument("--renewals", type=int, default=None, help="默认：组织数的五分之一")

    def handle(self, *args, **options) -> None:
        organisations, members = options["organisations"], options["members"]
        renewals = options["renewals"]
        if renewals is None:
            renewals = organisations // 5
        if organisations < 5 or members < 0 or renewals < 0:
            raise CommandError("组织数至少为 5，党员数和换届数不能为负数。")
        start = time.perf_counter()
        try:
            done = seed_scale(
                organisations=organisations,
                members=members,
                renewals=renewals,
                log=self.stdout.write,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if done is None:
            self.stdout.write("规模测试数据已存在，未做改动。")
            return
        total = time.perf_counter() - start
        self.stdout.write(self.style.SUCCESS(f"完成，共用时 {total:.1f} 秒。"))
        names = "、".join(username for username, _role, _where in ACCOUNTS)
        self.stdout.write(f"账号：{names}，密码 {PASSWORD}")
