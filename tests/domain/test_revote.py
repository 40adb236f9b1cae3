"""R12: the re-vote among people tied across the last seat elects the most voted, whether or not
they exceed half; a new tie across the last seat re-votes again."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elections.domain import RoundResult, count_totals

from .factories import ballots_with_counts, count_papers

TIED = ["A", "B", "C"]


@pytest.mark.parametrize(
    ("counts", "seats", "elected", "runoff"),
    [
        ({"A": 8, "B": 5, "C": 2}, 1, ("A",), ()),  # 8 of 20 is not half: elected all the same
        ({"A": 8, "B": 8, "C": 2}, 1, (), ("A", "B")),  # tied again: another re-vote
        ({"A": 8, "B": 6, "C": 6}, 2, ("A",), ("B", "C")),
        ({"A": 3, "B": 2, "C": 1}, 2, ("A", "B"), ()),
    ],
)
def test_the_revote_elects_the_most_voted_without_a_threshold(counts, seats, elected, runoff):
    papers = ballots_with_counts(counts, voters=20, seats=seats)
    outcome = count_papers(papers, candidates=TIED, seats=seats, revote=True)
    assert (outcome.elected, outcome.runoff, outcome.unfilled) == (elected, runoff, 0)
    assert (outcome.revote, outcome.threshold, outcome.readings_differ) == (True, 0, False)
    # The same papers in an ordinary round: nobody below half is elected (R11, R13).
    ordinary = count_papers(papers, candidates=TIED, seats=seats)
    assert all(2 * counts[name] > 20 for name in ordinary.elected)


def test_totals_count_a_revote_too_and_the_reading_is_stored():
    outcome = count_totals(
        candidates=["A", "B"], seats=1, issued=20, returned=20, invalid=0,
        yes={"A": 9, "B": 7}, no={"A": 7, "B": 9}, abstain={"A": 4, "B": 4},
        present=20, expected=20, revote=True,
    )  # fmt: skip
    assert outcome.elected == ("A",)
    result = RoundResult.from_outcome(outcome, no={}, abstain={}, write_in_members={})
    assert result.to_json()["revote"] is True
    assert RoundResult.from_json(result.to_json()).revote
    plain = count_totals(
        candidates=["A"], seats=1, issued=3, returned=3, invalid=0,
        yes={"A": 2}, no={"A": 1}, abstain={"A": 0}, present=3, expected=3,
    )  # fmt: skip
    ordinary = RoundResult.from_outcome(plain, no={}, abstain={}, write_in_members={})
    assert "revote" not in ordinary.to_json()


def test_revote_must_be_a_bool():
    with pytest.raises(ValueError, match="revote"):
        count_papers([], candidates=TIED, seats=1, present=1, revote="yes")


@settings(max_examples=200, deadline=None)
@given(
    votes=st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=5),
    seats=st.integers(min_value=1, max_value=4),
)
def test_a_revote_fills_exactly_the_open_seats_unless_tied_again(votes, seats):
    names = [chr(ord("A") + i) for i in range(len(votes))]
    seats = min(seats, len(names) - 1)
    counts = dict(zip(names, votes, strict=True))
    voters = max(30, sum(votes))
    outcome = count_papers(
        ballots_with_counts(counts, voters=voters, seats=seats),
        candidates=names, seats=seats, revote=True,
    )  # fmt: skip
    assert outcome.unfilled == 0
    if outcome.runoff:
        # Tied again across the last seat: those above the tie are elected, the tied re-vote.
        assert len(outcome.elected) + outcome.runoff_seats == seats
        assert len(outcome.runoff) > outcome.runoff_seats
        assert len({counts[name] for name in outcome.runoff}) == 1
    else:
        assert len(outcome.elected) == seats
        least = min(counts[name] for name in outcome.elected)
        assert all(counts[n] <= least for n in names if n not in outcome.elected)
