"""Issue 12: the helpers that keep user text from being read as a formula."""

from __future__ import annotations

import io

from openpyxl import Workbook

from branches.spreadsheet_safety import as_text, csv_safe, text_cells
from tests.spreadsheet_checks import formula_cells


def test_csv_safe_prefixes_formula_triggers_only():
    for value in ("=cmd", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_safe(value) == "'" + value
    assert csv_safe("王芳") == "王芳"
    assert csv_safe("") == ""
    assert csv_safe(7) == 7
    assert csv_safe(None) is None


def _saved(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_text_cells_on_both_kinds_of_sheet():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    ws.append(text_cells(ws, ["=1+1", "+2", 3, "名"]))
    assert formula_cells(_saved(wb)) == []

    wb = Workbook()
    wb.active.append(["=1+1", "@A1", -3])
    for cell in wb.active[1]:
        as_text(cell)
    assert formula_cells(_saved(wb)) == []
    assert wb.active["C1"].data_type == "n"
