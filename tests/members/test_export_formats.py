"""Issue 16: the roster export as CSV or as xlsx split into sheets past Excel's row limit,
written to a file as it is read (no temporary file left behind)."""

from __future__ import annotations

import csv
import io
import tempfile

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from members import spreadsheets
from members.models import ExportJob, ExportStatus
from tests.conftest import make_member
from tests.exports_helpers import export_url


def _export(client, fmt: str) -> tuple[ExportJob, bytes]:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(export_url(), {"format": fmt})
    assert response.status_code == 302
    job = ExportJob.objects.latest("pk")
    assert job.status == ExportStatus.DONE, job.message
    download = client.get(reverse("members:export_download", args=[job.pk]))
    return job, b"".join(download.streaming_content)


def test_csv_export_in_chinese_with_masked_ids_and_formulas_kept_as_text(client, users, tree):
    make_member(tree["b3"], name="=HYPERLINK(1)")  # 镇党委: the viewer sees it masked
    client.force_login(users["viewer"])  # of 机关党委: sees only its own members
    job, data = _export(client, "csv")
    assert job.file_name.endswith(".csv")
    assert job.parameters == {"format": "csv"}
    assert data.startswith("\ufeff".encode())  # Excel opens UTF-8 with a BOM
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["支部代码", "姓名", "性别"]
    names = {row[1] for row in rows[1:]}
    assert names == {"张三", "李四"}
    m1 = tree["m1"]
    row = next(r for r in rows if r[1] == "张三")
    assert row[2] == "男"
    assert m1.masked_id_number in row
    assert m1.id_number not in row
    client.force_login(users["admin"])
    _job, data = _export(client, "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert "'=HYPERLINK(1)" in {row[1] for row in rows}


def test_a_long_roster_continues_on_further_sheets(client, users, tree, monkeypatch, tmp_path):
    monkeypatch.setattr(spreadsheets, "SHEET_ROWS", 2)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the file is written first
    client.force_login(users["admin"])  # three members: two sheets
    job, data = _export(client, "xlsx")
    sheets = load_workbook(io.BytesIO(data)).worksheets
    assert [ws.title for ws in sheets] == ["党员名册", "党员名册（2）"]
    rows = [list(ws.iter_rows(values_only=True)) for ws in sheets]
    assert rows[0][0] == rows[1][0]  # each sheet has the header
    assert len(rows[0]) - 1 + len(rows[1]) - 1 == 3 == job.total_rows
    assert list(tmp_path.iterdir()) == []  # the written file was stored, then removed


def test_an_unknown_format_is_an_excel_file(client, users):
    client.force_login(users["staff"])
    job, data = _export(client, "pdf")
    assert job.file_name.endswith(".xlsx")
    assert data.startswith(b"PK")
