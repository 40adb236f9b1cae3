"""State changes of the election meeting: details, notice, formal candidates, scrutineers (R14),
the method, attendance."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from branches.official import official_text
from elections import domain
from elections.models import (
    PLENARIES,
    Body,
    DelegateUnit,
    DocumentKind,
    Meeting,
    MeetingKind,
    Nominee,
    Phase,
    Renewal,
)
from elections.selectors.candidates import (
    needed_candidates,
    per_post,
    shortfalls,
    standing_candidates,
)
from elections.selectors.congress import confirmed_delegates, holds_congress, unit_candidates
from elections.selectors.meeting import (
    figures,
    formal_candidates,
    meeting_held,
    meeting_started,
    method_problems,
    notice_problems,
    plenary_members,
    scrutineers_among,
)
from elections.selectors.prepare import electorate as unit_roll
from elections.selectors.prepare import in_electorate, roll_members
from elections.selectors.problems import by_field, describe
from elections.services.documents import issue_document
from elections.workflow.machine import lock, record_event, require, require_phase
from members.models import Member


@transaction.atomic
def meeting_update(
    *,
    actor: Any,
    renewal: Renewal,
    kind: str,
    held_on: date | None,
    start_time: time | None,
    place: str,
    chair: str,
    agenda: str,
    unit: DelegateUnit | None = None,
) -> Meeting:
    """The meeting's day, place, chair and agenda; `unit`: that electing unit's meeting."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    meeting = meeting_held(renewal, kind, unit)
    if meeting_started(meeting):
        raise ValidationError(_("会议已开始投票，不能再修改会议信息。"))
    members = meeting.kind in (MeetingKind.MEMBERS, MeetingKind.UNIT)
    if members and held_on and held_on < timezone.localdate():
        raise ValidationError({"held_on": _("会议日期不能早于今天。")})
    moved = held_on != meeting.held_on
    meeting.held_on, meeting.start_time = held_on, start_time
    meeting.place, meeting.chair, meeting.agenda = place, chair, agenda
    fields = ["held_on", "start_time", "place", "chair", "agenda"]
    if moved and meeting.notice_issued_at:
        # A notice announcing another day no longer counts.
        meeting.notice_issued_at = None
        fields.append("notice_issued_at")
    meeting.save(update_fields=fields)
    record_event(
        renewal,
        actor=actor,
        action="meeting_update",
        summary=official_text(
            gettext_lazy("修改%(m)s信息：%(d)s %(p)s"),
            m=meeting.title,
            d=held_on or "",
            p=place,
        ),
    )
    return meeting


@transaction.atomic
def meeting_notice_issue(
    *, actor: Any, renewal: Renewal, unit: DelegateUnit | None = None
) -> Meeting:
    """Issue the notice of the members' meeting (`unit`: of that electing unit's meeting); the
    profile's notice period is a gate."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    meeting = meeting_held(renewal, MeetingKind.MEMBERS, unit)
    if meeting_started(meeting):
        raise ValidationError(_("会议已开始投票。"))
    problems = notice_problems(meeting)
    if problems:
        raise ValidationError(problems)
    meeting.notice_issued_at = timezone.now()
    meeting.save(update_fields=["notice_issued_at"])
    if unit is None:
        congress = holds_congress(renewal)
        kind = DocumentKind.CONGRESS_NOTICE if congress else DocumentKind.MEETING_NOTICE
        issue_document(renewal, kind, actor=actor)
    else:
        issue_document(renewal, DocumentKind.UNIT_NOTICE, actor=actor, unit=unit)
    record_event(
        renewal,
        actor=actor,
        action="meeting_notice_issue",
        summary=official_text(
            gettext_lazy("发出召开%(m)s的通知（%(d)s 召开）"), m=meeting.title, d=meeting.held_on
        ),
    )
    return meeting


@transaction.atomic
def candidates_confirm(*, actor: Any, renewal: Renewal, nominees: list[Nominee]) -> list[Nominee]:
    """The meeting's deliberation confirms the formal candidates from the publicised list."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    if meeting_started(meeting_held(renewal)):
        raise ValidationError(_("已开始投票，正式候选人不能再更改。"))
    standing = {n.pk: n for n in standing_candidates(renewal)}
    chosen = [standing[n.pk] for n in nominees if n.pk in standing]
    if len(chosen) != len(nominees):
        raise ValidationError(_("正式候选人只能从公示的候选人预备人选中确定。"))
    needed = needed_candidates(renewal)
    if per_post(renewal):
        short = [
            _("%(post)s正式候选人 %(n)s 名，至少需要 %(need)s 名。")
            % {"post": Body(post).label, "n": n, "need": need}
            for post, n, need in shortfalls(renewal, chosen)
        ]
        if short:
            raise ValidationError(short)
    elif len(chosen) < needed:
        raise ValidationError(
            _("正式候选人 %(n)s 名，少于差额选举所需的 %(need)s 名。")
            % {"n": len(chosen), "need": needed}
        )
    clash = scrutineers_among(meeting_held(renewal), [n.member.name for n in chosen])
    if clash:
        raise ValidationError([*map(describe, clash), _("请先更换监票人。")])
    ids = {n.pk for n in chosen}
    for nominee in standing.values():
        nominee.formal = nominee.pk in ids
    Nominee.objects.bulk_update(standing.values(), ["formal"])
    record_event(
        renewal,
        actor=actor,
        action="candidates_confirm",
        summary=official_text(
            gettext_lazy("经大会酝酿确定正式候选人：%(names)s"),
            names="、".join(n.member.name for n in formal_candidates(renewal)),
        ),
    )
    return formal_candidates(renewal)


def _people(members: list[Member]) -> str:
    return "、".join(m.name for m in members) or "—"


@transaction.atomic
def meeting_staff_set(
    *,
    actor: Any,
    renewal: Renewal,
    kind: str,
    scrutineers: list[Member],
    counters: list[Member],
    unit: DelegateUnit | None = None,
) -> Meeting:
    """Scrutineers approved by the meeting (never a candidate, R14) and counters."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    meeting = meeting_held(renewal, kind, unit)
    if meeting.rounds.filter(status="open").exists():
        raise ValidationError(_("投票进行中，不能更换监票人、计票人。"))
    errors: dict[str, list[str]] = {}
    electorate: list[str] | None = None
    if kind in PLENARIES:
        # R14 at the first plenary: a committee member, not a candidate for secretary or deputy.
        electorate = [e.name for e in plenary_members(renewal, kind)]
        candidates = [c["name"] for r in meeting.rounds.all() for c in r.candidates]
    elif unit is not None:
        # The unit's members elect their delegates: scrutineers from the unit, not candidates.
        candidates = [m.name for m in unit_candidates(meeting.unit)]
        ids = set(unit_roll(unit.unit).values_list("pk", flat=True))
        outside = [m.name for m in scrutineers + counters if m.pk not in ids]
        if outside:
            errors["scrutineers"] = [_("%(n)s 不是本选举单位的党员。") % {"n": "、".join(outside)}]
    else:
        candidates = [n.member.name for n in formal_candidates(renewal)]
        outside = [m.name for m in scrutineers + counters if not in_electorate(renewal, m)]
        delegates = confirmed_delegates(renewal)
        if delegates is not None:
            # At a delegates' congress the scrutineers are delegates (R14 with the delegates
            # as the electorate); counters are appointed from anywhere.
            electorate, outside = [d.name for d in delegates], []
        if outside:
            errors["scrutineers"] = [_("%(n)s 不是本支部党员。") % {"n": "、".join(outside)}]
    problems = domain.scrutineer_problems(
        [m.name for m in scrutineers], candidates=candidates, electorate=electorate
    )
    for field, texts in by_field(problems).items():
        errors.setdefault(field, []).extend(texts)
    if errors:
        raise ValidationError(errors)
    meeting.scrutineers.set(scrutineers)
    meeting.counters.set(counters)
    record_event(
        renewal,
        actor=actor,
        action="meeting_staff_set",
        summary=official_text(
            gettext_lazy("%(m)s 监票人：%(s)s；计票人：%(c)s"),
            m=meeting.title,
            s=_people(scrutineers),
            c=_people(counters),
        ),
    )
    return meeting


@transaction.atomic
def method_adopt(*, actor: Any, renewal: Renewal, unit: DelegateUnit | None = None) -> Meeting:
    """The meeting adopts the election method (选举办法) as generated; it is issued as adopted:
    a delegates' congress adopts its own (党员代表大会选举办法), which the archive keeps; a unit
    meeting (`unit`) its 选举代表办法."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    meeting = meeting_held(renewal, MeetingKind.MEMBERS, unit)
    problems = method_problems(renewal, meeting)
    if problems:
        raise ValidationError(problems)
    meeting.method_adopted_at = timezone.now()
    meeting.save(update_fields=["method_adopted_at"])
    if unit is None:
        kind = DocumentKind.CONGRESS_METHOD if holds_congress(renewal) else DocumentKind.METHOD
        issue_document(renewal, kind, actor=actor)
    else:
        issue_document(renewal, DocumentKind.UNIT_METHOD, actor=actor, unit=unit)
    record_event(
        renewal,
        actor=actor,
        action="method_adopt",
        summary=official_text(gettext_lazy("%(m)s通过选举办法"), m=meeting.title)
        if unit
        else official_text(gettext_lazy("大会通过选举办法")),
    )
    return meeting


@transaction.atomic
def attendance_set(
    *,
    actor: Any,
    renewal: Renewal,
    kind: str,
    member: Member,
    present: bool,
    unit: DelegateUnit | None = None,
) -> Meeting:
    """Tick a member present or absent. R10: nobody is present for an absent member."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    meeting = meeting_held(renewal, kind, unit)
    if unit is not None:
        if not unit_roll(unit.unit).filter(pk=member.pk).exists():
            raise ValidationError(_("%(n)s 不是本选举单位的党员。") % {"n": member.name})
    elif kind in PLENARIES:
        if member.pk not in {e.member_id for e in plenary_members(renewal, kind)}:
            raise ValidationError(_("%(n)s 不是新当选的委员。") % {"n": member.name})
    elif member.pk not in {m.pk for m in roll_members(renewal)}:
        # The roll E counts (fixed at the request; changes confirmed through the census step).
        raise ValidationError(_("%(n)s 不在本次换届核实的党员名册中。") % {"n": member.name})
    if meeting.present.filter(pk=member.pk).exists() == present:
        return meeting  # nothing changed, nothing to record
    if present:
        meeting.present.add(member)
    else:
        meeting.present.remove(member)
    record_event(
        renewal,
        actor=actor,
        action="attendance_set",
        summary=official_text(
            gettext_lazy("%(n)s 签到") if present else gettext_lazy("%(n)s 取消签到"),
            n=member.name,
        ),
    )
    return meeting


@transaction.atomic
def meeting_adjourn(
    *, actor: Any, renewal: Renewal, held_on: date, reason: str, unit: DelegateUnit | None = None
) -> Meeting:
    """The members' meeting (`unit`: that unit's) did not reach quorum on the day (R5): it is
    adjourned to `held_on` and needs a new notice; the record keeps both days."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    meeting = meeting_held(renewal, MeetingKind.MEMBERS, unit)
    if meeting_started(meeting):
        raise ValidationError(_("已开始投票，不能休会改期。"))
    counted = figures(meeting)
    if counted.quorum:
        raise ValidationError(_("到会人数已达到法定人数，不需要休会。"))
    today = timezone.localdate()
    rules = renewal.ruleset()
    if held_on <= today:
        raise ValidationError({"held_on": _("改期后的会议日期须晚于今天。")})
    if not domain.meeting_notice_ok(notice=today, meeting=held_on, rules=rules):
        raise ValidationError(
            {"held_on": _("会议通知应至少提前 %(n)s 天发出：今天发通知，最早 %(d)s 召开。")
             % {"n": rules.meeting_notice_days,
                "d": today + timedelta(days=rules.meeting_notice_days)}}
        )  # fmt: skip
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写休会原因。")})
    first_day = meeting.held_on
    meeting.adjournments = [
        *meeting.adjournments,
        {
            "held_on": first_day.isoformat() if first_day else None,
            "expected": counted.expected,
            "present": counted.present,
            "reason": reason,
            "adjourned_at": timezone.now().isoformat(),
            "by": actor.get_full_name() or actor.get_username(),
        },
    ]
    meeting.held_on = held_on
    meeting.notice_issued_at = None
    meeting.save(update_fields=["adjournments", "held_on", "notice_issued_at"])
    meeting.present.clear()
    record_event(
        renewal,
        actor=actor,
        action="meeting_adjourn",
        summary=official_text(
            gettext_lazy("%(d)s 的%(m)s应到会 %(e)s 人，实到 %(p)s 人，未达到法定人数，"
                         "休会改期至 %(new)s 召开（%(r)s）；须重新发出会议通知。"),
            d=first_day or "", m=meeting.title, e=counted.expected, p=counted.present,
            new=held_on, r=reason,
        ),
        changes={"held_on": [str(first_day or ""), str(held_on)]},
    )  # fmt: skip
    return meeting
