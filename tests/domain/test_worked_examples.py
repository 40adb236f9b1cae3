"""Every worked example of domain-rules §4, one test each."""

from __future__ import annotations

from datetime import date

import pytest

from elections.domain import (
    ExclusionReason,
    RightsStatus,
    RuleSet,
    ballot_is_valid,
    count_round,
    differential_ok,
    expected_attendance,
    min_candidates,
    min_present,
    present_voters,
    quorum_met,
)

from .factories import ON, ballot, ballots_with_counts, full, probationary

LENIENT = RuleSet(quorum="lenient")


@pytest.mark.parametrize(
    ("expected", "strict", "lenient"),
    [(10, 9, 8), (12, 10, 10), (5, 5, 4)],
)
def test_quorum_examples(expected: int, strict: int, lenient: int) -> None:
    """§4: "Quorum, E=10: strict needs P ≥ 9, lenient P ≥ 8. E=12: both need 10. E=5: strict 5,
    lenient 4." (R5: strict ``5*P > 4*E``, lenient ``5*P >= 4*E``.)"""
    assert min_present(expected) == strict
    assert min_present(expected, LENIENT) == lenient
    assert quorum_met(expected=expected, present=strict)
    assert not quorum_met(expected=expected, present=strict - 1)
    assert quorum_met(expected=expected, present=lenient, rules=LENIENT)
    assert not quorum_met(expected=expected, present=lenient - 1, rules=LENIENT)


def _roll_of_32(*, abroad_approved: tuple[bool, bool]) -> list:
    abroad = [
        full(exclusion=ExclusionReason.ABROAD_SELF_FUNDED, exclusion_approved=approved)
        for approved in abroad_approved
    ]
    roll = [
        probationary(),
        probationary(),
        full(rights=RightsStatus.PARTY_PROBATION, party_probation_until=date(2026, 1, 1)),
        full(rights=RightsStatus.ARRESTED),
        *abroad,
    ]
    roll += [full() for _ in range(32 - len(roll))]
    assert len(roll) == 32
    return roll


def test_expected_attendance_roll_of_32() -> None:
    """§4: "E from a roll of 32: 2 probationary, 1 under 留党察看, 1 arrested, 2 approved abroad
    ≥ 6 months → E = 26." (R4: start from the members with voting rights; remove those approved
    for exclusion.)"""
    assert expected_attendance(_roll_of_32(abroad_approved=(True, True)), on=ON) == 26


def test_expected_attendance_unapproved_exclusion_still_counts() -> None:
    """§4: "if one of the two abroad lacks approval → E = 27." (R4: each exclusion needs ... the
    superior's approval ...; every other absentee still counts in E.)"""
    assert expected_attendance(_roll_of_32(abroad_approved=(True, False)), on=ON) == 27


@pytest.mark.parametrize(
    ("seats", "needed", "rejected"),
    [(3, 4, 3), (5, 6, 5), (7, 9, 8)],
)
def test_differential_examples(seats: int, needed: int, rejected: int) -> None:
    """§4: "Differential: S=3 → 4 candidates; S=5 → 6; S=7 → 9 (8 rejected)." (R6:
    ``C >= S + ceil(S/5)``.)"""
    assert min_candidates(seats) == needed
    assert differential_ok(needed, seats)
    assert not differential_ok(rejected, seats)


def test_tie_across_last_seat_goes_to_revote() -> None:
    """§4: "S=3, P=20: A 18, B 15, C 12, D 12 → A, B elected; C and D re-vote for the third
    seat." (R12: people tied across the last seat go to a re-vote among the tied only, for the
    seats still open.)"""
    counts = {"A": 18, "B": 15, "C": 12, "D": 12}
    outcome = count_round(
        candidates=list(counts),
        seats=3,
        issued=20,
        ballots=ballots_with_counts(counts, voters=20, seats=3),
        present=20,
        expected=20,
    )
    assert outcome.elected == ("A", "B")
    assert outcome.runoff == ("C", "D")
    assert outcome.runoff_seats == 1
    assert outcome.unfilled == 0


def test_tie_below_threshold_needs_no_revote() -> None:
    """§4: "S=3, P=20: A 18, B 12, C 12, D 9 → A, B, C elected; no re-vote." (R11: elected when
    ``2*yes > D``; R12 applies only if more people pass R11 than there are seats.)"""
    counts = {"A": 18, "B": 12, "C": 12, "D": 9}
    outcome = count_round(
        candidates=list(counts),
        seats=3,
        issued=20,
        ballots=ballots_with_counts(counts, voters=20, seats=3),
        present=20,
        expected=20,
    )
    assert outcome.elected == ("A", "B", "C")
    assert outcome.runoff == ()
    assert outcome.unfilled == 0


def test_exactly_half_is_not_elected() -> None:
    """§4: "P=10: 5 yes is not elected." (R11: exactly half is not enough.)"""
    counts = {"A": 5, "B": 6}
    outcome = count_round(
        candidates=["A", "B"],
        seats=2,
        issued=10,
        ballots=ballots_with_counts(counts, voters=10, seats=2),
        present=10,
        expected=10,
    )
    assert outcome.threshold == 6
    assert outcome.elected == ("B",)
    assert outcome.unfilled == 1


@pytest.mark.parametrize(
    ("paper", "valid"),
    [
        (ballot(yes=["A", "B", "C"], no=["D"], write_ins=["X"]), False),
        (ballot(yes=["A", "B"], no=["D"], write_ins=["X"]), True),
        (ballot(), True),
    ],
    ids=["3 yes + 1 write-in", "2 yes + 1 write-in", "blank"],
)
def test_ballot_validity_examples(paper, valid: bool) -> None:
    """§4: "S=3: a ballot with 3 yes and 1 write-in is invalid; 2 yes and 1 write-in is valid; a
    blank ballot is valid." (R9: a ballot is invalid when yes marks + write-ins exceed the seats
    S. A blank ballot is valid.)"""
    assert ballot_is_valid(paper, seats=3) is valid


def test_more_ballots_returned_than_issued_voids_round() -> None:
    """§4: "20 ballots issued, 21 returned: the round is void." (R9: if more ballots are returned
    than were issued, the whole round is void and is held again.)"""
    outcome = count_round(
        candidates=["A", "B", "C", "D"],
        seats=3,
        issued=20,
        ballots=[ballot(yes=["A"]) for _ in range(21)],
        present=20,
        expected=20,
    )
    assert outcome.void
    assert outcome.elected == ()
    assert outcome.runoff == ()
    assert outcome.returned == 21


def test_probationary_members_present_do_not_count() -> None:
    """§4: "25 people present, 3 of them probationary: P = 22." (R1: probationary members ... are
    never counted as present voters.)"""
    attendees = [full() for _ in range(22)] + [probationary() for _ in range(3)]
    assert present_voters(attendees, on=ON) == 22
