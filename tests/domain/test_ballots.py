"""Ballot marks (R8) and validity (R9)."""

from __future__ import annotations

import pytest

from elections.domain import Ballot, Mark, ballot_is_valid, normalize_name

from .factories import ballot


def test_marks() -> None:
    """R8: "For each candidate a voter marks yes (赞成), no (不赞成) or abstain (弃权)." """
    assert [mark.value for mark in Mark] == ["yes", "no", "abstain"]
    assert [mark.label for mark in Mark] == ["赞成", "不赞成", "弃权"]


def test_missing_candidate_is_an_abstention() -> None:
    """R8: "a blank is an abstention": a candidate missing from the marks abstains."""
    paper = Ballot({"王": Mark.YES, "方": "abstain"})  # type: ignore[dict-item]
    assert paper.marks["方"] is Mark.ABSTAIN
    assert paper.yes_votes == ("王",)
    assert paper.no_count == 0
    assert "李" not in paper.marks


def test_ballot_is_frozen() -> None:
    """A ballot, once recorded, does not change."""
    paper = ballot(yes=["A"])
    with pytest.raises(AttributeError):
        paper.write_ins = ("B",)  # type: ignore[misc]
    with pytest.raises(TypeError):
        paper.marks["B"] = Mark.YES  # type: ignore[index]


@pytest.mark.parametrize(
    ("marks", "write_ins", "message"),
    [
        (
            {"A": "maybe"},
            (),
            r"A的标记 'maybe' 无效；应为 yes（赞成）、no（不赞成）、abstain（弃权）",
        ),
        ({"A": None}, (), "A的标记 None 无效"),
        ({"": Mark.YES}, (), "候选人姓名不能为空"),
        ({"\u3000": Mark.YES}, (), "候选人姓名不能为空"),
        ({1: Mark.YES}, (), "候选人姓名必须是文字，而不是 1"),
        ({"A": Mark.NO}, ("",), "另选他人姓名不能为空"),
        ({"A": Mark.NO}, (["B"],), r"另选他人姓名必须是文字，而不是 \['B'\]"),
        ({"A": Mark.NO}, "B", "另选他人应为姓名的序列"),
        ({"A": Mark.NO}, None, "另选他人应为姓名的序列.*而不是 None"),
        ({}, None, "另选他人应为姓名的序列"),
        ([("A", Mark.YES)], (), "选票的标记必须是 候选人 → 标记 的映射"),
        (None, (), "选票的标记必须是 候选人 → 标记 的映射，而不是 None"),
        ({"王芳": Mark.YES, "王　芳": Mark.NO}, (), "选票上王芳有两个标记"),
    ],
    ids=[
        "unknown mark",
        "no mark",
        "empty name",
        "name of spaces only",
        "number as name",
        "empty write-in",
        "unhashable write-in",
        "write-ins as a string",
        "write-ins None",
        "blank ballot with write-ins None",
        "not a mapping",
        "marks None",
        "two spellings of one candidate",
    ],
)
def test_malformed_ballot_is_refused(marks: object, write_ins: object, message: str) -> None:
    """A ballot's data must say which mark each named candidate got; anything else is refused
    with a ValueError that says what is wrong."""
    with pytest.raises(ValueError, match=message):
        Ballot(marks, write_ins)  # type: ignore[arg-type]


def test_names_are_normalised_once() -> None:
    """R8 counts marks and write-ins by person: whitespace (including the full-width U+3000 that
    pads two-character names) is removed and the text put in NFC, the same rule as the stroke
    order (R7)."""
    paper = Ballot({"王　芳": Mark.YES, " 李 明 ": Mark.NO}, ["张\u3000三", "e\u0301ric"])
    assert dict(paper.marks) == {"王芳": Mark.YES, "李明": Mark.NO}
    assert paper.write_ins == ("张三", "\u00e9ric")
    assert paper.yes_votes == ("王芳",)
    assert paper == Ballot({"王芳": Mark.YES, "李明": Mark.NO}, ("张三", "éric"))
    compatibility = Ballot({"\uf900": Mark.YES})  # CJK compatibility ideograph of 豈
    assert compatibility.yes_votes == ("\u8c48",)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("张三", "张三"),
        ("张　三", "张三"),
        ("\t张 三\r\n", "张三"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("e\u0301", "\u00e9"),
        ("e \u0301", "\u00e9"),
        ("\u3000", ""),
    ],
)
def test_normalize_name(raw: str, normal: str) -> None:
    """Names compare without whitespace, in NFC; normalising twice changes nothing."""
    assert normalize_name(raw) == normal
    assert normalize_name(normal) == normal


def test_write_ins_may_be_any_iterable() -> None:
    """Write-ins in paper order, from a list, tuple or generator, are stored as a tuple."""
    paper = Ballot({"A": Mark.NO}, (name for name in ["X", "Y"]))
    assert paper.write_ins == ("X", "Y")
    assert Ballot({"A": Mark.NO}, ["X"]).write_ins == ("X",)


@pytest.mark.parametrize(
    ("yes", "no", "write_ins", "seats", "valid"),
    [
        ([], [], [], 1, True),
        (["A"], [], [], 1, True),
        (["A", "B"], [], [], 1, False),
        ([], ["A"], ["X"], 1, True),
        (["B"], ["A"], ["X"], 1, False),
        (["A", "B", "C"], [], [], 3, True),
        (["A", "B", "C", "D"], [], [], 3, False),
        (["A", "B"], ["C", "D"], ["X"], 3, True),
        (["A", "B"], ["C", "D"], ["X", "Y"], 3, False),
        ([], ["A", "B", "C", "D", "E"], [], 3, True),
        ([], ["A", "B", "C", "D"], ["W", "X", "Y"], 3, True),
        ([], ["A", "B", "C", "D"], ["W", "X", "Y", "Z"], 3, False),
    ],
)
def test_ballot_validity(
    yes: list[str], no: list[str], write_ins: list[str], seats: int, valid: bool
) -> None:
    """R9: "A ballot is invalid when yes marks + write-ins exceed the seats S. A blank ballot is
    valid." No marks do not count towards S."""
    assert ballot_is_valid(ballot(yes, no, write_ins), seats=seats) is valid


def test_ballot_validity_needs_seats() -> None:
    """Seats are a positive integer."""
    with pytest.raises(ValueError, match="应选名额"):
        ballot_is_valid(ballot(), seats=0)
