"""Counting a round: malformed and differently spelt inputs (issue 3: "Inputs that cannot be
right ... raise ValueError with a message a user can act on")."""

from __future__ import annotations

import pytest

from .factories import CANDIDATES, ballot, ballots_with_counts, count_papers


def test_unknown_candidate_is_refused() -> None:
    """Issue 3: "a ballot marking an unknown candidate" raises ValueError."""
    with pytest.raises(ValueError, match=r"第2张选票.*不在候选人名单中的人：E"):
        count_papers([ballot(yes=["A"]), ballot(yes=["E"])], present=2)
    with pytest.raises(ValueError, match="不在候选人名单中"):
        count_papers([ballot(no=["E"])], present=1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"present": 21, "expected": 20}, "不能多于应到会人数"),
        ({"present": -1, "expected": 20, "issued": 0}, "实到会人数"),
        ({"present": 20, "expected": 20, "issued": -1}, "发出选票数"),
        ({"present": 20, "expected": 20, "seats": 0}, "应选名额"),
        ({"present": 20, "expected": 20, "issued": 21}, "每人只领一张选票"),
        ({"present": 16, "expected": 20}, "至少需要17人"),
        ({"present": 20, "expected": 20, "candidates": ["A", "A"]}, "重复姓名：A"),
        ({"present": 20, "expected": 20, "candidates": "AB"}, "序列"),
        ({"present": 20, "expected": 20, "candidates": ["A", " "]}, "不能为空"),
    ],
)
def test_impossible_inputs_are_refused(kwargs: dict, message: str) -> None:
    """Issue 3: "Inputs that cannot be right (present > expected, negative numbers, seats < 1 ...)
    raise ValueError with a message a user can act on." R5: no quorum, no election."""
    with pytest.raises(ValueError, match=message):
        count_papers([], **kwargs)


def test_skipping_the_quorum_keeps_the_other_checks() -> None:
    """Without the quorum check, impossible attendance is still refused, and the switch itself
    must be a yes/no value."""
    with pytest.raises(ValueError, match="不能多于应到会人数"):
        count_papers([], present=6, expected=5, check_quorum=False)
    with pytest.raises(ValueError, match="每人只领一张选票"):
        count_papers([], present=3, expected=5, issued=4, check_quorum=False)
    with pytest.raises(ValueError, match="check_quorum必须是 True 或 False"):
        count_papers([], check_quorum="no")


@pytest.mark.parametrize(
    "spelling",
    ["张三", "张　三", "张 三", " 张三\t", "张\u3000\u3000三\n"],
    ids=["plain", "full-width space", "ascii space", "padded", "two full-width spaces"],
)
def test_write_in_spellings_are_one_person(spelling: str) -> None:
    """R8 counts write-ins by the person named: a name padded with a full-width space (U+3000)
    or typed with a stray space is the same person."""
    papers = [ballot(no=["A"], write_ins=["张三"]), ballot(no=["B"], write_ins=[spelling])]
    outcome = count_papers(papers, present=2, eligible={"张 三"})
    assert outcome.yes["张三"] == 2
    assert [name for name in outcome.yes if name not in CANDIDATES] == ["张三"]


def test_write_in_of_a_listed_candidate_in_another_spelling_is_void() -> None:
    """R8: write-ins name "another eligible person"; "王 芳" written in is the listed candidate
    王芳, so the mark is void rather than a second count for the same person."""
    papers = [ballot(yes=["王芳"]), ballot(no=["王芳"], write_ins=["王 芳"])]
    outcome = count_papers(papers, seats=1, present=2, candidates=["王芳", "李明"])
    assert dict(outcome.yes) == {"王芳": 1, "李明": 0}
    assert outcome.unchecked_write_ins == ()


def test_candidate_names_are_normalised() -> None:
    """A roster that pads 王　芳 matches ballots that do not; the outcome uses the normalised
    name, and two spellings of one candidate are one name listed twice."""
    papers = [ballot(yes=["王芳"]), ballot(yes=["王 芳"])]
    outcome = count_papers(papers, seats=1, present=2, candidates=["王　芳", "李　明"])
    assert dict(outcome.yes) == {"王芳": 2, "李明": 0}
    assert outcome.elected == ("王芳",)
    with pytest.raises(ValueError, match="重复姓名：王芳"):
        count_papers([], present=2, candidates=["王芳", "王　芳"])


def test_ballots_may_be_any_iterable() -> None:
    """``ballots`` is read once, so a generator of ballots counts like a list."""
    papers = ballots_with_counts({"A": 15, "B": 12}, voters=20, seats=2)
    from_list = count_papers(papers, present=20)
    from_generator = count_papers(iter(papers), present=20)
    assert from_generator == from_list
    assert from_generator.returned == 20


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ballots": [{"A": "yes"}]}, "第1张选票不是 Ballot 对象，而是 dict"),
        ({"ballots": [ballot(), None]}, "第2张选票不是 Ballot 对象"),
        ({"ballots": ballot(yes=["A"])}, "ballots 应为 Ballot 对象的序列"),
        ({"ballots": None}, "ballots 应为 Ballot 对象的序列"),
        ({"candidates": [["A"], "B"]}, r"候选人姓名必须是文字，而不是 \['A'\]"),
        ({"candidates": ["A", 1]}, "候选人姓名必须是文字，而不是 1"),
        ({"candidates": {"A", "B"}}, "按选票顺序排列.*set"),
        ({"candidates": None}, "按选票顺序排列"),
        ({"eligible": "张三"}, "eligible 应为可被另选的姓名集合"),
        ({"eligible": [None]}, "可被另选的人姓名必须是文字"),
        ({"rules": None}, "rules 必须是 RuleSet"),
    ],
    ids=[
        "mapping instead of a ballot",
        "None among ballots",
        "a single ballot",
        "no ballots object",
        "unhashable candidate",
        "number as candidate",
        "candidates as a set",
        "no candidates object",
        "eligible as a string",
        "eligible with a non-name",
        "rules missing",
    ],
)
def test_malformed_arguments_are_refused(kwargs: dict, message: str) -> None:
    """Issue 3: inputs that cannot be right raise ValueError "with a message a user can act on",
    never AttributeError or TypeError."""
    papers = kwargs.pop("ballots", [])
    with pytest.raises(ValueError, match=message):
        count_papers(papers, present=20, **kwargs)
