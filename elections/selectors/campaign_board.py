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
members' meeting: its "meeting" cell stays open until the vote step is done.

For a large scope the board is rolled up by the next level down (a province sees its cities, a
city its counties): the organisations just under the level shown that hold included branches,
each with the same totals and a drill-down (``?under=<id>``) to the level below it, down to the
branch rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

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
)
from elections.selectors.access import get_campaign_for
from elections.selectors.campaign_steps import step_cells

#: More branches than this under the level shown (after the filters): grouped by default.
ROLLUP_OVER = 30
#: The phase filter's value for the branches whose renewal has not been started.
NOT_LAUNCHED = "none"
#: view=groups / view=branches force the roll-up or the branch rows; empty: by size.
VIEWS = ("groups", "branches")


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

    def add(self, cell: Cell) -> None:
        if cell.state in (State.DONE, State.DONE_LATE):
            self.done += 1
            self.done_late += cell.state == State.DONE_LATE
        elif cell.state == State.RUNNING:
            self.running += 1
        elif cell.state == State.LATE:
            self.late += 1
        else:
            self.not_started += 1


@dataclass(frozen=True)
class Row:
    """One branch of the campaign: its cells in the columns' order."""

    entry: CampaignBranch
    cells: tuple[Cell, ...]
    late: bool
    delayed: bool

    @property
    def branch(self) -> Organisation:
        return self.entry.branch

    @property
    def phase_label(self) -> str:
        renewal = self.entry.renewal
        return Phase(renewal.phase).label if renewal is not None else ""

    @property
    def risk_label(self) -> str:
        level = self.entry.risk_level
        return RiskLevel(level).label if level else ""


@dataclass
class Group:
    """An organisation just under the level shown, with the totals of its branches."""

    org_id: int
    name: str
    branches: int = 0
    late_branches: int = 0
    totals: list[Tally] = field(default_factory=lambda: [Tally() for _ in STEPS])


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
    """HOOK for approved delays (issue 14 item 6, built beside the board): {branch id: the
    deadlines in force for that branch} for each branch whose delay the superior approved.

    The delay selector is not merged yet, so no branch has one here. When it is, this body
    becomes one call to it (a single query for the whole campaign, so the board keeps its fixed
    number of queries); a branch found here is measured against its own deadlines and marked
    "已批准延期" on the board.
    """
    return {}


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
        qs.select_related("branch", "branch__parent", "renewal")
        .only(
            "id", "branch_id", "renewal_id", "problem", "risk_level", "risk_note",
            "branch__id", "branch__name", "branch__code", "branch__path", "branch__kind",
            "branch__parent__id", "branch__parent__name",
            "renewal__id", "renewal__phase", "renewal__timeline", "renewal__sealed_at",
        )
        .annotate(meeting_held_on=Subquery(sat.values("held_on")[:1]))
        .order_by("branch__path")
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
    rows = []
    for entry in board_entries(campaign, level, query):
        own = delays.get(entry.branch_id)
        cells = step_cells(
            entry.renewal,
            own if own is not None else deadlines,
            today=today,
            meeting_held_on=entry.meeting_held_on,
        )
        ordered = tuple(cells[step] for step in STEPS)
        late = any(cell.state == State.LATE for cell in ordered)
        if query.late and not late:
            continue
        if query.phase:
            phase = entry.renewal.phase if entry.renewal_id else NOT_LAUNCHED
            if phase != query.phase:
                continue
        rows.append(Row(entry, ordered, late, own is not None))
    return rows


def _child_id(path: str, depth: int) -> int:
    """The id of the organisation at ``depth`` on ``path`` ("/1/7/42/")."""
    return int(path.strip("/").split("/")[depth])


def board_for(campaign: Campaign, *, level: Organisation, query: BoardQuery, today: date) -> Board:
    """The board of ``campaign`` at ``level``: its totals, its groups (rolled up) and its rows."""
    rows = board_rows(campaign, level, query, today=today)
    totals = [Tally() for _ in STEPS]
    for row in rows:
        for tally, cell in zip(totals, row.cells, strict=True):
            tally.add(cell)
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
        group = groups.get(_child_id(row.branch.path, depth))
        if group is None:
            direct.append(row)
            continue
        group.branches += 1
        group.late_branches += row.late
        for tally, cell in zip(group.totals, row.cells, strict=True):
            tally.add(cell)
    held = [group for group in groups.values() if group.branches]
    if query.view == "groups":
        grouped = True
    elif query.view == "branches" or query.q:
        grouped = False
    else:
        grouped = len(rows) > ROLLUP_OVER
    grouped = grouped and bool(held)
    return Board(
        campaign=campaign,
        level=level,
        trail=board_trail(campaign, level),
        columns=columns_of(campaign),
        totals=totals,
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
