"""Reading an import sheet: the columns, the header, and each row parsed and checked.

A problem in a row is collected as a :class:`RowError`; a problem with the file as a whole raises
:class:`Rejected`. :mod:`members.importer` runs these over the sheet and saves the members.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import IO, Any
from xml.etree.ElementTree import ParseError

import python_calamine
from django.conf import settings
from django.utils import timezone
from python_calamine import CalamineWorkbook

from branches.official import official_text

from .archive import BROKEN, MAX_COLUMNS, ArchiveLimits, too_many_rows, xlsx_archive_problem
from .idcard import birth_date_from_id, id_number_problem, normalise
from .models import Education, Gender, MemberStatus, RightsStatus
from .names import has_hidden_chars

BRANCH_CODE = "branch_code"
#: What can go wrong while the reader (calamine) parses a sheet that passed the archive check.
UNREADABLE = (
    python_calamine.CalamineError,
    python_calamine.PasswordError,
    python_calamine.WorksheetNotFound,
    python_calamine.XmlError,
    python_calamine.ZipError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,  # a workbook without a worksheet
    OSError,
    ValueError,  # defusedxml's refusals (a DTD, an entity) are ValueErrors
    ParseError,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    is_date: bool = False
    # Formatted as text in the template, so that Excel keeps every digit and leading zeros.
    is_text: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(BRANCH_CODE, "支部代码"),
    Column("name", "姓名", required=True),
    Column("gender", "性别", required=True, choices=tuple(Gender.choices)),
    Column("ethnicity", "民族"),
    Column("birth_date", "出生日期", is_date=True),
    Column("education", "学历", choices=tuple(Education.choices)),
    Column("phone", "联系电话", is_text=True),
    Column("id_number", "身份证号", required=True, is_text=True),
    Column("joined_on", "入党日期", required=True, is_date=True),
    Column("full_member_on", "转正日期", is_date=True),
    Column("status", "党员类别", required=True, choices=tuple(MemberStatus.choices)),
    Column("rights", "权利状态", choices=tuple(RightsStatus.choices)),
    Column("party_probation_until", "留党察看期满", is_date=True),
)
BY_HEADER = {c.header: c for c in COLUMNS}


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number, 1-based like Excel; 0 for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}{f' [{self.column}]' if self.column else ''}：{self.message}"


class Rejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == text[7] == "-" and text.isascii():
        try:
            return date.fromisoformat(text)  # 2020-07-01, the template's form: no pattern
        except ValueError:
            pass  # said below, as for any other form
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = DATE_RE.match(text)
    if not match:
        raise ValueError(f"“{text}”不是有效日期，请写成 2020-07-01 的格式")
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(f"“{text}”不是有效日期") from None


# How Excel writes a long number it shows in a narrow cell, e.g. 3.30106E+17.
SCIENTIFIC_RE = re.compile(r"^\d+(\.\d+)?[eE]\+?\d+$")
ID_AS_NUMBER = "身份证号被 Excel 转成了数字，请把该列设为文本"


def excel_made_a_number(value: Any) -> bool:
    """Excel keeps 15 digits of a number: an 18-digit ID typed into a number cell has lost its
    last digits (and could pass the check digit by chance), so it is never read as an ID."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return bool(SCIENTIFIC_RE.match(str(value).strip()))


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def archive_limits(max_rows: int) -> ArchiveLimits:
    return ArchiveLimits(
        total_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
        whole_part_bytes=settings.IMPORT_MAX_SHARED_STRINGS_BYTES,
        ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
        rows=max_rows,
    )


def _guarded(rows: Iterable[tuple]) -> Iterator[tuple]:
    """The rows, with a parse failure half-way down the sheet turned into :class:`Rejected`."""
    try:
        yield from rows
    except UNREADABLE as exc:
        raise Rejected(BROKEN) from exc


def open_rows(source: str | IO[bytes], *, max_rows: int) -> tuple[list[str], Iterator[tuple], int]:
    """Header cells, an iterator over the data rows and the sheet's row estimate.

    The iterator yields at most `max_rows` + 1 rows, blank ones included, so one row past the
    limit shows the sheet is too long without reading the rest of it.
    """
    problem = xlsx_archive_problem(source, archive_limits(max_rows))
    if problem:
        raise Rejected(problem)
    try:
        # calamine (Rust) reads the sheet about 17 times faster than openpyxl; the archive check
        # above has bounded what it may have to read. Empty cells come as "", numbers as floats.
        if isinstance(source, str):
            workbook = CalamineWorkbook.from_path(source)
        else:
            source.seek(0)
            workbook = CalamineWorkbook.from_filelike(source)
        sheet = workbook.get_sheet_by_index(0)
        height = sheet.height
        if height - 1 > max_rows:
            raise Rejected(too_many_rows(max_rows))
        rows = _guarded(tuple(row[:MAX_COLUMNS]) for row in islice(sheet.iter_rows(), max_rows + 2))
        header = next(rows, None)
    except UNREADABLE as exc:
        raise Rejected(BROKEN) from exc
    if header is None or not any(cell_text(v) for v in header):
        raise Rejected("工作表为空：第一行应为表头（可下载导入模板）")
    return [cell_text(v) for v in header], rows, max(height - 1, 0)


def map_header(header: list[str], *, needs_branch_code: bool) -> dict[int, Column]:
    mapping: dict[int, Column] = {}
    problems = []
    for index, text in enumerate(header):
        if not text:
            continue
        column = BY_HEADER.get(text.rstrip("*＊ "))
        if column is None:
            problems.append(f"无法识别的表头“{text}”")
        elif column in mapping.values():
            problems.append(f"表头“{text}”重复")
        else:
            mapping[index] = column
    present = {c.key for c in mapping.values()}
    missing = [c.header for c in COLUMNS if c.required and c.key not in present]
    if needs_branch_code and BRANCH_CODE not in present:
        missing.insert(0, BY_HEADER["支部代码"].header)
    if missing:
        problems.append("缺少必填列：" + "、".join(missing))
    if problems:
        raise Rejected("表头不正确：" + "；".join(problems) + "。请使用导入模板")
    return mapping


#: Each choice column's values by their Chinese labels (LANGUAGE_CODE's), made once a process.
_CHOICE_VALUES: dict[str, dict[str, str]] = {}


def choice_values(column: Column) -> dict[str, str]:
    """The column's values by label: the sheet is the Chinese template whatever language the
    importer's user reads."""
    found = _CHOICE_VALUES.get(column.key)
    if found is None:
        found = {official_text(label): value for value, label in column.choices}
        _CHOICE_VALUES[column.key] = found
    return found


def parse_row(
    number: int, values: tuple, mapping: dict[int, Column], errors: list[RowError]
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for index, column in mapping.items():
        raw = values[index] if index < len(values) else None
        text = cell_text(raw)
        if not text:
            if column.required:
                errors.append(RowError(number, column.header, "必填项为空"))
            continue
        if column.key == "id_number" and excel_made_a_number(raw):
            errors.append(RowError(number, column.header, ID_AS_NUMBER))
        elif column.is_date:
            try:
                data[column.key] = parse_date(raw)
            except ValueError as exc:
                errors.append(RowError(number, column.header, str(exc)))
        elif column.choices:
            by_label = choice_values(column)
            if text in by_label:
                data[column.key] = by_label[text]
            else:
                allowed = "、".join(by_label)
                errors.append(RowError(number, column.header, f"“{text}”无效，应为：{allowed}"))
        else:
            data[column.key] = text
    return data


def check_member(
    number: int, data: dict[str, Any], errors: list[RowError], *, today: date | None = None
) -> None:
    """Cross-field checks of a parsed row; `today` once for a whole sheet (the import's)."""
    today = today or timezone.localdate()

    def err(column_key: str, message: str) -> None:
        header = next(c.header for c in COLUMNS if c.key == column_key)
        errors.append(RowError(number, header, message))

    if "id_number" in data:
        data["id_number"] = normalise(data["id_number"])
        problem = id_number_problem(data["id_number"])
        if problem:
            err("id_number", problem)
        else:
            from_id = birth_date_from_id(data["id_number"])
            if "birth_date" not in data:
                data["birth_date"] = from_id
            elif data["birth_date"] != from_id:
                err("birth_date", f"出生日期与身份证号不一致（身份证为 {from_id}）")
    if len(data.get("name", "")) > 50:
        err("name", "姓名过长（最多50字）")
    if has_hidden_chars(data.get("name", "")):
        err("name", "姓名含有不可见字符或控制字符，请删除后重新输入")
    for key in ("birth_date", "joined_on", "full_member_on"):
        if isinstance(data.get(key), date) and data[key] > today:
            err(key, "日期不能晚于今天")
    joined, full = data.get("joined_on"), data.get("full_member_on")
    if joined and data.get("birth_date") and joined <= data["birth_date"]:
        err("joined_on", "入党日期应晚于出生日期")
    status = data.get("status")
    if status == MemberStatus.FULL and "full_member_on" not in data:
        err("full_member_on", "正式党员必须填写转正日期")
    if status == MemberStatus.PROBATIONARY and full:
        err("full_member_on", "预备党员不应有转正日期")
    if joined and full and full < joined:
        err("full_member_on", "转正日期不能早于入党日期")
    data.setdefault("rights", RightsStatus.NORMAL)
    if data.get("party_probation_until") and data["rights"] != RightsStatus.PARTY_PROBATION:
        err("party_probation_until", "只有“留党察看”的党员才填写留党察看期满日期")
    data.setdefault("ethnicity", "汉族")
