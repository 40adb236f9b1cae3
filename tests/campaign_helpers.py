"""Campaigns and their branches for the board's tests and its benchmark, made directly (not
through the campaign services, which are built beside the board): a campaign with a timetable,
an entry per branch, renewals placed in a phase on given days, members' meetings that sat or not.

``bulk_campaign`` builds thousands of branches with bulk_create (a few queries per sub-committee).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from branches.models import Organisation, OrganisationKind
from elections.domain.timetable import spread_backwards
from elections.models import (
    PHASE_ORDER,
    Campaign,
    CampaignBranch,
    Meeting,
    MeetingKind,
    Phase,
    Renewal,
    Round,
)


def moment(day: date) -> str:
    """The timeline's form of a day (an aware datetime at 09:00, ISO)."""
    return timezone.make_aware(datetime.combine(day, time(9))).isoformat()


def timetable(start: date, end: date) -> dict[str, str]:
    """Deadlines spread back from ``end`` (倒排工期), as the campaign stores them."""
    spread = spread_backwards(start=start, end=end)
    assert not spread.problems, spread.problems
    return {str(step): day.isoformat() for step, day in spread.deadlines.items()}


def make_campaign(org: Organisation, *, start: date, end: date, **kw: Any) -> Campaign:
    kw.setdefault("title", "2026年党支部集中换届")
    kw.setdefault("deadlines", timetable(start, end))
    return Campaign.objects.create(organisation=org, starts_on=start, ends_on=end, **kw)


def shift(campaign: Campaign, days: int) -> Campaign:
    """Move every deadline of the timetable by ``days`` (negative: earlier)."""
    campaign.deadlines = {
        step: (date.fromisoformat(day) + timedelta(days=days)).isoformat()
        for step, day in campaign.deadlines.items()
    }
    campaign.save(update_fields=["deadlines"])
    return campaign


def timeline(phase: str, first: date, every: int) -> dict[str, str]:
    """Each phase up to ``phase`` entered ``every`` days after the one before, from ``first``."""
    upto = PHASE_ORDER.index(phase)
    return {
        str(p): moment(first + timedelta(days=i * every))
        for i, p in enumerate(PHASE_ORDER[: upto + 1])
    }


def place(
    campaign: Campaign,
    branch: Organisation,
    phase: str | None = None,
    *,
    first: date | None = None,
    every: int = 3,
    entered: dict[str, date] | None = None,
    **entry: Any,
) -> CampaignBranch:
    """An included entry for ``branch``; with ``phase``, its renewal standing in that phase,
    its phases entered ``every`` days apart from ``first`` (or on the days of ``entered``)."""
    renewal = None
    if phase is not None:
        days = (
            {str(p): moment(d) for p, d in entered.items()}
            if entered is not None
            else timeline(phase, first or campaign.starts_on, every)
        )
        renewal = Renewal.objects.create(branch=branch, phase=phase, timeline=days)
    return CampaignBranch.objects.create(campaign=campaign, branch=branch, renewal=renewal, **entry)


def hold_meeting(renewal: Renewal, held_on: date, *, sat: bool = True) -> Meeting:
    """The members' meeting on ``held_on``; ``sat``: a round was opened at it (it sat)."""
    meeting = Meeting.objects.create(renewal=renewal, kind=MeetingKind.MEMBERS, held_on=held_on)
    if sat:
        Round.objects.create(
            meeting=meeting, number=1, body="committee", kind="first", seats=3,
            expected=10, present=9, issued=9,
        )  # fmt: skip
    return meeting


#: The mix of a bulk campaign: (phase or None for not launched, meeting sat, launch problem).
MIX: list[tuple[str | None, bool]] = [
    (None, False),
    (Phase.PREPARE, False),
    (Phase.RECOMMEND, False),
    (Phase.VET, False),
    (Phase.PUBLICISE, False),
    (Phase.VOTE, False),
    (Phase.VOTE, True),
    (Phase.APPROVE, True),
    (Phase.ARCHIVE, True),
]


def sub_committee(parent: Organisation, code: str, name: str) -> Organisation:
    org = Organisation(code=code, name=name, kind=OrganisationKind.COMMITTEE, parent=parent)
    org.save()
    return org


def bulk_campaign(campaign: Campaign, parents: list[Organisation], per_parent: int) -> int:
    """``per_parent`` branches under each of ``parents``, each an included entry of
    ``campaign``, in the phases of MIX (their phases entered 2 to 5 days apart from the
    campaign's start, so some are late); a renewal in the vote phase or beyond has its members'
    meeting, sat or not; a not launched branch has a launch problem. Returns the branches made."""
    start = campaign.starts_on
    made = 0
    for parent in parents:
        first = parent.children.count()
        codes = [f"{parent.code}-{j}" for j in range(first, first + per_parent)]
        Organisation.objects.bulk_create(
            Organisation(
                code=code, name=f"{parent.name}第{first + j}党支部", kind=OrganisationKind.BRANCH,
                category="organ", parent=parent, depth=parent.depth + 1,
            )
            for j, code in enumerate(codes)
        )  # fmt: skip
        Organisation.objects.filter(parent=parent, path="").update(
            path=Concat(Value(parent.path), Cast("id", CharField()), Value("/"))
        )
        ids = list(
            Organisation.objects.filter(code__in=codes).order_by("pk").values_list("pk", flat=True)
        )
        plan = [(pk, MIX[(made + i) % len(MIX)], 2 + (made + i) % 4) for i, pk in enumerate(ids)]
        renewals = Renewal.objects.bulk_create(
            Renewal(branch_id=pk, phase=phase, timeline=timeline(phase, start, every),
                    sealed_at=timezone.now() if phase == Phase.ARCHIVE else None)
            for pk, (phase, _sat), every in plan
            if phase is not None
        )  # fmt: skip
        by_branch = {r.branch_id: r for r in renewals}
        CampaignBranch.objects.bulk_create(
            CampaignBranch(
                campaign=campaign, branch_id=pk, renewal=by_branch.get(pk),
                problem="" if pk in by_branch else "没有支部书记",
                risk_level=str(1 + i % 3) if i % 5 == 0 else "",
                risk_note="需关注" if i % 5 == 0 else "",
            )
            for i, (pk, _mix, _every) in enumerate(plan)
        )  # fmt: skip
        voting = [
            (by_branch[pk], sat, every)
            for pk, (phase, sat), every in plan
            if phase in (Phase.VOTE, Phase.APPROVE, Phase.ARCHIVE)
        ]
        meetings = Meeting.objects.bulk_create(
            Meeting(renewal=r, kind=MeetingKind.MEMBERS, held_on=start + timedelta(days=5 * every))
            for r, _sat, every in voting
        )
        Round.objects.bulk_create(
            Round(meeting=m, number=1, body="committee", kind="first", seats=3, expected=10,
                  present=9, issued=9)
            for m, (_r, sat, _every) in zip(meetings, voting, strict=True)
            if sat
        )  # fmt: skip
        made += len(ids)
    return made
