"""The field of a supplementary election (另行选举, R13)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from ._checks import require_int
from .names import require_name


def supplementary_field(
    *,
    candidates: Sequence[str],
    yes: Mapping[str, int],
    elected: Collection[str],
    seats: int,
    top_n: int | None = None,
) -> tuple[str, ...]:
    """Who stands in the supplementary election for the ``seats`` still open (R13).

    R13: "the remaining seats go to a supplementary election among the candidates not yet elected
    (they must still pass R11); the meeting may narrow the field, e.g. to the top N by votes
    (取前两名最高票者进行第二次差额选举), and its choice is recorded."

    ``candidates`` are the candidates of the election in ballot order, ``yes`` their yes votes in
    the round that left the seats open (anybody missing had none), ``elected`` the names elected
    so far. ``top_n=None``: every candidate not yet elected stands. ``top_n=N``: the N not yet
    elected with the most yes votes; people tied with the N-th across the cut all stay in, since
    ranking never separates equal votes, so the field may be larger than N. N may not be smaller
    than ``seats``. The field keeps the ballot order of ``candidates``.

    Raises ``ValueError`` for repeated or malformed names, counts that are not whole numbers
    from 0, seats < 1, or N < ``seats``.
    """
    require_int("应选名额", seats, 1)
    names = [require_name(name, "候选人") for name in candidates]
    if len(set(names)) != len(names):
        raise ValueError("候选人名单中有重复姓名")
    votes = {
        require_name(name, "候选人"): require_int(f"{name}的赞成票数", v, 0)
        for name, v in yes.items()
    }
    taken = {require_name(name, "当选人") for name in elected}
    pool = [name for name in names if name not in taken]
    if top_n is None:
        return tuple(pool)
    require_int("另行选举的候选人数", top_n, 1)
    if top_n < seats:
        raise ValueError(f"另行选举取前{top_n}名，少于应选的{seats}名")
    if top_n >= len(pool):
        return tuple(pool)
    ranked = sorted((votes.get(name, 0) for name in pool), reverse=True)
    cut = ranked[top_n - 1]
    return tuple(name for name in pool if votes.get(name, 0) >= cut)
