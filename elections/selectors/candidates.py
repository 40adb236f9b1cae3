"""Reads of the candidates: how many the differential needs (R6), who stands, the R18 proposal."""

from __future__ import annotations

from collections.abc import Iterable

from elections import domain
from elections.models import Body, Nominee, Renewal


def posts_of(renewal: Renewal) -> list[str]:
    """What the nominees stand for (R3): the committee; or, in a branch without a committee, the
    secretary and, when the plan elects one, the deputy, each post with its own candidates."""
    if not renewal.secretary_only:
        return [Body.COMMITTEE]
    return [Body.SECRETARY, *([Body.DEPUTY] if renewal.elect_deputy else [])]


def post_of(renewal: Renewal, nominee: Nominee) -> str:
    """The post `nominee` stands for in this renewal's plan (a nominee recorded before the plan
    changed stands for the first post the plan has)."""
    posts = posts_of(renewal)
    return nominee.post if nominee.post in posts else posts[0]


def by_post(renewal: Renewal, nominees: Iterable[Nominee]) -> dict[str, list[Nominee]]:
    """`nominees` grouped by the post they stand for, in the plan's order of posts."""
    groups: dict[str, list[Nominee]] = {post: [] for post in posts_of(renewal)}
    for nominee in nominees:
        groups[post_of(renewal, nominee)].append(nominee)
    return groups


def needed_candidates(renewal: Renewal, post: str = Body.COMMITTEE) -> int:
    """R6 for a committee; a secretary or deputy elected directly may be uncontested (R3)."""
    if renewal.secretary_only or not renewal.seats or post != Body.COMMITTEE:
        return 1
    return domain.min_candidates(renewal.seats, renewal.ruleset())


def shortfalls(renewal: Renewal, nominees: Iterable[Nominee]) -> list[tuple[str, int, int]]:
    """For each post short of candidates: (post, how many there are, how many it needs)."""
    short = []
    for post, group in by_post(renewal, nominees).items():
        needed = needed_candidates(renewal, post)
        if len(group) < needed:
            short.append((post, len(group), needed))
    return short


def standing_candidates(renewal: Renewal) -> list:
    return list(
        renewal.nominees.filter(on_list=True, approved=True, withdrawn_reason="").select_related(
            "member"
        )
    )


def proposal(renewal: Renewal) -> domain.RecommendationOutcome | None:
    """What R18 puts on the preliminary list from the recorded figures (keys are nominee ids)."""
    if renewal.rec_ballots is None:
        return None
    nominees = list(renewal.nominees.all())
    if any(n.votes > renewal.rec_ballots for n in nominees):
        return None  # figures being corrected: the page shows no proposal until they agree
    rules = renewal.ruleset()
    confidence = None
    if rules.confidence_vote:
        confidence = {str(n.pk): n.confidence_votes or 0 for n in nominees}
    return domain.preliminary_list(
        votes={str(n.pk): n.votes for n in nominees},
        ballots=renewal.rec_ballots,
        rules=rules,
        confidence=confidence,
        representatives_voting=renewal.rec_representatives,
    )


def notice_candidates(renewal: Renewal) -> list[Nominee]:
    """Approved candidates in surname stroke order (R7), as the notice and the ballot list them;
    a branch without a committee lists the secretary's candidates, then the deputy's (R3)."""
    posts = posts_of(renewal)
    return sorted(
        standing_candidates(renewal),
        key=lambda n: (posts.index(post_of(renewal, n)), domain.stroke_key(n.member.name)),
    )
