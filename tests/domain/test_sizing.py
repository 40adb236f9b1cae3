"""Committee size (R3) and the differential (R6)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from elections.domain import (
    Code,
    Problem,
    RuleSet,
    committee_seat_warnings,
    committee_seats,
    differential_ok,
    min_candidates,
)

WIDE = RuleSet(max_committee_seats=7)


@pytest.mark.parametrize(
    ("full_members", "seats"),
    [(3, None), (4, None), (6, None), (7, range(3, 6)), (8, range(3, 6)), (120, range(3, 6))],
)
def test_committee_seats(full_members: int, seats: range | None) -> None:
    """R3: "F ≥ 7: the branch elects a committee of 3 to 5 seats ... F < 7: no committee; the
    members' meeting elects a secretary (and optionally a deputy) directly." """
    assert committee_seats(full_members) == seats


def test_committee_seats_follow_the_profiles_maximum() -> None:
    """R3: "hard limits 3 to 7"; the profile's maximum widens the allowed sizes."""
    assert committee_seats(7, WIDE) == range(3, 8)
    assert committee_seats(7, RuleSet(max_committee_seats=3)) == range(3, 4)


@pytest.mark.parametrize("full_members", [0, 1, 2])
def test_branch_needs_three_full_members(full_members: int) -> None:
    """R3: "A branch needs at least 3 full members to exist at all." """
    with pytest.raises(ValueError, match="不足3人"):
        committee_seats(full_members)


@pytest.mark.parametrize("full_members", [-1, 7.0, True])
def test_committee_seats_refuses_bad_counts(full_members: object) -> None:
    """Counts are non-negative integers."""
    with pytest.raises(ValueError, match="正式党员人数"):
        committee_seats(full_members)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seats", "above_five", "even"),
    [(3, False, False), (4, False, True), (5, False, False), (6, True, True), (7, True, False)],
)
def test_committee_seat_warnings(seats: int, above_five: bool, even: bool) -> None:
    """R3: "above 5 is a warning, an even number is a warning"."""
    warnings = committee_seat_warnings(seats, WIDE)
    expected = []
    if above_five:
        expected.append(
            Problem(Code.SEATS_ABOVE_USUAL, {"seats": seats, "usual": 5}, "R3", "seats")
        )
    if even:
        expected.append(Problem(Code.SEATS_EVEN, {"seats": seats}, "R3", "seats"))
    assert warnings == expected


@pytest.mark.parametrize(("seats", "rules"), [(2, WIDE), (8, WIDE), (6, RuleSet()), (0, WIDE)])
def test_committee_seats_outside_limits_are_errors(seats: int, rules: RuleSet) -> None:
    """R3: "hard limits 3 to 7"; beyond the profile's maximum a size is refused, not warned."""
    with pytest.raises(ValueError, match="委员名额"):
        committee_seat_warnings(seats, rules)


@pytest.mark.parametrize(
    ("seats", "candidates"),
    [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 8), (7, 9), (10, 12), (11, 14)],
)
def test_min_candidates(seats: int, candidates: int) -> None:
    """R6: "Candidates C for S seats: C >= S + ceil(S/5) (the 20% margin rounded up). S=3 → 4,
    S=5 → 6, S=6 → 8. ... 'Seats + 1' is not the rule: it fails from S=6 up." """
    assert min_candidates(seats) == candidates


@pytest.mark.parametrize(
    ("margin", "seats", "candidates"),
    [
        (Fraction(1, 4), 3, 4),
        (Fraction(1, 4), 4, 5),
        (Fraction(1, 4), 5, 7),
        (Fraction(1, 3), 3, 4),
        (Fraction(1, 3), 4, 6),
        (Fraction(1, 2), 5, 8),
        (Fraction(1), 5, 10),
    ],
)
def test_min_candidates_with_raised_margin(margin: Fraction, seats: int, candidates: int) -> None:
    """R6: "The ratio may be raised by setting" - still rounded up."""
    assert min_candidates(seats, RuleSet(differential_margin=margin)) == candidates


@pytest.mark.parametrize(
    ("seats", "fewest"),
    [(1, 2), (3, 4), (5, 6), (6, 8), (7, 9)],
)
def test_differential_ok_boundaries(seats: int, fewest: int) -> None:
    """R6: ``C >= S + ceil(S/5)``: the fewest allowed passes, one fewer fails."""
    assert differential_ok(fewest, seats)
    assert differential_ok(fewest + 1, seats)
    assert not differential_ok(fewest - 1, seats)


def test_seats_plus_one_is_not_the_rule() -> None:
    """R6: "'Seats + 1' is not the rule: it fails from S=6 up." """
    assert all(differential_ok(seats + 1, seats) for seats in range(1, 6))
    assert not any(differential_ok(seats + 1, seats) for seats in range(6, 20))


@pytest.mark.parametrize("seats", [0, -3, True])
def test_min_candidates_refuses_bad_seats(seats: int) -> None:
    """Seats are a positive integer."""
    with pytest.raises(ValueError, match="应选名额"):
        min_candidates(seats)


def test_differential_ok_refuses_negative_candidates() -> None:
    """Candidates are a non-negative integer."""
    with pytest.raises(ValueError, match="候选人数"):
        differential_ok(-1, 3)
