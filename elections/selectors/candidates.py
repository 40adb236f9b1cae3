"""Reads of the candidates: how many the differential needs (R6), who stands, the R18 proposal."""

from __future__ import annotations

from elections import domain
from elections.models import Nominee, Renewal


def needed_candidates(renewal: Renewal) -> int:
    """R6 for a committee; a secretary elected directly may be uncontested."""
    if renewal.secretary_only or not renewal.seats:
        return 1
    return domain.min_candidates(renewal.seats, renewal.ruleset())


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
    """Approved candidates in surname stroke order (R7), as the notice and the ballot list them."""
    return sorted(standing_candidates(renewal), key=lambda n: domain.stroke_key(n.member.name))
