"""Builders of ballots and members for the domain tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from elections.domain import Ballot, Mark, MemberFacts, MemberStatus, count_round


def ballot(
    yes: Iterable[str] = (), no: Iterable[str] = (), write_ins: Iterable[str] = ()
) -> Ballot:
    """A ballot marking ``yes`` and ``no``; every other candidate is an abstention."""
    marks = {name: Mark.YES for name in yes}
    marks.update({name: Mark.NO for name in no})
    return Ballot(marks, tuple(write_ins))


def ballots_with_counts(counts: Mapping[str, int], *, voters: int, seats: int) -> list[Ballot]:
    """``voters`` valid ballots on which each name gets exactly ``counts[name]`` yes votes.

    Each ballot marks at most ``seats`` people; the names with the most votes still to place
    go first, which always succeeds when every count is at most ``voters`` and the total at
    most ``voters * seats``.
    """
    remaining = dict(counts)
    papers = []
    for _ in range(voters):
        chosen = sorted((n for n in remaining if remaining[n] > 0), key=lambda n: -remaining[n])
        chosen = chosen[:seats]
        for name in chosen:
            remaining[name] -= 1
        papers.append(ballot(yes=chosen))
    assert not any(remaining.values()), f"counts cannot be placed on {voters} ballots"
    return papers


#: Candidates of the rounds counted by :func:`count_papers`, in ballot order.
CANDIDATES = ["A", "B", "C", "D"]


def count_papers(papers, *, seats=3, present=None, expected=None, issued=None, **kwargs):
    """Count ``papers`` for :data:`CANDIDATES` (or ``candidates=``) with ``count_round``; by
    default every returned paper is one voter present, expected and given a ballot."""
    present = len(papers) if present is None else present
    return count_round(
        candidates=kwargs.pop("candidates", CANDIDATES),
        seats=seats,
        issued=present if issued is None else issued,
        ballots=papers,
        present=present,
        expected=present if expected is None else expected,
        **kwargs,
    )


ON = date(2025, 6, 1)


def full(**facts: object) -> MemberFacts:
    """A full member of several years' standing, unless ``facts`` say otherwise."""
    values: dict[str, object] = {"full_member_since": date(2015, 7, 1)}
    values.update(facts)
    return MemberFacts(status=MemberStatus.FULL, **values)  # type: ignore[arg-type]


def probationary(**facts: object) -> MemberFacts:
    """A probationary member."""
    return MemberFacts(status=MemberStatus.PROBATIONARY, **facts)  # type: ignore[arg-type]
