"""The one table of a renewal's steps. Each row says which phases a transition joins, who may take
it, the service that performs it and how the renewal page offers it (button, confirmation, the
document to look at first, a reason form)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from branches.access import Action
from elections.models import DocumentKind, Phase
from elections.workflow.checks import (
    Check,
    appointment_notice_blockers,
    list_blockers,
    notice_blockers,
    plan_blockers,
    preliminary_notice_blockers,
    result_blockers,
    seal_blockers,
    vet_blockers,
    write_in_blockers,
)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    source: Phase | None  # None: from any open phase
    target: Phase | None  # None: stays in the phase (a submission or a return)
    action: Action | None  # what the user must be allowed to do; None: follows another service
    awaiting: bool | None  # the renewal must (True) or must not (False) be awaiting approval
    needs_reason: bool = False
    sets_awaiting: bool = False
    #: Dotted path of the service that performs it (resolved by the views: services sit above
    #: the workflow); empty: a consequence of another service, never offered on its own.
    service: str = ""
    button: str | Promise = ""
    confirm: str | Promise = ""
    style: str = "danger"
    #: A document to look at before taking the step, with the link's text.
    preview: str = ""
    preview_label: str | Promise = ""
    #: "step": in the next-step card; "header": beside the page title.
    place: str = "step"
    #: The reason form's id stem on the page (for transitions that need a reason).
    slug: str = ""
    #: The text of the button that opens the reason form.
    toggle: str | Promise = ""
    #: What must hold before the move, each returning the problems in the user's language.
    checks: tuple[Check, ...] = ()
    #: The phase's next step (the renewal page's checklist) when the renewal is in `source` and
    #: its awaiting flag matches.
    step: bool = False

    @property
    def form_id(self) -> str:
        return f"{self.slug}-form"


SERVICES = "elections.services"

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit_request", _("提交换届请示"), Phase.PREPARE, None, Action.WORK,
            awaiting=False, sets_awaiting=True,
            service=f"{SERVICES}.prepare.renewal_submit_request", button=_("提交换届请示"),
            confirm=_("提交后方案不能再修改，确定提交换届请示吗？"),
            preview=DocumentKind.REQUEST, preview_label=_("预览换届请示"),
            checks=(plan_blockers,), step=True,
        ),
        Transition(
            "approve_request", _("批复同意换届"), Phase.PREPARE, Phase.RECOMMEND,
            Action.APPROVE, awaiting=True,
            service=f"{SERVICES}.prepare.renewal_approve_request", button=_("批复同意"),
            confirm=_("确定批复同意换届吗？"), style="success",
            preview=DocumentKind.REQUEST, preview_label=_("查看请示"),
            checks=(plan_blockers,), step=True,
        ),
        Transition(
            "return_request", _("退回请示"), Phase.PREPARE, None, Action.APPROVE,
            awaiting=True, needs_reason=True,
            service=f"{SERVICES}.prepare.renewal_return", button=_("退回请示"),
            slug="return", toggle=_("退回"),
        ),
        Transition(
            "submit_list", _("报送候选人初步人选"), Phase.RECOMMEND, Phase.VET,
            Action.WORK, awaiting=False,
            service=f"{SERVICES}.recommend.renewal_submit_list", button=_("报送上级审查"),
            confirm=_("确定将候选人初步人选报送上级审查吗？"),
            checks=(list_blockers,), step=True,
        ),
        Transition(
            "approve_list", _("同意候选人预备人选"), Phase.VET, Phase.PUBLICISE,
            Action.APPROVE, awaiting=False,
            service=f"{SERVICES}.vet.renewal_approve_list", button=_("同意预备人选，进入公示"),
            confirm=_("确定同意这份候选人预备人选名单吗？"), style="success",
            checks=(vet_blockers, preliminary_notice_blockers), step=True,
        ),
        Transition(
            "return_list", _("退回候选人初步人选"), Phase.VET, Phase.RECOMMEND,
            Action.APPROVE, awaiting=False, needs_reason=True,
            service=f"{SERVICES}.vet.renewal_return_list", button=_("退回初步人选"),
            slug="return-list", toggle=_("退回"),
        ),
        Transition(
            "finish_notice", _("公示结束，进入选举"), Phase.PUBLICISE, Phase.VOTE,
            Action.WORK, awaiting=False,
            service=f"{SERVICES}.publicise.renewal_finish_notice", button=_("结束公示，进入选举"),
            confirm=_("确定结束公示、进入选举阶段吗？"),
            checks=(notice_blockers,), step=True,
        ),
        Transition(
            "back_to_vet", _("候选人退出后差额不足，退回审查"), Phase.PUBLICISE,
            Phase.VET, None, awaiting=False, needs_reason=True,
        ),
        Transition(
            "vote_back_to_vet", _("选举前候选人退出后差额不足，退回审查"), Phase.VOTE,
            Phase.VET, None, awaiting=False, needs_reason=True,
        ),
        Transition(
            "submit_result", _("报送选举结果报告"), Phase.VOTE, Phase.APPROVE,
            Action.WORK, awaiting=False,
            service=f"{SERVICES}.approve.renewal_submit_result", button=_("报送选举结果报告"),
            confirm=_("报送后选举结果不能再修改，确定报送上级吗？"),
            preview=DocumentKind.RESULT_REPORT, preview_label=_("预览选举结果报告"),
            checks=(result_blockers,), step=True,
        ),
        Transition(
            "approve_result", _("批复选举结果"), Phase.APPROVE, Phase.ARCHIVE,
            Action.APPROVE, awaiting=False,
            service=f"{SERVICES}.approve.renewal_approve_result", button=_("批复同意选举结果"),
            confirm=_("确定批复同意选举结果吗？新一届委员会将自批复之日起任职。"),
            style="success",
            preview=DocumentKind.RESULT_REPORT, preview_label=_("查看选举结果报告"),
            checks=(write_in_blockers,), step=True,
        ),
        Transition(
            "return_result", _("退回选举结果报告"), Phase.APPROVE, Phase.VOTE,
            Action.APPROVE, awaiting=False, needs_reason=True,
            service=f"{SERVICES}.approve.renewal_return_result", button=_("退回选举结果报告"),
            slug="return-result", toggle=_("退回"),
        ),
        Transition(
            "return_elected_invalid", _("当选无效，另行选举"), Phase.APPROVE, Phase.VOTE, None,
            awaiting=False, needs_reason=True,
        ),
        Transition(
            "seal", _("封存归档"), Phase.ARCHIVE, None, Action.WORK, awaiting=False,
            service=f"{SERVICES}.archive.renewal_seal", button=_("封存归档"),
            confirm=_("封存后本次换届的全部资料将只读，不能再修改。确定封存归档吗？"),
            checks=(seal_blockers, appointment_notice_blockers), step=True,
        ),
        Transition(
            "cancel", _("取消换届"), None, Phase.CANCELLED, Action.APPROVE,
            awaiting=None, needs_reason=True,
            service=f"{SERVICES}.prepare.renewal_cancel", button=_("确认取消"),
            confirm=_("确定取消本次换届吗？"), place="header", slug="cancel",
            toggle=_("取消换届"),
        ),
        Transition(
            "reopen", _("恢复换届"), Phase.CANCELLED, None, Action.MANAGE,
            awaiting=None, needs_reason=True,
            service=f"{SERVICES}.prepare.renewal_reopen", button=_("确认恢复"),
            style="secondary", place="header", slug="reopen", toggle=_("恢复换届"),
        ),
    )
}  # fmt: skip
