"""State changes of the prepare phase: opening a renewal, the plan, exclusions (R4), the request;
cancelling and reopening."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action, can
from branches.models import Organisation
from branches.official import official_text
from elections import domain
from elections.models import (
    DocumentKind,
    Exclusion,
    ExclusionStatus,
    Phase,
    Renewal,
    ruleset_to_json,
)
from elections.selectors.prepare import SEAT_BODY, census, check_plan, electorate, in_electorate
from elections.selectors.rules import rules_for
from elections.services.census import census_recount, fixed_roll, require_census_open
from elections.services.documents import issue_document
from elections.services.notifications import notify_next
from elections.services.uploads import replace_upload
from elections.workflow.machine import lock, move, plan_editable, record_event, require
from members.models import Member


def _editable(renewal: Renewal) -> None:
    if not plan_editable(renewal):
        raise ValidationError(_("换届方案已提交上级或已进入下一阶段，不能再修改。"))


@transaction.atomic
def renewal_open(*, actor: Any, branch: Organisation) -> Renewal:
    branch = Organisation.objects.select_for_update().get(pk=branch.pk)
    if branch.kind not in SEAT_BODY:
        raise ValidationError(_("只有党支部、党总支和党委进行换届。"))
    # The branch starts its own renewal; its superior's approvers may start it too (a campaign).
    if not (can(actor, Action.WORK, branch) or can(actor, Action.APPROVE, branch)):
        raise PermissionDenied
    if branch.renewals.exclude(phase__in=[Phase.ARCHIVE, Phase.CANCELLED]).exists():
        raise ValidationError(_("该组织已有进行中的换届。"))
    rules = rules_for(branch)
    full = electorate(branch).filter(status="full").count()
    try:
        sizes = domain.committee_seats(full, rules)
    except ValueError:
        raise ValidationError(
            _("正式党员不足3人（现有%(n)s人），不具备换届选举条件。") % {"n": full}
        ) from None
    if not branch.is_branch:
        # A general branch or base committee elects a committee by its members' meeting, of the
        # usual size for its kind, and a secretary and deputy at the first plenary.
        sizes = domain.seat_limits(SEAT_BODY[branch.kind]).usual
    now = timezone.now()
    renewal = Renewal.objects.create(
        branch=branch,
        rules=ruleset_to_json(rules),
        seats=None if sizes is None else sizes.start,
        secretary_only=sizes is None,
        elect_deputy=not branch.is_branch,
        created_by=actor,
        created_at=now,
        phase_entered_at=now,
        timeline={Phase.PREPARE: now.isoformat()},
    )
    record_event(
        renewal,
        actor=actor,
        action="renewal_open",
        summary=official_text(gettext_lazy("%(branch)s 启动换届"), branch=branch.name),
        changes={"phase": [None, Phase.PREPARE]},
    )
    return renewal


PLAN_FIELDS = (
    "seats",
    "commission_seats",
    "secretary_only",
    "elect_deputy",
    "deputies",
    "posts",
    "meeting_date",
    "meeting_place",
    "work_report",
)


@transaction.atomic
def renewal_update_plan(*, actor: Any, renewal: Renewal, **fields: Any) -> Renewal:
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    _editable(renewal)
    report_file = fields.pop("work_report_file", None)
    before = {f: getattr(renewal, f) for f in PLAN_FIELDS}
    for name, value in fields.items():
        if name not in PLAN_FIELDS:
            raise TypeError(f"renewal_update_plan cannot change {name!r}")
        setattr(renewal, name, value)
    check_plan(renewal)
    changed = [f for f in PLAN_FIELDS if getattr(renewal, f) != before[f]]
    file_changes = {}
    if report_file:
        # The replaced attachment leaves storage; its name and SHA-256 stay in this event.
        file_changes = replace_upload(renewal, "work_report_file", report_file)
        changed.append("work_report_file")
    if changed:
        renewal.save(update_fields=changed)
        record_event(
            renewal,
            actor=actor,
            action="renewal_update_plan",
            summary=official_text(gettext_lazy("修改换届方案")),
            changes={
                f: [str(before[f]), str(getattr(renewal, f))]
                for f in changed
                if f in PLAN_FIELDS and f != "work_report"
            }
            | ({"work_report": ["…", "…"]} if "work_report" in changed else {})
            | file_changes,
        )
    return renewal


@transaction.atomic
def exclusion_add(
    *, actor: Any, renewal: Renewal, member: Member, reason: str, note: str = ""
) -> Exclusion:
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_census_open(renewal)
    if not in_electorate(renewal, member):
        raise ValidationError({"member": _("该党员不在本组织。")})
    if renewal.roll is not None and member.pk not in renewal.roll:
        raise ValidationError(
            {"member": _("%(name)s 不在核实的党员名册中，请先确认党员名册变动。")
             % {"name": member.name}}
        )  # fmt: skip
    problem = member.voting_rights_problem()
    if problem:
        raise ValidationError(
            {"member": _("%(name)s 本就没有表决权（%(why)s），无需申请。")
             % {"name": member.name, "why": problem}}
        )  # fmt: skip
    if reason not in renewal.ruleset().exclusion_reasons:
        raise ValidationError({"reason": _("本单位的选举规则未启用这一情形。")})
    if renewal.exclusions.filter(member=member).exists():
        raise ValidationError({"member": _("已为该党员提出过申请。")})
    exclusion = Exclusion.objects.create(renewal=renewal, member=member, reason=reason, note=note)
    record_event(
        renewal,
        actor=actor,
        action="exclusion_add",
        summary=official_text(
            gettext_lazy("申请 %(name)s 不计入应到会人数（%(reason)s）"),
            name=member.name,
            reason=exclusion.get_reason_display,
        ),
    )
    notify_next(renewal, _("有不计入应到会人数的申请待审批"), Action.APPROVE)
    return exclusion


@transaction.atomic
def exclusion_decide(*, actor: Any, exclusion: Exclusion, approve: bool) -> Exclusion:
    renewal = lock(exclusion.renewal)
    require(actor, Action.APPROVE, renewal)
    require_census_open(renewal)
    exclusion = Exclusion.objects.select_for_update().get(pk=exclusion.pk)
    if exclusion.status != ExclusionStatus.PENDING and renewal.roll is not None:
        raise ValidationError(_("该申请已经审批。"))
    before = census(renewal)["expected"]
    exclusion.status = ExclusionStatus.APPROVED if approve else ExclusionStatus.REJECTED
    exclusion.decided_by, exclusion.decided_at = actor, timezone.now()
    exclusion.save(update_fields=["status", "decided_by", "decided_at"])
    record_event(
        renewal,
        actor=actor,
        action="exclusion_decide",
        summary=official_text(
            gettext_lazy("%(decision)s %(name)s 不计入应到会人数"),
            decision=gettext_lazy("批准") if approve else gettext_lazy("不批准"),
            name=exclusion.member.name,
        ),
    )
    census_recount(
        actor=actor,
        renewal=renewal,
        before=before,
        why=official_text(
            gettext_lazy("批准 %(name)s 不计入应到会人数（%(reason)s）"),
            name=exclusion.member.name,
            reason=exclusion.get_reason_display,
        ),
    )
    return exclusion


@transaction.atomic
def exclusion_withdraw(*, actor: Any, exclusion: Exclusion) -> None:
    renewal = lock(exclusion.renewal)
    require(actor, Action.WORK, renewal)
    exclusion = Exclusion.objects.select_for_update().select_related("member").get(pk=exclusion.pk)
    if not plan_editable(renewal):
        # After the request an approved exclusion has changed E and printed documents: it stays.
        require_census_open(renewal)
        if exclusion.status == ExclusionStatus.APPROVED:
            raise ValidationError(_("已批准的申请不能撤回。"))
    name = exclusion.member.name
    exclusion.delete()
    record_event(
        renewal,
        actor=actor,
        action="exclusion_withdraw",
        summary=official_text(gettext_lazy("撤回 %(name)s 不计入应到会人数的申请"), name=name),
    )


@transaction.atomic
def renewal_submit_request(*, actor: Any, renewal: Renewal) -> Renewal:
    """The request goes up with the census as it is: the roll E is counted from is fixed now."""

    def fix_roll(locked: Renewal) -> list[str]:
        locked.roll = fixed_roll(locked)
        return ["roll"]

    renewal = move(actor=actor, renewal=renewal, name="submit_request", before_save=fix_roll)
    issue_document(renewal, DocumentKind.REQUEST, actor=actor)
    notify_next(renewal, _("换届请示待批复"), Action.APPROVE)
    return renewal


@transaction.atomic
def renewal_approve_request(*, actor: Any, renewal: Renewal) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="approve_request")
    issue_document(renewal, DocumentKind.REQUEST_REPLY, actor=actor)
    notify_next(renewal, _("上级已批复同意换届，请组织推荐候选人"), Action.WORK)
    return renewal


@transaction.atomic
def renewal_return(*, actor: Any, renewal: Renewal, reason: str) -> Renewal:
    def free_roll(locked: Renewal) -> list[str]:
        locked.roll = None  # the plan is prepared again, on the branch's roll as it is
        return ["roll"]

    renewal = move(
        actor=actor, renewal=renewal, name="return_request", reason=reason, before_save=free_roll
    )
    notify_next(renewal, _("换届请示被退回：%(r)s") % {"r": reason}, Action.WORK)
    return renewal


@transaction.atomic
def renewal_cancel(*, actor: Any, renewal: Renewal, reason: str) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="cancel", reason=reason)
    notify_next(renewal, _("换届已被上级取消：%(r)s") % {"r": reason}, Action.WORK)
    return renewal


@transaction.atomic
def renewal_reopen(*, actor: Any, renewal: Renewal, reason: str) -> Renewal:
    if (
        renewal.branch.renewals.exclude(pk=renewal.pk)
        .exclude(phase__in=[Phase.ARCHIVE, Phase.CANCELLED])
        .exists()
    ):
        raise ValidationError(_("该支部已有另一项进行中的换届，不能恢复。"))
    return move(actor=actor, renewal=renewal, name="reopen", reason=reason)
