"""An ID number that Excel turned into a number has lost its last digits (Excel keeps 15): the
importer says so instead of reporting a wrong check digit, and the template keeps the ID and
phone columns as text so that it does not happen."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from members.idcard import make_id_number
from members.import_rows import COLUMNS
from members.importer import member_import
from members.models import Member
from members.spreadsheets import import_template
from tests.conftest import xlsx_bytes

HEADER = [c.header for c in COLUMNS if c.key != "branch_code"]
ID = make_id_number("330106", date(1990, 1, 1), 124)
MESSAGE = "身份证号被 Excel 转成了数字，请把该列设为文本"


def sheet_row(id_value) -> list:
    values = {
        "姓名": "赵六",
        "性别": "男",
        "民族": "汉族",
        "出生日期": "",
        "学历": "大学本科",
        "联系电话": 13800000000,
        "身份证号": id_value,
        "入党日期": "2010-07-01",
        "转正日期": "2011-07-01",
        "党员类别": "正式党员",
        "权利状态": "正常",
        "留党察看期满": "",
    }
    return [values[h] for h in HEADER]


@pytest.mark.parametrize(
    "id_value",
    [
        float(ID[:15] + "000"),  # what Excel stores: 15 significant digits
        int(ID[:15] + "000"),
        int(ID),  # even every digit as a number cell is not trusted
        "3.30106E+17",  # the text Excel shows, pasted or saved as CSV
        "3.30106199001011e17",
    ],
    ids=["float", "int-rounded", "int-exact", "scientific", "scientific-lower"],
)
def test_an_id_excel_made_a_number_is_named_as_such_with_its_row(tree, id_value):
    before = Member.objects.count()
    rows = [sheet_row(make_id_number("320102", date(1990, 1, 2), 7)), sheet_row(id_value)]
    result = member_import(source=io.BytesIO(xlsx_bytes(rows, HEADER)), scope=tree["b1"])
    assert not result.ok
    [error] = result.errors
    assert (error.row, error.column, error.message) == (3, "身份证号", MESSAGE)
    assert str(error).startswith("第3行")
    assert "校验位" not in str(result.errors)
    assert Member.objects.count() == before


def test_an_id_kept_as_text_still_imports_and_a_numeric_phone_is_fine(tree):
    result = member_import(source=io.BytesIO(xlsx_bytes([sheet_row(ID)], HEADER)), scope=tree["b1"])
    assert result.ok, result.errors
    assert Member.objects.get(id_number=ID).phone == "13800000000"


def test_template_formats_the_id_and_phone_columns_as_text():
    ws = load_workbook(io.BytesIO(import_template(with_branch_code=True))).worksheets[0]
    letters = {cell.value.rstrip("*"): cell.column_letter for cell in ws[1]}
    for header in ("身份证号", "联系电话"):
        letter = letters[header]
        assert ws.column_dimensions[letter].number_format == "@", header
        assert ws[f"{letter}2"].number_format == "@", header
    assert ws.column_dimensions[letters["姓名"]].number_format != "@"
