"""Titles of the printed documents break between their parts (after the organisation's name,
before 关于), never inside an organisation's name."""

from __future__ import annotations

import pytest

from elections.documents import build_pdf
from elections.documents.attendance import attendance_pdf
from elections.models import DocumentKind
from tests.pdf_text import pdftotext

LONG_BRANCH = "城投集团有限公司机关第一党支部"
LONG_SUPERIOR = "城投集团有限公司机关党委"


def lines(data: bytes) -> list[str]:
    out = pdftotext(data, layout=True)
    return [line.strip() for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (DocumentKind.REQUEST, ["中共" + LONG_BRANCH, "关于召开党员大会进行换届选举的请示"]),
        (
            DocumentKind.REQUEST_REPLY,
            ["中共" + LONG_SUPERIOR, "关于同意" + LONG_BRANCH, "召开党员大会进行换届选举的批复"],
        ),
        (DocumentKind.NOTICE, ["关于" + LONG_BRANCH, "委员会委员候选人预备人选的公示"]),
    ],
)
def test_a_long_title_breaks_after_the_organisation_not_inside_its_name(recommending, kind, title):
    """Regression: 城投公司党支部 / 关于… broke inside the name (城投公司党 / 支部关于…)."""
    branch = recommending.branch
    branch.name = LONG_BRANCH
    branch.save()
    branch.parent.name = LONG_SUPERIOR
    branch.parent.save()
    text = lines(build_pdf(recommending, kind))
    start = text.index(title[0])
    assert text[start : start + len(title)] == title


def test_a_short_title_keeps_its_usual_break(recommending):
    text = lines(build_pdf(recommending, DocumentKind.NOTICE))
    assert text[:2] == ["关于第一党支部委员会委员", "候选人预备人选的公示"]


def test_the_attendance_register_breaks_after_the_name(recommending):
    recommending.branch.name = "第一中学高中部教职工第二党支部"
    recommending.branch.save()
    text = lines(attendance_pdf(recommending))
    assert text[:2] == ["中共第一中学高中部教职工第二党支部", "党员大会签到表"]
