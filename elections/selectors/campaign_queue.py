"""The campaigns' items of the dashboard's queue (elections.selectors.dashboard): a renewal that a
campaign tracks, whose current step's deadline (集中换届的完成时限) is passed or within
DUE_SOON_DAYS, is in the queue of those who work on it until it moves on or is submitted."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from branches.access import Action
from elections.domain.timetable import Step
from elections.models import CampaignBranch, CampaignStep, Phase, Renewal
from elections.selectors.access import renewals_for

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

#: The queue item kind.
CAMPAIGN = "campaign"
#: A deadline this close (days) puts the renewal in the queue.
DUE_SOON_DAYS = 7
#: The campaign step a renewal in each phase is working towards (the meeting's notice is part
#: of the vote phase, whose step is the vote itself).
PHASE_STEP = {
    Phase.PREPARE: Step.PREPARE,
    Phase.RECOMMEND: Step.RECOMMEND,
    Phase.VET: Step.VET,
    Phase.PUBLICISE: Step.PUBLICISE,
    Phase.VOTE: Step.VOTE,
    Phase.APPROVE: Step.APPROVE,
    Phase.ARCHIVE: Step.ARCHIVE,
}


#: The steps that wait on the superior, not on the branch (as the reminders count them).
WAITS_ON_SUPERIOR = Q(awaiting_approval=True) | Q(phase__in=[Phase.VET, Phase.APPROVE])


def _step_deadline() -> Subquery:
    """The deadline (ISO text) that the campaign tracking the renewal sets for its phase's step."""
    # KT reads keys of a field of the row itself: the campaign's timetable is annotated first.
    entries = (
        CampaignBranch.objects.filter(renewal=OuterRef("pk"), included=True)
        .annotate(timetable=F("campaign__deadlines"))
        .annotate(
            deadline=Case(
                *(
                    When(renewal__phase=phase, then=KT(f"timetable__{step}"))
                    for phase, step in PHASE_STEP.items()
                )
            )
        )
    )
    return Subquery(entries.order_by("-pk").values("deadline")[:1])


def deadlines_due(user: AbstractBaseUser, *, today: date) -> QuerySet[Renewal]:
    """Renewals the user works on whose campaign deadline for the current step is passed or
    near: not while the step waits on the superior (a submission, the vetting, the approval of
    the result: those are in the approvers' queue), nor once sealed or cancelled."""
    soon = (today + timedelta(days=DUE_SOON_DAYS)).isoformat()
    # Only the renewals a campaign tracks (a few hundred, where the user may see 20,000): the
    # deadline's subquery is then evaluated for those alone.
    tracked = CampaignBranch.objects.filter(included=True, renewal__isnull=False)
    return (
        renewals_for(user, Action.WORK)
        .filter(pk__in=tracked.values("renewal_id"))
        .exclude(WAITS_ON_SUPERIOR)
        .exclude(phase=Phase.CANCELLED)
        .exclude(Q(phase=Phase.ARCHIVE) & Q(sealed_at__isnull=False))
        .annotate(step_deadline=_step_deadline())
        .filter(step_deadline__isnull=False, step_deadline__lte=soon)
    )


def campaign_queue(user: AbstractBaseUser, *, today: date) -> QuerySet[Renewal]:
    """The queue's campaign items, nearest deadline first, with the branch for the page."""
    return (
        deadlines_due(user, today=today)
        .select_related("branch", "branch__parent")
        .order_by("step_deadline", "pk")
    )


def campaign_text(renewal: Renewal, *, today: date) -> tuple[str, str, bool]:
    """A campaign item's title and detail, and whether the deadline has passed."""
    deadline = date.fromisoformat(renewal.step_deadline)
    step = CampaignStep(PHASE_STEP[Phase(renewal.phase)])
    title = _("集中换届：%(step)s须于%(date)s前完成") % {
        "step": step.label,
        "date": f"{deadline:%Y-%m-%d}",
    }
    days = (deadline - today).days
    if days < 0:
        detail = _("已逾期%(n)s天") % {"n": -days}
    elif days == 0:
        detail = _("今天到期")
    else:
        detail = _("还剩%(n)s天") % {"n": days}
    return title, detail, days < 0
