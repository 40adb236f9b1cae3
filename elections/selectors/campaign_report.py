"""The campaign report (集中换届工作情况报告) for the level above: scope and timetable, progress per
step (from campaign_steps, as the board reads it), the late list, the risk notes, the structure of
the new committees from the members' data, and the filings. A fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone

from branches.models import Organisation
from elections import domain
from elections.domain.timetable import Cell, State, Step
from elections.models import (
    Body,
    Campaign,
    CampaignBranch,
    CampaignStep,
    Elected,
    Filing,
    Meeting,
    MeetingKind,
    Phase,
    RenewalShift,
    RiskLevel,
    Round,
    ShiftKind,
    ShiftStatus,
)
from elections.selectors.campaign_steps import step_cells
from elections.selectors.filing import files_upward
from members.models import Education

#: Those elected to the new committee (a secretary-only branch: its secretary and deputy).
COMMITTEE_BODIES = (Body.COMMITTEE, Body.SECRETARY, Body.DEPUTY)
#: 大专及以上.
COLLEGE = (Education.POSTGRADUATE, Education.BACHELOR, Education.COLLEGE)
#: Age bands: (label, lowest age, highest age).
AGE_BANDS = (
    ("35岁及以下", 0, 35),
    ("36至45岁", 36, 45),
    ("46至55岁", 46, 55),
    ("56岁及以上", 56, 200),
)


@dataclass(frozen=True)
class StepRow:
    label: str
    deadline: date | None
    counts: dict[str, int]  # State value → number of branches


@dataclass(frozen=True)
class LateRow:
    branch: Organisation
    steps: list[tuple[str, int]]  # (step label, days late), the steps late today


@dataclass(frozen=True)
class RiskRow:
    branch: Organisation
    level: str
    note: str


@dataclass(frozen=True)
class Structure:
    """Sex, age and education of a group of people elected (from the members' data)."""

    total: int
    women: int
    ages: list[tuple[str, int]]
    average_age: int | None
    college: int
    education: list[tuple[str, int]]
    unknown: int  # not in the members' register: nothing known of them

    def share(self, n: int) -> str:
        return f"{round(100 * n / self.total)}%" if self.total else "—"


@dataclass(frozen=True)
class CampaignReport:
    campaign: Campaign
    today: date
    included: list[CampaignBranch]
    removed: list[CampaignBranch]
    not_started: list[CampaignBranch]
    steps: list[StepRow]
    late: list[LateRow]
    risks: list[RiskRow]
    risk_counts: list[tuple[str, int]]
    approved: int  # renewals whose result the superior approved: the new committees
    members: Structure
    secretaries: Structure
    filings: list[Filing]
    unfiled: list[CampaignBranch] = field(default_factory=list)
    delays: list[RenewalShift] = field(default_factory=list)  # approved 延期换届

    @property
    def started(self) -> int:
        return sum(1 for e in self.included if e.renewal_id)

    @property
    def acknowledged(self) -> int:
        return sum(1 for f in self.filings if f.acknowledged_at)


def _meetings_sat(renewal_ids: list[int]) -> dict[int, date]:
    """{renewal: the day its members' meeting sat}: a meeting sat once it opened a round."""
    rounds = Round.objects.filter(meeting=OuterRef("pk"))
    rows = Meeting.objects.filter(
        renewal_id__in=renewal_ids, kind=MeetingKind.MEMBERS, held_on__isnull=False
    ).filter(Exists(rounds))
    return dict(rows.values_list("renewal_id", "held_on"))


def structure(people: list[Elected], today: date) -> Structure:
    """`people`' sex, age on `today` and education; those not in the register count as unknown."""
    known = [p.member for p in people if p.member is not None]
    ages = [domain.whole_years(since=m.birth_date, on=today) for m in known if m.birth_date]
    education = Counter(m.education for m in known if m.education)
    return Structure(
        total=len(people),
        women=sum(1 for m in known if m.gender == "female"),
        ages=[(label, sum(1 for a in ages if lo <= a <= hi)) for label, lo, hi in AGE_BANDS],
        average_age=round(sum(ages) / len(ages)) if ages else None,
        college=sum(education[e] for e in COLLEGE),
        education=[(str(label), education[value]) for value, label in Education.choices],
        unknown=len(people) - len(known),
    )


def _late_row(entry: CampaignBranch, cells: dict[Step, Cell]) -> LateRow | None:
    late = [
        (str(CampaignStep(step.value).label), cell.days)
        for step, cell in cells.items()
        if cell.state == State.LATE
    ]
    return LateRow(entry.branch, late) if late else None


def campaign_report(campaign: Campaign, *, today: date | None = None) -> CampaignReport:
    today = today or timezone.localdate()
    entries = list(
        CampaignBranch.objects.filter(campaign=campaign)
        .select_related("branch", "branch__parent", "renewal")
        .order_by("branch__path")
    )
    included = [e for e in entries if e.included]
    renewal_ids = [e.renewal_id for e in included if e.renewal_id]
    sat = _meetings_sat(renewal_ids)
    deadlines = campaign.deadline_map()
    counts = {step: Counter() for step in Step}
    late = []
    for entry in included:
        cells = step_cells(
            entry.renewal, deadlines, today=today, meeting_held_on=sat.get(entry.renewal_id)
        )
        for step, cell in cells.items():
            counts[step][cell.state.value] += 1
        row = _late_row(entry, cells)
        if row is not None:
            late.append(row)
    approved = [e for e in included if e.renewal and e.renewal.phase == Phase.ARCHIVE]
    approved_ids = [e.renewal_id for e in approved]
    elected = list(
        Elected.objects.filter(renewal_id__in=approved_ids, body__in=COMMITTEE_BODIES)
        .select_related("member")
        .order_by("renewal_id", "pk")
    )
    people = {}
    for row in elected:  # one person once per renewal, whatever they were elected to
        people.setdefault((row.renewal_id, row.member_id or row.name), row)
    filings = list(
        Filing.objects.filter(renewal_id__in=approved_ids)
        .select_related("renewal__branch", "filed_to")
        .order_by("renewal__branch__path")
    )
    filed = {f.renewal_id for f in filings}
    levels = Counter(e.risk_level for e in included if e.risk_level)
    delays = RenewalShift.objects.filter(
        branch_id__in=[e.branch_id for e in included],
        kind=ShiftKind.DELAY,
        status=ShiftStatus.APPROVED,
    ).select_related("branch")
    return CampaignReport(
        campaign=campaign,
        today=today,
        included=included,
        removed=[e for e in entries if not e.included],
        not_started=[e for e in included if not e.renewal_id],
        steps=[
            StepRow(str(CampaignStep(s.value).label), deadlines.get(s), dict(counts[s]))
            for s in Step
        ],
        late=late,
        risks=[
            RiskRow(e.branch, str(RiskLevel(e.risk_level).label), e.risk_note)
            for e in included
            if e.risk_level in (RiskLevel.TWO, RiskLevel.THREE) or (e.risk_level and e.risk_note)
        ],
        risk_counts=[(str(label), levels[value]) for value, label in RiskLevel.choices],
        approved=len(approved),
        members=structure(list(people.values()), today),
        secretaries=structure([r for r in elected if r.body == Body.SECRETARY], today),
        filings=filings,
        unfiled=[e for e in approved if e.renewal_id not in filed and files_upward(e.branch)],
        delays=list(delays.order_by("branch__path", "pk")),
    )
