"""The ledger (台账) of a campaign: one row per included branch, read in a fixed number of queries
whatever the number of branches.

E and P are those of the members' meeting as the result report prints them (the first round's
figures, elections/documents/approve.py); before the meeting has voted, E is the census of the
renewal's roll (R4, elections/selectors/prepare.py) on the day of the export and P is blank.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count
from django.utils import timezone

from branches.models import Organisation, OrganisationKind
from elections import domain
from elections.domain.timetable import Step
from elections.models import (
    Campaign,
    CampaignBranch,
    Elected,
    Exclusion,
    Meeting,
    MeetingKind,
    Nominee,
    Phase,
    Renewal,
    Round,
)
from elections.selectors.archive import posts_of
from elections.selectors.campaign_steps import step_dates
from elections.selectors.prepare import facts_with_exclusions
from members.models import Member

#: The member fields the census reads (Member.facts), so a large roll loads little.
FACT_FIELDS = (
    "status",
    "rights",
    "party_probation_until",
    "full_member_on",
    "birth_date",
    "gender",
    "education",
    "branch_id",
    "branch__path",
)


@dataclass(frozen=True)
class LedgerRow:
    branch: Organisation
    unit: Organisation | None  # the next level under the campaign's organisation
    renewal: Renewal | None
    steps: dict[Step, tuple[date | None, date | None]]
    expected: int | None
    present: int | None
    candidates: int | None
    seats: int | None
    elected: list[tuple[str, str]]  # (post code, name), secretary first
    approved_on: date | None
    sealed: bool


def ledger_entries(campaign: Campaign):
    """The included branches in ledger order (their organisation's path)."""
    return (
        CampaignBranch.objects.filter(campaign=campaign, included=True)
        .select_related("branch", "renewal__branch")
        .order_by("branch__path", "pk")
    )


def next_level(campaign: Campaign, branches: Iterable[Organisation]) -> dict[int, Organisation]:
    """{branch pk: the organisation one level under the campaign's on its path} (one query)."""
    depth = campaign.organisation.depth + 1
    wanted = {}
    for branch in branches:
        ids = [int(part) for part in branch.path.strip("/").split("/") if part]
        if len(ids) > depth:
            wanted[branch.pk] = ids[depth]
    units = Organisation.objects.in_bulk(set(wanted.values()))
    return {pk: units[unit] for pk, unit in wanted.items() if unit in units}


def is_direct_branch(unit: Organisation | None) -> bool:
    """A branch right under the campaign's organisation: it is its own next level."""
    return unit is None or unit.kind == OrganisationKind.BRANCH


def ledger_rows(campaign: Campaign, *, on: date | None = None) -> Iterator[LedgerRow]:
    """The rows of the ledger, in order."""
    on = on or timezone.localdate()
    entries = list(ledger_entries(campaign))
    units = next_level(campaign, (e.branch for e in entries))
    renewals = [e.renewal for e in entries if e.renewal and e.renewal.phase != Phase.CANCELLED]
    ids = [r.pk for r in renewals]
    meetings = {
        m.renewal_id: m for m in Meeting.objects.filter(renewal__in=ids, kind=MeetingKind.MEMBERS)
    }
    renewal_of = {m.pk: renewal_id for renewal_id, m in meetings.items()}
    first_rounds: dict[int, Round] = {}
    rounds = Round.objects.filter(meeting__in=list(renewal_of)).order_by("number", "pk")
    for round_ in rounds.only("meeting_id", "number", "expected", "present"):
        first_rounds.setdefault(renewal_of[round_.meeting_id], round_)
    elected: dict[int, list[Elected]] = defaultdict(list)
    for person in Elected.objects.filter(renewal__in=ids).select_related("member").order_by("pk"):
        elected[person.renewal_id].append(person)
    formal = dict(
        Nominee.objects.filter(renewal__in=ids, formal=True)
        .values_list("renewal_id")
        .annotate(n=Count("pk"))
    )
    census = census_expected(campaign, [r for r in renewals if r.pk not in first_rounds], on=on)
    live = set(ids)
    for entry in entries:
        # A cancelled renewal keeps its row (its phase says so) with nothing else filled in.
        renewal = entry.renewal if entry.renewal_id in live else None
        meeting = meetings.get(entry.renewal_id)
        first = first_rounds.get(entry.renewal_id)
        steps = step_dates(renewal, meeting_held_on=meeting.held_on if first else None)
        yield LedgerRow(
            branch=entry.branch,
            unit=units.get(entry.branch.pk),
            renewal=entry.renewal,
            steps=steps,
            expected=first.expected if first else census.get(entry.renewal_id),
            present=first.present if first else None,
            candidates=formal.get(entry.renewal_id),
            seats=_seats(renewal, meeting),
            elected=[(post, name) for post, _m, name in _posts(renewal, elected)],
            approved_on=steps[Step.APPROVE][1],
            sealed=bool(renewal and renewal.sealed_at),
        )


def _seats(renewal: Renewal | None, meeting: Meeting | None) -> int | None:
    """The committee's seats as the meeting may have reduced them (R13); 1 where the meeting
    elects a secretary directly (R3)."""
    if renewal is None:
        return None
    if renewal.secretary_only:
        return 1
    if meeting and meeting.seats_reduced_to:
        return meeting.seats_reduced_to
    return renewal.seats


def _posts(
    renewal: Renewal | None, elected: dict[int, list[Elected]]
) -> list[tuple[str, Any, str]]:
    if renewal is None or not elected.get(renewal.pk):
        return []
    return posts_of(renewal, elected[renewal.pk])


def census_expected(campaign: Campaign, renewals: list[Renewal], *, on: date) -> dict[int, int]:
    """{renewal pk: E} from each renewal's roll (R4), for renewals whose meeting has not voted:
    the members of the campaign's subtree in one query, those of a fixed roll who have since
    left it in another, every exclusion in a third."""
    if not renewals:
        return {}
    members = {
        m.pk: m
        for m in Member.objects.filter(branch__path__startswith=campaign.organisation.path)
        .select_related("branch")
        .only(*FACT_FIELDS)
    }
    fixed = {pk for r in renewals if r.roll is not None for pk in r.roll}
    missing = fixed - members.keys()
    if missing:
        members |= Member.objects.select_related("branch").only(*FACT_FIELDS).in_bulk(missing)
    exclusions: dict[int, list[Exclusion]] = defaultdict(list)
    for exclusion in Exclusion.objects.filter(renewal__in=[r.pk for r in renewals]):
        exclusions[exclusion.renewal_id].append(exclusion)
    by_branch: dict[int, list[Member]] = defaultdict(list)
    for member in members.values():
        by_branch[member.branch_id].append(member)
    expected = {}
    for renewal in renewals:
        if renewal.roll is not None:
            roll = [members[pk] for pk in renewal.roll if pk in members]
        elif renewal.branch.kind == OrganisationKind.BRANCH:
            roll = by_branch[renewal.branch_id]
        else:  # a general branch or a committee: every branch of its subtree (electorate)
            path = renewal.branch.path
            roll = [m for m in members.values() if m.branch.path.startswith(path)]
        facts = facts_with_exclusions(renewal, roll, exclusions[renewal.pk])
        expected[renewal.pk] = domain.expected_attendance(
            (fact for _m, fact in facts), on=on, rules=renewal.ruleset()
        )
    return expected


def included_count(campaign: Campaign) -> int:
    return CampaignBranch.objects.filter(campaign=campaign, included=True).count()
