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
    PLENARIES,
    DocumentKind,
    Meeting,
    MeetingKind,
    Nominee,
    Notice,
    NoticeKind,
    Objection,
    ObjectionStatus,
    Phase,
    Renewal,
    WithdrawalKind,
)
from elections.selectors.candidates import shortfalls, standing_candidates
from elections.selectors.meeting import bodies
from elections.selectors.notices import (
    NOTICE_PHASES,
    current_notice,
    notice_people,
    notice_required,
    notice_rules,
    running,
    showing_notice,
    unpublished,
)
from elections.selectors.prepare import ballots_issued
from elections.services.documents import issue_document
from elections.services.notifications import notify_next
from elections.workflow.machine import lock, move, record_event, require

#: Objections one sender may send in an hour, across every notice.
OBJECTIONS_PER_HOUR = 5


def _sender_hash(address: str) -> str:
    """A stable pseudonym for the sender's address: enough to rate-limit, not to identify."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


#: The document issued with each kind of notice.
NOTICE_DOCUMENTS = {
    NoticeKind.CANDIDATES: DocumentKind.NOTICE,
    NoticeKind.PRELIMINARY: DocumentKind.PRELIMINARY_NOTICE,
    NoticeKind.APPOINTMENT: DocumentKind.APPOINTMENT_NOTICE,
}


@transaction.atomic
def notice_publish(
    *,
    actor: Any,
    renewal: Renewal,
    start: date,
    phone: str = "",
    address: str = "",
    kind: str = NoticeKind.CANDIDATES,
) -> Renewal:
    """Publish a notice of the people `kind` names now; `phone` and `address` are where objections
    go, printed on it (kept from the latest notice when not given). A notice that has not started
    yet is moved; once one has started, only a changed list (someone on no notice yet) is
    published, as a new notice with the next number and its own period."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    if renewal.phase not in NOTICE_PHASES[kind] or renewal.sealed_at:
        raise ValidationError(_("现在不能发布%(kind)s。") % {"kind": NoticeKind(kind).label})
    if not notice_required(renewal, kind):
        raise ValidationError(
            _("本单位选举规则未要求%(kind)s。") % {"kind": NoticeKind(kind).label}
        )
    today = timezone.localdate()
    if start < today:
        raise ValidationError({"start": _("公示开始日期不能早于今天。")})
    people = notice_people(renewal, kind)
    if not people:
        raise ValidationError(_("没有需要公示的人选。"))
    current = current_notice(renewal, kind)
    if current and current.start <= today and not unpublished(renewal, kind):
        raise ValidationError(_("公示已经开始，不能更改。"))
    before = current or renewal.notices.order_by("-published_at", "-pk").first()
    phone = phone.strip() or (before.phone if before else "")
    address = address.strip() or (before.address if before else "")
    if phone:
        PHONE_VALIDATOR(phone)
    end = domain.publicity_last_day(start, notice_rules(renewal, kind))
    fields = {"start": start, "end": end, "phone": phone, "address": address, "people": people}
    if current and current.start > today:
        notice = current
        for name, value in fields.items():
            setattr(notice, name, value)
        notice.published_at, notice.published_by = timezone.now(), actor
    else:
        number = current.number + 1 if current else 1
        notice = Notice(renewal=renewal, kind=kind, number=number, published_by=actor, **fields)
    notice.document = issue_document(renewal, NOTICE_DOCUMENTS[kind], actor=actor, notice=notice)
    notice.save()
    record_event(
        renewal,
        actor=actor,
        action="notice_publish",
        summary=official_text(
            gettext_lazy("发布%(kind)s（第%(n)s次）：%(a)s 至 %(b)s，公示对象：%(names)s"),
            kind=NoticeKind(kind).label,
            n=notice.number,
            a=notice.start,
            b=notice.end,
            names="、".join(p["name"] for p in people),
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
    notice = showing_notice(renewal)
    if notice is None:
        raise ValidationError(_("该公示未在进行中。"))
    if not running(notice):
        raise ValidationError(_("不在公示期内（%(a)s 至 %(b)s）。")
                              % {"a": notice.start, "b": notice.end})  # fmt: skip
    if not text.strip():
        raise ValidationError({"text": _("请填写意见内容。")})
    who = _sender_hash(address)
    recent = Objection.objects.filter(
        sender_hash=who, created_at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= OBJECTIONS_PER_HOUR:
        raise ValidationError(_("提交过于频繁，请一小时后再试。"))
    if nominee is not None and nominee.pk not in notice.ids:
        raise ValidationError({"nominee": _("所选人选不在本次公示中。")})
    objection = Objection.objects.create(
        renewal=renewal, notice=notice, nominee=nominee, text=text, name=name, contact=contact,
        sender_hash=who,
    )  # fmt: skip
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
def candidate_withdraw(
    *, actor: Any, nominee: Nominee, reason: str, kind: str = WithdrawalKind.WITHDRAWN
) -> Renewal:
    """A candidate withdraws, falls ill or is disqualified (取消资格, by the approver) during the
    notice or in the vote before the first ballot. While the differential holds the renewal goes
    on without them; when it breaks, the list goes back to vetting."""
    renewal = lock(nominee.renewal)
    if kind not in WithdrawalKind.values:
        raise ValidationError({"kind": _("请选择退出情形。")})
    may_approve = can(actor, Action.APPROVE, renewal.branch)
    if not (can(actor, Action.WORK, renewal.branch) or may_approve):
        raise PermissionDenied
    if kind == WithdrawalKind.DISQUALIFIED and not may_approve:
        raise PermissionDenied
    if renewal.sealed_at or renewal.phase not in (Phase.PUBLICISE, Phase.VOTE):
        raise ValidationError(_("只能在公示阶段或选举阶段办理退出。"))
    if renewal.phase == Phase.VOTE and ballots_issued(renewal):
        raise ValidationError(_("党员大会已发出选票，候选人不能再退出。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退出或取消资格的理由。")})
    nominee = Nominee.objects.select_for_update().select_related("member").get(pk=nominee.pk)
    if not nominee.approved or nominee.withdrawn_reason:
        raise ValidationError(_("该同志不是现有的候选人预备人选。"))
    was_formal = nominee.formal
    nominee.withdrawn_reason, nominee.withdrawal_kind, nominee.formal = reason, kind, False
    nominee.save(update_fields=["withdrawn_reason", "withdrawal_kind", "formal"])
    broken = bool(shortfalls(renewal, standing_candidates(renewal)))
    reset = _meeting_unsettled(renewal, notice=broken) if renewal.phase == Phase.VOTE else []
    record_event(
        renewal,
        actor=actor,
        action="candidate_withdraw",
        summary=official_text(
            gettext_lazy("%(name)s %(kind)s，不再作为候选人：%(r)s%(again)s"),
            name=nominee.member.name, kind=WithdrawalKind(kind).label, r=reason,
            again=gettext_lazy("；选举办法须由大会重新通过")
            if "method_adopted_at" in reset else "",
        ),
        changes={"kind": kind, "formal": [was_formal, False], "reset": reset},
    )  # fmt: skip
    if broken:
        renewal = move(
            actor=actor,
            renewal=renewal,
            name="back_to_vet" if renewal.phase == Phase.PUBLICISE else "vote_back_to_vet",
            reason=official_text(gettext_lazy("%(name)s 退出后差额不足"), name=nominee.member.name),
        )
        notify_next(renewal, _("候选人退出后差额不足，请重新审查补充人选"), Action.APPROVE)
    return renewal


def _meeting_unsettled(renewal: Renewal, *, notice: bool) -> list[str]:
    """A candidate left before the first ballot: the election method the meeting adopted names
    the candidates, so it is adopted again; when the renewal goes back to vetting, the meeting
    notice no longer holds either and the formal candidates are confirmed anew."""
    meeting = renewal.meetings.filter(kind=MeetingKind.MEMBERS).first()
    if meeting is None:
        return []
    fields = []
    if meeting.method_adopted_at:
        meeting.method_adopted_at = None
        fields.append("method_adopted_at")
    if notice:
        renewal.nominees.filter(formal=True).update(formal=False)
        if meeting.notice_issued_at:
            meeting.notice_issued_at = None
            fields.append("notice_issued_at")
    if fields:
        meeting.save(update_fields=fields)
    return fields


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
    kinds += [kind for kind in PLENARIES if bodies(renewal, kind)]
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
