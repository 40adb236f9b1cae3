"""Reads of a campaign (集中换届) itself: the list, the organisations that may run one, the scope
it proposes, and what a launch would start. Each list in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from branches.access import Action, role_paths
from branches.models import Organisation, Role, RoleKind, Term
from elections.domain.timetable import Step
from elections.models import (
    Campaign,
    CampaignBranch,
    CampaignReminder,
    CampaignStep,
    Meeting,
    MeetingKind,
    Phase,
    Renewal,
)
from elections.selectors.access import campaign_runner_paths, campaigns_for
from elections.selectors.campaign_steps import step_dates
from elections.selectors.prepare import SEAT_BODY
from members.models import Member, MemberStatus

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

#: The kinds of organisation that hold a renewal (a branch, a general branch, a base committee).
RENEWAL_KINDS = tuple(SEAT_BODY)
#: A branch needs this many full members to exist, and so to renew (R3).
MIN_FULL_MEMBERS = 3
CLOSED = [Phase.ARCHIVE, Phase.CANCELLED]


def campaign_list(user: AbstractBaseUser, *, q: str = "") -> QuerySet[Campaign]:
    """The campaigns the user may see, with their scope's figures (one query a page)."""
    qs = campaigns_for(user).annotate(
        included=Count("entries", filter=Q(entries__included=True), distinct=True),
        started=Count("entries", filter=Q(entries__renewal__isnull=False), distinct=True),
        problems=Count(
            "entries", filter=Q(entries__included=True) & ~Q(entries__problem=""), distinct=True
        ),
    )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(organisation__name__icontains=q))
    return qs.order_by("-starts_on", "-pk")


def campaign_organisations(user: AbstractBaseUser) -> QuerySet[Organisation]:
    """The organisations whose campaign the user may run (campaign_runner_paths: a staff or an
    approver's role there or above), with an organisation below them to renew."""
    below = Organisation.objects.filter(
        parent=OuterRef("pk"), is_active=True, kind__in=RENEWAL_KINDS
    )
    qs = Organisation.objects.filter(is_active=True).filter(Exists(below))
    if user.is_superuser:
        return qs
    paths = campaign_runner_paths(user)
    return qs.filter(reduce(or_, (Q(path__startswith=p) for p in paths), Q(pk__in=[])))


def scope_organisations(campaign: Campaign) -> QuerySet[Organisation]:
    """Every organisation a campaign may renew: below its organisation, of a renewal kind, within
    the chosen units (each with its subtree) when it has any."""
    qs = (
        Organisation.objects.subtree_of(campaign.organisation, include_self=False)
        .filter(is_active=True, kind__in=RENEWAL_KINDS)
        .order_by("path")
    )
    units = list(campaign.units.values_list("organisation__path", flat=True))
    if units:
        qs = qs.filter(reduce(or_, (Q(path__startswith=p) for p in units)))
    return qs


def open_renewals(field: str = "pk") -> QuerySet[Renewal]:
    return Renewal.objects.filter(branch=OuterRef(field)).exclude(phase__in=CLOSED)


def proposed_organisations(campaign: Campaign) -> QuerySet[Organisation]:
    """The organisations a campaign proposes: those of its scope whose current term ends by the
    campaign's end (overdue ones too), unless a campaign already tracks their renewal under way.
    One that started its renewal by itself is proposed too: the launch adopts that renewal."""
    tracked = CampaignBranch.objects.filter(renewal__branch=OuterRef("pk")).exclude(
        renewal__phase__in=CLOSED
    )
    return (
        scope_organisations(campaign)
        .with_current_term()
        .filter(current_term_end__lte=campaign.ends_on)
        .exclude(Exists(tracked))
    )


def _full_members(field: str) -> Subquery:
    """The full members of the meeting that renews the organisation (its whole subtree)."""
    members = (
        Member.objects.filter(branch__path__startswith=OuterRef(field), status=MemberStatus.FULL)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), Value(0))


def with_launch_facts(entries: QuerySet[CampaignBranch]) -> QuerySet[CampaignBranch]:
    """Entries with what decides whether their renewal can start: the term's end, the full
    members, a secretary's role, a renewal already under way."""
    open_term = Term.objects.filter(organisation=OuterRef("branch"), actual_end__isnull=True)
    return entries.select_related("branch", "branch__parent", "renewal").annotate(
        term_end=Subquery(open_term.order_by("-number").values("planned_end")[:1]),
        full_members=_full_members("branch__path"),
        has_secretary=Exists(
            Role.objects.filter(
                organisation=OuterRef("branch"),
                role=RoleKind.SECRETARY,
                user__is_active=True,
            )
        ),
        open_renewal_id=Subquery(open_renewals("branch").order_by("-pk").values("pk")[:1]),
        open_renewal_tracked=Exists(
            CampaignBranch.objects.filter(renewal__in=open_renewals("branch").values("pk"))
        ),
    )


def launch_problem(entry: CampaignBranch) -> str:
    """Why the entry's renewal cannot start ("" when it can); an entry from with_launch_facts."""
    problems = []
    if not entry.has_secretary:
        problems.append(_("未设置书记（组织委员）账号"))
    if entry.full_members < MIN_FULL_MEMBERS:
        problems.append(
            _("正式党员不足%(min)s人（现有%(n)s人）")
            % {"min": MIN_FULL_MEMBERS, "n": entry.full_members}
        )
    if entry.open_renewal_id and entry.open_renewal_id != entry.renewal_id:
        problems.append(_("已有进行中的换届"))
    return "；".join(problems)


@dataclass(frozen=True)
class ScopeRow:
    entry: CampaignBranch
    term_end: date | None
    full_members: int
    problem: str  # why it cannot start now ("" when it can, or has started)

    @property
    def overdue(self) -> bool:
        return self.term_end is not None and self.term_end < self.entry.campaign.starts_on


def scope_rows(campaign: Campaign) -> list[ScopeRow]:
    """Every entry of the campaign's scope (included first), in a fixed number of queries."""
    entries = with_launch_facts(campaign.entries.all()).order_by("-included", "branch__path")
    rows = []
    for entry in entries:
        entry.campaign = campaign
        problem = "" if entry.renewal_id else launch_problem(entry)
        if not entry.renewal_id and entry.open_renewal_id and not entry.open_renewal_tracked:
            problem = _("已有进行中的换届，启动时将纳入本计划跟踪")
        rows.append(ScopeRow(entry, entry.term_end, entry.full_members, problem))
    return rows


def addable_organisations(campaign: Campaign) -> QuerySet[Organisation]:
    """Organisations of the scope not yet included (absent, or removed before)."""
    included = campaign.entries.filter(included=True).values("branch_id")
    return scope_organisations(campaign).exclude(pk__in=included)


@dataclass(frozen=True)
class LaunchPlan:
    start: list[CampaignBranch]  # included, not started, nothing stops them
    adopt: list[CampaignBranch]  # a renewal already under way that no campaign tracks yet
    blocked: list[tuple[CampaignBranch, str]]  # included, not started, and why not
    started: int  # started (or adopted) by an earlier launch

    @property
    def empty(self) -> bool:
        return not (self.start or self.adopt)


def launch_plan(campaign: Campaign) -> LaunchPlan:
    """What a launch would do now: the confirmation page and the launch read the same answer.

    A renewal that the organisation started by itself, and that no campaign tracks, is adopted:
    the campaign tracks it rather than starting another."""
    entries = with_launch_facts(campaign.entries.filter(included=True)).order_by("branch__path")
    start, adopt, blocked, started = [], [], [], 0
    for entry in entries:
        if entry.renewal_id:
            started += 1
        elif entry.open_renewal_id and not entry.open_renewal_tracked:
            adopt.append(entry)
        elif problem := launch_problem(entry):
            blocked.append((entry, problem))
        else:
            start.append(entry)
    return LaunchPlan(start, adopt, blocked, started)


def secretaries_of(branch_ids: list[int]) -> dict[int, list]:
    """{organisation id: the active users holding the secretary's role at it}, in one query."""
    found: dict[int, list] = defaultdict(list)
    roles = Role.objects.filter(
        organisation_id__in=branch_ids, role=RoleKind.SECRETARY, user__is_active=True
    ).select_related("user")
    for role in roles.order_by("pk"):
        found[role.organisation_id].append(role.user)
    return found


@dataclass(frozen=True)
class DeadlineRow:
    step: str
    label: str
    deadline: date
    done_on: date | None
    late: bool


def members_meeting_days(renewal_ids: list[int]) -> dict[int, date]:
    """The day each renewal's members' meeting sat (it has held a round), by renewal."""
    rows = Meeting.objects.filter(
        renewal_id__in=renewal_ids,
        kind=MeetingKind.MEMBERS,
        held_on__isnull=False,
        rounds__isnull=False,
    ).values_list("renewal_id", "held_on")
    return dict(rows)


@dataclass(frozen=True)
class RenewalCampaign:
    campaign: Campaign
    rows: list[DeadlineRow]
    reminders: list[CampaignReminder]


def renewal_campaign(renewal: Renewal, *, today: date) -> RenewalCampaign | None:
    """The campaign that launched or tracks the renewal, its timetable against the renewal's
    progress and the reminders sent (for the renewal page); None outside any campaign."""
    entry = (
        CampaignBranch.objects.filter(renewal=renewal)
        .select_related("campaign", "campaign__organisation")
        .order_by("-campaign__starts_on")
        .first()
    )
    if entry is None:
        return None
    campaign = entry.campaign
    deadlines = campaign.deadline_map()
    held = members_meeting_days([renewal.pk]).get(renewal.pk)
    dates = step_dates(renewal, meeting_held_on=held)
    rows = []
    for step in Step:
        deadline = deadlines.get(step)
        if deadline is None:
            continue
        done = dates[step][1]
        late = (done or today) > deadline
        rows.append(DeadlineRow(step, CampaignStep(step).label, deadline, done, late))
    reminders = list(entry.reminders.order_by("-sent_on", "-pk")[:10])
    return RenewalCampaign(campaign, rows, reminders)


def sees_campaigns(user: AbstractBaseUser) -> bool:
    """Whether the navbar links to the campaigns: for whoever may run one (an approver) or sees
    one; at most one query a request."""
    cached = getattr(user, "_huanjie_sees_campaigns", None)
    if cached is None:
        if user.is_superuser or campaign_runner_paths(user):
            cached = True
        else:
            cached = bool(role_paths(user, Action.VIEW)) and campaigns_for(user).exists()
        user._huanjie_sees_campaigns = cached
    return cached
