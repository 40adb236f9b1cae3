"""Delay and early renewal (延期/提前换届, §1): a branch asks with a reason and a new date, the
superior approves or refuses, the branch may withdraw while it waits. The term's planned end is
never changed: the approved date is read beside it (elections.selectors.shifts)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action, can
from branches.models import Organisation, Term
from branches.official import official_text
from elections import domain
from elections.models import RenewalShift, ShiftKind, ShiftStatus
from elections.selectors.problems import by_field
from elections.selectors.shifts import current_due
from elections.services.notifications import absolute_url, mail_people, people_who_can
from elections.workflow.machine import record_branch_event


def _notify(shift: RenewalShift, subject: str, action: Action) -> None:
    body = f"{shift.branch.name}\n{subject}\n\n{absolute_url(shift.get_absolute_url())}"
    mail_people(people_who_can(action, shift.branch), subject, body)


def _lock(shift: RenewalShift) -> RenewalShift:
    return (
        RenewalShift.objects.select_for_update(of=("self",))
        .select_related("branch", "branch__parent", "term")
        .get(pk=shift.pk)
    )


def _summary(shift: RenewalShift) -> str:
    return official_text(
        gettext_lazy("%(kind)s：由%(due)s改为%(new)s"),
        kind=shift.get_kind_display,
        due=f"{shift.due_date:%Y-%m-%d}",
        new=f"{shift.new_date:%Y-%m-%d}",
    )


@transaction.atomic
def renewal_shift_request(
    *, actor: Any, branch: Organisation, kind: str, new_date: date, reason: str
) -> RenewalShift:
    """Ask the superior to hold the renewal of `branch`'s open term on `new_date`."""
    if not can(actor, Action.WORK, branch):
        raise PermissionDenied
    # The branch row is the lock: two requests at once cannot both pass the pending check.
    branch = (
        Organisation.objects.select_for_update(of=("self",))
        .select_related("parent")
        .get(pk=branch.pk)
    )
    if branch.parent_id is None:
        raise ValidationError(_("没有上级组织，无法申请延期或提前换届。"))
    term = Term.objects.filter(organisation=branch, actual_end__isnull=True).first()
    if term is None:
        raise ValidationError(_("尚未登记本届任期，无法申请延期或提前换届。"))
    if RenewalShift.objects.filter(branch=branch, status=ShiftStatus.PENDING).exists():
        raise ValidationError(_("已有一项申请正在等待上级审批，请等审批后再申请或先撤回。"))
    if kind not in ShiftKind.values:
        raise ValidationError({"kind": _("请选择延期换届或提前换届。")})
    if not reason.strip():
        raise ValidationError({"reason": _("请填写申请理由。")})
    due = current_due(branch).due or term.planned_end
    problems = domain.renewal_shift_problems(
        delay=kind == ShiftKind.DELAY,
        term_end=term.planned_end,
        due=due,
        new=new_date,
        on=timezone.localdate(),
    )
    if problems:
        raise ValidationError(by_field(problems))
    shift = RenewalShift.objects.create(
        kind=kind,
        branch=branch,
        term=term,
        due_date=due,
        new_date=new_date,
        reason=reason.strip(),
        requested_by=actor,
    )
    record_branch_event(
        branch,
        actor=actor,
        action="renewal_shift_request",
        target=shift,
        summary=official_text(gettext_lazy("申请%(what)s"), what=_summary(shift)),
        changes={"new_date": [f"{due:%Y-%m-%d}", f"{new_date:%Y-%m-%d}"], "reason": shift.reason},
    )
    _notify(
        shift,
        _("%(branch)s申请%(kind)s，待审批")
        % {"branch": branch.name, "kind": shift.get_kind_display()},
        Action.APPROVE,
    )
    return shift


@transaction.atomic
def renewal_shift_decide(
    *, actor: Any, shift: RenewalShift, approve: bool, note: str = ""
) -> RenewalShift:
    """The superior's decision; a refusal says why."""
    shift = _lock(shift)
    if not can(actor, Action.APPROVE, shift.branch):
        raise PermissionDenied
    if shift.status != ShiftStatus.PENDING:
        raise ValidationError(_("该申请已经处理，不能再审批。"))
    if not approve and not note.strip():
        raise ValidationError({"note": _("不批准时请填写理由。")})
    if approve and shift.term.actual_end is not None:
        raise ValidationError(_("申请所涉的一届任期已经结束，不能再批准。"))
    shift.status = ShiftStatus.APPROVED if approve else ShiftStatus.REFUSED
    shift.decided_by, shift.decided_at = actor, timezone.now()
    shift.decision_note = note.strip()
    shift.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record_branch_event(
        shift.branch,
        actor=actor,
        action="renewal_shift_decide",
        target=shift,
        summary=official_text(
            gettext_lazy("%(decision)s%(what)s"),
            decision=gettext_lazy("批准") if approve else gettext_lazy("不批准"),
            what=_summary(shift),
        ),
        changes={"status": ["pending", shift.status], "note": shift.decision_note},
    )
    _notify(
        shift,
        _("%(branch)s的%(kind)s申请%(status)s")
        % {
            "branch": shift.branch.name,
            "kind": shift.get_kind_display(),
            "status": shift.get_status_display(),
        },
        Action.WORK,
    )
    return shift


@transaction.atomic
def renewal_shift_withdraw(*, actor: Any, shift: RenewalShift) -> RenewalShift:
    """The branch takes back a request the superior has not decided yet."""
    shift = _lock(shift)
    if not can(actor, Action.WORK, shift.branch):
        raise PermissionDenied
    if shift.status != ShiftStatus.PENDING:
        raise ValidationError(_("该申请已经处理，不能撤回。"))
    shift.status = ShiftStatus.WITHDRAWN
    shift.decided_by, shift.decided_at = actor, timezone.now()
    shift.save(update_fields=["status", "decided_by", "decided_at"])
    record_branch_event(
        shift.branch,
        actor=actor,
        action="renewal_shift_withdraw",
        target=shift,
        summary=official_text(gettext_lazy("撤回申请：%(what)s"), what=_summary(shift)),
    )
    return shift
