"""Voting rights (R1), eligibility to stand (R2), expected attendance (R4), voters present."""

from __future__ import annotations

from datetime import date

import pytest

from elections.domain import (
    Code,
    EligibilityRule,
    ExclusionReason,
    MeetingFigures,
    MemberFacts,
    MemberStatus,
    Problem,
    RightsStatus,
    RuleSet,
    eligibility_problems,
    expected_attendance,
    has_voting_rights,
    is_excluded,
    meeting_figures,
    party_age_years,
    present_voters,
    voting_rights_problem,
)

from .factories import ON, full, probationary

#: The scope of a rule that names no post, sex or nomination, as its problems carry it.
EVERYONE = {"post": "", "sex": "", "nomination": "", "in_principle": False}

#: One age cap of 55 for every candidate (what the old global max_age meant).
CAP_55 = {"rules": RuleSet(eligibility_rules=[EligibilityRule("max_age", 55)])}

R1 = (
    "R1: A member votes and may stand only if they are a full member (正式党员), not under the "
    "'probation within the Party' discipline (留党察看), and not suspended because detained (留置) "
    "or arrested (逮捕)."
)


@pytest.mark.parametrize(
    ("member", "votes", "problem"),
    [
        (full(), True, None),
        (probationary(), False, Problem(Code.PROBATIONARY, {}, "R1")),
        (full(rights=RightsStatus.PARTY_PROBATION), False, Problem(Code.PARTY_PROBATION, {}, "R1")),
        (
            full(rights=RightsStatus.PARTY_PROBATION, party_probation_until=date(2025, 6, 2)),
            False,
            Problem(Code.PARTY_PROBATION_UNTIL, {"until": date(2025, 6, 2)}, "R1"),
        ),
        (
            full(rights=RightsStatus.PARTY_PROBATION, party_probation_until=date(2025, 6, 1)),
            False,
            Problem(Code.PARTY_PROBATION_UNTIL, {"until": date(2025, 6, 1)}, "R1"),
        ),
        (
            full(rights=RightsStatus.PARTY_PROBATION, party_probation_until=date(2025, 5, 31)),
            True,
            None,
        ),
        (full(rights=RightsStatus.DETAINED), False, Problem(Code.DETAINED, {}, "R1")),
        (full(rights=RightsStatus.ARRESTED), False, Problem(Code.ARRESTED, {}, "R1")),
        (probationary(rights=RightsStatus.ARRESTED), False, Problem(Code.PROBATIONARY, {}, "R1")),
    ],
    ids=[
        "full",
        "probationary",
        "party probation open-ended",
        "party probation ends tomorrow",
        "party probation ends today",
        "party probation ended yesterday",
        "detained",
        "arrested",
        "probationary and arrested",
    ],
)
def test_voting_rights(member: MemberFacts, votes: bool, problem: Problem | None) -> None:
    """R1: a member votes and may stand only if they are a full member, not under 留党察看, and not
    suspended because detained or arrested. 留党察看 ends after its last day."""
    assert has_voting_rights(member, on=ON) is votes
    assert voting_rights_problem(member, on=ON) == problem


def test_member_facts_accept_codes() -> None:
    """Codes from the database convert to the enums; unknown codes are refused."""
    member = MemberFacts(status="full", rights="detained", exclusion="illness")  # type: ignore[arg-type]
    assert member.status is MemberStatus.FULL
    assert member.rights is RightsStatus.DETAINED
    assert member.exclusion is ExclusionReason.ILLNESS
    with pytest.raises(ValueError, match="member"):
        MemberFacts(status="member")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("since", "on", "years"),
    [
        (None, date(2025, 6, 1), 0),
        (date(2024, 6, 1), date(2025, 5, 31), 0),
        (date(2024, 6, 1), date(2025, 6, 1), 1),
        (date(2015, 7, 1), date(2025, 6, 30), 9),
        (date(2015, 7, 1), date(2025, 7, 1), 10),
        (date(2024, 2, 29), date(2025, 2, 28), 0),
        (date(2024, 2, 29), date(2025, 3, 1), 1),
        (date(2024, 2, 29), date(2028, 2, 29), 4),
        (date(2023, 2, 28), date(2024, 2, 28), 1),
        (date(2023, 3, 1), date(2024, 2, 29), 0),
        (date(2026, 1, 1), date(2025, 6, 1), 0),
    ],
)
def test_party_age_years(since: date | None, on: date, years: int) -> None:
    """R2: "minimum Party age in years" - Party age counts in whole years from full membership
    (转正); a 29 February anniversary is reached on 1 March in a common year."""
    assert party_age_years(full_member_since=since, on=on) == years


def test_eligible_member_has_no_problems() -> None:
    """R2: R1, plus organisation-level settings; an eligible member fails none."""
    assert eligibility_problems(full(), on=ON) == []


def no_vote(reason: Code) -> Problem:
    return Problem(Code.NO_VOTING_RIGHTS, {"reason": Problem(reason, {}, "R1")}, "R1")


@pytest.mark.parametrize(
    ("member", "kwargs", "expected"),
    [
        (probationary(), {}, [no_vote(Code.PROBATIONARY)]),
        (full(), {"registered_here": False}, [Problem(Code.REGISTERED_ELSEWHERE, {}, "R2")]),
        (
            full(full_member_since=date(2024, 6, 2)),
            {},
            [Problem(Code.PARTY_AGE_SHORT, {"age": 0, "minimum": 1}, "R2")],
        ),
        (full(full_member_since=date(2024, 6, 1)), {}, []),
        (
            full(full_member_since=date(2022, 6, 2)),
            {"rules": RuleSet(min_party_age_years=3)},
            [Problem(Code.PARTY_AGE_SHORT, {"age": 2, "minimum": 3}, "R2")],
        ),
        (full(full_member_since=date(2025, 5, 1)), {"rules": RuleSet(min_party_age_years=0)}, []),
        (
            full(full_member_since=None),
            {},
            [Problem(Code.PARTY_AGE_UNKNOWN, {"minimum": 1}, "R2")],
        ),
        (full(full_member_since=None), {"rules": RuleSet(min_party_age_years=0)}, []),
        (full(birth_date=date(1970, 6, 1)), CAP_55, []),
        (
            full(birth_date=date(1969, 6, 1)),
            CAP_55,
            [Problem(Code.OVER_AGE, {"age": 56, "maximum": 55, **EVERYONE}, "R2")],
        ),
        (full(birth_date=date(1969, 6, 2)), CAP_55, []),
        (
            full(),
            CAP_55,
            [Problem(Code.BIRTH_DATE_UNKNOWN, {"maximum": 55, **EVERYONE}, "R2")],
        ),
        (full(birth_date=date(1940, 1, 1)), {}, []),
    ],
    ids=[
        "probationary",
        "registered elsewhere",
        "party age one day short",
        "party age exactly one year",
        "party age setting raised to 3",
        "party age setting 0",
        "no date of full membership",
        "no date needed when minimum is 0",
        "age 55 under a cap of 55",
        "age 56 over a cap of 55",
        "turns 56 tomorrow",
        "no birth date under a cap",
        "no cap by default",
    ],
)
def test_eligibility_problems(member: MemberFacts, kwargs: dict, expected: list[Problem]) -> None:
    """R2: "R1, plus organisation-level settings: membership registered in this branch, minimum
    Party age in years (default 1), optional age caps ... A failed check names the rule that
    failed." """
    assert eligibility_problems(member, on=ON, **kwargs) == expected


def test_eligibility_lists_every_problem() -> None:
    """R2: every failed check is reported, each naming its rule."""
    member = full(rights=RightsStatus.DETAINED, full_member_since=date(2025, 1, 1))
    problems = eligibility_problems(member, on=ON, registered_here=False)
    assert [(problem.rule, problem.code) for problem in problems] == [
        ("R1", Code.NO_VOTING_RIGHTS),
        ("R2", Code.REGISTERED_ELSEWHERE),
        ("R2", Code.PARTY_AGE_SHORT),
    ]
    assert problems[0].params["reason"] == Problem(Code.DETAINED, {}, "R1")


@pytest.mark.parametrize(
    ("reason", "default_counts", "enabled_counts"),
    [
        (ExclusionReason.ILLNESS, 0, 0),
        (ExclusionReason.ABROAD_SELF_FUNDED, 0, 0),
        (ExclusionReason.BEDRIDDEN, 0, 0),
        (ExclusionReason.AWAY_UNMOVED, 0, 0),
        (ExclusionReason.SERVING_SENTENCE, 1, 0),
        (ExclusionReason.EPIDEMIC, 1, 0),
    ],
)
def test_exclusion_reasons_and_settings(
    reason: ExclusionReason, default_counts: int, enabled_counts: int
) -> None:
    """R4: "Remove those approved for exclusion; each exclusion needs a reason from the list ...
    serving a sentence without Party discipline (setting); epidemic restrictions with consent
    (setting). Every other absentee still counts in E." """
    member = full(exclusion=reason, exclusion_approved=True)
    everything = RuleSet(exclusion_reasons=ExclusionReason)
    assert expected_attendance([member], on=ON) == default_counts
    assert expected_attendance([member], on=ON, rules=everything) == enabled_counts
    assert is_excluded(member, rules=everything)
    unapproved = full(exclusion=reason, exclusion_approved=False)
    assert expected_attendance([unapproved], on=ON, rules=everything) == 1


def test_exclusion_reasons_have_chinese_labels() -> None:
    """R4: each exclusion is recorded with its reason; users see the Chinese wording."""
    assert ExclusionReason.ABROAD_SELF_FUNDED.label == "自费出国（境）半年以上"
    assert all(reason.label for reason in ExclusionReason)


def test_members_without_rights_are_not_expected() -> None:
    """R4: "Start from the members with voting rights (R1)." An exclusion of a member without
    rights changes nothing."""
    members = [
        probationary(),
        probationary(exclusion=ExclusionReason.ILLNESS, exclusion_approved=True),
        full(rights=RightsStatus.DETAINED),
        full(rights=RightsStatus.PARTY_PROBATION, party_probation_until=date(2025, 5, 31)),
        full(),
    ]
    assert expected_attendance(members, on=ON) == 2
    assert expected_attendance(members, on=date(2025, 5, 31)) == 1


def test_present_voters_skip_members_without_rights() -> None:
    """R1: probationary members may attend and take part in discussion; they never vote, never
    stand, and are never counted as present voters."""
    attendees = [full(), full(rights=RightsStatus.ARRESTED), probationary(), full()]
    assert present_voters(attendees, on=ON) == 2
    assert present_voters([], on=ON) == 0


ABROAD = ExclusionReason.ABROAD_SELF_FUNDED


def test_excluded_member_who_attends_counts_in_both_figures() -> None:
    """R4 removes those approved for exclusion because they cannot attend ("unable to express
    their will ...; abroad at their own expense ≥ 6 months; ... away ≥ 6 months"); a member who
    attends evidently can, so they count in P (R1: they have voting rights) and again in E.
    Nine full members and one approved 'abroad' exclusion, all ten present: E = 10, P = 10."""
    members = [full() for _ in range(9)]
    abroad = full(exclusion=ABROAD, exclusion_approved=True)
    roll = [(member, True) for member in [*members, abroad]]
    assert expected_attendance([*members, abroad], on=ON) == 9
    assert present_voters([*members, abroad], on=ON) == 10
    assert meeting_figures(roll, on=ON) == MeetingFigures(
        expected=10, present=10, excluded=0, excluded_attending=1
    )


@pytest.mark.parametrize(
    ("roll", "figures"),
    [
        (
            [(full(), True)] * 9 + [(full(exclusion=ABROAD, exclusion_approved=True), False)],
            (9, 9, 1, 0),
        ),
        (
            [(full(), True)] * 8
            + [(full(), False), (full(exclusion=ABROAD, exclusion_approved=True), True)],
            (10, 9, 0, 1),
        ),
        ([(full(exclusion=ABROAD, exclusion_approved=False), True), (full(), True)], (2, 2, 0, 0)),
        ([(full(exclusion=ABROAD, exclusion_approved=False), False), (full(), True)], (2, 1, 0, 0)),
        (
            [(full(exclusion=ExclusionReason.SERVING_SENTENCE, exclusion_approved=True), False)],
            (1, 0, 0, 0),
        ),
        (
            [(probationary(), True), (full(rights=RightsStatus.DETAINED), True), (full(), True)],
            (1, 1, 0, 0),
        ),
        (
            [(probationary(exclusion=ABROAD, exclusion_approved=True), True), (full(), False)],
            (1, 0, 0, 0),
        ),
        (
            [(full(exclusion=ABROAD, exclusion_approved=True), True)] * 2
            + [(full(exclusion=ABROAD, exclusion_approved=True), False)] * 2,
            (2, 2, 2, 2),
        ),
        ([], (0, 0, 0, 0)),
    ],
    ids=[
        "excluded member stays away",
        "excluded member attends, another is absent",
        "unapproved exclusion attends",
        "unapproved exclusion absent",
        "reason not enabled by the profile",
        "attendees without voting rights",
        "probationary member with an exclusion",
        "identical members, two of four attend",
        "nobody",
    ],
)
def test_meeting_figures(roll: list, figures: tuple[int, int, int, int]) -> None:
    """R4: "Remove those approved for exclusion ... Every other absentee still counts in E."
    R1: probationary members and members whose rights are suspended count in neither figure.
    An excluded member who attends is counted back into E, so P never exceeds E."""
    result = meeting_figures(roll, on=ON)
    assert (result.expected, result.present, result.excluded, result.excluded_attending) == figures
    assert result.present <= result.expected


def test_meeting_figures_follow_the_profile() -> None:
    """R4: serving a sentence is an exclusion reason only by setting."""
    serving = full(exclusion=ExclusionReason.SERVING_SENTENCE, exclusion_approved=True)
    roll = [(serving, False), (full(), True)]
    assert meeting_figures(roll, on=ON).expected == 2
    enabled = RuleSet(exclusion_reasons=ExclusionReason)
    assert meeting_figures(roll, on=ON, rules=enabled) == MeetingFigures(1, 1, 1, 0)
    assert meeting_figures(iter(roll), on=ON, rules=enabled).expected == 1


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (full(), r"到会登记第2条应为 \(MemberFacts, 是否到会 True/False\)"),
        ((full(), 1), "到会登记第2条"),
        ((full(), "yes"), "到会登记第2条"),
        ((full(), True, True), "到会登记第2条"),
        (("张三", True), "到会登记第2条"),
        ([full(), True], "到会登记第2条"),
    ],
    ids=["member alone", "number flag", "text flag", "three items", "name", "list"],
)
def test_meeting_figures_refuse_malformed_rolls(entry: object, message: str) -> None:
    """Each entry of the roll is one member and whether they attended."""
    with pytest.raises(ValueError, match=message):
        meeting_figures([(full(), True), entry], on=ON)  # type: ignore[list-item]
