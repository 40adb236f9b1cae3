"""State changes of the electing units' members' meetings of a delegates' congress (issue 15).

Each electing unit elects its delegates at its own members' meeting: a Meeting of kind UNIT,
held through the same meeting and rounds services as any members' meeting (notice, attendance,
scrutineers, method, rounds counted by R8-R13, tally sheets). This module creates those
meetings, confirms each unit's delegate candidates (R6 over the unit's seats) and writes the
delegates a closed round elected.
"""

from __future__ import annotations

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
    Congress,
    Delegate,
    DelegateUnit,
    Meeting,
    MeetingKind,
    Phase,
    Renewal,
    Round,
)
from elections.selectors.congress import unit_candidates, unit_voters
from elections.selectors.count import member_ids
from elections.selectors.meeting import meeting_held, meeting_started, scrutineers_among
from elections.selectors.problems import describe
from elections.workflow.machine import lock, record_event, require, require_phase
from members.models import Member


def unit_meetings_create(congress: Congress) -> list[Meeting]:
    """One members' meeting per electing unit, created when the superior approves the
    allotment (pages only read them); the plan's place is the default."""
    renewal = congress.renewal
    return [
        Meeting.objects.get_or_create(
            unit=unit,
            defaults={
                "renewal": renewal,
                "kind": MeetingKind.UNIT,
                "place": renewal.meeting_place,
            },
        )[0]
        for unit in congress.units.all()
    ]


@transaction.atomic
def unit_candidates_set(
    *, actor: Any, renewal: Renewal, unit: DelegateUnit, members: list[Member]
) -> list[Member]:
    """The unit's meeting confirms its delegate candidates: voters of the unit (R1, R2), at least
    20% more than its delegate seats (R6), none of them a scrutineer (R14)."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    meeting = meeting_held(renewal, MeetingKind.UNIT, unit)
    unit = meeting.unit
    if unit.elected:
        raise ValidationError(_("%(u)s的代表选举结果已录入。") % {"u": unit.unit.name})
    if meeting_started(meeting):
        raise ValidationError(_("已开始投票，代表候选人不能再更改。"))
    voters = {m.pk for m in unit_voters(unit.unit, on=meeting.held_on)}
    strangers = [m.name for m in members if m.pk not in voters]
    if strangers:
        raise ValidationError(
            _("代表候选人须是本选举单位有选举权的党员：%(n)s") % {"n": "、".join(strangers)}
        )
    if len({m.pk for m in members}) != len(members):
        raise ValidationError(_("代表候选人重复。"))
    needed = domain.delegate_min_candidates(unit.seats, renewal.ruleset())
    if len(members) < needed:
        raise ValidationError(
            _("应选代表%(s)s名，代表候选人应不少于%(n)s名（差额不少于20%%），现有%(c)s名。")
            % {"s": unit.seats, "n": needed, "c": len(members)}
        )
    clash = scrutineers_among(meeting, [m.name for m in members])
    if clash:
        raise ValidationError([*map(describe, clash), _("请先更换监票人。")])
    before = set(unit.candidates.values_list("pk", flat=True))
    unit.candidates.set(members)
    chosen = unit_candidates(unit)
    # The adopted method names the candidates: other candidates need it adopted again.
    readopt = bool(meeting.method_adopted_at) and before != {m.pk for m in members}
    if readopt:
        meeting.method_adopted_at = None
        meeting.save(update_fields=["method_adopted_at"])
    record_event(
        renewal,
        actor=actor,
        action="unit_candidates_set",
        summary=official_text(
            gettext_lazy("%(m)s确定代表候选人（应选%(s)s名）：%(names)s%(again)s"),
            m=meeting.title,
            s=unit.seats,
            names="、".join(m.name for m in chosen),
            again=gettext_lazy("；已通过的选举办法须重新通过") if readopt else "",
        ),
    )
    return chosen


def delegates_write(round_: Round, result: domain.RoundResult) -> list[Delegate]:
    """Called as a unit meeting's round closes (in its transaction): the people it elected
    become the unit's delegates; once every seat is filled the unit's record takes the figures
    of its first valid round, so the credentials check and the congress follow."""
    unit = DelegateUnit.objects.select_for_update().get(pk=round_.meeting.unit_id)
    members = member_ids(round_)
    delegates = Delegate.objects.bulk_create(
        Delegate(unit=unit, member_id=members[name], name=name, votes=result.yes[name])
        for name in result.elected
        if members.get(name) is not None  # a write-in counts only when it names a member (R8)
    )
    if unit.delegates.count() < unit.seats:
        return delegates
    counted = [
        r for r in round_.meeting.rounds.order_by("number") if r.result and not r.result.void
    ]
    first = counted[0]
    sheet = first.result
    unit.held_on = round_.meeting.held_on or timezone.localdate()
    unit.expected, unit.present, unit.issued = first.expected, first.present, first.issued
    unit.returned, unit.invalid = first.returned, sheet.invalid
    unit.tally = [
        {
            "name": c["name"],
            "member": c.get("member"),
            "yes": sheet.yes.get(domain.normalize_name(c["name"]), 0),
            "no": sheet.no.get(domain.normalize_name(c["name"]), 0),
            "abstain": sheet.abstain.get(domain.normalize_name(c["name"]), 0),
        }
        for c in first.candidates
    ]
    unit.recorded_at = timezone.now()
    unit.save(
        update_fields=[
            "held_on", "expected", "present", "issued", "returned", "invalid", "tally",
            "recorded_at",
        ]
    )  # fmt: skip
    return delegates
