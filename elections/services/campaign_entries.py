"""What a campaign's launch (elections.services.campaign.campaign_launch) does to one scope entry:
claim it under a lock, or record why it did not start; and what one launch did."""

from __future__ import annotations

from dataclasses import dataclass, field

from elections.models import CampaignBranch


@dataclass
class Launched:
    """What one launch did."""

    started: list[CampaignBranch] = field(default_factory=list)
    adopted: list[CampaignBranch] = field(default_factory=list)
    problems: list[CampaignBranch] = field(default_factory=list)
    mails: int = 0


def _claim(entry: CampaignBranch) -> bool:
    """Lock the entry for this transaction; False when it has left the scope or has been linked
    to a renewal meanwhile (another launch, a scope change): it is then left as it is."""
    claimed = CampaignBranch.objects.select_for_update().filter(
        pk=entry.pk, included=True, renewal__isnull=True
    )
    return bool(list(claimed.values_list("pk", flat=True)))


def _problem(entry: CampaignBranch, problem: str, done: Launched) -> None:
    """Record why the entry did not start, unless it has been linked to a renewal meanwhile."""
    entry.problem = problem[:300]
    CampaignBranch.objects.filter(pk=entry.pk, renewal__isnull=True).update(problem=entry.problem)
    done.problems.append(entry)
