"""Roster import: every bad file gets a clear message and saves nothing; re-import updates."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from branches.models import AuditEvent
from members.idcard import make_id_number
from members.import_rows import COLUMNS
from members.importer import NOT_IMPORTABLE, member_import
from members.models import Member, MemberStatus, Transfer
from members.spreadsheets import import_template
from tests.conftest import xlsx_bytes

HEADER = [c.header for c in COLUMNS]


def row(code="B1", name="赵六", id_number=None, **kw) -> list:
    values = {
        "支部代码": code,
        "姓名": name,
        "性别": "男",
        "民族": "汉族",
        "出生日期": "",
        "学历": "大学本科",
        "联系电话": "13800000000",
        "身份证号": id_number or make_id_number("110105", date(1985, 3, 4), 11),
        "入党日期": "2010-07-01",
        "转正日期": "2011-07-01",
        "党员类别": "正式党员",
        "权利状态": "正常",
        "留党察看期满": "",
    }
    values.update(kw)
    return [values[h] for h in HEADER]


def run(content: bytes, scope, **kw):
    return member_import(source=io.BytesIO(content), scope=scope, **kw)


def ids(n: int, start: int = 100) -> list[str]:
    return [make_id_number("320102", date(1990, 1, 1 + i % 28), start + i) for i in range(n)]


def test_valid_sheet_for_a_committee_creates_members(tree):
    a, b1, b2 = tree["a"], tree["b1"], tree["b2"]
    numbers = ids(2)
    content = xlsx_bytes(
        [
            row("B1", "赵六", numbers[0]),
            row("B2", "钱七", numbers[1], 党员类别="预备党员", 转正日期=""),
        ],
        HEADER,
    )
    result = run(content, a)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 0)
    assert Member.objects.get(id_number=numbers[0]).branch == b1
    second = Member.objects.get(id_number=numbers[1])
    assert second.branch == b2
    assert second.status == MemberStatus.PROBATIONARY
    assert second.birth_date == date(1990, 1, 2)  # read from the ID number
    assert AuditEvent.objects.filter(action="member_import").count() == 1


def test_reimport_updates_instead_of_duplicating(tree):
    numbers = ids(1)
    run(xlsx_bytes([row("B1", "赵六", numbers[0])], HEADER), tree["a"])
    again = run(
        xlsx_bytes([row("B1", "赵六", numbers[0], 联系电话="13900000000")], HEADER), tree["a"]
    )
    assert (again.created, again.updated) == (0, 1)
    same = run(
        xlsx_bytes([row("B1", "赵六", numbers[0], 联系电话="13900000000")], HEADER), tree["a"]
    )
    assert (same.created, same.updated, same.unchanged) == (0, 0, 1)
    assert Member.objects.filter(id_number=numbers[0]).get().phone == "13900000000"


def test_reimport_into_another_branch_records_a_transfer(tree):
    numbers = ids(1)
    run(xlsx_bytes([row("B1", "赵六", numbers[0])], HEADER), tree["a"])
    result = run(xlsx_bytes([row("B2", "赵六", numbers[0])], HEADER), tree["a"])
    assert result.transferred == 1
    member = Member.objects.get(id_number=numbers[0])
    assert member.branch == tree["b2"]
    assert Transfer.objects.get(member=member).from_branch == tree["b1"]


def test_single_branch_import_needs_no_code_column(tree):
    header = [h for h in HEADER if h != "支部代码"]
    content = xlsx_bytes([row(id_number=ids(1)[0])[1:]], header)
    result = run(content, tree["b1"])
    assert result.ok, result.errors
    assert result.created == 1


def test_every_row_error_is_reported_at_once_and_nothing_saved(tree):
    good, dup = ids(2)
    bad_checksum = good[:-1] + ("0" if good[-1] != "0" else "1")
    rows = [
        row("B1", "甲", good),
        row("B1", "乙", good),  # duplicate ID inside the file
        row("B1", "丙", bad_checksum),
        row("B1", "丁", dup, 入党日期="2010-13-45"),  # bad date
        row("XX", "戊", ids(1, 500)[0]),  # unknown branch code
        row("B1", "", ids(1, 600)[0], 性别="未知"),  # missing name, bad gender
        row("B1", "己", ids(1, 700)[0], 转正日期=""),  # full member without date
    ]
    before = Member.objects.count()
    result = run(xlsx_bytes(rows, HEADER), tree["a"])
    assert not result.ok
    found = {(e.row, e.column) for e in result.errors}
    assert (3, "身份证号") in found  # 第3行 duplicates 第2行
    assert any("重复" in e.message and e.row == 3 for e in result.errors)
    assert (4, "身份证号") in found
    assert any("校验位" in e.message for e in result.errors)
    assert (5, "入党日期") in found
    assert (6, "支部代码") in found
    assert (7, "姓名") in found
    assert (7, "性别") in found
    assert (8, "转正日期") in found
    assert Member.objects.count() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a spreadsheet at all", "不是 Excel"),
        (b"PK\x03\x04broken zip", "不是"),
        (xlsx_bytes([]), "工作表为空"),
        (xlsx_bytes([], HEADER), "没有党员数据"),
        (xlsx_bytes([["名字", "电话"]]), "表头不正确"),
        (xlsx_bytes([[h for h in HEADER if h != "身份证号"]]), "缺少必填列：身份证号"),
    ],
    ids=["text", "broken-zip", "empty", "header-only", "wrong-headers", "missing-column"],
)
def test_bad_files_get_a_clear_message(tree, content, message):
    result = run(content, tree["a"])
    assert not result.ok
    assert message in str(result.errors[0]), result.errors
    assert Member.objects.count() == 3


def test_committee_import_requires_branch_code_column(tree):
    header = [h for h in HEADER if h != "支部代码"]
    result = run(xlsx_bytes([row(id_number=ids(1)[0])[1:]], header), tree["a"])
    assert "支部代码" in str(result.errors[0])


def test_too_large_file_and_too_many_rows(tree, settings):
    settings.MEMBER_IMPORT_MAX_BYTES = 1000
    result = run(xlsx_bytes([row()], HEADER), tree["a"], file_size=5000)
    assert "文件过大" in str(result.errors[0])
    settings.MEMBER_IMPORT_MAX_BYTES = 10**8
    settings.MEMBER_IMPORT_MAX_ROWS = 2
    rows = [row("B1", f"人{i}", n) for i, n in enumerate(ids(3))]
    result = run(xlsx_bytes(rows, HEADER), tree["a"])
    assert any("上限" in e.message for e in result.errors)
    assert Member.objects.count() == 3


def test_member_outside_the_scope_is_not_taken_over(tree):
    outsider = tree["m3"]  # registered under another committee
    result = run(xlsx_bytes([row("B1", "王五", outsider.id_number)], HEADER), tree["a"])
    assert [(e.row, e.message) for e in result.errors] == [(2, NOT_IMPORTABLE)]
    outsider.refresh_from_db()
    assert outsider.branch == tree["b3"]


def test_dry_run_saves_nothing(tree):
    result = run(xlsx_bytes([row(id_number=ids(1)[0])], HEADER), tree["a"], dry_run=True)
    assert result.ok
    assert result.created == 1
    assert Member.objects.count() == 3


def test_dates_in_several_spellings_and_real_excel_dates(tree):
    numbers = ids(3)
    rows = [
        row("B1", "甲", numbers[0], 入党日期="2010/7/1", 转正日期="2011年7月1日"),
        row("B1", "乙", numbers[1], 入党日期="20100701", 转正日期="2011.07.01"),
        row("B1", "丙", numbers[2], 入党日期=date(2010, 7, 1), 转正日期=date(2011, 7, 1)),
    ]
    result = run(xlsx_bytes(rows, HEADER), tree["a"])
    assert result.ok, result.errors
    assert set(
        Member.objects.filter(id_number__in=numbers).values_list("joined_on", flat=True)
    ) == {date(2010, 7, 1)}


def test_template_has_chinese_headers_and_a_status_dropdown():
    wb = load_workbook(io.BytesIO(import_template(with_branch_code=True)))
    ws = wb.worksheets[0]
    headers = [c.value.rstrip("*") for c in ws[1]]
    assert headers == HEADER
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("正式党员" in f and "预备党员" in f for f in formulas)


def test_template_round_trips_through_the_importer(tree):
    wb = load_workbook(io.BytesIO(import_template(with_branch_code=False)))
    ws = wb.worksheets[0]
    ws.append(row(id_number=ids(1)[0])[1:])
    buf = io.BytesIO()
    wb.save(buf)
    result = run(buf.getvalue(), tree["b1"])
    assert result.ok, result.errors


def test_command_line_import(tree, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes([row(id_number=ids(1)[0])], HEADER))
    call_command("import_members", str(good), "--organisation", "A", "--dry-run")
    assert "校验通过" in capsys.readouterr().out
    assert Member.objects.count() == 3
    call_command("import_members", str(good), "--organisation", "A")
    assert Member.objects.count() == 4

    bad = tmp_path / "bad.xlsx"
    valid = ids(1, 900)[0]
    wrong = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    bad.write_bytes(xlsx_bytes([row(id_number=wrong)], HEADER))
    with pytest.raises(CommandError, match="未通过校验"):
        call_command("import_members", str(bad))
    assert "校验位" in capsys.readouterr().err


def test_command_line_exit_status_is_non_zero(tree, tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.txt"
    bad.write_text("hello")
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "import_members", str(bad), "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "不是 Excel" in proc.stderr
