"""The attendance register (签到表) of the members' meeting: a working sheet, not issued."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from branches.official import official
from elections import domain
from elections.documents.common import chinese_day
from elections.documents.pdf import render_pdf
from elections.models import MeetingKind, Renewal
from elections.selectors.prepare import census_facts


def attendance_context(renewal: Renewal) -> dict[str, Any]:
    """Voters (R1) to sign, probationary members on their own list, and E (R4)."""

    meeting = renewal.meetings.filter(kind=MeetingKind.MEMBERS).first()
    held_on = meeting.held_on if meeting and meeting.held_on else renewal.meeting_date
    on = held_on or timezone.localdate()
    rules = renewal.ruleset()
    voters, probationary, facts = [], [], []
    without_rights = excluded = 0
    roll = sorted(census_facts(renewal), key=lambda row: domain.stroke_key(row[0].name))
    for member, fact in roll:
        facts.append(fact)
        if fact.status == domain.MemberStatus.PROBATIONARY:
            probationary.append(member)
        elif not domain.has_voting_rights(fact, on=on):
            without_rights += 1
        else:
            note = ""
            if domain.is_excluded(fact, rules=rules):
                excluded += 1
                note = f"不计入应到会人数（{fact.exclusion.label}）"
            voters.append({"member": member, "note": note})
    return {
        "branch": renewal.branch,
        "day": chinese_day(held_on) if held_on else "",
        "place": meeting.place if meeting and meeting.place else renewal.meeting_place,
        "voters": voters,
        "probationary": probationary,
        "expected": domain.expected_attendance(facts, on=on, rules=rules),
        "excluded": excluded,
        "without_rights": without_rights,
    }


@official
def attendance_pdf(renewal: Renewal) -> bytes:
    return render_pdf("pdf/attendance.html", attendance_context(renewal))
