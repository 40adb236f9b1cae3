"""Assertions shared by the spreadsheet-injection tests (issue 12)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from branches.spreadsheet_safety import FORMULA_TRIGGERS


def formula_cells(data: bytes) -> list[str]:
    """Cells of an xlsx that a spreadsheet would evaluate: formulas, or text that looks like one
    without being marked as text (string type and the quote prefix)."""
    wb = load_workbook(io.BytesIO(data), data_only=False)
    bad = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                risky = isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS)
                if cell.data_type == "f" or (
                    risky and not (cell.data_type == "s" and cell.quotePrefix)
                ):
                    bad.append(f"{ws.title}!{cell.coordinate}={cell.value!r}")
    return bad


def values_of(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data), data_only=False)
    return [cell.value for ws in wb.worksheets for row in ws.iter_rows() for cell in row]
