"""Voting rights (R1), eligibility to stand (R2), expected attendance (R4) and voters present."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .eligibility import POSTS, rule_problems, whole_years
from .enums import ExclusionReason, MemberStatus, RightsStatus
from .problems import Code, Problem
from .rules import DEFAULT_RULES, RuleSet


@dataclass(frozen=True)
class MemberFacts:
    """What the rules need to know about one member.

    Attributes:
        status: full (正式党员) or probationary (预备党员).
        rights: discipline or legal measure in force, if any.
        party_probation_until: last day of 留党察看; ``None`` means no end date is recorded.
        full_member_since: date of full membership (转正日期); Party age counts from it.
        birth_date: needed only when the profile caps candidates' age.
        sex: ``"male"`` or ``"female"``, for age caps per sex.
        education: an education code (EDUCATION_LEVELS), for minimum education.
        exclusion: reason for leaving the member out of the expected attendance (R4).
        exclusion_approved: the superior approved the exclusion and the meeting voted it.
    """

    status: MemberStatus
    rights: RightsStatus = RightsStatus.NORMAL
    party_probation_until: date | None = None
    full_member_since: date | None = None
    birth_date: date | None = None
    sex: str | None = None
    education: str | None = None
    exclusion: ExclusionReason | None = None
    exclusion_approved: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", MemberStatus(self.status))
        object.__setattr__(self, "rights", RightsStatus(self.rights))
        if self.exclusion is not None:
            object.__setattr__(self, "exclusion", ExclusionReason(self.exclusion))


def voting_rights_problem(member: MemberFacts, *, on: date) -> Problem | None:
    """Why ``member`` has no vote on day ``on`` (R1); ``None`` when they have one.

    R1: a member votes and may stand only if they are a full member, not under 留党察看, and not
    suspended because detained (留置) or arrested (逮捕). 留党察看 ends after
    ``party_probation_until``; on that day itself it is still in force.
    """
    if member.status is MemberStatus.PROBATIONARY:
        return Problem(Code.PROBATIONARY, {}, "R1")
    if member.rights is RightsStatus.PARTY_PROBATION:
        until = member.party_probation_until
        if until is None:
            return Problem(Code.PARTY_PROBATION, {}, "R1")
        if on <= until:
            return Problem(Code.PARTY_PROBATION_UNTIL, {"until": until}, "R1")
    if member.rights is RightsStatus.DETAINED:
        return Problem(Code.DETAINED, {}, "R1")
    if member.rights is RightsStatus.ARRESTED:
        return Problem(Code.ARRESTED, {}, "R1")
    return None


def has_voting_rights(member: MemberFacts, *, on: date) -> bool:
    """Whether ``member`` may vote and stand on day ``on`` (R1)."""
    return voting_rights_problem(member, on=on) is None


def party_age_years(*, full_member_since: date | None, on: date) -> int:
    """Party age in whole years on day ``on``, counted from full membership (转正).

    0 when the date of full membership is unknown.
    """
    if full_member_since is None:
        return 0
    return whole_years(since=full_member_since, on=on)


def eligibility_problems(
    member: MemberFacts,
    *,
    on: date,
    rules: RuleSet = DEFAULT_RULES,
    registered_here: bool = True,
    post: str = "member",
    renominated: bool = False,
    reference: date | None = None,
) -> list[Problem]:
    """Every reason ``member`` may not stand for ``post`` on day ``on`` (R2); empty when eligible.

    R2: R1, plus organisation-level settings: membership registered in this branch, minimum Party
    age in years, optional age caps. A failed check names the rule that failed. The negative list
    (负面清单) is a judgement made at vetting and is not computed here.

    The profile's eligibility rules (age caps and minimum education per post, sex and
    nomination) count age at ``reference`` (the plan's reference date, usually the election
    day; ``on`` when not given). ``renominated``: the member served on the outgoing committee.
    Problems of rules "in principle" are marked waivable (see :func:`eligibility.waivable`).
    """
    if post not in POSTS:
        raise ValueError(f"post 必须是 {' 或 '.join(POSTS)} 之一，而不是 {post!r}")
    problems: list[Problem] = []
    rights_problem = voting_rights_problem(member, on=on)
    if rights_problem is not None:
        problems.append(Problem(Code.NO_VOTING_RIGHTS, {"reason": rights_problem}, "R1"))
    if not registered_here:
        problems.append(Problem(Code.REGISTERED_ELSEWHERE, {}, "R2"))
    if member.status is MemberStatus.FULL and rules.min_party_age_years > 0:
        minimum = rules.min_party_age_years
        if member.full_member_since is None:
            problems.append(Problem(Code.PARTY_AGE_UNKNOWN, {"minimum": minimum}, "R2"))
        else:
            age = party_age_years(full_member_since=member.full_member_since, on=on)
            if age < minimum:
                problems.append(
                    Problem(Code.PARTY_AGE_SHORT, {"age": age, "minimum": minimum}, "R2")
                )
    problems += rule_problems(
        rules=rules.eligibility_rules,
        post=post,
        on=reference or on,
        birth_date=member.birth_date,
        sex=member.sex,
        education=member.education,
        renominated=renominated,
    )
    return problems


def is_excluded(member: MemberFacts, *, rules: RuleSet = DEFAULT_RULES) -> bool:
    """Whether ``member`` is lawfully left out of the expected attendance (R4).

    The exclusion needs a reason the profile enables and the recorded approval; an absentee
    without both still counts.
    """
    return (
        member.exclusion is not None
        and member.exclusion_approved
        and member.exclusion in rules.exclusion_reasons
    )


def expected_attendance(
    members: Iterable[MemberFacts], *, on: date, rules: RuleSet = DEFAULT_RULES
) -> int:
    """Expected attendance E (应到会人数) on day ``on`` (R4).

    R4: start from the members with voting rights (R1); remove those approved for exclusion for
    an enabled reason. Every other absentee still counts in E.

    This is E as known before the meeting. An excluded member who attends after all counts
    again; for the figures of a meeting held, use :func:`meeting_figures`.
    """
    return sum(
        1
        for member in members
        if has_voting_rights(member, on=on) and not is_excluded(member, rules=rules)
    )


def present_voters(attendees: Iterable[MemberFacts], *, on: date) -> int:
    """Voting members present P (实到会有选举权的人数) among ``attendees``.

    R1: probationary members may attend and take part in discussion; they never vote and are
    never counted as present voters. The same holds for members whose rights are suspended.

    An attendee approved for exclusion from E counts here too, so P may exceed
    :func:`expected_attendance`; :func:`meeting_figures` gives a consistent E and P.
    """
    return sum(1 for member in attendees if has_voting_rights(member, on=on))


@dataclass(frozen=True)
class MeetingFigures:
    """Expected attendance E and voting members present P of one meeting (R1, R4, R5).

    Attributes:
        expected: E (应到会人数), including the excluded members who attended.
        present: P (实到会有选举权的人数); never more than ``expected``.
        excluded: members with voting rights left out of E by an approved exclusion who did not
            attend.
        excluded_attending: members approved for exclusion who attended anyway; they are in
            ``expected`` and in ``present``.
    """

    expected: int
    present: int
    excluded: int
    excluded_attending: int


def _roll_entry(number: int, entry: object) -> tuple[MemberFacts, bool]:
    if (
        not isinstance(entry, tuple)
        or len(entry) != 2
        or not isinstance(entry[0], MemberFacts)
        or not isinstance(entry[1], bool)
    ):
        raise ValueError(
            f"到会登记第{number}条应为 (MemberFacts, 是否到会 True/False)，而不是 {entry!r}"
        )
    return entry[0], entry[1]


def meeting_figures(
    roll: Iterable[tuple[MemberFacts, bool]], *, on: date, rules: RuleSet = DEFAULT_RULES
) -> MeetingFigures:
    """E and P of a meeting held on day ``on``, from the ``roll`` of (member, attended) pairs.

    R4: "Remove those approved for exclusion ...: unable to express their will (illness); abroad
    at their own expense ≥ 6 months; old, bedridden or long-term ill and unable to look after
    themselves; away ≥ 6 months ...". R4 excludes members because they cannot attend; a member
    who attends is evidently able to, so an excluded member who attends counts in P (R1: they
    have voting rights) and is added back to E. Hence P <= E always, and the quorum (R5) and the
    majority (R11) use these figures. Members without voting rights count in neither, whether
    they attend or not (R1).

    Pass every member of the branch, each once, with whether they signed the attendance
    register; attendance is given per entry because two members may have identical facts.
    """
    expected = present = excluded = excluded_attending = 0
    for number, entry in enumerate(roll, start=1):
        member, attended = _roll_entry(number, entry)
        if not has_voting_rights(member, on=on):
            continue
        if attended:
            present += 1
        if not is_excluded(member, rules=rules):
            expected += 1
        elif attended:
            expected += 1
            excluded_attending += 1
        else:
            excluded += 1
    return MeetingFigures(expected, present, excluded, excluded_attending)
