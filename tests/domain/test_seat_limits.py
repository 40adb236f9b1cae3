"""Sizes of the bodies a members' meeting elects: branch, general branch and base committees, and
the discipline inspection commission."""

from __future__ import annotations

import pytest

from elections.domain import Code, committee_seats, seat_limits, seat_warnings


@pytest.mark.parametrize(
    ("body", "usual", "hard_max"),
    [
        ("branch", range(3, 6), 7),
        ("general_branch", range(5, 8), 9),
        ("committee", range(5, 10), 11),
        ("commission", range(3, 6), 7),
    ],
)
def test_seat_limits(body: str, usual: range, hard_max: int) -> None:
    """R3 and the regulations: a branch committee 3 to 5 (at most 7); a general branch committee
    "5–7 members, at most 9"; a base committee "5–9 members (warning above 9, refusal above 11)";
    the discipline inspection commission "usually 3–5 members"."""
    limits = seat_limits(body)
    assert limits.usual == usual
    assert limits.hard_max == hard_max


def test_unknown_body_is_refused() -> None:
    with pytest.raises(ValueError, match="未知的委员会"):
        seat_limits("standing_committee")


@pytest.mark.parametrize(
    ("body", "seats", "codes"),
    [
        ("committee", 5, []),
        ("committee", 9, []),
        ("committee", 7, []),
        ("committee", 10, [Code.SEATS_ABOVE_USUAL, Code.SEATS_EVEN]),
        ("committee", 11, [Code.SEATS_ABOVE_USUAL]),
        ("committee", 3, [Code.SEATS_BELOW_USUAL]),
        ("general_branch", 7, []),
        ("general_branch", 9, [Code.SEATS_ABOVE_USUAL]),
        ("general_branch", 6, [Code.SEATS_EVEN]),
        ("commission", 3, []),
        ("commission", 7, [Code.SEATS_ABOVE_USUAL]),
        ("branch", 5, []),
        ("branch", 4, [Code.SEATS_EVEN]),
    ],
)
def test_seat_warnings(body: str, seats: int, codes: list[Code]) -> None:
    """A base committee: "warning above 9"; a size outside the usual range or an even one draws a
    warning, never a refusal, while it is within the hard limits."""
    assert [p.code for p in seat_warnings(body, seats)] == codes


@pytest.mark.parametrize(
    ("body", "seats"),
    [("committee", 12), ("general_branch", 10), ("commission", 8), ("branch", 8), ("committee", 2)],
)
def test_seats_beyond_the_hard_limits_are_refused(body: str, seats: int) -> None:
    """A base committee: "refusal above 11"; no body is smaller than 3."""
    with pytest.raises(ValueError, match="委员名额应为3至"):
        seat_warnings(body, seats)


def test_committee_seats_of_a_branch_unchanged() -> None:
    """`committee_seats(full)` stays as it is: F ≥ 7 elects 3 to 5, fewer only a secretary."""
    assert committee_seats(7) == range(3, 6)
    assert committee_seats(6) is None
