"""Benchmark: import a 10,000-member xlsx (new members, the same file again, every row changed).

Run with `make bench` (or `PYTHONPATH=. .venv/bin/python tests/bench/bench_import.py`);
prints JSON lines.
Uses a throw-away SQLite database unless BENCH_DATABASE_URL is set.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROWS = 10_000
REPEAT = 3


def setup_django(tmp: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}"
    )
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-" + "x" * 40)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_sheet(branch_codes: list[str], rows: int = ROWS, phone_prefix: str = "138") -> bytes:
    from openpyxl import Workbook

    from members.idcard import make_id_number
    from members.import_rows import COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("党员名册")
    ws.append([c.header for c in COLUMNS])
    for i in range(rows):
        birth = date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
        full = i % 10 != 0
        ws.append(
            [
                branch_codes[i % len(branch_codes)],
                f"党员{i:05d}",
                "男" if i % 2 else "女",
                "汉族",
                birth.isoformat(),
                "大学本科",
                f"{phone_prefix}{i:08d}",
                make_id_number(f"{110105 + i // 1000}", birth, i),
                "2010-07-01",
                "2011-07-01" if full else "",
                "正式党员" if full else "预备党员",
                "正常",
                "",
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def bench_tree():
    """A committee with 50 branches (after setup_django); returns it and the branch codes."""
    from branches.models import Organisation, OrganisationKind

    committee = Organisation.objects.create(
        code="BENCH", name="基准党委", kind=OrganisationKind.COMMITTEE
    )
    codes = []
    for i in range(50):
        org = Organisation(
            code=f"BENCH-{i}", name=f"支部{i}", kind="branch", parent=committee, category="organ"
        )
        org.save()
        codes.append(org.code)
    return committee, codes


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from members.importer import member_import
        from members.models import Member, Transfer

        committee, codes = bench_tree()
        content = build_sheet(codes)
        # Every row's phone differs: 10,000 updates, each with its history row.
        changed_content = build_sheet(codes, phone_prefix="139")
        fresh, again, updated = [], [], []
        for _ in range(REPEAT):
            Transfer.objects.all().delete()
            Member.objects.all().delete()
            start = time.perf_counter()
            result = member_import(source=io.BytesIO(content), scope=committee)
            fresh.append(time.perf_counter() - start)
            assert result.ok, result.errors[:5]
            assert result.created == ROWS
            start = time.perf_counter()
            result = member_import(source=io.BytesIO(content), scope=committee)
            again.append(time.perf_counter() - start)
            assert result.ok
            assert result.unchanged == ROWS
            start = time.perf_counter()
            result = member_import(source=io.BytesIO(changed_content), scope=committee)
            updated.append(time.perf_counter() - start)
            assert result.ok
            assert result.updated == ROWS
        for name, values in (
            ("import_members_10000", fresh),
            ("reimport_members_10000", again),
            ("update_members_10000", updated),
        ):
            print(
                json.dumps(
                    {"name": name, "value": round(statistics.median(values), 3), "unit": "s"}
                )
            )


if __name__ == "__main__":
    main()
