"""State changes of the vet phase: the superior's review of each nominee and its decision on the
list."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from branches.official import official, official_text
from elections import domain
from elections.domain import negative_list
from elections.models import Nominee, Phase, Renewal
from elections.selectors.candidates import barred, nominee_problems
from elections.selectors.problems import describe
from elections.services.notifications import notify_next
from elections.services.uploads import replace_upload
from elections.workflow.machine import lock, move, record_event, require, require_phase


@transaction.atomic
def nominee_review(
    *,
    actor: Any,
    nominee: Nominee,
    negative_list_checked: list[str],
    negative_list_failures: str,
    inspection_notes: str,
    discipline_opinion: str,
    approved: bool,
    pledge: Any = None,
    waiver_reason: str = "",
) -> Nominee:
    """The superior's review of one nominee: the renewal's negative list item by item (its
    wording kept with the review), the inspection and discipline opinion, and the decision. A
    nominee the rules bar (R2) cannot be approved; one who fails a rule "in principle" can,
    with a waiver reason that the record keeps beside each rule waived."""
    renewal = lock(nominee.renewal)
    require(actor, Action.APPROVE, renewal)
    require_phase(renewal, Phase.VET)
    nominee = Nominee.objects.select_for_update().select_related("member").get(pk=nominee.pk)
    if not nominee.on_list:
        raise ValidationError(_("该同志不在候选人初步人选中。"))
    items = renewal.ruleset().negative_list
    unknown = set(negative_list_checked) - {code for code, _text in items}
    if unknown:
        raise ValidationError(_("负面清单中没有这些项：%(c)s") % {"c": "、".join(sorted(unknown))})
    failed = negative_list.failures(negative_list_checked, items)
    if approved and failed:
        raise ValidationError(
            {"approved": _("负面清单以下各项未核实通过，不能同意列为候选人预备人选：%(items)s")
             % {"items": "；".join(failed)}}
        )  # fmt: skip
    problems = nominee_problems(renewal, [nominee])[nominee.pk]
    bars = barred(problems)
    if approved and bars:
        raise ValidationError(
            {"approved": _("不符合候选人资格条件，不能同意：%(why)s")
             % {"why": "；".join(describe(p) for p in bars)}}
        )  # fmt: skip
    waived = [p for p in problems if domain.waivable(p)] if approved else []
    waiver_reason = waiver_reason.strip()
    if waived and not waiver_reason:
        raise ValidationError(
            {"waiver_reason": _("以下原则上的资格条件未达到，同意的须写明破格理由：%(why)s")
             % {"why": "；".join(describe(p) for p in waived)}}
        )  # fmt: skip
    nominee.eligibility_waivers = [
        {"rule": official(describe)(p), "reason": waiver_reason} for p in waived
    ]
    nominee.negative_list_record = negative_list.snapshot(negative_list_checked, items)
    nominee.negative_list_checked = list(negative_list_checked)
    nominee.negative_list_failures = negative_list_failures
    nominee.inspection_notes = inspection_notes
    nominee.discipline_opinion = discipline_opinion
    nominee.approved, nominee.reviewed = approved, True
    fields = [
        "negative_list_checked",
        "negative_list_record",
        "eligibility_waivers",
        "negative_list_failures",
        "inspection_notes",
        "discipline_opinion",
        "approved",
        "reviewed",
    ]
    pledge_changes = {}
    if pledge:
        # A replaced pledge leaves storage; its name and SHA-256 stay in this event.
        pledge_changes = replace_upload(
            nominee,
            "pledge",
            pledge,
            prefix=_("%(name)s的承诺书：") % {"name": nominee.member.name},
        )
        fields.append("pledge")
    nominee.save(update_fields=fields)
    record_event(
        renewal,
        actor=actor,
        action="nominee_review",
        summary=official_text(
            gettext_lazy("审查 %(name)s：%(result)s"),
            name=nominee.member.name,
            result=gettext_lazy("同意") if approved else gettext_lazy("不同意"),
        ),
        changes={
            "negative_list_failed": failed,
            "note": negative_list_failures,
            "waivers": nominee.eligibility_waivers,
        }
        | pledge_changes,
    )
    return nominee


@transaction.atomic
def renewal_approve_list(*, actor: Any, renewal: Renewal) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="approve_list")
    notify_next(renewal, _("候选人预备人选已审查同意，请组织公示"), Action.WORK)
    return renewal


@transaction.atomic
def renewal_return_list(*, actor: Any, renewal: Renewal, reason: str) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="return_list", reason=reason)
    Nominee.objects.filter(renewal=renewal).update(reviewed=False, approved=False)
    notify_next(renewal, _("候选人初步人选被退回：%(r)s") % {"r": reason}, Action.WORK)
    return renewal
