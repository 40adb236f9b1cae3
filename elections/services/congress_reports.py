"""The congress's votes on the work reports (issue 15: "the work reports of the committee and the
commission are adopted by vote"): recorded once the congress has signed in with its quorum, in
the vote phase, each with its audit event; recorded again, the new figures replace the old."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from branches.official import official_text
from elections import domain
from elections.models import Phase, Renewal, ReportVote, WorkReport
from elections.selectors.congress import congress_figures, congress_of
from elections.workflow.machine import lock, record_event, require, require_phase


@transaction.atomic
def congress_report_vote(
    *, actor: Any, renewal: Renewal, report: str, yes: int, no: int, abstain: int
) -> ReportVote:
    """Record the congress's vote on `report` (WorkReport) with the delegates signed in."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    congress = congress_of(renewal)
    if congress is None:
        raise ValidationError(_("本次换届不召开党员代表大会。"))
    if report not in WorkReport.values:
        raise ValidationError({"report": [_("请选择要表决的工作报告。")]})
    if report == WorkReport.COMMISSION and not renewal.commission_seats:
        raise ValidationError({"report": [_("本次换届不选举纪律检查委员会，没有其工作报告。")]})
    figures = congress_figures(congress)
    if not figures.quorum:
        raise ValidationError(_("大会签到的代表未超过应到代表的五分之四，不能表决。"))
    try:
        adopted = domain.work_report_adopted(
            present=figures.present, yes=yes, no=no, abstain=abstain
        )
    except ValueError as exc:
        raise ValidationError({"yes": [str(exc)]}) from exc
    vote, _created = ReportVote.objects.update_or_create(
        congress=congress,
        report=report,
        defaults={
            "present": figures.present,
            "yes": yes,
            "no": no,
            "abstain": abstain,
            "adopted": adopted,
        },
    )
    record_event(
        renewal,
        actor=actor,
        action="congress_report_vote",
        summary=official_text(
            gettext_lazy(
                "党员代表大会表决%(r)s：到会代表%(p)s名，赞成%(y)s票，反对%(n)s票，弃权%(a)s票，%(v)s"
            ),
            r=WorkReport(report).label,
            p=figures.present,
            y=yes,
            n=no,
            a=abstain,
            v=gettext_lazy("通过") if adopted else gettext_lazy("未通过"),
        ),
    )
    return vote
