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
