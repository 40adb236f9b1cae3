"""User-entered text in the spreadsheets and CSV files the app writes stays text.

A cell whose text starts with ``= + - @``, a tab or a carriage return is read as a formula by
Excel and LibreOffice ("CSV/formula injection"): a member named ``=HYPERLINK(...)`` would become a
live link in the roster export. Every xlsx and CSV writer passes the values it did not make itself
through these helpers. Numbers (vote counts, ages) are left as they are.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_safe(value: Any) -> Any:
    """A CSV field: text that a spreadsheet would evaluate gets a leading apostrophe."""
    return "'" + value if looks_like_formula(value) else value


def as_text(cell: Cell) -> Cell:
    """Make `cell` a plain string cell if its value could be read as a formula.

    openpyxl stores a string starting with "=" as a formula; forcing the string type writes it as
    text, and the quote-prefix style keeps Excel from turning it into a formula when the cell is
    edited. The value itself is unchanged, so an exported roster still imports as it was.
    """
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def text_cells(ws: Worksheet, values: list[Any]) -> list[Any]:
    """A row for `ws.append` (also on a write-only sheet) whose text cannot be a formula."""
    return [as_text(WriteOnlyCell(ws, value=v)) if looks_like_formula(v) else v for v in values]
