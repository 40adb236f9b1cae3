"""The demo's walks for a base committee renewing by a delegates' congress (issue 15): the
allotment proposed and approved, each unit's delegate election at its own members' meeting, the
credentials check, the congress's meeting prepared and held.

`seed_demo` allots and approves while the committee's renewal is being prepared, then, in the
vote phase, elects the delegates of two units and leaves the congress pending.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from branches.models import Organisation
from elections import demo, domain
from elections.demo_bodies import plan_to_vote
from elections.models import (
    Congress,
    Credential,
    Delegate,
    DelegateUnit,
    Meeting,
    MeetingKind,
    Renewal,
    WorkReport,
)
from elections.selectors.candidates import standing_candidates
from elections.selectors.congress import unit_voters
from elections.selectors.meeting import figures, meeting_of
from elections.selectors.prepare import electorate
from elections.services import congress as service
from elections.services import congress_reports, meeting, prepare, rounds, units

#: The demo's delegates' congress: 区直机关党委 (JG) renews by a congress of 30 delegates (at
#: least one per electing unit), electing 7 committee and 3 commission members; two units have
#: elected their delegates (credentials confirmed), the others and the congress are pending.
CONGRESS = {"code": "JG", "total": 30, "minimum": 1, "seats": 7, "commission": 3}
ELECTED_UNITS = ("JG-01", "JG-02")


def propose_congress(
    renewal: Renewal, *, actor: Any, approver: Any, total: int, minimum: int = 1
) -> Congress:
    """The plan chooses the congress with `total` delegates; the superior approves the
    allotment as proposed."""
    service.congress_allot(actor=actor, renewal=renewal, total=total, minimum=minimum)
    return service.congress_approve_allotment(actor=approver, renewal=renewal)


def elect_unit(renewal: Renewal, unit: DelegateUnit, *, actor: Any) -> list[Delegate]:
    """The unit's own members' meeting, held through the meeting and rounds services like any
    members' meeting: its day and notice, the first voters by name as candidates (as many as the
    differential needs), the next two as scrutineers, the method; on the day every member signs
    in and one round counted from totals elects the first `seats` candidates by everybody's
    vote. Returns the unit's delegates."""
    rules = renewal.ruleset()
    days, today = rules.meeting_notice_days, timezone.localdate()
    voters = unit_voters(unit.unit)
    needed = domain.delegate_min_candidates(unit.seats, rules)
    kind = MeetingKind.UNIT
    meeting.meeting_update(
        actor=actor, renewal=renewal, kind=kind, unit=unit, held_on=today + timedelta(days=days),
        start_time=None, place=renewal.meeting_place or "会议室", chair=voters[-1].name, agenda="",
    )  # fmt: skip
    meeting.meeting_notice_issue(actor=actor, renewal=renewal, unit=unit)
    units.unit_candidates_set(actor=actor, renewal=renewal, unit=unit, members=voters[:needed])
    scrutineers = voters[needed : needed + 2]
    meeting.meeting_staff_set(
        actor=actor, renewal=renewal, kind=kind, unit=unit, scrutineers=scrutineers, counters=[]
    )
    meeting.method_adopt(actor=actor, renewal=renewal, unit=unit)
    # The day comes: as if the notice had gone out the notice period before today.
    Meeting.objects.filter(unit=unit).update(
        held_on=today, notice_issued_at=timezone.now() - timedelta(days=days)
    )
    for member in electorate(unit.unit):
        meeting.attendance_set(
            actor=actor, renewal=renewal, kind=kind, member=member, present=True, unit=unit
        )
    present = figures(Meeting.objects.get(unit=unit)).present
    round_ = rounds.round_open(actor=actor, renewal=renewal, kind=kind, unit=unit, issued=present)
    rounds.round_record_returned(actor=actor, round_=round_, returned=present, mode="totals")
    yes = {name: present if i < unit.seats else 0 for i, name in enumerate(round_.names)}
    rounds.totals_save(
        actor=actor, round_=round_, yes=yes, no={n: present - v for n, v in yes.items()},
        abstain=dict.fromkeys(yes, 0), invalid=0, write_ins={},
    )  # fmt: skip
    rounds.round_close(actor=actor, round_=round_, confirmed_by=scrutineers[0].name)
    return list(Delegate.objects.filter(unit=unit))  # `unit` may hold an earlier prefetch


def confirm_delegates(renewal: Renewal, *, actor: Any) -> None:
    """The credentials check confirms every delegate elected so far."""
    for delegate in Delegate.objects.filter(unit__congress__renewal=renewal, credential="pending"):
        service.delegate_credentials_check(
            actor=actor, renewal=renewal, delegate=delegate, confirmed=True, reason=""
        )


def confirmed_delegates(renewal: Renewal) -> list:
    """The members whose credentials were confirmed, in the order they were elected."""
    found = Delegate.objects.filter(
        unit__congress__renewal=renewal, credential=Credential.CONFIRMED
    ).select_related("member")
    return [d.member for d in found.order_by("pk")]


def prepare_congress(renewal: Renewal, *, actor: Any) -> Meeting:
    """The congress's meeting: notice, formal candidates, two delegates who stand for nothing as
    scrutineers and a third as counter, the method adopted; the day is today."""
    days = renewal.ruleset().meeting_notice_days
    meeting.meeting_update(
        actor=actor, renewal=renewal, kind=MeetingKind.MEMBERS,
        held_on=timezone.localdate() + timedelta(days=days), start_time=None,
        place=renewal.meeting_place or "礼堂", chair="上届党委书记",
        agenda="一、听取和审查上届党委、纪委工作报告\n二、通过选举办法和监票人、计票人名单\n"
        "三、选举新一届党委和纪委",
    )  # fmt: skip
    meeting.meeting_notice_issue(actor=actor, renewal=renewal)
    standing = standing_candidates(renewal)
    meeting.candidates_confirm(actor=actor, renewal=renewal, nominees=standing)
    standing_ids = {n.member_id for n in standing}
    free = [m for m in confirmed_delegates(renewal) if m.pk not in standing_ids]
    meeting.meeting_staff_set(
        actor=actor, renewal=renewal, kind=MeetingKind.MEMBERS,
        scrutineers=free[:2], counters=free[2:3],
    )  # fmt: skip
    meeting.method_adopt(actor=actor, renewal=renewal)
    demo.meeting_today(renewal, notice_days=days)
    return meeting_of(renewal)


def hold_congress(renewal: Renewal, *, actor: Any) -> Renewal:
    """Every confirmed delegate signs in and adopts the work reports unanimously; the congress
    elects the committee and the commission, each on its own ballot; the first plenaries; the
    result goes up for approval."""
    present = confirmed_delegates(renewal)
    service.congress_sign_in(actor=actor, renewal=renewal, members=present)
    reports = [WorkReport.COMMITTEE] + ([WorkReport.COMMISSION] if renewal.commission_seats else [])
    for report in reports:
        congress_reports.congress_report_vote(
            actor=actor, renewal=renewal, report=report, yes=len(present), no=0, abstain=0
        )
    return demo.hold_meeting(renewal, actor=actor, signed_in=True)


def seed_congress(*, staff: Any, approver: Any) -> Renewal | None:
    """The demo's congress (CONGRESS), unless its committee has a renewal already: the allotment
    and the request approved by `approver` (the superior), both bodies' candidates recommended,
    vetted and publicised, then the delegates of ELECTED_UNITS elected today and confirmed."""
    org = Organisation.objects.filter(code=CONGRESS["code"]).first()
    if org is None or org.renewals.exists():
        return None
    renewal = prepare.renewal_open(actor=staff, branch=org)
    congress = propose_congress(
        renewal, actor=staff, approver=approver, total=CONGRESS["total"],
        minimum=CONGRESS["minimum"],
    )  # fmt: skip
    renewal = plan_to_vote(
        renewal, staff=staff, approver=approver, seats=CONGRESS["seats"],
        commission=CONGRESS["commission"],
    )  # fmt: skip
    for unit in congress.units.select_related("unit").filter(unit__code__in=ELECTED_UNITS):
        elect_unit(renewal, unit, actor=staff)
    confirm_delegates(renewal, actor=staff)
    renewal.refresh_from_db()
    return renewal
