"""Reads of the candidates: how many the differential needs (R6), who stands, the R18 proposal."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from branches.models import Organisation
from elections import domain
from elections.models import Body, Nominee, Renewal
from elections.selectors.problems import describe


def posts_of(renewal: Renewal) -> list[str]:
    """What the nominees stand for (R3): the committee (and, where the same meeting elects one,
    the discipline inspection commission); or, in a branch without a committee, the secretary
    and, when the plan elects one, the deputy, each post with its own candidates."""
    if not renewal.secretary_only:
        return [Body.COMMITTEE, *([Body.COMMISSION] if renewal.commission_seats else [])]
    return [Body.SECRETARY, *([Body.DEPUTY] if renewal.elect_deputy else [])]


def per_post(renewal: Renewal) -> bool:
    """Whether the candidates are counted post by post: a branch without a committee (secretary,
    deputy), or a meeting that elects a commission beside the committee."""
    return len(posts_of(renewal)) > 1 or renewal.secretary_only


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


def post_seats(renewal: Renewal, post: str) -> int | None:
    """The seats the plan gives a body the members' meeting elects by differential ballot."""
    if post == Body.COMMISSION:
        return renewal.commission_seats
    return None if renewal.secretary_only or post != Body.COMMITTEE else renewal.seats


def needed_candidates(renewal: Renewal, post: str = Body.COMMITTEE) -> int:
    """R6 for a committee or commission; a secretary or deputy elected directly may be
    uncontested (R3)."""
    seats = post_seats(renewal, post)
    if not seats:
        return 1
    return domain.min_candidates(seats, renewal.ruleset())


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


def eligibility_post(renewal: Renewal) -> str:
    """The post the nominees stand for, as the eligibility rules name it."""
    return "secretary" if renewal.secretary_only else "member"


def reference_date(renewal: Renewal) -> date:
    """The day age caps are counted at: the election day of the plan (today until it is set)."""
    return renewal.meeting_date or timezone.localdate()


def outgoing_committee(renewal: Renewal) -> set[int]:
    """Members who serve on the branch's committee now: nominating them again is re-nomination."""
    term = renewal.branch.current_term()
    if term is None:
        return set()
    return {pk for pk in term.posts.values_list("member_id", flat=True) if pk}


def nominee_problems(renewal: Renewal, nominees: list[Nominee]) -> dict[int, list]:
    """Every R2 problem of each nominee (by pk); rules "in principle" are marked waivable.
    `nominees` come with their member loaded."""
    on = timezone.localdate()
    rules = renewal.ruleset()
    post = eligibility_post(renewal)
    reference = reference_date(renewal)
    outgoing = outgoing_committee(renewal)
    # Registered in the organisation renewing: its own branch, or any branch in its subtree.
    branches = (
        {renewal.branch_id}
        if renewal.branch.is_branch
        else set(Organisation.objects.subtree_of(renewal.branch).values_list("pk", flat=True))
    )
    return {
        n.pk: domain.eligibility_problems(
            n.member.facts(),
            on=on,
            rules=rules,
            registered_here=n.member.branch_id in branches,
            post=post,
            renominated=n.member_id in outgoing,
            reference=reference,
        )
        for n in nominees
    }


def secretary_bars(renewal: Renewal, members: list, *, body: str, on: date | None) -> list[str]:
    """Why each of `members` may not stand in the election of `body` when it is the secretary's
    (the plan's hard rules for the post, at the day of the election), worded; empty when all
    may or another post is elected."""
    if body != "secretary":
        return []
    on = on or timezone.localdate()
    rules, outgoing = renewal.ruleset(), outgoing_committee(renewal)
    return [
        f"{member.name}：{describe(problem)}"
        for member in members
        for problem in barred(
            domain.eligibility_problems(
                member.facts(), on=on, rules=rules, post="secretary",
                renominated=member.pk in outgoing, reference=on,
            )
        )
    ]  # fmt: skip


def barred(problems: list) -> list:
    """The problems that bar a nominee outright (a rule "in principle" may be waived)."""
    return [p for p in problems if not domain.waivable(p)]


def proposal(renewal: Renewal) -> domain.RecommendationOutcome | None:
    """What R18 puts on the preliminary list from the recorded figures (keys are nominee ids).

    Nominees the rules bar (R2) are never proposed: they are left out before the count, so a
    top-N threshold reaches the next eligible nominee."""
    if renewal.rec_ballots is None:
        return None
    everyone = list(renewal.nominees.select_related("member"))
    problems = nominee_problems(renewal, everyone)
    if any(n.votes > renewal.rec_ballots for n in everyone):
        return None  # figures being corrected: the page shows no proposal until they agree
    nominees = [n for n in everyone if not barred(problems[n.pk])]
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
