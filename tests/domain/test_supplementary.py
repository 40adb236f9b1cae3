"""R13: the field of a supplementary election (另行选举), all the candidates not yet elected or the
top N by votes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elections.domain import supplementary_field

BALLOT = ("丁一", "王二", "李三", "张四", "赵五", "周六")


@pytest.mark.parametrize(
    ("yes", "elected", "seats", "top_n", "field"),
    [
        # All the candidates not yet elected, in ballot order.
        ({"丁一": 9, "王二": 8}, {"丁一", "王二"}, 1, None, ("李三", "张四", "赵五", "周六")),
        # 取前两名最高票者: the two with most votes among those not elected.
        ({"李三": 4, "张四": 2, "赵五": 5, "周六": 1}, {"丁一", "王二"}, 1, 2, ("李三", "赵五")),
        # Ballot order kept, whatever the ranking.
        ({"李三": 1, "张四": 2, "赵五": 5, "周六": 4}, {"丁一", "王二"}, 1, 2, ("赵五", "周六")),
        # A tie across the N-th place keeps everybody tied there: never separated by ranking.
        ({"李三": 4, "张四": 3, "赵五": 5, "周六": 3}, {"丁一", "王二"}, 1, 2, ("李三", "赵五")),
        (
            {"李三": 4, "张四": 3, "赵五": 5, "周六": 3},
            {"丁一", "王二"},
            2,
            3,
            ("李三", "张四", "赵五", "周六"),
        ),
        # Nobody recorded as having votes has none.
        ({"李三": 2}, {"丁一", "王二"}, 1, 1, ("李三",)),
        # N at least the field: everybody stands.
        ({"李三": 2}, {"丁一", "王二", "张四"}, 1, 5, ("李三", "赵五", "周六")),
        # Names compare normalised.
        ({"李　三": 2, "赵五": 1}, {"丁 一", "王二", "张四"}, 1, 1, ("李三",)),
    ],
)
def test_supplementary_field(yes, elected, seats, top_n, field) -> None:
    """R13: "the remaining seats go to a supplementary election among the candidates not yet
    elected; the meeting may narrow the field, e.g. to the top N by votes
    (取前两名最高票者进行第二次差额选举), and its choice is recorded"."""
    assert (
        supplementary_field(candidates=BALLOT, yes=yes, elected=elected, seats=seats, top_n=top_n)
        == field
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"top_n": 1, "seats": 2}, "少于应选的2名"),
        ({"top_n": 0}, "另行选举的候选人数"),
        ({"seats": 0}, "应选名额"),
        ({"candidates": ("丁一", "丁 一")}, "重复"),
        ({"yes": {"丁一": -1}}, "赞成票数"),
    ],
)
def test_impossible_fields_are_refused(changes, message) -> None:
    arguments = {"candidates": BALLOT, "yes": {}, "elected": (), "seats": 1, "top_n": None}
    with pytest.raises(ValueError, match=message):
        supplementary_field(**(arguments | changes))


@settings(max_examples=200, deadline=None)
@given(
    votes=st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=6),
    taken=st.sets(st.integers(min_value=0, max_value=5)),
    seats=st.integers(min_value=1, max_value=3),
    extra=st.integers(min_value=0, max_value=4),
)
def test_the_top_n_are_never_outvoted_by_anybody_left_out(votes, taken, seats, extra) -> None:
    """R13 by property: the field keeps the ballot order, holds nobody elected, at least N people
    (or everybody left), and nobody left out has as many votes as anybody in it."""
    names = BALLOT[: len(votes)]
    yes = dict(zip(names, votes, strict=True))
    elected = {names[i] for i in taken if i < len(names)}
    pool = [n for n in names if n not in elected]
    top_n = seats + extra
    field = supplementary_field(
        candidates=names, yes=yes, elected=elected, seats=seats, top_n=top_n
    )
    assert list(field) == [n for n in pool if n in field]
    assert len(field) >= min(top_n, len(pool))
    left_out = [yes[n] for n in pool if n not in field]
    assert all(v < min(yes[n] for n in field) for v in left_out)
