"""Quorum (R5) and the majority that elects (R11), in integer arithmetic only."""

from __future__ import annotations

from ._checks import require_int
from .rules import DEFAULT_RULES, RuleSet


def check_attendance(*, expected: int, present: int) -> None:
    """Raise ``ValueError`` unless ``0 <= present <= expected`` and ``expected >= 1``."""
    require_int("应到会人数", expected, 1)
    require_int("实到会人数", present, 0)
    if present > expected:
        raise ValueError(
            f"实到会有选举权的人数（{present}）不能多于应到会人数（{expected}）；"
            "请核对到会登记，预备党员不计入实到会人数"
        )


def quorum_met(*, expected: int, present: int, rules: RuleSet = DEFAULT_RULES) -> bool:
    """Whether a meeting with ``present`` of ``expected`` voting members may elect (R5).

    R5: default (strict): the meeting may elect only when ``5*P > 4*E``. Setting ``lenient``:
    ``5*P >= 4*E``. Integer arithmetic only.
    """
    check_attendance(expected=expected, present=present)
    if rules.quorum == "lenient":
        return 5 * present >= 4 * expected
    return 5 * present > 4 * expected


def plenary_quorum_met(*, committee: int, present: int, rules: RuleSet = DEFAULT_RULES) -> bool:
    """Whether the new committee's first plenary may elect the secretary and deputy (R15).

    R15: "E is the number of committee members, the quorum follows R5 with that E (common method
    texts: "出席委员人数超过应到会委员的五分之四"), setting ``plenary_quorum`` ``same``|``half``".
    ``rules.plenary_quorum == "same"`` (the default): :func:`quorum_met` with E = ``committee``
    (strict or lenient as ``rules.quorum`` says); ``"half"``: more than half of the committee
    present, ``2*P > E``. ``present`` counts the committee members present. A plenary without a
    committee elected yet never has a quorum.
    """
    if not isinstance(rules, RuleSet):
        raise ValueError(f"rules 必须是 RuleSet 规则设置，而不是 {rules!r}")
    require_int("委员人数", committee, 0)
    if committee == 0:
        require_int("到会委员人数", present, 0, 0)
        return False
    check_attendance(expected=committee, present=present)
    if rules.plenary_quorum == "half":
        return 2 * present > committee
    return quorum_met(expected=committee, present=present, rules=rules)


def plenary_min_present(committee: int, rules: RuleSet = DEFAULT_RULES) -> int:
    """The fewest committee members present for which :func:`plenary_quorum_met` holds (R15).

    A committee of 5: strict 5, lenient 4, half 3; of 3: strict 3, lenient 3, half 2.
    """
    require_int("委员人数", committee, 1)
    if rules.plenary_quorum == "half":
        return committee // 2 + 1
    return min_present(committee, rules)


def min_present(expected: int, rules: RuleSet = DEFAULT_RULES) -> int:
    """The fewest voting members present for which :func:`quorum_met` holds (R5).

    E=10: strict 9, lenient 8; E=12: both 10; E=5: strict 5, lenient 4.
    """
    require_int("应到会人数", expected, 1)
    if rules.quorum == "lenient":
        return -(-4 * expected // 5)
    return 4 * expected // 5 + 1


def majority_threshold(base: int) -> int:
    """The fewest yes votes ``v`` with ``2*v > base`` (R11: exactly half is not enough)."""
    require_int("计票基数", base, 0)
    return base // 2 + 1


def majority_base(*, expected: int, present: int, rules: RuleSet = DEFAULT_RULES) -> int:
    """D of R11: voting members present by default, the expected attendance by setting."""
    check_attendance(expected=expected, present=present)
    return expected if rules.majority_base == "expected" else present
