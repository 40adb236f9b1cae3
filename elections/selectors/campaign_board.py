"""The campaign board (集中换届进度): one row per included branch, one column per timetable step.

Every cell comes from :func:`elections.selectors.campaign_steps.step_cells` (the one reading of a
renewal's progress, shared with the ledger and the report). The page makes a fixed number of
queries whatever the number of branches: the campaign's included entries under the level shown
are read in one query (the branch, its parent, the renewal and the day the members' meeting sat),
the cells, the filters that need them (late only, phase) and the totals are worked out here.

The members' meeting **has sat** when a round of voting was opened at it: ``round_open`` refuses
ballots without a quorum (R5), so a meeting adjourned for want of quorum has no round, and its
``held_on`` is the day it was adjourned to, still to come. Once a round exists, ``held_on`` is the
day the meeting sat (an adjournment moves it before any round, never after). Neither the notice
nor the attendance list makes a meeting held. A renewal held by a delegates' congress has no
members' meeting: its "meeting" cell is never done (the congress's sitting is not read here yet).

For a large scope the board is rolled up by the next level down (a province sees its cities, a
city its counties): the organisations just under the level shown that hold included branches,
each with the same totals and a drill-down (``?under=<id>``) to the level below it, down to the
branch rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from branches.access import Action
from branches.models import Organisation, OrganisationKind
from elections.domain.timetable import STEPS, Cell, State, Step
from elections.models import (
    Campaign,
    CampaignBranch,
    CampaignStep,
    Meeting,
    MeetingKind,
    Phase,
    RiskLevel,
    Round,
    ShiftKind,
)
from elections.selectors.access import get_campaign_for
from elections.selectors.campaign_steps import step_cells
from elections.selectors.shifts import effective_due_dates

#: More branches than this under the level shown (after the filters): grouped by default.
ROLLUP_OVER = 30
#: The phase filter's value for the branches whose renewal has not been started.
NOT_LAUNCHED = "none"


@dataclass(frozen=True)
class BoardQuery:
    """What the user filters on; ``sub`` is an organisation just under the campaign's."""

    q: str = ""
    late: bool = False
    phase: str = ""
    sub: int | None = None
    view: str = ""


@dataclass(frozen=True)
class Column:
    step: Step
    label: str
    deadline: date | None


@dataclass
class Tally:
    """One step's totals: done (of which late), running, late, not started."""

    done: int = 0
    done_late: int = 0
    running: int = 0
    late: int = 0
    not_started: int = 0


def tallies(rows: list[Row]) -> list[Tally]:
    """The totals of each column over ``rows``."""
    counts: list[dict[str, int]] = [dict.fromkeys(State, 0) for _ in STEPS]
    for row in rows:
        for count, cell in zip(counts, row.cells, strict=True):
            count[cell.state] += 1
    return [
        Tally(
            done=c[State.DONE] + c[State.DONE_LATE],
            done_late=c[State.DONE_LATE],
            running=c[State.RUNNING],
            late=c[State.LATE],
            not_started=c[State.NOT_STARTED],
        )
        for c in counts
    ]


@dataclass(frozen=True)
class Progress:
    """What step_dates reads of a renewal (phase, timeline, seal), read as values: building a
    model instance for each of thousands of rows would cost more than the rest of the page."""

    phase: str
    timeline: dict
    sealed_at: datetime | None


@dataclass(frozen=True)
class Row:
    """One branch of the campaign: its cells in the columns' order."""

    entry_id: int
    branch_id: int
    name: str
    code: str
    path: str
    parent_name: str
    renewal_id: int | None
    phase: str
    problem: str
    risk_level: str
    risk_note: str
    cells: tuple[Cell, ...]
    late: bool
    delayed: bool

    @property
    def phase_label(self) -> str:
        return Phase(self.phase).label if self.phase else ""

    @property
    def risk_label(self) -> str:
        return RiskLevel(self.risk_level).label if self.risk_level else ""


@dataclass
class Group:
    """An organisation just under the level shown, with the totals of its branches."""

    org_id: int
    name: str
    rows: list[Row] = field(default_factory=list)
    totals: list[Tally] = field(default_factory=list)

    @property
    def branches(self) -> int:
        return len(self.rows)

    @property
    def late_branches(self) -> int:
        return sum(row.late for row in self.rows)


@dataclass(frozen=True)
class Board:
    campaign: Campaign
    level: Organisation
    trail: list[Organisation]
    columns: list[Column]
    totals: list[Tally]
    count: int
    late_count: int
    grouped: bool
    groups: list[Group]
    rows: list[Row]


def delayed_deadlines(campaign: Campaign) -> dict[int, dict[str, date]]:
    """{branch id: the deadlines in force for that branch} for each included branch whose delay
    (延期换届) the superior approved to a day after the campaign's end: the campaign's timetable
    moved by the days the delay adds, so it is measured against its own dates and marked
    "已批准延期" on the board. One query (effective_due_dates) for the whole campaign."""
    ids = campaign.entries.filter(included=True).values("branch_id")
    base = campaign.deadline_map()
    delays: dict[int, dict[str, date]] = {}
    for org_id, due in effective_due_dates(ids).items():
        if due.shift_kind != ShiftKind.DELAY or due.due is None or due.due <= campaign.ends_on:
            continue
        moved = due.due - campaign.ends_on
        delays[org_id] = {step: day + moved for step, day in base.items()}
    return delays


def get_campaign_entry_for(
    user, pk: int, entry_pk: int, *, action: Action = Action.VIEW
) -> tuple[Campaign, CampaignBranch]:
    """A campaign the user may act on with ``action`` and one of its included branches."""
    campaign = get_campaign_for(user, pk, action=action)
    entry = campaign.entries.filter(pk=entry_pk, included=True).select_related("branch").first()
    if entry is None:
        raise Http404
    return campaign, entry


def board_level(campaign: Campaign, under: str | int | None) -> Organisation:
    """The organisation whose level the board shows: the campaign's own, or one below it."""
    root = campaign.organisation
    if under in (None, "", str(root.pk), root.pk):
        return root
    try:
        pk = int(under)
    except (TypeError, ValueError):
        raise Http404 from None
    level = (
        Organisation.objects.filter(pk=pk, path__startswith=root.path)
        .exclude(kind=OrganisationKind.BRANCH)
        .first()
    )
    if level is None:
        raise Http404
    return level


def sub_committees(campaign: Campaign) -> list[tuple[int, str]]:
    """The organisations just under the campaign's that hold included branches (the
    sub-committee filter), in tree order."""
    holding = CampaignBranch.objects.filter(
        campaign=campaign, included=True, branch__path__startswith=OuterRef("path")
    )
    return list(
        Organisation.objects.filter(parent=campaign.organisation)
        .exclude(kind=OrganisationKind.BRANCH)
        .filter(Exists(holding))
        .order_by("path")
        .values_list("pk", "name")
    )


def board_entries(campaign: Campaign, level: Organisation, query: BoardQuery) -> QuerySet:
    """The included entries under ``level`` matching the search and the sub-committee, with
    what the cells need, in one query."""
    sat = Meeting.objects.filter(
        renewal=OuterRef("renewal_id"), kind=MeetingKind.MEMBERS, held_on__isnull=False
    ).filter(Exists(Round.objects.filter(meeting=OuterRef("pk"))))
    qs = CampaignBranch.objects.filter(
        campaign=campaign, included=True, branch__path__startswith=level.path
    )
    if query.sub is not None:
        qs = qs.filter(branch__path__startswith=f"{campaign.organisation.path}{query.sub}/")
    if query.q:
        qs = qs.filter(Q(branch__name__icontains=query.q) | Q(branch__code__icontains=query.q))
    return (
        qs.annotate(meeting_held_on=Subquery(sat.values("held_on")[:1]))
        .order_by("branch__path")
        .values_list(*FIELDS)
    )


#: What a row reads, in one query: the entry, its branch and parent, the renewal, the meeting.
FIELDS = (
    "id", "branch_id", "branch__name", "branch__code", "branch__path", "branch__parent__name",
    "renewal_id", "renewal__phase", "renewal__timeline", "renewal__sealed_at",
    "meeting_held_on", "problem", "risk_level", "risk_note",
)  # fmt: skip


def columns_of(campaign: Campaign) -> list[Column]:
    deadlines = campaign.deadline_map()
    return [Column(step, CampaignStep(step).label, deadlines.get(step)) for step in STEPS]


def board_rows(
    campaign: Campaign, level: Organisation, query: BoardQuery, *, today: date
) -> list[Row]:
    """The branch rows under ``level`` that pass every filter, in tree order."""
    deadlines = campaign.deadline_map()
    delays = delayed_deadlines(campaign)
    zone = timezone.get_current_timezone()
    rows = []
    for (
        pk, branch_id, name, code, path, parent_name, renewal_id, phase, timeline, sealed_at,
        meeting_held_on, problem, risk_level, risk_note,
    ) in board_entries(campaign, level, query):  # fmt: skip
        if query.phase and (phase or NOT_LAUNCHED) != query.phase:
            continue
        own = delays.get(branch_id)
        progress = Progress(phase, timeline or {}, sealed_at) if renewal_id else None
        cells = step_cells(
            progress,
            own if own is not None else deadlines,
            today=today,
            meeting_held_on=meeting_held_on,
            zone=zone,
        )
        ordered = tuple(cells[step] for step in STEPS)
        late = any(cell.state == State.LATE for cell in ordered)
        if query.late and not late:
            continue
        row = Row(
            pk, branch_id, name, code, path, parent_name or "", renewal_id, phase or "",
            problem, risk_level, risk_note, ordered, late, own is not None,
        )  # fmt: skip
        rows.append(row)
    return rows


def _child_id(path: str, depth: int) -> int:
    """The id of the organisation at ``depth`` on ``path`` ("/1/7/42/")."""
    return int(path.strip("/").split("/")[depth])


def board_for(campaign: Campaign, *, level: Organisation, query: BoardQuery, today: date) -> Board:
    """The board of ``campaign`` at ``level``: its totals, its groups (rolled up) and its rows."""
    rows = board_rows(campaign, level, query, today=today)
    depth = len(level.path.strip("/").split("/"))
    groups: dict[int, Group] = {
        pk: Group(pk, name)
        for pk, name in Organisation.objects.filter(parent=level)
        .exclude(kind=OrganisationKind.BRANCH)
        .order_by("path")
        .values_list("pk", "name")
    }
    direct: list[Row] = []
    for row in rows:
        group = groups.get(_child_id(row.path, depth))
        (direct if group is None else group.rows).append(row)
    held = [group for group in groups.values() if group.rows]
    if query.view == "groups":
        grouped = True
    elif query.view == "branches" or query.q:
        grouped = False
    else:
        grouped = len(rows) > ROLLUP_OVER
    grouped = grouped and bool(held)
    for group in held if grouped else ():
        group.totals = tallies(group.rows)
    return Board(
        campaign=campaign,
        level=level,
        trail=board_trail(campaign, level),
        columns=columns_of(campaign),
        totals=tallies(rows),
        count=len(rows),
        late_count=sum(row.late for row in rows),
        grouped=grouped,
        groups=held if grouped else [],
        rows=direct if grouped else rows,
    )


def board_trail(campaign: Campaign, level: Organisation) -> list[Organisation]:
    """The organisations from the campaign's down to ``level`` (the drill-down's breadcrumbs)."""
    root = campaign.organisation
    if level.pk == root.pk:
        return [root]
    ids = level.ancestor_ids()
    between = ids[ids.index(root.pk) + 1 :]
    found = {org.pk: org for org in Organisation.objects.filter(pk__in=between).only("pk", "name")}
    return [root, *(found[pk] for pk in between if pk in found), level]
