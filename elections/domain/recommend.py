"""Recommendation of candidates (R18): meeting validity and the preliminary list."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ._checks import require_int
from .quorum import check_attendance
from .rules import DEFAULT_RULES, RuleSet


def recommendation_valid(*, expected: int, present: int) -> bool:
    """Whether a members' recommendation meeting is valid (R18, R5).

    R5/R18: recommendation meetings are valid when ``2*P > E`` (more than half of E attend).
    """
    check_attendance(expected=expected, present=present)
    return 2 * present > expected


def confidence_passed(*, votes: int, voting: int) -> bool:
    """Whether a nominee has the representatives' confidence (village and community, R18).

    R18: village confidence vote: at least half of the representatives voting (``2*votes >=
    voting``; exactly half is enough here, unlike R11).
    """
    require_int("信任票数", votes, 0)
    require_int("参加投票的代表人数", voting, 1)
    if votes > voting:
        raise ValueError(f"信任票数（{votes}）不能多于参加投票的代表人数（{voting}）")
    return 2 * votes >= voting


@dataclass(frozen=True)
class RecommendationOutcome:
    """Who enters the preliminary list (候选人初步人选).

    Attributes:
        accepted: nominees who enter, by descending votes (ties in the given order).
        tied: with a top-N threshold, nominees tied across the last place; the branch committee
            decides among them (or the members vote again) for ``tied_places`` places.
        tied_places: places left for the ``tied`` nominees.
        lacking_confidence: nominees dropped because the confidence vote failed.
    """

    accepted: tuple[str, ...]
    tied: tuple[str, ...]
    tied_places: int
    lacking_confidence: tuple[str, ...]


def preliminary_list(
    *,
    votes: Mapping[str, int],
    ballots: int,
    rules: RuleSet = DEFAULT_RULES,
    confidence: Mapping[str, int] | None = None,
    representatives_voting: int | None = None,
) -> RecommendationOutcome:
    """Apply R18 to recommendation ``votes`` (nominee → ballots naming them) out of ``ballots``.

    R18: a nominee enters the preliminary list when recommended by more than half of the ballots
    (setting: top N; village confidence vote: at least half of the representatives voting).
    With ``rules.confidence_vote`` the representatives' ``confidence`` votes and the number of
    ``representatives_voting`` are required, and a nominee must pass both tests. Where a
    nominee came from (self-nomination, superior) is recorded by the caller; it does not change
    the count.
    """
    require_int("推荐票数", ballots, 0)
    for name, count in votes.items():
        require_int(f"{name}的推荐票数", count, 0)
        if count > ballots:
            raise ValueError(f"{name}的推荐票数（{count}）不能多于收回的推荐票（{ballots}）")
    lacking: list[str] = []
    if rules.confidence_vote:
        if confidence is None or representatives_voting is None:
            raise ValueError("本规则要求群众代表信任投票：请录入信任票数和参加投票的代表人数")
        for name in votes:
            if name not in confidence:
                raise ValueError(f"缺少{name}的信任投票结果")
            if not confidence_passed(votes=confidence[name], voting=representatives_voting):
                lacking.append(name)
    order = {name: index for index, name in enumerate(votes)}
    ranked = sorted(
        ((name, count) for name, count in votes.items() if name not in lacking),
        key=lambda item: (-item[1], order[item[0]]),
    )
    top_n = rules.recommendation_top_n
    if top_n is None:
        accepted = tuple(name for name, count in ranked if 2 * count > ballots)
        return RecommendationOutcome(accepted, (), 0, tuple(lacking))
    ranked = [(name, count) for name, count in ranked if count > 0]
    if len(ranked) <= top_n or ranked[top_n][1] < ranked[top_n - 1][1]:
        return RecommendationOutcome(
            tuple(name for name, _ in ranked[:top_n]), (), 0, tuple(lacking)
        )
    last = ranked[top_n - 1][1]
    accepted = tuple(name for name, count in ranked if count > last)
    tied = tuple(name for name, count in ranked if count == last)
    return RecommendationOutcome(accepted, tied, top_n - len(accepted), tuple(lacking))
