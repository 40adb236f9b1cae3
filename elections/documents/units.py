"""Documents of an electing unit's members' meeting that elects delegates to the congress
(issue 15): its notice (关于召开党员大会选举代表的通知) and its election method (选举代表办法),
issued by the unit, dated by its own meeting; the pre-printed ballot and the sign-in register are
the members' meeting's own (`ballots`, `attendance`), given the unit's candidates and voters."""

from __future__ import annotations

from typing import Any

from elections import domain
from elections.documents.common import (
    ORG_WORDS,
    chinese_date,
    chinese_number,
    local_day,
    notice_facts,
    percent,
    staff_names,
)
from elections.documents.meeting import agenda_items
from elections.models import Credential, DelegateUnit, Meeting, Renewal
from elections.selectors.congress import congress_of, unit_candidates
from elections.selectors.meeting import figures
from elections.selectors.rules import rule_changes


def _unit_meeting(unit: DelegateUnit) -> Meeting:
    """The unit's meeting (created when the renewal enters the vote)."""
    return Meeting.objects.select_related("renewal", "unit__unit").get(unit=unit)


def unit_context(renewal: Renewal, unit: DelegateUnit) -> dict[str, Any]:
    """What both documents say of the unit's election: the unit and the committee whose congress
    it elects for, the seats, the fewest candidates (R6), the candidates set (stroke order)."""
    rules = renewal.ruleset()
    organisation = unit.unit
    names = [m.name for m in unit_candidates(unit)]
    seats = unit.seats
    least = domain.delegate_min_candidates(seats, rules)
    return {
        "renewal": renewal,
        "unit": unit,
        "branch": organisation,
        "committee": renewal.branch,
        "approver": renewal.branch.parent,
        "org_word": ORG_WORDS[organisation.kind]["org_word"],
        "seats": chinese_number(seats),
        "seat_count": seats,
        "min_candidates": chinese_number(least),
        "margin": percent(rules.differential_margin),
        "candidate_names": names,
        "candidate_count": chinese_number(len(names)) if names else "",
        "lenient": rules.quorum == "lenient",
        "base_expected": rules.majority_base == "expected",
    }


def _agenda(meeting: Meeting, renewal: Renewal) -> list[str]:
    if meeting.agenda.strip():
        return agenda_items(meeting.agenda)
    return agenda_items(
        "通过选举办法，通过监票人、计票人名单\n酝酿确定代表候选人\n"
        f"投票选举出席中共{renewal.branch.name}党员代表大会的代表"
    )


def unit_notice(renewal: Renewal, *, unit: DelegateUnit, **_params: Any) -> tuple[str, dict]:
    meeting = _unit_meeting(unit)
    context = unit_context(renewal, unit)
    context.update(notice_facts(meeting), agenda=_agenda(meeting, renewal))
    return "pdf/unit_notice.html", context


def unit_method(renewal: Renewal, *, unit: DelegateUnit, **_params: Any) -> tuple[str, dict]:
    meeting = _unit_meeting(unit)
    counted = figures(meeting)
    context = unit_context(renewal, unit)
    context.update(staff_names(meeting))
    context.update(
        meeting=meeting,
        adopted=chinese_date(local_day(meeting.method_adopted_at))
        if meeting.method_adopted_at
        else "",
        expected=counted.expected,
        min_present=counted.min_present,
        rule_changes=rule_changes(renewal),
    )
    return "pdf/unit_method.html", context


def delegates_summary(renewal: Renewal) -> dict[str, Any] | None:
    """How the congress's delegates were elected, for the result report: the seats approved,
    each unit's seats and delegates elected, and the credentials check's outcome; None without
    a congress."""
    congress = congress_of(renewal)
    if congress is None:
        return None
    units = list(congress.units.all())
    delegates = [d for unit in units for d in unit.delegates.all()]
    return {
        "total": congress.total,
        "units": [
            {"name": u.unit.name, "seats": u.seats, "elected": len(u.delegates.all())}
            for u in units
        ],
        "unit_count": len(units),
        "elected": len(delegates),
        "confirmed": sum(1 for d in delegates if d.credential == Credential.CONFIRMED),
        "rejected": sum(1 for d in delegates if d.credential == Credential.REJECTED),
    }
