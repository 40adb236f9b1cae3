"""Ballot marks (R8) and validity (R9)."""

from __future__ import annotations

import pytest

from elections.domain import Ballot, Mark, ballot_is_valid

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
    ("marks", "write_ins"),
    [
        ({"A": "maybe"}, ()),
        ({"": Mark.YES}, ()),
        ({"A": Mark.NO}, ("",)),
        ({"A": Mark.NO}, "B"),
        ([("A", Mark.YES)], ()),
    ],
    ids=["unknown mark", "empty name", "empty write-in", "write-ins as a string", "not a mapping"],
)
def test_malformed_ballot_is_refused(marks: object, write_ins: object) -> None:
    """A ballot's data must say which mark each named candidate got."""
    with pytest.raises(ValueError):  # noqa: PT011 - several distinct messages
        Ballot(marks, write_ins)  # type: ignore[arg-type]


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
