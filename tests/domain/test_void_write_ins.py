"""Write-ins that do not count are kept and reported, never dropped (R8, R9)."""

from __future__ import annotations

import pytest

from elections.domain import (
    RoundResult,
    count_round,
    count_totals,
    void_write_ins,
    write_in_verdicts,
)

from .factories import ballot

NAMES = ["甲", "乙", "丙"]
ROLL = {"丁", "戊"}


def test_a_write_in_of_somebody_off_the_roll_is_void_and_the_rest_of_the_paper_stands():
    paper = ballot(yes=["甲"], no=["乙"], write_ins=["王大锤"])
    assert void_write_ins(paper, candidates=NAMES, eligible=ROLL) == ("王大锤",)
    outcome = count_round(
        candidates=NAMES, seats=3, issued=3, present=3, expected=3,
        ballots=[paper, ballot(yes=["甲"], no=["乙"], write_ins=["丁"])], eligible=ROLL,
    )  # fmt: skip
    assert outcome.valid == 2
    assert outcome.yes == {"甲": 2, "乙": 0, "丙": 0, "丁": 1}
    assert outcome.void_write_ins == {"王大锤": 1}


def test_more_write_ins_than_no_marks_void_the_extra_ones_in_paper_order():
    paper = ballot(yes=["甲"], no=["乙"], write_ins=["丁", "戊"])
    assert void_write_ins(paper, candidates=NAMES, eligible=ROLL) == ("戊",)
    beside_a_yes = ballot(yes=["甲"], write_ins=["丁"])
    assert void_write_ins(beside_a_yes, candidates=NAMES, eligible=ROLL) == ("丁",)
    outcome = count_round(
        candidates=NAMES, seats=3, issued=2, present=3, expected=3,
        ballots=[paper, beside_a_yes], eligible=ROLL,
    )  # fmt: skip
    assert outcome.yes["丁"] == 1
    assert dict(outcome.void_write_ins) == {"丁": 1, "戊": 1}


def test_a_void_write_in_still_counts_as_a_choice_so_an_over_marked_paper_is_invalid():
    over = ballot(yes=["甲", "乙"], no=["丙"], write_ins=["王大锤", "丁"])
    assert void_write_ins(over, candidates=NAMES, eligible=ROLL) == ("王大锤", "丁")
    outcome = count_round(
        candidates=NAMES, seats=3, issued=1, present=3, expected=3, ballots=[over],
        eligible=ROLL,
    )  # fmt: skip
    # An invalid ballot counts for nobody, so it has no void marks either: it is one 废票.
    assert (outcome.valid, outcome.invalid, dict(outcome.void_write_ins)) == (0, 1, {})


def test_totals_carry_void_write_ins_which_count_as_choices():
    outcome = count_totals(
        candidates=["甲"], seats=1, issued=2, returned=2, invalid=0,
        yes={"甲": 1}, no={"甲": 1}, abstain={"甲": 0}, write_ins={}, void_write_ins={"王大锤": 1},
        present=2, expected=2,
    )  # fmt: skip
    assert outcome.void_write_ins == {"王大锤": 1}
    with pytest.raises(ValueError, match="超过有效票数"):
        count_totals(
            candidates=["甲"], seats=1, issued=2, returned=2, invalid=0,
            yes={"甲": 2}, no={"甲": 0}, abstain={"甲": 0}, void_write_ins={"王大锤": 1},
            present=2, expected=2,
        )  # fmt: skip


def test_void_write_ins_are_stored_and_read_back_and_absent_when_there_are_none():
    paper = ballot(yes=["甲"], no=["乙"], write_ins=["王大锤"])
    outcome = count_round(
        candidates=NAMES, seats=3, issued=1, present=3, expected=3, ballots=[paper],
        eligible=ROLL,
    )  # fmt: skip
    result = RoundResult.from_outcome(outcome, no={}, abstain={}, write_in_members={})
    stored = result.to_json()
    assert stored["void_write_ins"] == [["王大锤", 1]]
    assert RoundResult.from_json(stored).void_write_ins == {"王大锤": 1}
    clean = count_round(
        candidates=NAMES, seats=3, issued=1, present=3, expected=3, ballots=[ballot(["甲"])],
        eligible=ROLL,
    )  # fmt: skip
    plain = RoundResult.from_outcome(clean, no={}, abstain={}, write_in_members={})
    assert "void_write_ins" not in plain.to_json()


def test_each_write_in_is_judged_in_its_place_on_the_paper():
    paper = ballot(no=["甲", "乙", "丙"], write_ins=["丁", "王大锤", "丁"])
    assert write_in_verdicts(paper, candidates=NAMES, eligible=ROLL) == (True, False, False)
    assert void_write_ins(paper, candidates=NAMES, eligible=ROLL) == ("王大锤", "丁")
    listed = ballot(no=["甲"], write_ins=["乙"])
    assert write_in_verdicts(listed, candidates=NAMES, eligible=ROLL) == (False,)
