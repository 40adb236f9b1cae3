"""Excel files of the roster: the import template and the export (openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from io import BytesIO
from typing import BinaryIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from branches.official import official
from branches.spreadsheet_safety import csv_safe, text_cells

from .import_rows import COLUMNS
from .models import Member

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_ROWS = 5000  # rows that carry the dropdowns


@official
def import_template(*, with_branch_code: bool) -> bytes:
    """Chinese headers (required ones marked *), dropdowns for coded columns, a sheet of notes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "党员名册"
    columns = [c for c in COLUMNS if with_branch_code or c.key != "branch_code"]
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FDE9D9")
    for index, column in enumerate(columns, start=1):
        required = column.required or (column.key == "branch_code")
        cell = ws.cell(row=1, column=index, value=column.header + ("*" if required else ""))
        cell.font = bold
        if required:
            cell.fill = fill
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = 20 if column.key == "id_number" else 14
        if column.choices:
            labels = ",".join(str(label) for _value, label in column.choices)
            rule = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
            rule.error, rule.errorTitle = f"请从下拉列表选择：{labels}", "输入无效"
            rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            ws.add_data_validation(rule)
        if column.is_date:
            for row in range(2, 3):
                ws.cell(row=row, column=index).number_format = "yyyy-mm-dd"
        if column.is_text:
            # The column's own format covers every row a user types into; "@" is Excel's text.
            ws.column_dimensions[letter].number_format = "@"
            ws.cell(row=2, column=index).number_format = "@"
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("填写说明")
    for line in (
        "带 * 的列必填；日期写成 2020-07-01。",
        "党员类别：正式党员须填写转正日期，预备党员不填。",
        "权利状态：正常、留党察看（填写留党察看期满日期）、留置、逮捕；留空视为正常。",
        "身份证号为18位，系统会校验校验位；出生日期留空时从身份证号读取。",
        "身份证号、联系电话两列为文本格式，请勿改为数字格式，否则 Excel 会丢失末几位。",
        "再次导入同一文件时，按身份证号更新已有党员，不会重复新增。",
        "支部代码：在党委或党总支层级导入时必填，填写党员所在党支部的组织代码。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 90
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


#: Rows a worksheet holds under its header (Excel's limit is 1,048,576 rows a sheet): a longer
#: export continues on "党员名册（2）" and so on.
SHEET_ROWS = 1_048_575
ROSTER_HEADER = [*(c.header for c in COLUMNS), "党龄（年）", "表决权"]


def _roster_rows(members: Iterable[Member], show_id: Callable[[Member], bool]) -> Iterator[list]:
    """The export's rows (call inside @official). The choice labels and the rights problems are
    translated once, not per member: gettext per cell was most of a county export's time."""
    labels = {
        name: {value: str(label) for value, label in Member._meta.get_field(name).choices}
        for name in ("gender", "education", "status", "rights")
    }
    today = timezone.localdate()
    for m in members:
        problem = m.voting_rights_problem(today)
        visible = show_id(m)
        yield [
            m.branch.code,
            m.name,
            labels["gender"].get(m.gender, m.gender),
            m.ethnicity,
            _iso(m.birth_date) if visible else (m.birth_date and str(m.birth_date.year)),
            labels["education"].get(m.education, m.education),
            m.phone,
            m.id_number if visible else m.masked_id_number,
            _iso(m.joined_on),
            _iso(m.full_member_on),
            labels["status"].get(m.status, m.status),
            labels["rights"].get(m.rights, m.rights),
            _iso(m.party_probation_until),
            m.party_age(today),
            "有" if problem is None else f"无（{problem}）",
        ]


@official
def write_roster(
    members: Iterable[Member], *, show_id: Callable[[Member], bool], target: BinaryIO, fmt: str
) -> None:
    """The roster in the import layout (an export can be edited and imported back), written to
    `target` as it is read: "xlsx" (a sheet every SHEET_ROWS rows) or "csv" (UTF-8 with BOM, for
    Excel). ID numbers are masked for members whose branch the user does not manage; text a
    spreadsheet would read as a formula stays text."""
    rows = _roster_rows(members, show_id)
    if fmt == "csv":
        out = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=True)
        writer = csv.writer(out)
        writer.writerow(ROSTER_HEADER)
        for row in rows:
            writer.writerow([csv_safe(value) for value in row])
        out.flush()
        out.detach()
        return
    wb = Workbook(write_only=True)
    ws = None
    for index, row in enumerate(rows):
        if index % SHEET_ROWS == 0:
            number = index // SHEET_ROWS + 1
            ws = wb.create_sheet("党员名册" if number == 1 else f"党员名册（{number}）")
            ws.append(ROSTER_HEADER)
        ws.append(text_cells(ws, row))
    if ws is None:
        wb.create_sheet("党员名册").append(ROSTER_HEADER)
    wb.save(target)


def roster_export(members: Iterable[Member], *, show_id: Callable[[Member], bool]) -> bytes:
    """The roster as xlsx bytes (write_roster into memory)."""
    buffer = BytesIO()
    write_roster(members, show_id=show_id, target=buffer, fmt="xlsx")
    return buffer.getvalue()
