"""Eligibility rules as plans write them (R2): age caps and minimum education per post, sex and
nomination, hard or "in principle" (原则上)."""

from __future__ import annotations

from datetime import date

import pytest

from elections.domain import (
    Code,
    EligibilityRule,
    MemberFacts,
    MemberStatus,
    RuleSet,
    eligibility_problems,
    waivable,
)

#: The election day the plan counts age at.
ELECTION = date(2026, 6, 1)
#: A plan: 书记人选 新提名的不超过50周岁、连任的不超过55周岁 (hard); 女性委员原则上不超过
#: 55周岁; 委员原则上大专以上学历.
PLAN = RuleSet(
    eligibility_rules=[
        EligibilityRule("max_age", 50, post="secretary", nomination="new"),
        EligibilityRule("max_age", 55, post="secretary", nomination="renominated"),
        EligibilityRule("max_age", 55, post="member", sex="female", in_principle=True),
        EligibilityRule("min_education", "college", post="member", in_principle=True),
    ],
    min_party_age_years=0,
)


def person(*, born: date | None = date(1980, 1, 1), sex="male", education="bachelor"):
    return MemberFacts(
        status=MemberStatus.FULL,
        full_member_since=date(2000, 1, 1),
        birth_date=born,
        sex=sex,
        education=education,
    )


def codes(member, **kwargs) -> list[tuple[Code, bool]]:
    kwargs.setdefault("post", "member")
    problems = eligibility_problems(
        member, on=date(2026, 1, 1), rules=PLAN, reference=ELECTION, **kwargs
    )
    return [(p.code, waivable(p)) for p in problems]


@pytest.mark.parametrize(
    ("member", "kwargs", "expected"),
    [
        # A new secretary aged 50 on the election day stands; 51 does not (hard rule).
        (person(born=date(1976, 6, 1)), {"post": "secretary"}, []),
        (person(born=date(1975, 6, 1)), {"post": "secretary"}, [(Code.OVER_AGE, False)]),
        # The same age re-nominated: the cap for people who served on the outgoing committee.
        (person(born=date(1975, 6, 1)), {"post": "secretary", "renominated": True}, []),
        (
            person(born=date(1970, 6, 1)),
            {"post": "secretary", "renominated": True},
            [(Code.OVER_AGE, False)],
        ),
        # Age counts at the reference date: 50 on 1 January, 51 by the election on 1 June.
        (person(born=date(1975, 3, 1)), {"post": "secretary"}, [(Code.OVER_AGE, False)]),
        # The women's cap for committee members is "in principle": waivable.
        (person(born=date(1970, 6, 1), sex="female"), {}, [(Code.OVER_AGE, True)]),
        (person(born=date(1970, 6, 1), sex="male"), {}, []),
        # Secretary rules do not apply to committee members and the reverse.
        (person(born=date(1960, 6, 1)), {}, []),
        (person(education="high_school"), {"post": "secretary"}, []),
        # Minimum education, in principle; 中专 and 高中 are the same level, below 大专.
        (person(education="college"), {}, []),
        (person(education="secondary"), {}, [(Code.EDUCATION_SHORT, True)]),
        (person(education=None), {}, [(Code.EDUCATION_UNKNOWN, True)]),
        (person(born=None), {"post": "secretary"}, [(Code.BIRTH_DATE_UNKNOWN, False)]),
    ],
    ids=[
        "new secretary 50",
        "new secretary 51",
        "re-nominated secretary 51",
        "re-nominated secretary 56",
        "age at the election day, not today",
        "woman member 56 in principle",
        "man member 56 no cap",
        "secretary cap not for members",
        "member education not for secretary",
        "college meets college",
        "secondary below college",
        "education unknown",
        "birth date unknown",
    ],
)
def test_plan_rules(member, kwargs, expected) -> None:
    """R2: "optional age caps ... A failed check names the rule that failed." Plans cap age per
    post, per sex, for newly nominated and re-nominated people at a reference date, ask for a
    minimum education per post, and say of some rules 原则上 (the approver may waive them)."""
    assert codes(member, **kwargs) == expected


def test_a_problem_names_its_rule() -> None:
    member = person(born=date(1970, 6, 1), sex="female")
    (problem,) = eligibility_problems(
        member, on=ELECTION, rules=PLAN, post="member", reference=ELECTION
    )
    assert problem.params == {
        "age": 56,
        "maximum": 55,
        "post": "member",
        "sex": "female",
        "nomination": "",
        "in_principle": True,
    }


def test_rules_round_trip_as_json() -> None:
    """The renewal keeps its rules as JSON; they come back equal."""
    for rule in PLAN.eligibility_rules:
        assert EligibilityRule.from_json(rule.to_json()) == rule
    again = RuleSet(
        eligibility_rules=[r.to_json() for r in PLAN.eligibility_rules], min_party_age_years=0
    )
    assert again == PLAN


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "height", "limit": 180}, "kind 必须是 max_age 或 min_education"),
        ({"kind": "max_age", "limit": 200}, "年龄上限应为18至100"),
        ({"kind": "min_education", "limit": "phd"}, "最低学历 必须是"),
        ({"kind": "max_age", "limit": 50, "post": "chair"}, "post 必须是 secretary 或 member"),
        ({"kind": "max_age", "limit": 50, "sex": "x"}, "sex 必须是 male 或 female"),
        ({"kind": "max_age", "limit": 50, "colour": "red"}, "未知设置：colour"),
        ({"kind": "max_age", "limit": 50, "in_principle": "yes"}, "in_principle必须是"),
    ],
)
def test_invalid_rules_raise(data: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RuleSet(eligibility_rules=[data])


def test_unknown_post_is_refused() -> None:
    with pytest.raises(ValueError, match="post 必须是"):
        eligibility_problems(person(), on=ELECTION, post="chair")
