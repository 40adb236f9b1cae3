"""Issue 12: names and places typed by users cannot become formulas in the count workbook or the
audit CSV sealed into the archive."""

from __future__ import annotations

import csv
import io

from branches.services import audit
from elections.documents.archive import audit_csv


def test_audit_csv_prefixes_formula_like_fields(users, planned):
    audit(actor=users["secretary"], action="=act", organisation=planned.branch, target=planned,
          summary="=cmd|' /C calc'!A0")  # fmt: skip
    text = audit_csv(planned).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows
    for row in rows:
        for field in row:
            assert not field.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert rows[-1][2:4] == ["'=act", "'=cmd|' /C calc'!A0"]
