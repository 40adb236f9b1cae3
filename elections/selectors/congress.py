"""Reads for the delegates' congress: the electing units and their members, the allotment, the
delegates, and the congress's figures (E = confirmed delegates, P = those signed in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Organisation, OrganisationKind
from elections import domain
from elections.models import Congress, Credential, Delegate, DelegateUnit, Renewal, WorkReport
from members.models import Member

#: The organisations that elect delegates to a committee's congress.
ELECTING_KINDS = (OrganisationKind.BRANCH, OrganisationKind.GENERAL_BRANCH)


def holds_congress(renewal: Renewal) -> bool:
    """Whether the renewal is held by a delegates' congress rather than a members' meeting."""
    return Congress.objects.filter(renewal=renewal).exists()


def may_hold_congress(renewal: Renewal) -> bool:
    """Only a base committee (党委) may renew by a delegates' congress."""
    return renewal.branch.kind == OrganisationKind.COMMITTEE


def congress_of(renewal: Renewal) -> Congress | None:
    """The congress with its units (in tree order) and their delegates: three queries."""
    units = DelegateUnit.objects.select_related("unit").prefetch_related(
        Prefetch("delegates", queryset=Delegate.objects.select_related("member"))
    )
    return (
        Congress.objects.filter(renewal=renewal)
        .select_related("approved_by")
        .prefetch_related(Prefetch("units", queryset=units))
        .first()
    )


def electing_units(committee: Organisation) -> list[Organisation]:
    """The branches and general branches directly under the committee, in tree order."""
    return list(committee.children.filter(kind__in=ELECTING_KINDS, is_active=True).order_by("path"))


def unit_member_counts(committee: Organisation, units: list[Organisation]) -> dict[int, int]:
    """Members on the roll of each unit's subtree (full and probationary), in one query."""
    counts = dict.fromkeys((unit.pk for unit in units), 0)
    paths = Member.objects.filter(branch__path__startswith=committee.path).values_list(
        "branch__path", flat=True
    )
    for path in paths:
        for unit in units:
            if path.startswith(unit.path):
                counts[unit.pk] += 1
                break
    return counts


def unit_voters(unit: Organisation, *, on: date | None = None) -> list[Member]:
    """The members of the unit's subtree with voting rights (R1): who may stand as delegates."""
    on = on or timezone.localdate()
    members = Member.objects.filter(branch__path__startswith=unit.path).order_by("name", "pk")
    return [m for m in members if domain.has_voting_rights(m.facts(), on=on)]


def unit_candidates(unit: DelegateUnit) -> list[Member]:
    """The delegate candidates the unit's meeting confirmed, in surname stroke order (R7)."""
    return sorted(unit.candidates.all(), key=lambda m: domain.stroke_key(m.name))


def confirmed_delegates(renewal: Renewal) -> list[Delegate] | None:
    """The delegates whose credentials were confirmed, the congress's electorate; None when the
    renewal is held by a members' meeting."""
    if not holds_congress(renewal):
        return None
    return list(
        Delegate.objects.filter(
            unit__congress__renewal=renewal, credential=Credential.CONFIRMED
        ).select_related("member")
    )


@dataclass(frozen=True)
class CongressFigures:
    """E and P of the congress: the delegates whose credentials were confirmed, those of them
    signed in, whether the congress may elect (more than four fifths present) and the least P."""

    expected: int
    present: int
    quorum: bool
    min_present: int
    pending: int  # delegates whose credentials are still to be checked


def congress_figures(congress: Congress) -> CongressFigures:
    delegates = [d for unit in congress.units.all() for d in unit.delegates.all()]
    confirmed = [d for d in delegates if d.credential == Credential.CONFIRMED]
    present = sum(1 for d in confirmed if d.signed_in_at is not None)
    expected = len(confirmed)
    return CongressFigures(
        expected=expected,
        present=present,
        quorum=domain.congress_quorum_met(delegates=expected, present=present),
        min_present=domain.congress_min_present(expected) if expected else 0,
        pending=sum(1 for d in delegates if d.credential == Credential.PENDING),
    )


def allotment_problems(congress: Congress) -> list[str]:
    """Why the superior cannot yet approve the allotment, in the user's language."""
    units = list(congress.units.all())
    problems = []
    if not units:
        problems.append(_("没有选举单位。"))
    allotted = sum(u.seats for u in units)
    if allotted != congress.total:
        problems.append(
            _("各选举单位名额合计%(a)s名，与代表总名额%(t)s名不符。")
            % {"a": allotted, "t": congress.total}
        )
    return problems


def report_problems(renewal: Renewal) -> list[str]:
    """The work reports a delegates' congress has still to adopt before its result is reported:
    the committee's, and the commission's where a commission is elected (none without a
    congress)."""
    congress = Congress.objects.filter(renewal=renewal).first()
    if congress is None:
        return []
    needed = [WorkReport.COMMITTEE] + ([WorkReport.COMMISSION] if renewal.commission_seats else [])
    votes = {v.report: v for v in congress.votes.all()}
    problems = []
    for report in needed:
        vote = votes.get(report)
        if vote is None:
            problems.append(_("大会尚未表决%(r)s。") % {"r": WorkReport(report).label})
        elif not vote.adopted:
            problems.append(
                _("%(r)s未获大会通过，须修改后重新表决。") % {"r": WorkReport(report).label}
            )
    return problems
