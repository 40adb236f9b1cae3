"""Recommendation (R18)."""

from __future__ import annotations

import pytest

from elections.domain import (
    RuleSet,
    confidence_passed,
    preliminary_list,
    recommendation_valid,
)

TOP_3 = RuleSet(recommendation_top_n=3)
VILLAGE = RuleSet(confidence_vote=True)


@pytest.mark.parametrize(
    ("expected", "present", "valid"),
    [(20, 11, True), (20, 10, False), (21, 11, True), (21, 10, False), (1, 1, True), (3, 1, False)],
)
def test_recommendation_meeting_validity(expected: int, present: int, valid: bool) -> None:
    """R18: "Members' recommendation meeting valid when more than half of E attend." R5:
    "Recommendation meetings: valid when 2*P > E." """
    assert recommendation_valid(expected=expected, present=present) is valid


def test_recommendation_meeting_refuses_impossible_attendance() -> None:
    """Present cannot exceed expected."""
    with pytest.raises(ValueError, match="不能多于应到会人数"):
        recommendation_valid(expected=10, present=11)


def test_majority_of_ballots() -> None:
    """R18: "A nominee enters the preliminary list when recommended by more than half of the
    ballots"; exactly half is not enough."""
    votes = {"甲": 11, "乙": 10, "丙": 20, "丁": 0}
    outcome = preliminary_list(votes=votes, ballots=20)
    assert outcome.accepted == ("丙", "甲")
    assert outcome.tied == ()
    assert outcome.lacking_confidence == ()


@pytest.mark.parametrize(
    ("votes", "accepted", "tied", "places"),
    [
        ({"A": 9, "B": 8, "C": 7, "D": 6}, ("A", "B", "C"), (), 0),
        ({"A": 9, "B": 8, "C": 7, "D": 7}, ("A", "B"), ("C", "D"), 1),
        ({"A": 9, "B": 9, "C": 9, "D": 9}, (), ("A", "B", "C", "D"), 3),
        ({"A": 9, "B": 8}, ("A", "B"), (), 0),
        ({"A": 9, "B": 8, "C": 0}, ("A", "B"), (), 0),
        ({"A": 2, "B": 1, "C": 1, "D": 0}, ("A", "B", "C"), (), 0),
    ],
    ids=["clear", "tie for last place", "all tied", "fewer than N", "zero votes", "low votes"],
)
def test_top_n_setting(
    votes: dict[str, int], accepted: tuple[str, ...], tied: tuple[str, ...], places: int
) -> None:
    """R18: "(setting: top N ...)": the N nominees with the most recommendations enter; a tie
    across the last place is left to a decision. A nominee nobody recommended never enters."""
    outcome = preliminary_list(votes=votes, ballots=20, rules=TOP_3)
    assert outcome.accepted == accepted
    assert outcome.tied == tied
    assert outcome.tied_places == places


@pytest.mark.parametrize(
    ("votes", "voting", "passed"),
    [(15, 30, True), (14, 30, False), (16, 31, True), (15, 31, False), (0, 1, False), (1, 1, True)],
)
def test_confidence_vote(votes: int, voting: int, passed: bool) -> None:
    """R18: "village confidence vote: at least half of the representatives voting"; exactly half
    passes."""
    assert confidence_passed(votes=votes, voting=voting) is passed


def test_confidence_vote_setting() -> None:
    """R18 with the village setting: a nominee needs the recommendation majority and the
    representatives' confidence; without the setting the confidence vote is not asked for."""
    votes = {"甲": 15, "乙": 15, "丙": 5}
    confidence = {"甲": 20, "乙": 19, "丙": 40}
    outcome = preliminary_list(
        votes=votes, ballots=20, rules=VILLAGE, confidence=confidence, representatives_voting=40
    )
    assert outcome.accepted == ("甲",)
    assert outcome.lacking_confidence == ("乙",)
    assert preliminary_list(votes=votes, ballots=20).accepted == ("甲", "乙")


def test_confidence_vote_needs_its_figures() -> None:
    """With the village setting the confidence figures must be entered for every nominee."""
    with pytest.raises(ValueError, match="信任投票"):
        preliminary_list(votes={"甲": 15}, ballots=20, rules=VILLAGE)
    with pytest.raises(ValueError, match="缺少乙的信任投票结果"):
        preliminary_list(
            votes={"甲": 15, "乙": 3},
            ballots=20,
            rules=VILLAGE,
            confidence={"甲": 30},
            representatives_voting=40,
        )


@pytest.mark.parametrize(
    ("votes", "ballots"),
    [({"甲": 21}, 20), ({"甲": -1}, 20), ({"甲": 1}, -1)],
)
def test_impossible_tallies_are_refused(votes: dict[str, int], ballots: int) -> None:
    """A nominee cannot have more recommendations than ballots returned."""
    with pytest.raises(ValueError, match="推荐票"):
        preliminary_list(votes=votes, ballots=ballots)


def test_confidence_votes_cannot_exceed_voters() -> None:
    """More confidence votes than representatives voting is a counting error."""
    with pytest.raises(ValueError, match="信任票数"):
        confidence_passed(votes=31, voting=30)
