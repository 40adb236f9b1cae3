"""Hostile .xlsx files are refused before openpyxl parses them, with a clear message and nothing
saved (issue: a 2 MB file holding one 2 GB shared string took a worker to 4.2 GB; 3 million blank
rows skipped the row cap and ran for minutes)."""

from __future__ import annotations

import io
import zipfile

import pytest

from members import import_rows
from members.importer import member_import
from members.models import Member
from tests.conftest import xlsx_bytes

from .hostile_xlsx import (
    HEADER,
    MAIN,
    SHEET,
    blank_rows_sheet,
    header_row,
    lying_sizes,
    rebuild,
    shared_strings_bomb,
)

MB = 1024 * 1024


def run(content: bytes, scope):
    return member_import(source=io.BytesIO(content), scope=scope)


@pytest.fixture
def unparsed(monkeypatch):
    """Fails the test if the reader (calamine) is asked to open the file."""

    class Refuse:
        @staticmethod
        def from_filelike(*args, **kw):
            raise AssertionError("the file reached the reader")

        from_path = from_filelike

    monkeypatch.setattr(import_rows, "CalamineWorkbook", Refuse)


def only_error(result) -> str:
    assert not result.ok
    assert len(result.errors) == 1, result.errors
    return str(result.errors[0])


def test_a_huge_shared_string_is_refused_unparsed(tree, settings, unparsed):
    settings.IMPORT_MAX_SHARED_STRINGS_BYTES = 1 * MB
    settings.IMPORT_MAX_COMPRESSION_RATIO = 10**9  # judged by its size, not its ratio
    message = only_error(run(shared_strings_bomb(3 * MB), tree["a"]))
    assert "xl/sharedStrings.xml" in message
    assert "超过 1 MB 的上限" in message
    assert Member.objects.count() == 3


def test_a_file_inflating_past_the_total_limit_is_refused_unparsed(tree, settings, unparsed):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * MB
    settings.IMPORT_MAX_COMPRESSION_RATIO = 10**9
    message = only_error(run(shared_strings_bomb(3 * MB), tree["a"]))
    assert "解压后超过 2 MB 的上限" in message


def test_a_part_compressed_like_a_bomb_is_refused_unparsed(tree, unparsed):
    message = only_error(run(shared_strings_bomb(3 * MB), tree["a"]))  # ~200:1
    assert "压缩比异常（超过 100:1" in message


def test_sizes_the_zip_headers_understate_are_caught(tree, settings, unparsed):
    settings.IMPORT_MAX_COMPRESSION_RATIO = 10**9
    content = lying_sizes(20_000, declared=100)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.getinfo(SHEET).file_size == 100  # what the headers claim
    assert "不是有效的 .xlsx 工作簿" in only_error(run(content, tree["a"]))


@pytest.mark.parametrize("dimension", [True, False], ids=["declared", "undeclared"])
def test_blank_rows_count_against_the_row_cap(tree, settings, unparsed, dimension):
    """The sheet says how long it is, or its row tags are counted while it is inflated."""
    settings.MEMBER_IMPORT_MAX_ROWS = 1000
    settings.IMPORT_MAX_COMPRESSION_RATIO = 10**9
    message = only_error(run(blank_rows_sheet(3000, dimension=dimension), tree["a"]))
    assert "超过单次导入上限 1000 行（空行也计入）" in message


def test_three_million_blank_rows_are_refused(tree):
    assert "压缩比异常" in only_error(run(blank_rows_sheet(3_000_000), tree["a"]))


def test_a_sheet_declared_too_long_is_read_as_what_it_holds(tree, settings):
    """Only the dimension says it is 3,000,000 rows long: the reader holds the cells there are
    (one row), not the rectangle the sheet declares, so nothing is padded or refused for it."""
    settings.MEMBER_IMPORT_MAX_ROWS = 1000
    settings.IMPORT_MAX_COMPRESSION_RATIO = 10**9
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 10**10
    sheet = (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:M3000000"/><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    message = only_error(run(rebuild({SHEET: [sheet.encode()]}), tree["a"]))
    assert "表头不正确" in message
    assert "超过单次导入上限" not in message


def test_a_row_numbered_past_the_cap_is_refused(tree, settings):
    """openpyxl fills the gap before <row r="3000000"> with empty rows: they count too."""
    settings.MEMBER_IMPORT_MAX_ROWS = 1000
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData>{header_row()}'
        '<row r="3000000"><c r="B3000000" t="inlineStr"><is><t>赵六</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    message = only_error(run(rebuild({SHEET: [sheet.encode()]}), tree["a"]))
    assert "超过单次导入上限 1000 行" in message


def test_entity_declarations_are_refused(tree):
    """defusedxml, installed for openpyxl: no DTD, no entity expansion ("billion laughs")."""
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "赵六赵六">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData>{header_row()}'
        '<row r="2"><c r="B2" t="inlineStr"><is><t>&a;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    message = only_error(run(rebuild({SHEET: [sheet.encode()]}), tree["a"]))
    assert "不是有效的 .xlsx 工作簿" in message


def test_a_truncated_archive_gets_a_clear_message(tree):
    content = xlsx_bytes([], HEADER)
    message = only_error(run(content[: len(content) // 2], tree["a"]))
    assert "不是 Excel 2007 及以上格式" in message or "不是有效的 .xlsx 工作簿" in message


def test_a_corrupt_part_gets_a_clear_message(tree):
    content = bytearray(xlsx_bytes([], HEADER))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        info = archive.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 5, start + info.compress_size - 5):
        content[offset] ^= 0x5A  # the deflated sheet, scrambled
    assert "不是有效的 .xlsx 工作簿" in only_error(run(bytes(content), tree["a"]))


def test_a_workbook_without_a_worksheet_gets_a_clear_message(tree):
    workbook = f'<workbook xmlns="{MAIN}"><sheets/></workbook>'
    content = rebuild({"xl/workbook.xml": [workbook.encode()]}, zip64=False)
    assert "不是有效的 .xlsx 工作簿" in only_error(run(content, tree["a"]))


def test_a_dimension_claiming_every_column_does_not_widen_the_rows(tree):
    sheet = (
        f'<worksheet xmlns="{MAIN}"><dimension ref="A1:XFD3"/><sheetData>{header_row()}'
        "</sheetData></worksheet>"
    )
    header, rows, _estimate = import_rows.open_rows(
        io.BytesIO(rebuild({SHEET: [sheet.encode()]})), max_rows=10
    )
    assert header == HEADER  # not the 16,384 columns the dimension claims
    assert all(len(row) <= import_rows.MAX_COLUMNS for row in rows)


@pytest.mark.parametrize("cell", ["BM2", "XFD1", "AAA7"])
def test_a_cell_right_of_the_columns_read_is_refused_unparsed(tree, unparsed, cell):
    """The reader holds a sheet as a rectangle: one cell in column XFD would make every row
    16,384 cells wide, so a cell past column 64 (BL) is refused before the sheet is read."""
    far = f'<row r="2"><c r="{cell}" t="inlineStr"><is><t> </t></is></c></row>'
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{header_row()}{far}</sheetData></worksheet>'
    message = only_error(run(rebuild({SHEET: [sheet.encode()]}), tree["a"]))
    assert "第 64 列右侧还有内容" in message


def test_the_last_column_read_is_accepted(tree):
    far = '<row r="2"><c r="BL2" t="inlineStr"><is><t>备注</t></is></c></row>'
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{header_row()}{far}</sheetData></worksheet>'
    header, rows, _estimate = import_rows.open_rows(
        io.BytesIO(rebuild({SHEET: [sheet.encode()]})), max_rows=10
    )
    assert header[: len(HEADER)] == HEADER
    assert [row[63] for row in rows] == ["备注"]
