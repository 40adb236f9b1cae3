"""The wording of the rules' problem codes: every code has one, in Chinese and in English."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from elections import domain
from elections.domain import Code, MemberFacts, MemberStatus, Problem, RightsStatus
from elections.selectors import problems as election_problems
from elections.selectors.problems import by_field, describe
from members import problems as member_problems

ROOT = Path(__file__).resolve().parents[2]
ON = date(2025, 6, 1)
DAY = "2025年6月1日"


def test_every_code_has_exactly_one_wording():
    """Issue 9: a code the rules can return and the app cannot word fails here, not on a page."""
    members, elections = set(member_problems.MESSAGES), set(election_problems.MESSAGES)
    assert members | elections == set(Code)
    assert not members & elections


@pytest.mark.parametrize("status", list(MemberStatus))
@pytest.mark.parametrize("rights", list(RightsStatus))
@pytest.mark.parametrize("until", [None, ON])
def test_members_word_every_voting_rights_problem(status, rights, until):
    """members may not import the election wording, so it holds every R1 code itself."""
    fact = MemberFacts(status=status, rights=rights, party_probation_until=until)
    problem = domain.voting_rights_problem(fact, on=ON)
    if problem is not None:
        assert problem.code in member_problems.MESSAGES
        assert member_problems.describe(problem) == describe(problem)


def r1(code: Code, **params) -> Problem:
    return Problem(code, params, "R1")


#: Every code with parameters as the rules give them, and the Chinese the pages show.
WORDING = [
    (r1(Code.PROBATIONARY), "预备党员没有表决权、选举权和被选举权"),
    (r1(Code.PARTY_PROBATION), "受留党察看处分期间没有表决权、选举权和被选举权"),
    (
        r1(Code.PARTY_PROBATION_UNTIL, until=date(2025, 6, 2)),
        "受留党察看处分期间没有表决权、选举权和被选举权（察看期至2025年6月2日）",
    ),
    (r1(Code.DETAINED), "被留置期间中止表决权、选举权和被选举权"),
    (r1(Code.ARRESTED), "被依法逮捕期间中止表决权、选举权和被选举权"),
    (
        Problem(Code.NO_VOTING_RIGHTS, {"reason": r1(Code.PROBATIONARY)}, "R1"),
        "选举权：预备党员没有表决权、选举权和被选举权",
    ),
    (Problem(Code.REGISTERED_ELSEWHERE, {}, "R2"), "组织关系：组织关系不在本支部"),
    (
        Problem(Code.PARTY_AGE_UNKNOWN, {"minimum": 1}, "R2"),
        "党龄：未登记转正日期，无法确认党龄满1年",
    ),
    (
        Problem(Code.PARTY_AGE_SHORT, {"age": 0, "minimum": 1}, "R2"),
        "党龄：党龄0年，不满1年（自转正之日起计算）",
    ),
    (
        Problem(Code.BIRTH_DATE_UNKNOWN, {"maximum": 55}, "R2"),
        "年龄上限：未登记出生日期，无法确认不超过55周岁",
    ),
    (
        Problem(Code.OVER_AGE, {"age": 56, "maximum": 55}, "R2"),
        "年龄上限：56周岁，超过55周岁的上限",
    ),
    (
        Problem(
            Code.OVER_AGE,
            {
                "age": 56,
                "maximum": 55,
                "post": "secretary",
                "sex": "female",
                "nomination": "renominated",
                "in_principle": True,
            },
            "R2",
        ),
        "年龄上限：56周岁，超过55周岁的上限（连任的女性书记人选，原则上）",
    ),
    (
        Problem(Code.EDUCATION_UNKNOWN, {"minimum": "college", "post": "member"}, "R2"),
        "学历：未登记学历，无法确认达到大学专科及以上（委员人选）",
    ),
    (
        Problem(Code.EDUCATION_SHORT, {"education": "high_school", "minimum": "college"}, "R2"),
        "学历：高中，未达到大学专科及以上的要求",
    ),
    (
        Problem(Code.SEATS_ABOVE_USUAL, {"seats": 7, "usual": 5}, "R3", "seats"),
        "委员名额7名，多于一般的5名",
    ),
    (Problem(Code.SEATS_EVEN, {"seats": 6}, "R3", "seats"), "委员名额6名为偶数，一般应为奇数"),
    (
        Problem(Code.SEATS_BELOW_USUAL, {"seats": 3, "usual": 5}, "R3", "seats"),
        "委员名额3名，少于一般的5名",
    ),
    (
        Problem(Code.HELPER_IS_CANDIDATE, {"name": "王芳"}, "R10"),
        "代写选票：王芳是候选人，不能代为填写选票",
    ),
    (Problem(Code.NO_SCRUTINEERS, {}, "R14"), "监票人：尚未推选监票人"),
    (
        Problem(Code.SCRUTINEER_IS_CANDIDATE, {"name": "王芳"}, "R14"),
        "监票人：王芳是候选人，不能担任监票人",
    ),
    (
        Problem(Code.SCRUTINEER_NOT_ELECTOR, {"name": "赵六"}, "R14"),
        "监票人：赵六不是本次选举的选举人",
    ),
    (
        Problem(Code.TIMETABLE_END_BEFORE_START, {"start": ON, "end": ON}),
        f"结束日期{DAY}早于开始日期{DAY}",
    ),
    (Problem(Code.TIMETABLE_MISSING, {"step": "vet"}), "考察审查：请填写完成时限"),
    (
        Problem(Code.TIMETABLE_OUTSIDE, {"step": "archive", "start": ON, "end": ON}),
        f"总结归档：完成时限须在{DAY}至{DAY}之间",
    ),
    (Problem(Code.TIMETABLE_ORDER, {"step": "meeting"}), "召开党员大会：完成时限不能早于上一步骤"),
    (
        Problem(Code.TIMETABLE_TOO_SHORT, {"step": "publicise", "earliest": ON}),
        f"公示：时间不足，按公示期、会议通知等规定，最早于{DAY}完成",
    ),
    (
        Problem(Code.TIMETABLE_TOO_SHORT_ALL, {"earliest_end": ON}),
        f"时间不足：按各步骤最短用时及公示期、会议通知的规定，最早于{DAY}结束",
    ),
    (
        Problem(Code.SHIFT_NOT_LATER, {"until": date(2026, 1, 1)}, "§1", "new_date"),
        "延期换届：新的换届时间应晚于原定的2026年1月1日",
    ),
    (
        Problem(Code.SHIFT_NOT_EARLIER, {"until": date(2026, 1, 1)}, "§1", "new_date"),
        "提前换届：新的换届时间应早于原定的2026年1月1日",
    ),
    (
        Problem(Code.SHIFT_IN_PAST, {"until": date(2026, 1, 1)}, "§1", "new_date"),
        "换届时间：不能早于今天（2026年1月1日）",
    ),
    (
        Problem(Code.SHIFT_OVER_LIMIT, {"until": date(2026, 1, 1)}, "§1", "new_date"),
        "换届时间：延期或提前换届不得超过1年（本届任期2026年1月1日届满）",
    ),
]


def test_the_wording_table_covers_every_code():
    assert {problem.code for problem, _text in WORDING} == set(Code)


@pytest.mark.parametrize(
    ("problem", "text"), WORDING, ids=[problem.code.value for problem, _text in WORDING]
)
def test_chinese_wording(problem, text):
    """The pages keep the sentences the rules used to return, now worded from the codes."""
    assert describe(problem) == text


def test_domain_results_are_worded():
    """What the rules return is worded end to end, parameters and nested reasons included."""
    fact = MemberFacts(
        status=MemberStatus.FULL,
        rights=RightsStatus.PARTY_PROBATION,
        party_probation_until=date(2025, 6, 2),
        full_member_since=date(2024, 6, 2),
    )
    assert [describe(p) for p in domain.eligibility_problems(fact, on=ON)] == [
        "选举权：受留党察看处分期间没有表决权、选举权和被选举权（察看期至2025年6月2日）",
        "党龄：党龄0年，不满1年（自转正之日起计算）",
    ]
    assert [
        describe(p)
        for p in domain.committee_seat_warnings(6, domain.RuleSet(max_committee_seats=7))
    ] == [
        "委员名额6名，多于一般的5名",
        "委员名额6名为偶数，一般应为奇数",
    ]


def test_problems_go_to_their_form_field():
    """A service raises the problems on the field they belong to; a caller may choose another."""
    problems = domain.scrutineer_problems(["王芳", "李明"], candidates=["王芳", "李明"])
    assert by_field(problems) == {
        "scrutineers": [
            "监票人：王芳是候选人，不能担任监票人",
            "监票人：李明是候选人，不能担任监票人",
        ]
    }
    assert list(by_field(problems, field="chosen")) == ["chosen"]
    eligibility = [Problem(Code.REGISTERED_ELSEWHERE, {}, "R2")]
    assert by_field(eligibility) == {"__all__": ["组织关系：组织关系不在本支部"]}


@pytest.mark.skipif(
    not (ROOT / "locale/en/LC_MESSAGES/django.mo").exists(),
    reason="the English catalogue is compiled by `make setup` (needs gettext's msgfmt)",
)
@pytest.mark.parametrize("code", list(Code))
def test_every_code_is_translated_to_english(code):
    params = {
        "until": date(2025, 6, 2),
        "reason": r1(Code.DETAINED),
        "minimum": 1,
        "maximum": 55,
        "age": 56,
        "seats": 6,
        "usual": 5,
        "name": "王芳",
        "education": "high_school",
        "step": "publicise",
        "start": date(2027, 3, 1),
        "end": date(2027, 4, 30),
        "earliest": date(2027, 3, 20),
        "earliest_end": date(2027, 3, 18),
    }
    with translation.override("en"):
        text = describe(Problem(code, params, "R0"))
    assert not re.search(r"[\u4e00-\u9fff]", text.replace("王芳", "")), text


@pytest.mark.skipif(
    not (ROOT / "locale/en/LC_MESSAGES/django.mo").exists(),
    reason="the English catalogue is compiled by `make setup` (needs gettext's msgfmt)",
)
def test_english_wording_formats_dates_and_reasons_in_english():
    problem = Problem(
        Code.NO_VOTING_RIGHTS, {"reason": r1(Code.PARTY_PROBATION_UNTIL, until=ON)}, "R1"
    )
    with translation.override("en"):
        assert describe(problem) == (
            "Voting rights: No right to vote, to elect or to stand for election while on "
            "Party probation (until June 1, 2025)"
        )
