"""A counted round as the app keeps it: RoundResult and its JSON (``Round.outcome``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from elections.domain import RoundResult

from .factories import ballot, ballots_with_counts, count_papers

#: An outcome exactly as rounds closed before RoundResult existed stored it (a tie across the
#: last seat, a write-in whose member is known).
STORED: dict[str, Any] = {
    "void": False,
    "returned": 8,
    "valid": 7,
    "invalid": 1,
    "yes": [["王芳", 7], ["刘洋", 6], ["李明", 6], ["张三", 5], ["赵磊", 1]],
    "no": {"刘洋": 1, "张三": 1},
    "abstain": {"李明": 1, "张三": 1},
    "base": "present",
    "base_size": 8,
    "threshold": 5,
    "elected": ["王芳", "刘洋"],
    "runoff": ["李明"],
    "runoff_seats": 1,
    "unfilled": 0,
    "readings_differ": False,
    "write_in_members": {"赵磊": 42},
}


def test_a_stored_outcome_reads_back_typed_and_writes_back_the_same_json() -> None:
    """Rounds closed before the type existed keep loading; ``to_json`` stores the same shape,
    key for key, with the yes votes still in ballot order then write-ins."""
    result = RoundResult.from_json(STORED)
    assert list(result.yes.items()) == [
        ("王芳", 7), ("刘洋", 6), ("李明", 6), ("张三", 5), ("赵磊", 1),
    ]  # fmt: skip
    assert result.no == {"刘洋": 1, "张三": 1}
    assert result.abstain == {"李明": 1, "张三": 1}
    assert result.elected == ("王芳", "刘洋")
    assert result.runoff == ("李明",)
    assert (result.runoff_seats, result.unfilled, result.threshold) == (1, 0, 5)
    assert result.write_in_members == {"赵磊": 42}
    assert result.to_json() == STORED
    assert list(result.to_json()) == list(STORED)


def test_json_round_trip_through_the_database_encoding() -> None:
    """What ``to_json`` gives survives ``json.dumps``/``loads`` (the JSONField) unchanged."""
    outcome = count_papers(
        [*ballots_with_counts({"A": 9, "B": 8, "C": 3}, voters=10, seats=3),
         ballot(no=["D"], write_ins=["E"])],
        seats=3,
    )  # fmt: skip
    result = RoundResult.from_outcome(
        outcome, no={"D": 1}, abstain={"A": 2}, write_in_members={"E": None}
    )
    stored = json.loads(json.dumps(result.to_json()))
    again = RoundResult.from_json(stored)
    assert again == result
    assert list(again.yes) == ["A", "B", "C", "D", "E"]
    assert again.write_in_members == {"E": None}
    assert again.to_json() == stored


def test_from_outcome_takes_the_decision_of_the_count() -> None:
    """R11/R12: the elected, the re-vote and the seats left are the count's, not recomputed."""
    outcome = count_papers(
        ballots_with_counts({"A": 18, "B": 15, "C": 12, "D": 12}, voters=20, seats=3)
    )
    result = RoundResult.from_outcome(outcome, no={}, abstain={}, write_in_members={})
    assert (result.elected, result.runoff, result.runoff_seats) == (("A", "B"), ("C", "D"), 1)
    assert (result.base, result.base_size, result.threshold) == ("present", 20, 11)
    assert dict(result.yes) == dict(outcome.yes)


def test_a_void_round_round_trips() -> None:
    """R9: more ballots returned than issued voids the round; every seat stays open."""
    outcome = count_papers(ballots_with_counts({"A": 5}, voters=6, seats=3), issued=5)
    result = RoundResult.from_outcome(outcome, no={}, abstain={}, write_in_members={})
    assert result.void
    assert result.unfilled == 3
    assert RoundResult.from_json(result.to_json()) == result


def test_from_json_is_tolerant_of_missing_details() -> None:
    """Hand-written or older JSON: no marks, no re-vote, no write-ins, yes as a mapping."""
    result = RoundResult.from_json(
        {"returned": 5, "valid": 5, "invalid": 0, "yes": {"王芳": 4}, "base": "present",
         "base_size": 5, "threshold": 3, "elected": ["王芳"]}
    )  # fmt: skip
    assert not result.void
    assert result.no == {}
    assert result.abstain == {}
    assert result.runoff == ()
    assert (result.runoff_seats, result.unfilled) == (0, 0)
    assert not result.readings_differ
    assert result.write_in_members == {}
    assert result.to_json()["yes"] == [["王芳", 4]]


@pytest.mark.parametrize("key", ["returned", "valid", "invalid", "yes", "base", "threshold"])
def test_from_json_refuses_an_outcome_without_its_figures(key: str) -> None:
    data = {k: v for k, v in STORED.items() if k != key}
    with pytest.raises(ValueError, match=key):
        RoundResult.from_json(data)


def test_a_result_cannot_be_changed() -> None:
    """What a closed round decided stays as counted: the type is frozen, its maps read-only."""
    result = RoundResult.from_json(STORED)
    with pytest.raises(AttributeError):
        result.elected = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.yes["王芳"] = 8  # type: ignore[index]
