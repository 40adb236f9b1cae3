"""Committee size (R3) and the differential between candidates and seats (R6)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ._checks import require_int
from .problems import Code, Problem
from .rules import COMMITTEE_SEATS_FLOOR, DEFAULT_RULES, RuleSet

#: A branch needs this many full members to exist at all (R3).
MIN_BRANCH_FULL_MEMBERS = 3
#: From this many full members a branch elects a committee; below it, only a secretary (R3).
COMMITTEE_FULL_MEMBERS = 7
#: Committees above this size draw a warning (R3).
USUAL_MAX_COMMITTEE_SEATS = 5


@dataclass(frozen=True)
class SeatLimits:
    """The sizes a body elected by a meeting may have.

    Attributes:
        usual: the sizes the regulations name as usual; a size outside them draws a warning.
        hard_max: the largest size allowed at all; a larger one is refused.
        floor: the smallest size allowed at all (a committee is never below 3, R13).
    """

    usual: range
    hard_max: int
    floor: int = COMMITTEE_SEATS_FLOOR


#: The bodies a renewal elects (the organisation's committee by kind, and the discipline
#: inspection commission) and their sizes, by the regulations' usual figures.
SEAT_LIMITS: dict[str, SeatLimits] = {
    "branch": SeatLimits(range(3, 6), 7),
    "general_branch": SeatLimits(range(5, 8), 9),
    "committee": SeatLimits(range(5, 10), 11),
    "commission": SeatLimits(range(3, 6), 7),
}


def seat_limits(body: str) -> SeatLimits:
    """The usual sizes and the hard maximum of ``body``: ``"branch"`` (支部委员会),
    ``"general_branch"`` (总支部委员会), ``"committee"`` (基层委员会, 党委) or ``"commission"``
    (纪律检查委员会).

    R3 and the regulations: a branch committee 3 to 5 (at most 7); a general branch committee 5
    to 7 (at most 9); a base committee 5 to 9 (warning above 9, refusal above 11); a discipline
    inspection commission 3 to 5 (at most 7).
    """
    try:
        return SEAT_LIMITS[body]
    except KeyError:
        known = "、".join(SEAT_LIMITS)
        raise ValueError(f"未知的委员会 {body!r}；可选：{known}") from None


def seat_warnings(body: str, seats: int) -> list[Problem]:
    """Warnings for ``body`` with ``seats`` members: outside the usual sizes, or an even number.

    A size below the floor or above the hard maximum is refused with ``ValueError``.
    """
    require_int("委员名额", seats, 1)
    limits = seat_limits(body)
    if not limits.floor <= seats <= limits.hard_max:
        raise ValueError(f"委员名额应为{limits.floor}至{limits.hard_max}名，而不是{seats}名")
    warnings: list[Problem] = []
    if seats > limits.usual[-1]:
        above = {"seats": seats, "usual": limits.usual[-1]}
        warnings.append(Problem(Code.SEATS_ABOVE_USUAL, above, "R3", "seats"))
    elif seats < limits.usual.start:
        below = {"seats": seats, "usual": limits.usual.start}
        warnings.append(Problem(Code.SEATS_BELOW_USUAL, below, "R3", "seats"))
    if seats % 2 == 0:
        warnings.append(Problem(Code.SEATS_EVEN, {"seats": seats}, "R3", "seats"))
    return warnings


def committee_seats(full_members: int, rules: RuleSet = DEFAULT_RULES) -> range | None:
    """The committee sizes a branch may elect, or ``None`` when it elects only a secretary.

    R3: F ≥ 7: the branch elects a committee of 3 to 5 seats (the upper bound is the profile's
    ``max_committee_seats``, at most 7). F < 7: no committee; the members' meeting elects a
    secretary (and optionally a deputy) directly. A branch needs at least 3 full members.
    """
    require_int("正式党员人数", full_members, 0)
    if full_members < MIN_BRANCH_FULL_MEMBERS:
        raise ValueError(
            f"正式党员{full_members}人，不足{MIN_BRANCH_FULL_MEMBERS}人，不能成立党支部"
        )
    if full_members < COMMITTEE_FULL_MEMBERS:
        return None
    return range(COMMITTEE_SEATS_FLOOR, rules.max_committee_seats + 1)


def committee_seat_warnings(seats: int, rules: RuleSet = DEFAULT_RULES) -> list[Problem]:
    """Warnings for a committee of ``seats`` members; empty when the size is the usual kind.

    R3: hard limits 3 to 7 (and the profile's ``max_committee_seats``); above 5 is a warning, an
    even number is a warning. A size outside the limits is an error, not a warning.
    """
    require_int("委员名额", seats, 1)
    allowed = range(COMMITTEE_SEATS_FLOOR, rules.max_committee_seats + 1)
    if seats not in allowed:
        raise ValueError(f"支部委员会委员名额应为{allowed.start}至{allowed[-1]}名，而不是{seats}名")
    warnings: list[Problem] = []
    if seats > USUAL_MAX_COMMITTEE_SEATS:
        warnings.append(
            Problem(
                Code.SEATS_ABOVE_USUAL,
                {"seats": seats, "usual": USUAL_MAX_COMMITTEE_SEATS},
                "R3",
                "seats",
            )
        )
    if seats % 2 == 0:
        warnings.append(Problem(Code.SEATS_EVEN, {"seats": seats}, "R3", "seats"))
    return warnings


def min_candidates(seats: int, rules: RuleSet = DEFAULT_RULES) -> int:
    """The fewest candidates for ``seats`` seats in a competitive election (R6).

    R6: candidates C for S seats: ``C >= S + ceil(S/5)`` (the 20% margin rounded up); the ratio
    may be raised by setting, never lowered. S=3 → 4, S=5 → 6, S=6 → 8.
    """
    require_int("应选名额", seats, 1)
    return seats + math.ceil(seats * rules.differential_margin)


def differential_ok(candidates: int, seats: int, rules: RuleSet = DEFAULT_RULES) -> bool:
    """Whether ``candidates`` candidates satisfy the differential for ``seats`` seats (R6)."""
    require_int("候选人数", candidates, 0)
    return candidates >= min_candidates(seats, rules)
