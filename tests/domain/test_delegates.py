"""The delegates' congress (issue 15): allotting delegates, the congress quorum, and the
differential of the delegate elections."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elections.domain import (
    RuleSet,
    allot_delegates,
    congress_min_present,
    congress_quorum_met,
    delegate_differential_ok,
    delegate_min_candidates,
)


@pytest.mark.parametrize(
    ("members", "total", "minimum", "allotted"),
    [
        # 7 shared: quotas 3.5, 2.1, 1.4; the open seat goes to the largest remainder.
        ({"a": 50, "b": 30, "c": 20}, 10, 1, {"a": 5, "b": 3, "c": 2}),
        # 20 shared over 310 members: whole parts 7, 5, 3, 2, 0; remainders .74 .48 .87 .13 .77.
        (
            {"a": 120, "b": 85, "c": 60, "d": 33, "e": 12},
            30,
            2,
            {"a": 10, "b": 7, "c": 6, "d": 4, "e": 3},
        ),
        # Equal remainders and equal members: key order decides.
        ({"b": 10, "a": 10}, 3, 1, {"b": 1, "a": 2}),
        # Equal remainders (2/4 each): more members first, before key order.
        ({"a": 1, "b": 3}, 4, 1, {"a": 1, "b": 3}),
        ({"a": 1, "b": 3}, 2, 0, {"a": 0, "b": 2}),
        # Only the minimum: nothing left to share.
        ({"a": 100, "b": 1}, 2, 1, {"a": 1, "b": 1}),
        ({"a": 100, "b": 1}, 6, 2, {"a": 4, "b": 2}),
        ({"a": 5}, 7, 1, {"a": 7}),
        ({"a": 5, "b": 5}, 0, 0, {"a": 0, "b": 0}),
        # Integer keys (organisation ids) work as well as strings.
        ({3: 40, 1: 40, 2: 20}, 4, 1, {3: 1, 1: 2, 2: 1}),
    ],
)
def test_allot_delegates(
    members: dict[object, int], total: int, minimum: int, allotted: dict[object, int]
) -> None:
    """Issue 15: "each unit gets ``minimum``, the rest is shared in proportion to members by the
    largest-remainder method (ties: more members first, then key order); returns a dict summing
    to ``total``"."""
    result = allot_delegates(members, total=total, minimum=minimum)
    assert result == allotted
    assert list(result) == list(members)
    assert sum(result.values()) == total


def test_allot_delegates_default_minimum_is_one() -> None:
    """Issue 15: ``allot_delegates(members, *, total, minimum=1)``: a tiny unit still sends one."""
    assert allot_delegates({"大": 998, "小": 2}, total=10) == {"大": 9, "小": 1}


@pytest.mark.parametrize(
    ("members", "total", "minimum", "message"),
    [
        ({"a": 10, "b": 10, "c": 10}, 5, 2, "至少需要6名"),
        ({"a": 10, "b": 10}, 1, 1, "至少需要2名"),
        ({"a": 10, "b": 0}, 5, 1, "选举单位 b 的党员人数应为不小于1"),
        ({"a": 10, "b": -3}, 5, 1, "选举单位 b 的党员人数应为不小于1"),
        ({"a": 10, "b": 2.5}, 5, 1, "必须是整数"),
        ({"a": 10, "b": True}, 5, 1, "必须是整数"),
        ({"a": 10, "b": "7"}, 5, 1, "必须是整数"),
        ({}, 5, 1, "没有选举单位"),
        ({"a": 10}, 5, -1, "最少代表名额"),
        ({"a": 10}, -1, 0, "代表总名额"),
        ({"a": 10}, 5.0, 0, "代表总名额"),
    ],
)
def test_allot_delegates_refuses(
    members: dict[str, object], total: object, minimum: object, message: str
) -> None:
    """Issue 15: "``ValueError`` when ``total < minimum * len(members)`` or a count is not a
    positive integer"."""
    with pytest.raises(ValueError, match=message):
        allot_delegates(members, total=total, minimum=minimum)  # type: ignore[arg-type]


unit_members = st.dictionaries(
    st.text(alphabet="abcdefgh", min_size=1, max_size=3),
    st.integers(min_value=1, max_value=2000),
    min_size=1,
    max_size=12,
)


@st.composite
def allotments(draw: st.DrawFn) -> tuple[dict[str, int], int, int]:
    members = draw(unit_members)
    minimum = draw(st.integers(min_value=0, max_value=3))
    total = draw(st.integers(min_value=minimum * len(members), max_value=400))
    return members, total, minimum


@given(allotments())
def test_allotment_sums_to_total_and_respects_the_minimum(
    case: tuple[dict[str, int], int, int],
) -> None:
    """Issue 15: the allotment "sums to the total, every unit ≥ minimum"; and each unit gets the
    whole part of its quota or one more (the largest-remainder method never strays further)."""
    members, total, minimum = case
    result = allot_delegates(members, total=total, minimum=minimum)
    assert list(result) == list(members)
    assert sum(result.values()) == total
    rest, whole = total - minimum * len(members), sum(members.values())
    for key, count in members.items():
        quota = Fraction(rest * count, whole)
        assert result[key] >= minimum
        assert minimum + int(quota) <= result[key] <= minimum + int(quota) + 1


@given(allotments(), st.data())
def test_allotment_is_monotone_in_members(
    case: tuple[dict[str, int], int, int], data: st.DataObject
) -> None:
    """Issue 15: "monotone in members": when one unit gains members and nothing else changes, it
    never loses a delegate."""
    members, total, minimum = case
    grown_key = data.draw(st.sampled_from(sorted(members)))
    grown = dict(members)
    grown[grown_key] += data.draw(st.integers(min_value=1, max_value=500))
    before = allot_delegates(members, total=total, minimum=minimum)
    after = allot_delegates(grown, total=total, minimum=minimum)
    assert after[grown_key] >= before[grown_key]


@given(allotments())
def test_more_members_never_fewer_delegates(case: tuple[dict[str, int], int, int]) -> None:
    """Within one allotment a larger unit never gets fewer delegates than a smaller one."""
    members, total, minimum = case
    result = allot_delegates(members, total=total, minimum=minimum)
    for key, count in members.items():
        for other, other_count in members.items():
            if count > other_count:
                assert result[key] >= result[other]


@given(allotments())
def test_allotment_ignores_the_order_of_the_mapping(case: tuple[dict[str, int], int, int]) -> None:
    """Ties fall to key order, not to the order the units were listed in."""
    members, total, minimum = case
    backwards = dict(reversed(list(members.items())))
    assert allot_delegates(backwards, total=total, minimum=minimum) == allot_delegates(
        members, total=total, minimum=minimum
    )


@pytest.mark.parametrize(
    ("delegates", "present", "valid"),
    [
        (100, 100, True),
        (100, 81, True),
        (100, 80, False),
        (10, 9, True),
        (10, 8, False),
        (5, 5, True),
        (5, 4, False),
        (12, 10, True),
        (12, 9, False),
        (1, 1, True),
        (1, 0, False),
        (0, 0, False),
    ],
)
def test_congress_quorum(delegates: int, present: int, valid: bool) -> None:
    """Issue 15: "the congress is valid when more than 4/5 of the delegates are present"
    (``5*P > 4*E`` of delegates), never the lenient reading."""
    assert congress_quorum_met(delegates=delegates, present=present) is valid


@pytest.mark.parametrize(("delegates", "present"), [(10, 11), (-1, 0), (10, -1)])
def test_congress_quorum_refuses_impossible_figures(delegates: int, present: int) -> None:
    """More delegates present than there are, or negative counts, are input errors."""
    with pytest.raises(ValueError, match="代表人数"):
        congress_quorum_met(delegates=delegates, present=present)


@given(st.integers(min_value=1, max_value=3000))
def test_congress_min_present_is_the_threshold(delegates: int) -> None:
    """The least number present for which the congress may elect."""
    least = congress_min_present(delegates)
    assert congress_quorum_met(delegates=delegates, present=least)
    assert not congress_quorum_met(delegates=delegates, present=least - 1)


@pytest.mark.parametrize(
    ("seats", "candidates"), [(1, 2), (2, 3), (3, 4), (5, 6), (6, 8), (10, 12), (11, 14)]
)
def test_delegate_differential(seats: int, candidates: int) -> None:
    """Issue 15: "each unit's members' meeting elects its delegates by differential ballot (≥ 20%
    more candidates)"; R6: "C >= S + ceil(S/5) (the 20% margin rounded up)"."""
    assert delegate_min_candidates(seats) == candidates
    assert delegate_differential_ok(candidates, seats)
    assert not delegate_differential_ok(candidates - 1, seats)


def test_delegate_differential_follows_a_raised_margin() -> None:
    """R6: "The ratio may be raised by setting, never lowered": a quarter more for 10 delegates."""
    rules = RuleSet(differential_margin=Fraction(1, 4))
    assert delegate_min_candidates(10, rules) == 13
    assert not delegate_differential_ok(12, 10, rules)
