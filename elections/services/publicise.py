"""State changes of the publicise phase: the public notice, objections, withdrawals."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action, can
from branches.official import official_text
from elections import domain
from elections.models import (
    PHONE_VALIDATOR,
    DocumentKind,
    Meeting,
    MeetingKind,
    Nominee,
    Objection,
    ObjectionStatus,
    Phase,
    Renewal,
)
from elections.selectors.candidates import shortfalls, standing_candidates
from elections.selectors.meeting import bodies
from elections.services.documents import issue_document
from elections.services.notifications import notify_next
from elections.workflow.machine import lock, move, record_event, require

#: Objections one sender may send in an hour, across every notice.
OBJECTIONS_PER_HOUR = 5


def _sender_hash(address: str) -> str:
    """A stable pseudonym for the sender's address: enough to rate-limit, not to identify."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


@transaction.atomic
def notice_publish(
    *, actor: Any, renewal: Renewal, start: date, phone: str = "", address: str = ""
) -> Renewal:
    """Publish (or move) the notice; `phone` and `address` are where objections go, printed on it
    (kept from before when not given)."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    if renewal.phase != Phase.PUBLICISE:
        raise ValidationError(_("只有在公示阶段才能发布公示。"))
    if start < timezone.localdate():
        raise ValidationError({"start": _("公示开始日期不能早于今天。")})
    if renewal.notice_start and renewal.notice_start <= timezone.localdate():
        raise ValidationError(_("公示已经开始，不能更改。"))
    if phone.strip():
        PHONE_VALIDATOR(phone.strip())
        renewal.notice_phone = phone.strip()
    if address.strip():
        renewal.notice_address = address.strip()
    renewal.notice_start = start
    renewal.notice_end = domain.publicity_last_day(start, renewal.ruleset())
    renewal.save(update_fields=["notice_start", "notice_end", "notice_phone", "notice_address"])
    issue_document(renewal, DocumentKind.NOTICE, actor=actor)
    record_event(
        renewal,
        actor=actor,
        action="notice_publish",
        summary=official_text(
            gettext_lazy("发布候选人预备人选公示：%(a)s 至 %(b)s"),
            a=renewal.notice_start,
            b=renewal.notice_end,
        ),
    )
    return renewal


@transaction.atomic
def objection_submit(
    *,
    renewal: Renewal,
    text: str,
    name: str = "",
    contact: str = "",
    nominee: Nominee | None = None,
    address: str,
) -> Objection:
    """Anyone, without an account, during the notice period; rate-limited per sender. The renewal
    row is locked first, so senders pressing at once are counted one after the other."""
    renewal = lock(renewal)
    today = timezone.localdate()
    if renewal.phase != Phase.PUBLICISE or renewal.notice_start is None:
        raise ValidationError(_("该公示未在进行中。"))
    if not domain.publicity_running(renewal.notice_start, on=today, last_day=renewal.notice_end):
        raise ValidationError(_("不在公示期内（%(a)s 至 %(b)s）。")
                              % {"a": renewal.notice_start, "b": renewal.notice_end})  # fmt: skip
    if not text.strip():
        raise ValidationError({"text": _("请填写意见内容。")})
    who = _sender_hash(address)
    recent = Objection.objects.filter(
        sender_hash=who, created_at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= OBJECTIONS_PER_HOUR:
        raise ValidationError(_("提交过于频繁，请一小时后再试。"))
    if nominee is not None and nominee.renewal_id != renewal.pk:
        raise ValidationError({"nominee": _("所选人选不在本次公示中。")})
    objection = Objection.objects.create(
        renewal=renewal, nominee=nominee, text=text, name=name, contact=contact, sender_hash=who
    )
    record_event(
        renewal,
        actor=None,
        action="objection_submit",
        summary=official_text(
            gettext_lazy("收到公示意见%(about)s"),
            about=f"（涉及{nominee.member.name}）" if nominee else "",
        ),
    )
    notify_next(renewal, _("收到公示意见，待处理"), Action.APPROVE)
    return objection


@transaction.atomic
def objection_resolve(*, actor: Any, objection: Objection, outcome: str) -> Objection:
    renewal = lock(objection.renewal)
    require(actor, Action.APPROVE, renewal)
    if not outcome.strip():
        raise ValidationError({"outcome": _("请填写处理结果。")})
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    objection.status, objection.outcome = ObjectionStatus.RESOLVED, outcome
    objection.resolved_by, objection.resolved_at = actor, timezone.now()
    objection.save(update_fields=["status", "outcome", "resolved_by", "resolved_at"])
    record_event(
        renewal,
        actor=actor,
        action="objection_resolve",
        summary=official_text(gettext_lazy("处理公示意见：%(o)s"), o=outcome),
    )
    return objection


@transaction.atomic
def candidate_withdraw(*, actor: Any, nominee: Nominee, reason: str) -> Renewal:
    """A candidate withdraws or is removed; a broken differential sends the list back to vetting."""
    renewal = lock(nominee.renewal)
    if not (can(actor, Action.WORK, renewal.branch) or can(actor, Action.APPROVE, renewal.branch)):
        raise PermissionDenied
    if renewal.phase != Phase.PUBLICISE:
        raise ValidationError(_("只能在公示阶段办理退出。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退出或取消资格的理由。")})
    nominee = Nominee.objects.select_for_update().select_related("member").get(pk=nominee.pk)
    if not nominee.approved or nominee.withdrawn_reason:
        raise ValidationError(_("该同志不是现有的候选人预备人选。"))
    nominee.withdrawn_reason = reason
    nominee.save(update_fields=["withdrawn_reason"])
    record_event(
        renewal,
        actor=actor,
        action="candidate_withdraw",
        summary=official_text(
            gettext_lazy("%(name)s 退出候选人预备人选：%(r)s"), name=nominee.member.name, r=reason
        ),
    )
    if shortfalls(renewal, standing_candidates(renewal)):
        renewal = move(
            actor=actor,
            renewal=renewal,
            name="back_to_vet",
            reason=official_text(gettext_lazy("%(name)s 退出后差额不足"), name=nominee.member.name),
        )
        notify_next(renewal, _("候选人退出后差额不足，请重新审查补充人选"), Action.APPROVE)
    return renewal


@transaction.atomic
def renewal_finish_notice(*, actor: Any, renewal: Renewal) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="finish_notice")
    _meetings_create(renewal)
    notify_next(renewal, _("公示结束，请筹备党员大会选举"), Action.WORK)
    return renewal


def _meetings_create(renewal: Renewal) -> list[Meeting]:
    """The meetings the renewal holds, created as it enters the vote with the plan's date and
    place (pages only read them)."""
    kinds = [MeetingKind.MEMBERS]
    if bodies(renewal, MeetingKind.PLENARY):
        kinds.append(MeetingKind.PLENARY)
    return [
        Meeting.objects.get_or_create(
            renewal=renewal,
            kind=kind,
            defaults={
                "held_on": renewal.meeting_date if kind == MeetingKind.MEMBERS else None,
                "place": renewal.meeting_place,
            },
        )[0]
        for kind in kinds
    ]
