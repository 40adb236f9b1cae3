"""Official documents are in Chinese whatever language the user reads the pages in."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from elections.documents import build_pdf
from elections.documents.ballots import ballot_pdf, ballots_sheet
from elections.documents.excel import count_workbook
from elections.models import Body, DocumentKind
from elections.services.documents import issue_document
from members.spreadsheets import import_template
from tests.pdf_text import pdftotext


def _text(data: bytes) -> str:
    return "".join(pdftotext(data).split())


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_a_ballot_in_an_english_session_is_chinese_and_fits_its_page(planned, english):
    """Regression: the English title and instructions did not fit ("选票排不进一页")."""
    names = ["王芳", "李明", "张伟", "刘洋", "陈静", "赵磊"]
    sheet = ballots_sheet(
        planned, body=Body.COMMITTEE, seats=5, names=names, allow=True, note="正式选举",
        held_on=timezone.localdate(),
    )  # fmt: skip
    assert sheet.title.startswith("中共")
    text = _text(ballot_pdf(sheet, 1))
    assert "委员会委员选举选票" in text
    assert "Ballot" not in text


def test_documents_and_workbooks_in_an_english_session_are_chinese(planned, users, english):
    assert "换届" in _text(build_pdf(planned, DocumentKind.REQUEST))
    doc = issue_document(planned, DocumentKind.REQUEST, actor=users["secretary"])
    with doc.file.open("rb") as stored:
        assert "换届" in _text(stored.read())
    sheet = load_workbook(io.BytesIO(count_workbook(planned))).active
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("计票" in v or "选举" in v for v in values), values[:5]
    template = load_workbook(io.BytesIO(import_template(with_branch_code=True))).active
    headers = [c.value for c in next(template.iter_rows())]
    assert all(h is None or not h.isascii() for h in headers), headers
