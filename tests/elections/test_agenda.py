"""The meeting notice numbers its agenda items （一）（二）…, whatever numbering the user typed."""

from __future__ import annotations

import pytest

from elections import demo
from elections.documents.meeting import agenda_items
from elections.models import DocumentKind
from tests.pdf_text import pdftotext


def pdf_text(data: bytes) -> str:
    return "".join(pdftotext(data).split())


@pytest.mark.parametrize(
    "typed",
    [
        "一、听取报告\n二、通过选举办法\n三、选举委员",
        "1. 听取报告\n2．通过选举办法\n3、选举委员",
        "（一）听取报告；\n(二) 通过选举办法；\n（3）选举委员。",
        "听取报告\n\n  通过选举办法\n选举委员",
        "第一项：听取报告\n第二项 通过选举办法\n第三项、选举委员",
    ],
)
def test_items_are_numbered_once(typed):
    assert agenda_items(typed) == ["（一）听取报告；", "（二）通过选举办法；", "（三）选举委员。"]


def test_a_number_inside_the_item_stays():
    assert agenda_items("2026年工作安排\n10.5 节的说明") == [
        "（一）2026年工作安排；",
        "（二）10.5 节的说明。",
    ]


def test_the_demo_meeting_notice_prints_its_agenda_numbered_once(voting, users):
    """Regression: the demo's agenda typed "一、…" and was printed as entered, unlike the
    （一）（二） of the default items."""
    demo.prepare_meeting(voting, actor=users["secretary"])
    notice = voting.documents.get(kind=DocumentKind.MEETING_NOTICE)
    with notice.file.open("rb") as fh:
        text = pdf_text(fh.read())
    assert "（一）听取和审查上届支部委员会工作报告；（二）通过选举办法" in text
    assert "一、听取" not in text
