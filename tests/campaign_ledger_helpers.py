"""Campaigns, their branches and renewals made as rows (not through the campaign services), for
the ledger and statistics tests: a renewal at a phase with its timeline, a members' meeting that
voted (its first round's E and P), the elected with their duties, the formal candidates."""

from __future__ import annotations

import io
from datetime import date, datetime, time

from django.utils import timezone
from openpyxl import load_workbook

from branches.models import Organisation, Post
from elections.models import (
    Body,
    Campaign,
    CampaignBranch,
    Elected,
    Meeting,
    MeetingKind,
    Nominee,
    Phase,
    Renewal,
    Round,
    RoundKind,
    RoundStatus,
)
from members.models import Member
from tests.conftest import make_member, make_org

#: The ledger's and statistics' URL names: tests/test_access_matrix_campaign_ledger.py covers them.
LEDGER_VIEWS = {"campaigns:ledger", "campaigns:statistics"}
PHASES = [Phase.PREPARE, Phase.RECOMMEND, Phase.VET, Phase.PUBLICISE, Phase.VOTE, Phase.APPROVE]


def moment(day: date) -> str:
    """A timeline entry: 09:00 local time on `day`."""
    return timezone.make_aware(datetime.combine(day, time(9, 0))).isoformat()


def make_campaign(organisation: Organisation, *, targets: dict | None = None, **kw) -> Campaign:
    return Campaign.objects.create(
        organisation=organisation,
        title=kw.pop("title", "2026年集中换届"),
        starts_on=kw.pop("starts_on", date(2026, 3, 20)),
        ends_on=kw.pop("ends_on", date(2026, 4, 30)),
        targets=targets or {},
        **kw,
    )


def renewal_at(branch: Organisation, phase: str, days: list[date], **kw) -> Renewal:
    """A renewal of `branch` in `phase`, having entered PHASES in order on `days` (one day per
    phase entered, the last the phase it is in; archive as the day after approve)."""
    order = [*PHASES, Phase.ARCHIVE]
    timeline = {str(p): moment(day) for p, day in zip(order, days, strict=False)}
    sealed = kw.pop("sealed_on", None)
    renewal = Renewal.objects.create(
        branch=branch,
        phase=phase,
        timeline=timeline,
        seats=kw.pop("seats", 3),
        sealed_at=timezone.make_aware(datetime.combine(sealed, time(10))) if sealed else None,
        **kw,
    )
    return renewal


def include(campaign: Campaign, branch: Organisation, renewal: Renewal | None = None):
    return CampaignBranch.objects.create(campaign=campaign, branch=branch, renewal=renewal)


def hold_vote(
    renewal: Renewal,
    *,
    held_on: date,
    expected: int,
    present: int,
    committee: list[tuple[Member | None, str, str]],
    candidates: list[tuple[Member, bool]] = (),
) -> Round:
    """The members' meeting sat on `held_on` and its first round (E, P) elected `committee`:
    (member or None for a write-in, name, duty). `candidates`: (member, pledge signed), formal."""
    meeting = Meeting.objects.create(renewal=renewal, kind=MeetingKind.MEMBERS, held_on=held_on)
    round_ = Round.objects.create(
        meeting=meeting,
        number=1,
        body=Body.COMMITTEE,
        kind=RoundKind.FIRST,
        seats=len(committee),
        expected=expected,
        present=present,
        issued=present,
        returned=present,
        status=RoundStatus.CLOSED,
    )
    for votes, (member, name, duty) in enumerate(committee):
        Elected.objects.create(
            renewal=renewal,
            body=Body.COMMITTEE,
            member=member,
            name=name,
            votes=present - votes,
            round=round_,
            duty=duty,
            write_in=member is None,
        )
    for member, pledged in candidates:
        Nominee.objects.create(
            renewal=renewal,
            member=member,
            approved=True,
            formal=True,
            pledge="renewals/pledges/2026/p.pdf" if pledged else "",
        )
    return round_


def elected_branch(campaign, parent, code, *, secretary_born, women=0, college=0, pledged=3):
    """A branch under `parent` whose renewal (approved, in the archive phase) elected three: the
    secretary born on `secretary_born`, `women` of them women, `college` of them with a
    bachelor's degree; three formal candidates, `pledged` of them with a signed pledge."""
    branch = make_org(code, "branch", parent, name=f"支部{code}")
    people = [
        make_member(
            branch,
            name=f"{code}委员{i}",
            birth_date=secretary_born if i == 0 and secretary_born else date(1970, 1, 1),
            gender="female" if i < women else "male",
            education="bachelor" if i < college else "high_school",
        )
        for i in range(3)
    ]
    if secretary_born is None:
        Member.objects.filter(pk=people[0].pk).update(birth_date=None)
        people[0].birth_date = None
    days = [date(2026, 3, 20 + i) for i in range(7)]
    renewal = renewal_at(branch, Phase.ARCHIVE, days)
    duties = [Post.SECRETARY, Post.ORGANISATION, Post.PUBLICITY]
    hold_vote(
        renewal,
        held_on=date(2026, 4, 10),
        expected=10,
        present=9,
        committee=[(m, m.name, d) for m, d in zip(people, duties, strict=True)],
        candidates=[(m, i < pledged) for i, m in enumerate(people)],
    )
    include(campaign, branch, renewal)
    return branch


def workbook(data: bytes) -> list[tuple]:
    """The first sheet's rows, date cells as dates (openpyxl reads them as datetimes)."""
    rows = load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True)
    return [tuple(v.date() if isinstance(v, datetime) else v for v in row) for row in rows]


def sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]
