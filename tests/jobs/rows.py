"""Import files for the job tests: a roster sheet of `n` new members of B1."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile

from members.idcard import make_id_number
from members.models import ImportJob
from tests.conftest import xlsx_bytes
from tests.members.hostile_xlsx import HEADER


def roster(n: int, *, name: str = "导入甲") -> bytes:
    rows = []
    for i in range(n):
        values = {
            "支部代码": "B1",
            "姓名": name if n == 1 else f"{name}{i}",
            "性别": "男",
            "身份证号": make_id_number("330106", date(1970, 1, 1 + i % 28), 5000 + i),
            "入党日期": "2010-07-01",
            "转正日期": "2011-07-01",
            "党员类别": "正式党员",
        }
        rows.append([values.get(h) for h in HEADER])
    return xlsx_bytes(rows, HEADER)


def import_job(tree, user, n: int) -> ImportJob:
    job = ImportJob(organisation=tree["b1"], created_by=user, original_name="roll.xlsx")
    job.file.save("roll.xlsx", ContentFile(roster(n)), save=False)
    job.save()
    return job
