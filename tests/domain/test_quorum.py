"""Quorum (R5) and the majority threshold (R11)."""

from __future__ import annotations

import pytest

from elections.domain import (
    RuleSet,
    majority_base,
    majority_threshold,
    min_present,
    plenary_min_present,
    plenary_quorum_met,
    quorum_met,
)

STRICT = RuleSet()
LENIENT = RuleSet(quorum="lenient")
HALF = RuleSet(plenary_quorum="half")


@pytest.mark.parametrize(
    ("expected", "present", "strict", "lenient"),
    [
        (10, 10, True, True),
        (10, 9, True, True),
        (10, 8, False, True),
        (10, 7, False, False),
        (5, 5, True, True),
        (5, 4, False, True),
        (5, 3, False, False),
        (12, 10, True, True),
        (12, 9, False, False),
        (1, 1, True, True),
        (1, 0, False, False),
        (26, 21, True, True),
        (26, 20, False, False),
        (100, 81, True, True),
        (100, 80, False, True),
        (100, 79, False, False),
    ],
)
def test_quorum_met(expected: int, present: int, strict: bool, lenient: bool) -> None:
    """R5: "Default (strict): the meeting may elect only when 5*P > 4*E. Setting lenient:
    5*P >= 4*E. Integer arithmetic only." """
    assert quorum_met(expected=expected, present=present, rules=STRICT) is strict
    assert quorum_met(expected=expected, present=present, rules=LENIENT) is lenient


@pytest.mark.parametrize(
    ("expected", "strict", "lenient"),
    [(1, 1, 1), (2, 2, 2), (3, 3, 3), (4, 4, 4), (5, 5, 4), (10, 9, 8), (12, 10, 10), (15, 13, 12)],
)
def test_min_present(expected: int, strict: int, lenient: int) -> None:
    """R5: the least P with ``5*P > 4*E`` (strict) or ``5*P >= 4*E`` (lenient)."""
    assert min_present(expected, STRICT) == strict
    assert min_present(expected, LENIENT) == lenient


@pytest.mark.parametrize(
    ("expected", "present"),
    [(10, 11), (10, -1), (0, 0), (-5, 0)],
)
def test_impossible_attendance_is_refused(expected: int, present: int) -> None:
    """Issue 3: "Inputs that cannot be right (present > expected, negative numbers ...) raise
    ValueError with a message a user can act on." """
    with pytest.raises(ValueError, match="到会人数"):
        quorum_met(expected=expected, present=present)


@pytest.mark.parametrize(("base", "threshold"), [(0, 1), (1, 1), (2, 2), (9, 5), (10, 6), (20, 11)])
def test_majority_threshold(base: int, threshold: int) -> None:
    """R11: "A candidate (or write-in) is elected when 2*yes > D ... Exactly half is not
    enough." """
    assert majority_threshold(base) == threshold
    assert 2 * threshold > base
    assert not 2 * (threshold - 1) > base


def test_majority_base_setting() -> None:
    """R11: "D defaults to the voting members present P; setting expected uses E." """
    assert majority_base(expected=30, present=25) == 25
    assert majority_base(expected=30, present=25, rules=RuleSet(majority_base="expected")) == 30


@pytest.mark.parametrize(
    ("committee", "present", "same", "same_lenient", "half"),
    [
        (5, 5, True, True, True),
        (5, 4, False, True, True),
        (5, 3, False, False, True),
        (5, 2, False, False, False),
        (3, 3, True, True, True),
        (3, 2, False, False, True),
        (4, 2, False, False, False),
        (7, 6, True, True, True),
        (7, 5, False, False, True),
        (7, 4, False, False, True),
        (0, 0, False, False, False),
    ],
)
def test_plenary_quorum(
    committee: int, present: int, same: bool, same_lenient: bool, half: bool
) -> None:
    """R15: at the first plenary "E is the number of committee members, the quorum follows R5
    with that E (common method texts: 出席委员人数超过应到会委员的五分之四), setting
    plenary_quorum same|half". "half": more than half of the committee; exactly half is not
    enough. No committee, no plenary quorum."""
    assert plenary_quorum_met(committee=committee, present=present) is same
    assert plenary_quorum_met(committee=committee, present=present, rules=STRICT) is same
    assert plenary_quorum_met(committee=committee, present=present, rules=LENIENT) is same_lenient
    assert plenary_quorum_met(committee=committee, present=present, rules=HALF) is half
    lenient_half = RuleSet(quorum="lenient", plenary_quorum="half")
    assert plenary_quorum_met(committee=committee, present=present, rules=lenient_half) is half


@pytest.mark.parametrize(
    ("committee", "strict", "lenient", "half"),
    [(5, 5, 4, 3), (3, 3, 3, 2), (4, 4, 4, 3), (7, 6, 6, 4), (1, 1, 1, 1)],
)
def test_plenary_min_present(committee: int, strict: int, lenient: int, half: int) -> None:
    """R15: the fewest committee members present for the plenary to elect. Strict: more than 4/5
    of the committee ("出席委员人数超过应到会委员的五分之四"); lenient: not fewer than 4/5;
    plenary_quorum "half": more than half."""
    assert plenary_min_present(committee, STRICT) == strict
    assert plenary_min_present(committee, LENIENT) == lenient
    assert plenary_min_present(committee, HALF) == half
    for rules, least in ((STRICT, strict), (LENIENT, lenient), (HALF, half)):
        assert plenary_quorum_met(committee=committee, present=least, rules=rules)
        assert not plenary_quorum_met(committee=committee, present=least - 1, rules=rules)


def test_plenary_quorum_is_a_rule_setting() -> None:
    """R15 setting plenary_quorum same|half; the default is same."""
    assert RuleSet().plenary_quorum == "same"
    with pytest.raises(ValueError, match="plenary_quorum"):
        RuleSet(plenary_quorum="quarter")


@pytest.mark.parametrize(
    ("committee", "present", "setting"),
    [(5, 6, "half"), (5, -1, "same"), (0, 1, "half"), (-1, 0, "half")],
)
def test_impossible_plenary_figures_are_refused(committee: int, present: int, setting: str) -> None:
    """More members present than the committee has, or negative counts."""
    rules = RuleSet(plenary_quorum=setting)
    with pytest.raises(ValueError, match=r"人数"):
        plenary_quorum_met(committee=committee, present=present, rules=rules)
