"""State changes of a renewal. One service per intent; each locks the renewal row, checks the phase
machine, writes one audit event in the same transaction and tells whoever must act next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import Action, can
from branches.models import Organisation
from branches.services import audit
from members.models import Member

from . import domain
from .documents import issue_document
from .models import (
    DocumentKind,
    Exclusion,
    ExclusionStatus,
    Phase,
    Renewal,
    ruleset_to_json,
)
from .notifications import notify_next
from .phases import TRANSITIONS, TransitionRefused, blockers
from .rules import rules_for


def record_event(
    renewal: Renewal, *, actor: Any, action: str, summary: str, changes: dict | None = None
):
    return audit(
        actor=actor,
        action=action,
        organisation=renewal.branch,
        target=renewal,
        summary=summary,
        changes=changes or {},
    )


def lock(renewal: Renewal) -> Renewal:
    return Renewal.objects.select_for_update().select_related("branch").get(pk=renewal.pk)


def require(actor: Any, action: Action, renewal: Renewal) -> None:
    if not can(actor, action, renewal.branch):
        raise PermissionDenied


def _editable(renewal: Renewal) -> None:
    if renewal.phase != Phase.PREPARE or renewal.awaiting_approval:
        raise ValidationError(_("换届方案已提交上级或已进入下一阶段，不能再修改。"))


def branch_members(branch: Organisation) -> list[Member]:
    return list(Member.objects.filter(branch=branch).order_by("name", "pk"))


@transaction.atomic
def renewal_open(*, actor: Any, branch: Organisation) -> Renewal:
    branch = Organisation.objects.select_for_update().get(pk=branch.pk)
    if not branch.is_branch:
        raise ValidationError(_("只有党支部进行换届。"))
    if not can(actor, Action.WORK, branch):
        raise PermissionDenied
    if branch.renewals.exclude(phase__in=[Phase.ARCHIVE, Phase.CANCELLED]).exists():
        raise ValidationError(_("该支部已有进行中的换届。"))
    rules = rules_for(branch)
    full = Member.objects.filter(branch=branch, status="full").count()
    try:
        sizes = domain.committee_seats(full, rules)
    except ValueError:
        raise ValidationError(
            _("正式党员不足3人（现有%(n)s人），不具备换届选举条件。") % {"n": full}
        ) from None
    now = timezone.now()
    renewal = Renewal.objects.create(
        branch=branch,
        rules=ruleset_to_json(rules),
        seats=None if sizes is None else sizes.start,
        secretary_only=sizes is None,
        created_by=actor,
        created_at=now,
        phase_entered_at=now,
        timeline={Phase.PREPARE: now.isoformat()},
    )
    record_event(
        renewal,
        actor=actor,
        action="renewal_open",
        summary=_("%(branch)s 启动换届") % {"branch": branch.name},
        changes={"phase": [None, Phase.PREPARE]},
    )
    return renewal


PLAN_FIELDS = (
    "seats",
    "secretary_only",
    "elect_deputy",
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
    if report_file:
        renewal.work_report_file = report_file
        changed.append("work_report_file")
    if changed:
        renewal.save(update_fields=changed)
        record_event(
            renewal,
            actor=actor,
            action="renewal_update_plan",
            summary=_("修改换届方案"),
            changes={
                f: [str(before.get(f, "")), str(getattr(renewal, f))]
                for f in changed
                if f != "work_report"
            }
            | ({"work_report": ["…", "…"]} if "work_report" in changed else {}),
        )
    return renewal


def check_plan(renewal: Renewal) -> None:
    """Seats against R3 for the branch's current full members; the meeting date in the future."""
    rules = renewal.ruleset()
    full = Member.objects.filter(branch=renewal.branch, status="full").count()
    sizes = domain.committee_seats(full, rules)
    errors: dict[str, list[str]] = {}
    if sizes is None:
        if not renewal.secretary_only:
            errors["secretary_only"] = [
                _("正式党员不足7人（现有%(n)s人），不设支部委员会，由党员大会直接选举书记。")
                % {"n": full}
            ]
        renewal.seats = None
    elif renewal.secretary_only:
        errors["secretary_only"] = [_("正式党员%(n)s人，应当设立支部委员会。") % {"n": full}]
    elif renewal.seats not in sizes:
        errors["seats"] = [
            _("委员名额应为 %(a)s 至 %(b)s 名（正式党员%(n)s人）。")
            % {"a": sizes.start, "b": sizes.stop - 1, "n": full}
        ]
    if renewal.meeting_date and renewal.meeting_date <= timezone.localdate():
        errors["meeting_date"] = [_("党员大会召开日期应在今天之后。")]
    if errors:
        raise ValidationError(errors)


def seat_warnings(renewal: Renewal) -> list[str]:
    if renewal.secretary_only or not renewal.seats:
        return []
    return domain.committee_seat_warnings(renewal.seats, renewal.ruleset())


@transaction.atomic
def exclusion_add(
    *, actor: Any, renewal: Renewal, member: Member, reason: str, note: str = ""
) -> Exclusion:
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    _editable(renewal)
    if member.branch_id != renewal.branch_id:
        raise ValidationError({"member": _("该党员不在本支部。")})
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
        summary=_("申请 %(name)s 不计入应到会人数（%(reason)s）")
        % {"name": member.name, "reason": exclusion.get_reason_display()},
    )
    notify_next(renewal, _("有不计入应到会人数的申请待审批"), Action.APPROVE)
    return exclusion


@transaction.atomic
def exclusion_decide(*, actor: Any, exclusion: Exclusion, approve: bool) -> Exclusion:
    renewal = lock(exclusion.renewal)
    require(actor, Action.APPROVE, renewal)
    if renewal.phase != Phase.PREPARE:
        raise ValidationError(_("只能在筹备阶段审批。"))
    exclusion = Exclusion.objects.select_for_update().get(pk=exclusion.pk)
    exclusion.status = ExclusionStatus.APPROVED if approve else ExclusionStatus.REJECTED
    exclusion.decided_by, exclusion.decided_at = actor, timezone.now()
    exclusion.save(update_fields=["status", "decided_by", "decided_at"])
    record_event(
        renewal,
        actor=actor,
        action="exclusion_decide",
        summary=_("%(decision)s %(name)s 不计入应到会人数")
        % {"decision": _("批准") if approve else _("不批准"), "name": exclusion.member.name},
    )
    return exclusion


@transaction.atomic
def exclusion_withdraw(*, actor: Any, exclusion: Exclusion) -> None:
    renewal = lock(exclusion.renewal)
    require(actor, Action.WORK, renewal)
    _editable(renewal)
    name = exclusion.member.name
    exclusion.delete()
    record_event(
        renewal,
        actor=actor,
        action="exclusion_withdraw",
        summary=_("撤回 %(name)s 不计入应到会人数的申请") % {"name": name},
    )


def census_facts(renewal: Renewal) -> list[tuple[Member, domain.MemberFacts]]:
    """Every member of the branch with the facts the rules read, exclusions included (R4)."""
    exclusions = {e.member_id: e for e in renewal.exclusions.all()}
    rows = []
    for member in branch_members(renewal.branch):
        fact = member.facts()
        exclusion = exclusions.get(member.pk)
        if exclusion is not None:
            fact = domain.MemberFacts(
                **{**fact.__dict__,
                   "exclusion": domain.ExclusionReason(exclusion.reason),
                   "exclusion_approved": exclusion.status == ExclusionStatus.APPROVED}
            )  # fmt: skip
        rows.append((member, fact))
    return rows


def census(renewal: Renewal, *, on: date | None = None) -> dict[str, Any]:
    """The roll with voting rights (R1) and the expected attendance E (R4)."""
    on = on or timezone.localdate()
    exclusions = {e.member_id: e for e in renewal.exclusions.select_related("member")}
    rows = []
    facts = []
    for member, fact in census_facts(renewal):
        facts.append(fact)
        rows.append(
            {
                "member": member,
                "problem": domain.voting_rights_problem(fact, on=on),
                "exclusion": exclusions.get(member.pk),
            }
        )
    rules = renewal.ruleset()
    expected = domain.expected_attendance(facts, on=on, rules=rules)
    return {
        "rows": rows,
        "voters": sum(1 for f in facts if domain.has_voting_rights(f, on=on)),
        "full": sum(1 for f in facts if f.status == domain.MemberStatus.FULL),
        "expected": expected,
        "excluded": sum(1 for e in exclusions.values() if e.status == ExclusionStatus.APPROVED),
        "min_present": domain.min_present(expected, rules) if expected else 0,
    }


def move(
    *,
    actor: Any,
    renewal: Renewal,
    name: str,
    reason: str = "",
    before_save: Callable[[Renewal], list[str]] | None = None,
) -> Renewal:
    """The one door for phase moves (called inside a transaction).

    A transition with no `action` is a consequence of another service that has checked the actor.
    `before_save` sets what the move brings with it and returns the names of those fields.
    """
    renewal = lock(renewal)
    transition = TRANSITIONS[name]
    if transition.action is not None:
        require(actor, transition.action, renewal)
    if transition.needs_reason and not reason.strip():
        raise ValidationError({"reason": _("请填写理由。")})
    found = blockers(renewal, name)
    if found:
        raise TransitionRefused(found)
    source = renewal.phase
    target = transition.target
    if name == "reopen":
        target = Phase(renewal.cancelled_from or Phase.PREPARE)
    fields = ["awaiting_approval", "return_reason"]
    renewal.awaiting_approval = transition.sets_awaiting
    if transition.sets_awaiting:
        renewal.submitted_at = timezone.now()
        fields.append("submitted_at")
    # A return leaves its reason for the branch; any other move means it has been dealt with.
    renewal.return_reason = reason if name.startswith("return_") else ""
    if target == Phase.CANCELLED:
        renewal.cancelled_from, renewal.cancel_reason = source, reason
        fields += ["cancelled_from", "cancel_reason"]
    if target is not None and target != source:
        now = timezone.now()
        renewal.phase, renewal.phase_entered_at = target, now
        renewal.timeline = {**renewal.timeline, target: now.isoformat()}
        fields += ["phase", "phase_entered_at", "timeline"]
    if before_save:
        fields += before_save(renewal)
    renewal.save(update_fields=fields)
    record_event(
        renewal,
        actor=actor,
        action=name,
        summary=str(transition.label) + (f"：{reason}" if reason else ""),
        changes={"phase": [source, renewal.phase], "reason": reason},
    )
    return renewal


@transaction.atomic
def renewal_submit_request(*, actor: Any, renewal: Renewal) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="submit_request")
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
    renewal = move(actor=actor, renewal=renewal, name="return_request", reason=reason)
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
