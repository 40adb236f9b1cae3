"""The delegates' congress (党员代表大会): allotting delegates, the congress quorum, and the
differential of each electing unit's delegate election (issue 15).

A base committee with a large or scattered membership may, with the superior's approval, renew by a
congress of delegates instead of a members' meeting. The superior approves how many delegates there
are and how they are allotted to the electing units (branches or general branches), in proportion
to members with a minimum per unit; each unit elects its delegates competitively (R6); the congress
may elect only when more than four fifths of the delegates are present.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, Protocol, TypeVar

from ._checks import require_int
from .rules import DEFAULT_RULES, RuleSet
from .sizing import min_candidates


class _Orderable(Hashable, Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


K = TypeVar("K", bound=_Orderable)


def allot_delegates(members: Mapping[K, int], *, total: int, minimum: int = 1) -> dict[K, int]:
    """Share ``total`` delegates among the electing units in proportion to their members.

    ``members`` maps each electing unit's key to its member count. Every unit first gets
    ``minimum`` delegates; the rest is shared by the largest-remainder method: each unit gets the
    whole part of its quota ``rest * members / all members``, and the seats still open go to the
    largest remainders. Equal remainders go to the unit with more members first, then to the
    smaller key. The result has the keys of ``members`` in the same order and sums to ``total``.

    Raises ``ValueError`` when there is no unit, when a member count is not a positive integer,
    when ``minimum`` is negative, or when ``total < minimum * len(members)``.
    """
    require_int("每个选举单位的最少代表名额", minimum, 0)
    require_int("代表总名额", total, 0)
    if not members:
        raise ValueError("没有选举单位，无法分配代表名额")
    for key, count in members.items():
        require_int(f"选举单位 {key} 的党员人数", count, 1)
    floor_total = minimum * len(members)
    if total < floor_total:
        raise ValueError(
            f"代表总名额{total}名不足以让{len(members)}个选举单位各分得{minimum}名"
            f"（至少需要{floor_total}名）"
        )
    rest = total - floor_total
    whole = sum(members.values())
    # The quota of each unit is rest * count / whole; with one denominator the remainders compare
    # as integers, so no fraction is ever rounded.
    shares = {key: divmod(rest * count, whole) for key, count in members.items()}
    allotted = {key: minimum + share[0] for key, share in shares.items()}
    open_seats = rest - sum(share[0] for share in shares.values())
    ranked = sorted(members, key=lambda key: (-shares[key][1], -members[key], key))
    for key in ranked[:open_seats]:
        allotted[key] += 1
    return allotted


def congress_quorum_met(*, delegates: int, present: int) -> bool:
    """Whether a congress with ``present`` of ``delegates`` delegates may elect.

    Issue 15: "the congress is valid when more than 4/5 of the delegates are present", i.e.
    ``5*P > 4*E`` with E the delegates whose credentials were confirmed and P those of them signed
    in. Integer arithmetic only; a congress without delegates never has a quorum.
    """
    require_int("代表人数", delegates, 0)
    require_int("到会代表人数", present, 0)
    if present > delegates:
        raise ValueError(f"到会代表人数（{present}）不能多于代表人数（{delegates}）")
    return delegates > 0 and 5 * present > 4 * delegates


def congress_min_present(delegates: int) -> int:
    """The fewest delegates present for which :func:`congress_quorum_met` holds.

    100 delegates: 81; 10: 9; 5: 5.
    """
    require_int("代表人数", delegates, 1)
    return 4 * delegates // 5 + 1


def delegate_min_candidates(seats: int, rules: RuleSet = DEFAULT_RULES) -> int:
    """The fewest candidates for a unit electing ``seats`` delegates (R6 applied to delegates).

    Issue 15: "each unit's members' meeting elects its delegates by differential ballot (≥ 20%
    more candidates)"; R6 rounds the margin up: 3 delegates → 4 candidates, 5 → 6, 6 → 8, 10 → 12.
    """
    return min_candidates(seats, rules)


def delegate_differential_ok(candidates: int, seats: int, rules: RuleSet = DEFAULT_RULES) -> bool:
    """Whether ``candidates`` candidates satisfy the differential for ``seats`` delegates."""
    require_int("代表候选人数", candidates, 0)
    return candidates >= delegate_min_candidates(seats, rules)


def work_report_adopted(*, present: int, yes: int, no: int, abstain: int) -> bool:
    """Whether the congress adopted a work report (of the committee or of the commission).

    Issue 15: "the work reports of the committee and the commission are adopted by vote"; a
    resolution of the congress passes with more than half of the delegates present voting for it
    (``2*yes > present``), as an election does (R11). Every vote cast is counted once: ``yes +
    no + abstain`` may not exceed the delegates present.
    """
    require_int("到会代表人数", present, 1)
    for label, value in (("赞成票", yes), ("反对票", no), ("弃权票", abstain)):
        require_int(label, value, 0)
    if yes + no + abstain > present:
        raise ValueError(f"赞成、反对、弃权合计{yes + no + abstain}票，多于到会代表{present}名")
    return 2 * yes > present
