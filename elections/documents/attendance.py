"""The attendance register (签到表) of the members' meeting, or of an electing unit's meeting that
elects delegates: a working sheet, not issued."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from branches.official import official
from elections import domain
from elections.documents.common import chinese_day
from elections.documents.pdf import render_pdf
from elections.models import Congress, Credential, Delegate, Meeting, MeetingKind, Renewal
from elections.selectors.prepare import census_facts, electorate


def attendance_context(renewal: Renewal, meeting: Meeting | None = None) -> dict[str, Any]:
    """Voters (R1) to sign, probationary members on their own list, and E (R4): of the members'
    meeting, or of `meeting`, a unit's meeting (every member of the unit's subtree)."""

    unit = meeting.unit if meeting is not None and meeting.kind == MeetingKind.UNIT else None
    if unit is None:
        meeting = renewal.meetings.filter(kind=MeetingKind.MEMBERS).first()
        members = census_facts(renewal)
    else:
        members = [(member, member.facts()) for member in electorate(unit.unit)]
    # A unit's meeting has its own day and place; the renewal's planned ones are the congress's.
    planned = (None, "") if unit else (renewal.meeting_date, renewal.meeting_place)
    held_on = meeting.held_on if meeting and meeting.held_on else planned[0]
    on = held_on or timezone.localdate()
    rules = renewal.ruleset()
    voters, probationary, facts = [], [], []
    without_rights = excluded = 0
    roll = sorted(members, key=lambda row: domain.stroke_key(row[0].name))
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
        "branch": unit.unit if unit else renewal.branch,
        # A unit's meeting elects delegates to the congress of the renewing committee.
        "congress_of": renewal.branch if unit else None,
        "day": chinese_day(held_on) if held_on else "",
        "place": meeting.place if meeting and meeting.place else planned[1],
        "voters": voters,
        "probationary": probationary,
        "expected": domain.expected_attendance(facts, on=on, rules=rules),
        "excluded": excluded,
        "without_rights": without_rights,
    }


def congress_register(renewal: Renewal) -> dict[str, Any] | None:
    """The congress's register: the delegates whose credentials were confirmed (the voters), in
    stroke order with their electing unit; None for a renewal by members' meeting."""
    delegates = (
        Delegate.objects.filter(unit__congress__renewal=renewal, credential=Credential.CONFIRMED)
        .select_related("member", "unit__unit")
        .order_by("pk")
    )
    if not Congress.objects.filter(renewal=renewal).exists():
        return None
    meeting = renewal.meetings.filter(kind=MeetingKind.MEMBERS).first()
    held_on = meeting.held_on if meeting and meeting.held_on else renewal.meeting_date
    rows = sorted(delegates, key=lambda d: domain.stroke_key(d.name))
    return {
        "branch": renewal.branch,
        "congress": True,
        "day": chinese_day(held_on) if held_on else "",
        "place": meeting.place if meeting and meeting.place else renewal.meeting_place,
        "voters": [{"member": d.member, "note": d.unit.unit.name} for d in rows],
        "probationary": [],
        "expected": len(rows),
        "excluded": 0,
        "without_rights": 0,
    }


@official
def attendance_pdf(renewal: Renewal, meeting: Meeting | None = None) -> bytes:
    """The register of the members' meeting (a congress's: of its delegates) or of `meeting`."""
    context = (meeting is None and congress_register(renewal)) or attendance_context(
        renewal, meeting
    )
    return render_pdf("pdf/attendance.html", context)
