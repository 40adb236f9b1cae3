"""The phase machine of a renewal: the one table of allowed moves and what still blocks each.

Views show `blockers`; services call `check`; nothing else decides whether a move is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action

from .models import ExclusionStatus, Phase, Renewal


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: Phase | None  # None: from any open phase
    target: Phase | None  # None: stays in the phase (a submission or a return)
    action: Action  # what the user must be allowed to do on the branch
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


CHECKS: dict[str, list[Check]] = {
    "submit_request": [_plan_blockers],
    "approve_request": [_plan_blockers],
}


def blockers(renewal: Renewal, name: str) -> list[Blocker]:
    """What, in the user's language, still stands between the renewal and transition `name`."""
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
    return None


def available(renewal: Renewal) -> list[Transition]:
    return [t for name, t in TRANSITIONS.items() if not blockers(renewal, name)]


class TransitionRefused(Exception):
    """A phase move refused, with the blockers to show the user."""

    def __init__(self, reasons: list[Blocker]) -> None:
        super().__init__("；".join(b.text for b in reasons))
        self.reasons = reasons
