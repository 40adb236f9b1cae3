"""The phase machine: `blockers()`, the next step, the phase check for work inside a phase, and
`move()`, the one door through which `Renewal.phase` changes (with its audit event)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import Action, can
from branches.official import official_text
from branches.services import audit
from elections.models import Phase, Renewal
from elections.workflow.transitions import TRANSITIONS, Transition


@dataclass(frozen=True)
class Blocker:
    text: str


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
        for check in transition.checks:
            found.extend(check(renewal))
    return [Blocker(text) for text in found]


def next_step(renewal: Renewal) -> str | None:
    """The transition the renewal's checklist is about: what the branch or superior does next."""
    if renewal.sealed_at:
        return None
    for transition in TRANSITIONS.values():
        if (
            transition.step
            and transition.source == renewal.phase
            and transition.awaiting in (None, renewal.awaiting_approval)
        ):
            return transition.name
    return None


def offered(user: Any, renewal: Renewal, *, place: str = "step") -> list[Transition]:
    """The transitions this user may take now, in table order: what the renewal page offers."""
    return [
        t
        for t in TRANSITIONS.values()
        if t.service
        and t.place == place
        and t.action is not None
        and can(user, t.action, renewal.branch)
        and not blockers(renewal, t.name)
    ]


def phase_open(renewal: Renewal, phase: Phase) -> bool:
    """Whether work inside `phase` may be done now: the renewal is in it and not sealed."""
    return renewal.phase == phase and not renewal.sealed_at


def plan_editable(renewal: Renewal) -> bool:
    """The plan and its exclusions change only while preparing and not yet submitted."""
    return phase_open(renewal, Phase.PREPARE) and not renewal.awaiting_approval


def phase_flags(renewal: Renewal) -> dict[str, bool]:
    """{phase: whether the renewal is in it}, for the page sections that belong to a phase."""
    return {phase.value: renewal.phase == phase for phase in Phase}


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


def record_branch_event(
    branch: Any, *, actor: Any, action: str, summary: str, target: Any, changes: dict | None = None
):
    """An event of a branch's renewal timetable that belongs to no renewal (a delay or an early
    renewal asked before one is started): against the branch, named in ACTION_LABELS as well."""
    return audit(
        actor=actor,
        action=action,
        organisation=branch,
        target=target,
        summary=summary,
        changes=changes or {},
    )


def lock(renewal: Renewal) -> Renewal:
    return Renewal.objects.select_for_update().select_related("branch").get(pk=renewal.pk)


def require(actor: Any, action: Action, renewal: Renewal) -> None:
    if not can(actor, action, renewal.branch):
        raise PermissionDenied


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
        summary=official_text(transition.label) + (f"：{reason}" if reason else ""),
        changes={"phase": [source, renewal.phase], "reason": reason},
    )
    return renewal
