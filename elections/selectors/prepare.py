"""Reads for the prepare phase: the roll with voting rights (R1), expected attendance (R4), seat
checks (R3)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Organisation
from elections import domain
from elections.models import Exclusion, ExclusionStatus, MeetingKind, Phase, Renewal, Round
from elections.selectors.problems import describe
from members.models import Member, MemberStatus

#: The domain's name of the committee each kind of organisation elects (seat_limits).
SEAT_BODY = {"branch": "branch", "general_branch": "general_branch", "committee": "committee"}


def electorate(org: Organisation) -> QuerySet[Member]:
    """The members whose meeting renews `org`: a branch's own members; for a general branch or
    a base committee, every member of every branch in its subtree (E and P over all of them)."""
    return Member.objects.filter(branch__path__startswith=org.path)


def candidates_of(renewal: Renewal) -> QuerySet[Member]:
    """The full members of the meeting that renews the renewal's organisation: whom a nominee or
    an exclusion may name (the forms' member picker, "electorate")."""
    return electorate(renewal.branch).filter(status=MemberStatus.FULL)


def in_electorate(renewal: Renewal, member: Member) -> bool:
    """Whether `member` belongs to the meeting that renews the renewal's organisation."""
    if member.branch_id == renewal.branch_id:
        return True
    return member.branch.path.startswith(renewal.branch.path)


def branch_members(branch: Organisation) -> list[Member]:
    return list(electorate(branch).order_by("name", "pk"))


def roll_members(renewal: Renewal) -> list[Member]:
    """The roll E is counted from: the branch as it is while the plan is prepared; from the
    request on, the roll fixed then (changed only by confirming a roll change), so a member
    added to or moved out of the branch does not change E silently."""
    if renewal.roll is None:
        return branch_members(renewal.branch)
    return list(Member.objects.filter(pk__in=renewal.roll).order_by("name", "pk"))


def roll_changes(renewal: Renewal) -> dict[str, list[Member]]:
    """Members of the branch not on the fixed roll ("added") and on it but no longer in the
    branch ("removed"); empty lists while the roll is not fixed."""
    if renewal.roll is None:
        return {"added": [], "removed": []}
    fixed = set(renewal.roll)
    now = branch_members(renewal.branch)
    return {
        "added": [m for m in now if m.pk not in fixed],
        "removed": [
            m
            for m in Member.objects.filter(pk__in=fixed)
            .exclude(pk__in=electorate(renewal.branch).values("pk"))
            .order_by("name", "pk")
        ],
    }  # fmt: skip


def ballots_issued(renewal: Renewal) -> bool:
    """Whether the members' meeting has issued its first ballot: from then on E is the one each
    round recorded."""
    return Round.objects.filter(
        meeting__renewal=renewal, meeting__kind=MeetingKind.MEMBERS
    ).exists()


#: The phases after the request in which E may still change (until the first ballot).
LATE_CENSUS_PHASES = (Phase.RECOMMEND, Phase.VET, Phase.PUBLICISE, Phase.VOTE)


def census_open(renewal: Renewal) -> bool:
    """R4 after the request: exclusions and roll changes are possible from the plan until the
    members' meeting issues its first ballot, never once sealed."""
    if renewal.sealed_at or renewal.phase not in (Phase.PREPARE, *LATE_CENSUS_PHASES):
        return False
    return renewal.phase == Phase.PREPARE or not ballots_issued(renewal)


def check_plan(renewal: Renewal) -> None:
    """Seats against R3 for the branch's current full members (a general branch or a base
    committee: against seat_limits, with its commission's); the meeting date in the future."""
    if not renewal.branch.is_branch:
        return _check_body_plan(renewal)
    rules = renewal.ruleset()
    full = Member.objects.filter(branch=renewal.branch, status="full").count()
    sizes = domain.committee_seats(full, rules)
    errors: dict[str, list[str]] = {}
    if sizes is None:
        if not renewal.secretary_only:
            errors["secretary_only"] = [
                _("正式党员不足7人（现有%(n)s人），不设支部委员会，由党员大会直接选举书记。")
                % {"n": full}
            ]
        renewal.seats = None
    elif renewal.secretary_only:
        errors["secretary_only"] = [_("正式党员%(n)s人，应当设立支部委员会。") % {"n": full}]
    elif renewal.seats not in sizes:
        errors["seats"] = [
            _("委员名额应为 %(a)s 至 %(b)s 名（正式党员%(n)s人）。")
            % {"a": sizes.start, "b": sizes.stop - 1, "n": full}
        ]
    if renewal.commission_seats is not None:
        errors["commission_seats"] = [_("党支部不设纪律检查委员会，由支部委员会确定纪检委员。")]
    _check_deputies(renewal, errors)
    _check_date(renewal, errors)
    if errors:
        raise ValidationError(errors)


#: How many deputies each kind of organisation may elect: a base committee one or two.
MAX_DEPUTIES = {"branch": 1, "general_branch": 1, "committee": 2}


def _check_deputies(renewal: Renewal, errors: dict[str, list[str]]) -> None:
    most = MAX_DEPUTIES[renewal.branch.kind]
    if not 1 <= renewal.deputies <= most:
        errors["deputies"] = [_("副书记职数应为 1 至 %(n)s 名。") % {"n": most}]


def _check_date(renewal: Renewal, errors: dict[str, list[str]]) -> None:
    if renewal.meeting_date and renewal.meeting_date <= timezone.localdate():
        errors["meeting_date"] = [_("党员大会召开日期应在今天之后。")]


def _check_body_plan(renewal: Renewal) -> None:
    """A general branch or base committee always elects a committee; its size and that of the
    commission within the hard limits of seat_limits (outside the usual sizes: a warning)."""
    errors: dict[str, list[str]] = {}
    if renewal.secretary_only:
        errors["secretary_only"] = [_("党总支、党委应当选举产生委员会。")]
    for field, body in (
        ("seats", SEAT_BODY[renewal.branch.kind]),
        ("commission_seats", "commission"),
    ):
        seats = getattr(renewal, field)
        if seats is None and field == "commission_seats":
            continue
        limits = domain.seat_limits(body)
        if seats is None or not limits.floor <= seats <= limits.hard_max:
            errors[field] = [
                _("名额应为 %(a)s 至 %(b)s 名。") % {"a": limits.floor, "b": limits.hard_max}
            ]
    _check_deputies(renewal, errors)
    _check_date(renewal, errors)
    if errors:
        raise ValidationError(errors)


def seat_warnings(renewal: Renewal) -> list[str]:
    if renewal.secretary_only or not renewal.seats:
        return []
    if not renewal.branch.is_branch:
        warnings = domain.seat_warnings(SEAT_BODY[renewal.branch.kind], renewal.seats)
        if renewal.commission_seats:
            warnings += domain.seat_warnings("commission", renewal.commission_seats)
        return [describe(w) for w in warnings]
    return [describe(w) for w in domain.committee_seat_warnings(renewal.seats, renewal.ruleset())]


def exclusion_counts(exclusion: Exclusion, *, meeting_vote: bool) -> bool:
    """Whether an exclusion takes the member out of E: approved by the superior and, when the
    profile asks for it, voted by the members' meeting (R4)."""
    approved = exclusion.status == ExclusionStatus.APPROVED
    return approved and (not meeting_vote or exclusion.meeting_voted_at is not None)


def awaiting_meeting_vote(renewal: Renewal) -> list[Exclusion]:
    """Approved exclusions still waiting for the meeting's vote (none unless the profile asks)."""
    if not renewal.ruleset().exclusion_meeting_vote:
        return []
    return list(
        renewal.exclusions.filter(status=ExclusionStatus.APPROVED, meeting_voted_at=None)
        .select_related("member")
        .order_by("member__name", "pk")
    )


def census_facts(renewal: Renewal) -> list[tuple[Member, domain.MemberFacts]]:
    """Every member of the branch with the facts the rules read, exclusions included (R4)."""
    return facts_with_exclusions(renewal, roll_members(renewal), list(renewal.exclusions.all()))


def facts_with_exclusions(
    renewal: Renewal, members: list[Member], exclusions: list[Exclusion]
) -> list[tuple[Member, domain.MemberFacts]]:
    """census_facts from the roll's `members` and the renewal's `exclusions` read beforehand (a
    list of many renewals reads them all in a fixed number of queries)."""
    by_member = {e.member_id: e for e in exclusions}
    vote = renewal.ruleset().exclusion_meeting_vote
    rows = []
    for member in members:
        fact = member.facts()
        exclusion = by_member.get(member.pk)
        if exclusion is not None:
            fact = domain.MemberFacts(
                **{**fact.__dict__,
                   "exclusion": domain.ExclusionReason(exclusion.reason),
                   "exclusion_approved": exclusion_counts(exclusion, meeting_vote=vote)}
            )  # fmt: skip
        rows.append((member, fact))
    return rows


def census(renewal: Renewal, *, on: date | None = None) -> dict[str, Any]:
    """The roll with voting rights (R1) and the expected attendance E (R4)."""
    on = on or timezone.localdate()
    exclusions = {e.member_id: e for e in renewal.exclusions.select_related("member")}
    rows = []
    facts = []
    for member, fact in census_facts(renewal):
        facts.append(fact)
        problem = domain.voting_rights_problem(fact, on=on)
        rows.append(
            {
                "member": member,
                "problem": None if problem is None else describe(problem),
                "exclusion": exclusions.get(member.pk),
            }
        )
    rules = renewal.ruleset()
    expected = domain.expected_attendance(facts, on=on, rules=rules)
    # On screen as on the printed register: surname stroke order (R7).
    rows.sort(key=lambda row: domain.stroke_key(row["member"].name))
    return {
        "rows": rows,
        "voters": sum(1 for f in facts if domain.has_voting_rights(f, on=on)),
        "full": sum(1 for f in facts if f.status == domain.MemberStatus.FULL),
        "expected": expected,
        "excluded": sum(
            1
            for e in exclusions.values()
            if exclusion_counts(e, meeting_vote=rules.exclusion_meeting_vote)
        ),
        "awaiting_vote": awaiting_meeting_vote(renewal),
        "min_present": domain.min_present(expected, rules) if expected else 0,
        "log": renewal.census_log,
        "roll_changes": roll_changes(renewal),
    }
