"""Delaying or bringing forward a renewal (domain-rules §1): "a delay or an early renewal needs
superior approval and is at most 1 year"."""

from __future__ import annotations

from datetime import date

import pytest

from elections.domain import Code, renewal_shift_problems

TERM_END = date(2026, 3, 31)
TODAY = date(2026, 1, 10)


def codes(**kw) -> list[Code]:
    args = {"term_end": TERM_END, "due": TERM_END, "on": TODAY} | kw
    return [p.code for p in renewal_shift_problems(**args)]


@pytest.mark.parametrize(
    ("delay", "new", "expected"),
    [
        # A delay moves later, at most a year after the term's end (that day itself allowed).
        (True, date(2026, 9, 30), []),
        (True, date(2027, 3, 31), []),
        (True, date(2027, 4, 1), [Code.SHIFT_OVER_LIMIT]),
        (True, TERM_END, [Code.SHIFT_NOT_LATER]),
        (True, date(2026, 2, 1), [Code.SHIFT_NOT_LATER]),
        # An early renewal moves earlier, but not to a day already past.
        (False, date(2026, 2, 1), []),
        (False, TODAY, []),
        (False, date(2026, 1, 9), [Code.SHIFT_IN_PAST]),
        (False, TERM_END, [Code.SHIFT_NOT_EARLIER]),
        (False, date(2026, 6, 1), [Code.SHIFT_NOT_EARLIER]),
    ],
)
def test_direction_past_and_one_year(delay: bool, new: date, expected: list[Code]) -> None:
    assert codes(delay=delay, new=new) == expected


def test_an_early_renewal_of_more_than_a_year_is_refused() -> None:
    """A term ending in two years cannot be renewed now: more than a year early."""
    end = date(2028, 1, 31)
    assert codes(delay=False, new=date(2026, 6, 1), term_end=end, due=end) == [
        Code.SHIFT_OVER_LIMIT
    ]
    assert codes(delay=False, new=date(2027, 1, 31), term_end=end, due=end) == []


def test_a_second_delay_counts_the_year_from_the_term_end_not_from_the_first_delay() -> None:
    """Two approved delays together stay within a year of the term's end."""
    moved = date(2026, 12, 31)
    assert codes(delay=True, new=date(2027, 3, 31), due=moved) == []
    assert codes(delay=True, new=date(2027, 6, 30), due=moved) == [Code.SHIFT_OVER_LIMIT]
    assert codes(delay=True, new=date(2026, 10, 1), due=moved) == [Code.SHIFT_NOT_LATER]


def test_an_overdue_branch_may_ask_for_a_delay_only_to_a_day_not_past() -> None:
    today = date(2026, 6, 1)
    assert codes(delay=True, new=date(2026, 5, 1), on=today) == [Code.SHIFT_IN_PAST]
    assert codes(delay=True, new=date(2026, 7, 1), on=today) == []


def test_problems_belong_to_the_new_date_field() -> None:
    found = renewal_shift_problems(
        delay=True, term_end=TERM_END, due=TERM_END, new=date(2025, 1, 1), on=TODAY
    )
    assert {p.field for p in found} == {"new_date"}
    assert {p.rule for p in found} == {"§1"}
    assert dict(found[0].params) == {"until": TERM_END}
