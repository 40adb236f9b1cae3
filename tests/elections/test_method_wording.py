"""The election method prints the quorum and majority of the renewal's own rule profile, for the
members' meeting and the first plenary (issue 11 items 9 and 10), read from the PDF as text."""

from __future__ import annotations

import pytest

from elections import demo
from elections.documents import build_pdf
from elections.models import DocumentKind
from tests.pdf_text import pdftotext


def _method(renewal) -> str:
    return "".join(pdftotext(build_pdf(renewal, DocumentKind.METHOD)).split())


def _profile(renewal, **settings) -> None:
    renewal.rules = {**renewal.rules, **settings}
    renewal.save(update_fields=["rules"])


def test_the_method_words_the_default_profile(voting):
    text = _method(voting)
    assert "到会有选举权的党员超过应到会人数的五分之四，即不少于8名" in text
    assert "赞成票超过实到会有选举权的党员人数的半数" in text
    # R15: the plenary's quorum is R5 with the committee as E; it used to say nothing at all.
    assert "第一次全体会议出席委员超过应到会委员的五分之四，方可进行选举" in text
    assert "赞成票超过实到会委员人数的半数" in text


def test_the_method_words_a_lenient_profile_counting_the_expected(voting):
    _profile(voting, quorum="lenient", majority_base="expected")
    text = _method(voting)
    assert "到会有选举权的党员不少于应到会人数的五分之四，即不少于8名" in text
    assert "赞成票超过应到会有选举权的党员人数的半数" in text
    assert "第一次全体会议出席委员不少于应到会委员的五分之四，方可进行选举" in text
    assert "赞成票超过应到会委员人数的半数" in text
    assert "超过应到会人数的五分之四" not in text


@pytest.mark.parametrize("quorum", ["strict", "lenient"])
def test_the_method_words_a_plenary_of_more_than_half(voting, quorum):
    _profile(voting, quorum=quorum, plenary_quorum="half")
    text = _method(voting)
    assert "第一次全体会议出席委员超过应到会委员的半数，方可进行选举" in text
    assert "委员会第一次全体会议到会要求：超过委员人数的半数" in text  # a setting off the default


@pytest.mark.parametrize(
    ("changes", "wording"),
    [
        ({}, "出席委员超过应到会委员的五分之四，符合规定"),
        ({"quorum": "lenient"}, "出席委员不少于应到会委员的五分之四，符合规定"),
        ({"plenary_quorum": "half"}, "出席委员超过应到会委员的半数，符合规定"),
    ],
)
def test_the_result_report_words_the_plenary_quorum_of_the_profile(users, voting, changes, wording):
    _profile(voting, **changes)
    demo.prepare_meeting(voting, actor=users["secretary"])
    renewal = demo.hold_meeting(voting, actor=users["secretary"])
    text = "".join(pdftotext(build_pdf(renewal, DocumentKind.RESULT_REPORT)).split())
    assert f"应到会委员5名，实到会委员5名，{wording}" in text
