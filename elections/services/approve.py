"""State changes of the approve phase: the result report goes up, comes back approved or
returned."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from branches.official import official_text
from branches.services import term_start
from elections import domain
from elections.models import (
    DocumentKind,
    Elected,
    MeetingKind,
    Phase,
    Renewal,
    WithdrawalKind,
    body_label,
)
from elections.selectors.archive import term_posts
from elections.services.documents import issue_document
from elections.services.filing import filing_submit
from elections.services.notifications import notify_next
from elections.workflow.machine import lock, move, record_event, require, require_phase


@transaction.atomic
def renewal_submit_result(*, actor: Any, renewal: Renewal) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="submit_result")
    issue_document(renewal, DocumentKind.RESULT_REPORT, actor=actor)
    notify_next(renewal, _("选举结果报告待批复"), Action.APPROVE)
    return renewal


@transaction.atomic
def renewal_approve_result(*, actor: Any, renewal: Renewal) -> Renewal:
    """R16: the superior approves the secretary and deputy (committee recorded or approved);
    the branch's new term starts with the elected committee and the previous one ends.

    The term (届) starts on the day of the election meeting, not on the day of approval, and
    runs for the years the renewal's rules give the branch's category (§1, §3)."""
    renewal = move(actor=actor, renewal=renewal, name="approve_result")
    issue_document(renewal, DocumentKind.RESULT_REPLY, actor=actor)
    elected_on = election_day(renewal)
    term_start(
        actor=actor,
        organisation=renewal.branch,
        start_date=elected_on,
        planned_end=domain.term_end(
            elected_on, category=renewal.branch.category or "other", rules=renewal.ruleset()
        ),
        posts=term_posts(renewal),
        note=official_text(
            gettext_lazy("经 %(e)s 党员大会换届选举产生，上级批复于 %(d)s"),
            e=elected_on,
            d=timezone.localdate(),
        ),
    )
    notify_next(renewal, _("选举结果已批复，请完成工作交接和总结归档"), Action.WORK)
    filing_submit(actor=actor, renewal=renewal, elected_on=elected_on)
    return renewal


def election_day(renewal: Renewal) -> date:
    """The day the members' meeting elected the committee (its date after any adjournment)."""
    meeting = renewal.meetings.filter(kind=MeetingKind.MEMBERS).first()
    if meeting is not None and meeting.held_on:
        return meeting.held_on
    return renewal.meeting_date or timezone.localdate()


@transaction.atomic
def renewal_return_result(*, actor: Any, renewal: Renewal, reason: str) -> Renewal:
    renewal = move(actor=actor, renewal=renewal, name="return_result", reason=reason)
    notify_next(renewal, _("选举结果报告被退回：%(r)s") % {"r": reason}, Action.WORK)
    return renewal


@transaction.atomic
def write_in_check(*, actor: Any, elected: Elected, note: str) -> Elected:
    """The superior records that it checked the eligibility of a person elected as a write-in,
    who was never a candidate and so never vetted nor publicised (R8)."""
    renewal = lock(elected.renewal)
    require(actor, Action.APPROVE, renewal)
    require_phase(renewal, Phase.APPROVE)
    elected = Elected.objects.select_for_update().get(pk=elected.pk, renewal=renewal)
    if not elected.write_in:
        raise ValidationError(_("%(n)s 是候选人，已经过审查和公示。") % {"n": elected.name})
    if elected.checked_at:
        raise ValidationError(_("%(n)s 的资格审查已经登记。") % {"n": elected.name})
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("请填写资格审查意见。")})
    elected.checked_at = timezone.now()
    elected.checked_by_name = actor.get_full_name() or actor.get_username()
    elected.check_note = note
    elected.save(update_fields=["checked_at", "checked_by_name", "check_note"])
    record_event(
        renewal,
        actor=actor,
        action="write_in_check",
        summary=official_text(
            gettext_lazy("登记另选当选人 %(n)s 的资格审查：%(note)s"), n=elected.name, note=note
        ),
    )
    return elected


@transaction.atomic
def elected_invalidate(*, actor: Any, elected: Elected, reason: str) -> Renewal:
    """当选无效: before approving the result the approver disqualifies an elected person, with a
    reason. Their election (every post it gave them) stays in the record, marked invalid; the
    renewal returns to the vote, where the meeting elects the seat again (另行选举)."""
    renewal = lock(elected.renewal)
    require(actor, Action.APPROVE, renewal)
    require_phase(renewal, Phase.APPROVE)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写当选无效的理由。")})
    elected = Elected.objects.select_for_update().get(pk=elected.pk, renewal=renewal)
    same = Q(member_id=elected.member_id) if elected.member_id else Q(name=elected.name)
    rows = list(Elected.objects.select_for_update().filter(same, renewal=renewal))
    now, by = timezone.now(), actor.get_full_name() or actor.get_username()
    for row in rows:
        row.invalidated_at, row.invalidated_by_name, row.invalid_reason = now, by, reason
    Elected.records.bulk_update(rows, ["invalidated_at", "invalidated_by_name", "invalid_reason"])
    if elected.member_id:
        renewal.nominees.filter(member_id=elected.member_id).update(
            withdrawal_kind=WithdrawalKind.DISQUALIFIED, withdrawn_reason=reason
        )
    posts = "、".join(body_label(r.body, renewal.branch.kind) for r in rows)
    record_event(
        renewal,
        actor=actor,
        action="elected_invalidate",
        summary=official_text(
            gettext_lazy("宣布 %(n)s 当选%(p)s无效：%(r)s"), n=elected.name, p=posts, r=reason
        ),
        changes={"elected": [r.pk for r in rows]},
    )
    renewal = move(
        actor=actor,
        renewal=renewal,
        name="return_elected_invalid",
        reason=official_text(gettext_lazy("%(n)s 当选无效，另行选举"), n=elected.name),
    )
    # A new sitting elects the seat: who is present is taken afresh.
    for meeting in renewal.meetings.exclude(kind=MeetingKind.UNIT):
        meeting.present.clear()
    notify_next(renewal, _("%(n)s 当选无效，请召开会议另行选举") % {"n": elected.name}, Action.WORK)
    return renewal
