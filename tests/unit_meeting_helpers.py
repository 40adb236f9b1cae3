"""An electing unit's members' meeting walked through the services, shared by the unit meeting
tests (the congress of tests/congress_helpers.py: G elects 4 delegates with E = 12, B1 6 with
E = 31)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from elections import domain
from elections.models import DelegateUnit, Meeting, MeetingKind, Renewal, Round
from elections.selectors.congress import unit_voters
from elections.services import meeting, rounds, units
from members.models import Member

UNIT = MeetingKind.UNIT


def prepare(renewal: Renewal, unit: DelegateUnit, staff: Any) -> Meeting:
    """The unit's meeting prepared and its day come: day and notice, the first voters by name as
    candidates (as many as the differential needs), the next two as scrutineers, the method."""
    days = renewal.ruleset().meeting_notice_days
    voters = unit_voters(unit.unit)
    needed = domain.delegate_min_candidates(unit.seats, renewal.ruleset())
    meeting.meeting_update(
        actor=staff, renewal=renewal, kind=UNIT, unit=unit,
        held_on=timezone.localdate() + timedelta(days=days), start_time=None, place="会议室",
        chair=voters[-1].name, agenda="",
    )  # fmt: skip
    meeting.meeting_notice_issue(actor=staff, renewal=renewal, unit=unit)
    units.unit_candidates_set(actor=staff, renewal=renewal, unit=unit, members=voters[:needed])
    meeting.meeting_staff_set(
        actor=staff, renewal=renewal, kind=UNIT, unit=unit,
        scrutineers=voters[needed : needed + 2], counters=[],
    )  # fmt: skip
    meeting.method_adopt(actor=staff, renewal=renewal, unit=unit)
    Meeting.objects.filter(unit=unit).update(
        held_on=timezone.localdate(), notice_issued_at=timezone.now() - timedelta(days=days)
    )
    return Meeting.objects.get(unit=unit)


def sign_in(renewal: Renewal, unit: DelegateUnit, staff: Any, members: list[Member]) -> None:
    for member in members:
        meeting.attendance_set(
            actor=staff, renewal=renewal, kind=UNIT, member=member, present=True, unit=unit
        )


def count(staff: Any, round_: Round, yes: dict[str, int]) -> Round:
    """Key the round's totals (the rest of each ballot "no") and close it on the first
    scrutineer's word."""
    rounds.round_record_returned(actor=staff, round_=round_, returned=round_.issued, mode="totals")
    rounds.totals_save(
        actor=staff, round_=round_, yes=yes, no={n: round_.issued - v for n, v in yes.items()},
        abstain=dict.fromkeys(yes, 0), invalid=0, write_ins={},
    )  # fmt: skip
    scrutineer = round_.meeting.scrutineers.order_by("name").first()
    return rounds.round_close(actor=staff, round_=round_, confirmed_by=scrutineer.name)
