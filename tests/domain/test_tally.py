"""Counting a round (R8, R9, R11-R13)."""

from __future__ import annotations

import pytest

from elections.domain import RuleSet, seat_reduction_allowed

from .factories import CANDIDATES, ballot, ballots_with_counts, count_papers

EXPECTED_BASE = RuleSet(majority_base="expected")


@pytest.mark.parametrize(
    ("counts", "elected", "runoff", "runoff_seats", "unfilled"),
    [
        ({"A": 18, "B": 15, "C": 12, "D": 12}, ("A", "B"), ("C", "D"), 1, 0),
        ({"A": 18, "B": 12, "C": 12, "D": 9}, ("A", "B", "C"), (), 0, 0),
        ({"A": 18, "B": 15, "C": 14, "D": 12}, ("A", "B", "C"), (), 0, 0),
        ({"A": 12, "B": 12, "C": 12, "D": 12}, (), ("A", "B", "C", "D"), 3, 0),
        ({"A": 18, "B": 12, "C": 12, "D": 12}, ("A",), ("B", "C", "D"), 2, 0),
        ({"A": 18, "B": 11, "C": 10, "D": 10}, ("A", "B"), (), 0, 1),
        ({"A": 10, "B": 10, "C": 10, "D": 10}, (), (), 0, 3),
        ({"A": 11, "B": 20, "C": 0, "D": 11}, ("B", "A", "D"), (), 0, 0),
    ],
    ids=[
        "tie across last seat",
        "tie within seats",
        "clear result",
        "everybody tied",
        "three tied for two seats",
        "shortfall",
        "exactly half everywhere",
        "ties within seats keep ballot order",
    ],
)
def test_who_is_elected(
    counts: dict[str, int],
    elected: tuple[str, ...],
    runoff: tuple[str, ...],
    runoff_seats: int,
    unfilled: int,
) -> None:
    """R11: elected when ``2*yes > D``. R12: "If more people pass R11 than there are seats, rank
    by yes votes. People tied across the last seat go to a re-vote among the tied only, for the
    seats still open." R13: "If fewer pass R11 than there are seats, the remaining seats go to a
    supplementary election ... Nobody below the threshold is ever declared elected by ranking." """
    outcome = count_papers(ballots_with_counts(counts, voters=20, seats=3))
    assert outcome.threshold == 11
    assert outcome.elected == elected
    assert outcome.runoff == runoff
    assert outcome.runoff_seats == runoff_seats
    assert outcome.unfilled == unfilled
    assert dict(outcome.yes) == counts


def test_runoff_is_counted_as_another_round() -> None:
    """R12: "People tied across the last seat go to a re-vote among the tied only, for the seats
    still open; repeat while tied." The re-vote still needs the R11 majority."""
    tied_again = count_papers(
        ballots_with_counts({"C": 10, "D": 10}, voters=20, seats=1),
        seats=1,
        candidates=["C", "D"],
        eligible=(),
    )
    assert tied_again.elected == ()
    assert tied_again.unfilled == 1
    decided = count_papers(
        ballots_with_counts({"C": 11, "D": 9}, voters=20, seats=1),
        seats=1,
        candidates=["C", "D"],
        eligible=(),
    )
    assert decided.elected == ("C",)


def test_runoff_tie_repeats() -> None:
    """R12: "repeat while tied": a re-vote whose passing candidates tie again goes to another."""
    again = count_papers(
        ballots_with_counts({"B": 15, "C": 12, "D": 12}, voters=20, seats=2),
        seats=2,
        candidates=["B", "C", "D"],
        eligible=(),
    )
    assert again.elected == ("B",)
    assert again.runoff == ("C", "D")
    assert again.runoff_seats == 1


@pytest.mark.parametrize(
    ("a_votes", "present", "elected"),
    [(5, 10, False), (6, 10, True), (5, 9, True), (4, 9, False), (11, 21, True), (10, 21, False)],
)
def test_majority_boundaries(a_votes: int, present: int, elected: bool) -> None:
    """R11: "A candidate (or write-in) is elected when 2*yes > D. ... Exactly half is not
    enough." """
    papers = ballots_with_counts({"A": a_votes}, voters=present, seats=1)
    outcome = count_papers(papers, seats=1, candidates=["A", "B"])
    assert ("A" in outcome.elected) is elected


def test_majority_base_expected_setting() -> None:
    """R11: "D defaults to the voting members present P; setting expected uses E. ... When both
    readings give different results the result page says so." """
    papers = ballots_with_counts({"A": 14, "B": 13, "C": 12, "D": 5}, voters=23, seats=3)
    by_present = count_papers(papers, present=23, expected=26)
    by_expected = count_papers(papers, present=23, expected=26, rules=EXPECTED_BASE)
    assert (by_present.base, by_present.base_size, by_present.threshold) == ("present", 23, 12)
    assert (by_expected.base, by_expected.base_size, by_expected.threshold) == ("expected", 26, 14)
    assert by_present.elected == ("A", "B", "C")
    assert by_expected.elected == ("A",)
    assert by_expected.unfilled == 2
    assert by_present.readings_differ
    assert by_expected.readings_differ


def test_readings_agree() -> None:
    """R11: the result page mentions the other reading only when it would change the result."""
    papers = ballots_with_counts({"A": 20, "B": 19, "C": 18, "D": 2}, voters=23, seats=3)
    assert not count_papers(papers, present=23, expected=26).readings_differ
    assert not count_papers(papers, present=23, expected=23).readings_differ


def test_void_round() -> None:
    """R9: "If more ballots are returned than were issued, the whole round is void and is held
    again; fewer returned is fine." """
    papers = ballots_with_counts({"A": 20, "B": 20, "C": 20}, voters=20, seats=3)
    void = count_papers(papers, present=20, issued=19)
    assert void.void
    assert (void.valid, void.invalid) == (0, 0)
    assert void.elected == ()
    assert void.runoff == ()
    assert void.unfilled == 3
    assert set(void.yes.values()) == {0}
    fewer = count_papers(papers[:18], present=20, issued=20)
    assert not fewer.void
    assert fewer.returned == 18
    assert fewer.elected == ("A", "B", "C")


def test_invalid_ballots_are_not_counted() -> None:
    """R9: "A ballot is invalid when yes marks + write-ins exceed the seats S." Its marks count
    for nobody."""
    papers = [
        ballot(yes=["A", "B", "C", "D"]),
        ballot(yes=["A", "B", "C"], no=["D"], write_ins=["X"]),
        ballot(yes=["A"]),
        ballot(),
    ]
    outcome = count_papers(papers, present=4)
    assert (outcome.valid, outcome.invalid) == (2, 2)
    assert outcome.yes["A"] == 1
    assert outcome.yes["B"] == 0
    assert "X" not in outcome.yes


def test_write_ins_are_counted_by_name() -> None:
    """R8: "Only a voter who marked someone 'no' may write in another eligible person (另选他人),
    at most one write-in per 'no'." R11 applies to write-ins too."""
    papers = [ballot(yes=["A"], no=["B"], write_ins=["张三"]) for _ in range(6)]
    papers += [ballot(yes=["A", "B"]) for _ in range(4)]
    outcome = count_papers(papers, seats=2, candidates=["A", "B"])
    assert dict(outcome.yes) == {"A": 10, "B": 4, "张三": 6}
    assert outcome.elected == ("A", "张三")


@pytest.mark.parametrize(
    ("paper", "eligible", "counted"),
    [
        (ballot(no=["A"], write_ins=["X"]), None, {"X": 1}),
        (ballot(no=["A"], write_ins=["X"]), {"X"}, {"X": 1}),
        (ballot(no=["A"], write_ins=["X"]), {"Y"}, {}),
        (ballot(no=["A"], write_ins=["X"]), (), {}),
        (ballot(write_ins=["X"]), None, {}),
        (ballot(no=["A"], write_ins=["X", "Y"]), None, {"X": 1}),
        (ballot(no=["A", "B"], write_ins=["X", "Y"]), None, {"X": 1, "Y": 1}),
        (ballot(no=["A", "B"], write_ins=["X", "X"]), None, {"X": 1}),
        (ballot(no=["A"], write_ins=["B"]), None, {}),
        (ballot(no=["A", "B"], write_ins=["Z", "X"]), {"X"}, {"X": 1}),
    ],
    ids=[
        "write-in after a no",
        "eligible write-in",
        "ineligible write-in",
        "write-ins not allowed",
        "write-in without a no",
        "two write-ins, one no",
        "two write-ins, two nos",
        "same person twice",
        "write-in of a listed candidate",
        "ineligible beside eligible",
    ],
)
def test_void_write_ins(paper, eligible, counted: dict[str, int]) -> None:
    """R8: "Only a voter who marked someone 'no' may write in another eligible person, at most
    one write-in per 'no'. A write-in of an ineligible person is a void mark (the rest of the
    ballot stands)." """
    outcome = count_papers([paper, ballot(yes=["B"])], present=2, eligible=eligible)
    assert outcome.valid == 2
    assert {name: votes for name, votes in outcome.yes.items() if name not in CANDIDATES} == counted
    assert outcome.yes["B"] == 1


def test_write_ins_follow_candidates_in_stroke_order() -> None:
    """R17 lists the votes "of every candidate (elected or not) and of write-ins": candidates in
    ballot order, then write-ins in stroke order (R7)."""
    papers = [
        ballot(no=["A"], write_ins=["方"]),
        ballot(no=["A"], write_ins=["王"]),
        ballot(no=["A"], write_ins=["张"]),
        ballot(no=["A"], write_ins=["李"]),
    ]
    outcome = count_papers(papers, seats=1, candidates=["B", "A"])
    assert list(outcome.yes) == ["B", "A", "王", "方", "李", "张"]


def test_lenient_quorum_allows_counting() -> None:
    """R5: "Setting lenient: 5*P >= 4*E"."""
    papers = ballots_with_counts({"A": 16}, voters=16, seats=1)
    outcome = count_papers(
        papers, seats=1, present=16, expected=20, rules=RuleSet(quorum="lenient")
    )
    assert outcome.elected == ("A",)


def test_outcome_records_ballot_numbers() -> None:
    """R17: the report shows "ballots issued/returned/valid/invalid"."""
    papers = [ballot(yes=["A"]), ballot(yes=["A", "B", "C", "D"])]
    outcome = count_papers(papers, present=3, issued=3)
    assert (outcome.issued, outcome.returned, outcome.valid, outcome.invalid) == (3, 2, 1, 1)
    assert outcome.seats == 3


@pytest.mark.parametrize(
    ("elected", "seats", "agree", "voters", "allowed"),
    [
        (4, 5, 11, 20, True),
        (4, 5, 10, 20, False),
        (3, 5, 11, 20, True),
        (2, 5, 20, 20, False),
        (5, 5, 20, 20, False),
        (6, 7, 6, 11, True),
    ],
)
def test_seat_reduction(elected: int, seats: int, agree: int, voters: int, allowed: bool) -> None:
    """R13: "when the number elected is close to S and more than half of the voters agree, the
    meeting may reduce the seats, never below 3 for a committee." """
    assert (
        seat_reduction_allowed(elected=elected, seats=seats, agree=agree, voters=voters) is allowed
    )


def test_seat_reduction_refuses_impossible_votes() -> None:
    """More people cannot agree than there are voters."""
    with pytest.raises(ValueError, match="赞成人数"):
        seat_reduction_allowed(elected=4, seats=5, agree=21, voters=20)


def test_first_plenary_is_counted_without_the_members_quorum() -> None:
    """R15: the new committee's first plenary "elects the secretary and deputy, each round
    counted by R9-R13 with the committee as electorate". R5's 4/5 quorum is for the members'
    meeting, so ``check_quorum=False`` counts such a round; R11 still needs ``2*yes > D``."""
    committee = ["王芳", "李明", "张三", "陈四", "刘五"]
    secretary = ["王芳"]
    papers = [ballot(yes=["王芳"]), ballot(yes=["王芳"]), ballot(no=["王芳"])]
    with pytest.raises(ValueError, match="至少需要5人到会才能进行选举"):
        count_papers(papers, seats=1, candidates=secretary, present=3, expected=len(committee))
    outcome = count_papers(
        papers,
        seats=1,
        candidates=secretary,
        present=3,
        expected=len(committee),
        eligible=(),
        check_quorum=False,
    )
    assert outcome.elected == ("王芳",)
    assert (outcome.base_size, outcome.threshold) == (3, 2)
    by_expected = count_papers(
        papers,
        seats=1,
        candidates=secretary,
        present=3,
        expected=5,
        eligible=(),
        check_quorum=False,
        rules=EXPECTED_BASE,
    )
    assert by_expected.threshold == 3
    assert by_expected.elected == ()
    assert by_expected.unfilled == 1


def test_write_ins_without_an_eligibility_list_are_flagged() -> None:
    """R8: "A write-in of an ineligible person is a void mark." Without ``eligible`` nobody has
    checked, so the outcome lists the write-ins it counted unchecked, in the order of ``yes``."""
    papers = [
        ballot(no=["A"], write_ins=["张三"]),
        ballot(no=["A"], write_ins=["王五"]),
        ballot(no=["A"], write_ins=["王五"]),
        ballot(yes=["A", "B", "C"], no=["D"], write_ins=["李四"]),  # invalid: 4 choices
    ]
    unchecked = count_papers(papers, present=4)
    assert unchecked.unchecked_write_ins == ("王五", "张三")
    assert list(unchecked.yes)[len(CANDIDATES) :] == ["王五", "张三"]
    assert "李四" not in unchecked.unchecked_write_ins
    checked = count_papers(papers, present=4, eligible={"张三", "王五"})
    assert checked.unchecked_write_ins == ()
    assert checked.yes["王五"] == 2
    assert count_papers(papers, present=4, eligible=()).unchecked_write_ins == ()
    assert count_papers([ballot(yes=["A"])], present=4).unchecked_write_ins == ()
    void = count_papers(papers, present=4, issued=3)
    assert void.void
    assert void.unchecked_write_ins == ()
