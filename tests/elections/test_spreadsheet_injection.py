"""Issue 12: names and places typed by users cannot become formulas in the count workbook or the
audit CSV sealed into the archive."""

from __future__ import annotations

import csv
import io

from branches.services import audit
from elections.documents.archive import audit_csv
from elections.documents.excel import count_workbook
from elections.models import Elected, Meeting, MeetingKind, Round
from tests.elections.test_vote_documents import voted  # noqa: F401 (fixture)
from tests.spreadsheet_checks import formula_cells, values_of

PLACE = '=HYPERLINK("http://evil.example","会议室")'
NAME = "=cmd|' /C calc'!A0"


def test_count_workbook_writes_formula_like_text_as_text(voted):  # noqa: F811
    Meeting.objects.filter(renewal=voted, kind=MeetingKind.MEMBERS).update(place=PLACE)
    elected = Elected.objects.filter(renewal=voted).order_by("pk").first()
    elected.name = NAME
    elected.save(update_fields=["name"])
    Round.objects.filter(meeting__renewal=voted).update(confirmed_by="@SUM(A1)")
    data = count_workbook(voted)
    assert formula_cells(data) == []
    values = values_of(data)
    for text in (PLACE, NAME, "@SUM(A1)"):
        assert text in values
    assert 9 in values  # the figures stay numbers
    assert count_workbook(voted) == data  # still reproducible


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
