"""The phase machine of a renewal: the one table of allowed moves and what still blocks each.

Views show `blockers`; services call `check`; nothing else decides whether a move is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from elections import domain, negative_list

from .models import ExclusionStatus, Phase, Renewal


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: Phase | None  # None: from any open phase
    target: Phase | None  # None: stays in the phase (a submission or a return)
    action: Action | None  # what the user must be allowed to do; None: follows another service
    awaiting: bool | None  # the renewal must (True) or must not (False) be awaiting approval
    needs_reason: bool = False
    sets_awaiting: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit_request", gettext_lazy("提交换届请示"), Phase.PREPARE, None, Action.WORK,
            awaiting=False, sets_awaiting=True,
        ),
        Transition(
            "approve_request", gettext_lazy("批复同意换届"), Phase.PREPARE, Phase.RECOMMEND,
            Action.APPROVE, awaiting=True,
        ),
        Transition(
            "return_request", gettext_lazy("退回请示"), Phase.PREPARE, None, Action.APPROVE,
            awaiting=True, needs_reason=True,
        ),
        Transition(
            "submit_list", gettext_lazy("报送候选人初步人选"), Phase.RECOMMEND, Phase.VET,
            Action.WORK, awaiting=False,
        ),
        Transition(
            "approve_list", gettext_lazy("同意候选人预备人选"), Phase.VET, Phase.PUBLICISE,
            Action.APPROVE, awaiting=False,
        ),
        Transition(
            "return_list", gettext_lazy("退回候选人初步人选"), Phase.VET, Phase.RECOMMEND,
            Action.APPROVE, awaiting=False, needs_reason=True,
        ),
        Transition(
            "finish_notice", gettext_lazy("公示结束，进入选举"), Phase.PUBLICISE, Phase.VOTE,
            Action.WORK, awaiting=False,
        ),
        Transition(
            "back_to_vet", gettext_lazy("候选人退出后差额不足，退回审查"), Phase.PUBLICISE,
            Phase.VET, None, awaiting=False, needs_reason=True,
        ),
        Transition(
            "submit_result", gettext_lazy("报送选举结果报告"), Phase.VOTE, Phase.APPROVE,
            Action.WORK, awaiting=False,
        ),
        Transition(
            "approve_result", gettext_lazy("批复选举结果"), Phase.APPROVE, Phase.ARCHIVE,
            Action.APPROVE, awaiting=False,
        ),
        Transition(
            "return_result", gettext_lazy("退回选举结果报告"), Phase.APPROVE, Phase.VOTE,
            Action.APPROVE, awaiting=False, needs_reason=True,
        ),
        Transition(
            "seal", gettext_lazy("封存归档"), Phase.ARCHIVE, None, Action.WORK, awaiting=False,
        ),
        Transition(
            "cancel", gettext_lazy("取消换届"), None, Phase.CANCELLED, Action.APPROVE,
            awaiting=None, needs_reason=True,
        ),
        Transition(
            "reopen", gettext_lazy("恢复换届"), Phase.CANCELLED, None, Action.MANAGE,
            awaiting=None, needs_reason=True,
        ),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Blocker:
    text: str


Check = Callable[[Renewal], list[str]]


def _plan_blockers(renewal: Renewal) -> list[str]:
    problems = []
    if not renewal.secretary_only and not renewal.seats:
        problems.append(_("换届方案未确定委员名额。"))
    if renewal.meeting_date is None:
        problems.append(_("换届方案未确定党员大会召开日期。"))
    elif renewal.meeting_date <= timezone.localdate():
        problems.append(_("党员大会召开日期应在今天之后。"))
    if not renewal.work_report.strip() and not renewal.work_report_file:
        problems.append(_("尚未填写或上传上届委员会工作报告。"))
    pending = renewal.exclusions.filter(status=ExclusionStatus.PENDING).count()
    if pending:
        problems.append(_("有 %(n)s 名党员不计入应到会人数的申请尚待上级审批。") % {"n": pending})
    return problems


def needed_candidates(renewal: Renewal) -> int:
    """R6 for a committee; a secretary elected directly may be uncontested."""
    if renewal.secretary_only or not renewal.seats:
        return 1
    return domain.min_candidates(renewal.seats, renewal.ruleset())


def _list_blockers(renewal: Renewal) -> list[str]:
    problems = []
    if renewal.rec_expected is None or renewal.rec_present is None:
        problems.append(_("尚未登记党员推荐会议的应到、实到人数。"))
    elif not domain.recommendation_valid(
        expected=renewal.rec_expected, present=renewal.rec_present
    ):
        problems.append(
            _("推荐会议实到 %(p)s 人，未超过应到 %(e)s 人的半数，推荐无效，请重新组织推荐（R18）。")
            % {"p": renewal.rec_present, "e": renewal.rec_expected}
        )
    listed = list(renewal.nominees.filter(on_list=True).select_related("member"))
    needed = needed_candidates(renewal)
    if len(listed) < needed:
        problems.append(
            _("候选人初步人选 %(n)s 名，至少需要 %(need)s 名（差额选举，R6）。")
            % {"n": len(listed), "need": needed}
        )
    on = timezone.localdate()
    rules = renewal.ruleset()
    for nominee in listed:
        member = nominee.member
        for problem in domain.eligibility_problems(
            member.facts(),
            on=on,
            rules=rules,
            registered_here=member.branch_id == renewal.branch_id,
        ):
            problems.append(f"{member.name}：{problem}")
    return problems


def _vet_blockers(renewal: Renewal) -> list[str]:
    problems = []
    listed = list(renewal.nominees.filter(on_list=True).select_related("member"))
    for nominee in listed:
        name = nominee.member.name
        if not nominee.reviewed:
            problems.append(_("%(name)s 尚未完成资格审查和考察。") % {"name": name})
        elif nominee.approved:
            failed = negative_list.failures(nominee.negative_list_checked)
            if failed:
                problems.append(
                    _("%(name)s 负面清单未逐条核实：%(items)s")
                    % {"name": name, "items": "；".join(failed)}
                )
            if not nominee.discipline_opinion.strip():
                problems.append(_("%(name)s 缺少纪检意见。") % {"name": name})
            if not nominee.pledge:
                problems.append(_("%(name)s 缺少签字的承诺书扫描件。") % {"name": name})
    approved = sum(1 for n in listed if n.approved and not n.withdrawn_reason)
    needed = needed_candidates(renewal)
    if approved < needed:
        problems.append(
            _("同意的预备人选 %(n)s 名，少于差额选举所需的 %(need)s 名。")
            % {"n": approved, "need": needed}
        )
    return problems


def standing_candidates(renewal: Renewal) -> list:
    return list(
        renewal.nominees.filter(on_list=True, approved=True, withdrawn_reason="").select_related(
            "member"
        )
    )


def _notice_blockers(renewal: Renewal) -> list[str]:
    problems = []
    today = timezone.localdate()
    if renewal.notice_start is None:
        problems.append(_("尚未发布公示。"))
    elif today <= renewal.notice_end:
        problems.append(
            _("公示期至 %(end)s，公示期满后方可进入选举。") % {"end": renewal.notice_end}
        )
    open_objections = renewal.objections.filter(status="open").count()
    if open_objections:
        problems.append(_("有 %(n)s 条公示意见尚未处理。") % {"n": open_objections})
    standing = len(standing_candidates(renewal))
    if standing < needed_candidates(renewal):
        problems.append(
            _("现有候选人预备人选 %(n)s 名，少于差额选举所需的 %(need)s 名。")
            % {"n": standing, "need": needed_candidates(renewal)}
        )
    return problems


def _result_blockers(renewal: Renewal) -> list[str]:
    from .counting import result_problems

    return result_problems(renewal)


def _seal_blockers(renewal: Renewal) -> list[str]:
    problems = []
    if renewal.sealed_at:
        problems.append(_("档案已封存。"))
        return problems
    if not renewal.summary.strip():
        problems.append(_("尚未填写换届工作总结。"))
    from .archive import HANDOVER_ITEMS

    done = {row.get("item") for row in renewal.handover if row.get("received_by")}
    missing = [str(label) for code, label in HANDOVER_ITEMS if code not in done]
    if missing:
        problems.append(_("工作交接尚未登记：%(items)s。") % {"items": "、".join(missing)})
    return problems


CHECKS: dict[str, list[Check]] = {
    "finish_notice": [_notice_blockers],
    "submit_result": [_result_blockers],
    "seal": [_seal_blockers],
    "submit_request": [_plan_blockers],
    "approve_request": [_plan_blockers],
    "submit_list": [_list_blockers],
    "approve_list": [_vet_blockers],
}


def blockers(renewal: Renewal, name: str | None = None) -> list[Blocker]:
    """What, in the user's language, still stands between the renewal and transition `name`
    (by default the next step of its phase)."""
    name = name or next_step(renewal)
    if name is None:
        return []
    transition = TRANSITIONS[name]
    found: list[str] = []
    if transition.source is None:
        if renewal.phase in (Phase.CANCELLED, Phase.ARCHIVE):
            found.append(_("该换届已结束。"))
    elif renewal.phase != transition.source:
        found.append(
            _("该操作只能在“%(phase)s”阶段进行。") % {"phase": Phase(transition.source).label}
        )
    if transition.awaiting is True and not renewal.awaiting_approval:
        found.append(_("尚未提交上级审批。"))
    if transition.awaiting is False and renewal.awaiting_approval:
        found.append(_("已提交上级，正在等待审批。"))
    if not found:
        for check in CHECKS.get(name, []):
            found.extend(check(renewal))
    return [Blocker(text) for text in found]


def next_step(renewal: Renewal) -> str | None:
    """The transition the renewal's checklist is about: what the branch or superior does next."""
    if renewal.phase == Phase.PREPARE:
        return "approve_request" if renewal.awaiting_approval else "submit_request"
    steps = {
        Phase.RECOMMEND: "submit_list",
        Phase.VET: "approve_list",
        Phase.PUBLICISE: "finish_notice",
        Phase.VOTE: "submit_result",
        Phase.APPROVE: "approve_result",
    }
    if renewal.phase == Phase.ARCHIVE:
        return None if renewal.sealed_at else "seal"
    return steps.get(renewal.phase)


def available(renewal: Renewal) -> list[Transition]:
    return [t for name, t in TRANSITIONS.items() if not blockers(renewal, name)]


def require_phase(renewal: Renewal, phase: Phase) -> None:
    """For the work done inside a phase (not a move): refused outside it, and once sealed."""
    if renewal.phase != phase:
        raise ValidationError(_("该操作只能在“%(phase)s”阶段进行。") % {"phase": phase.label})
    if renewal.sealed_at:
        raise ValidationError(_("档案已封存，不能再修改。"))


class TransitionRefused(Exception):
    """A phase move refused, with the blockers to show the user."""

    def __init__(self, reasons: list[Blocker]) -> None:
        super().__init__("；".join(b.text for b in reasons))
        self.reasons = reasons
