"""Eligibility rules as local plans write them (R2): age caps and minimum education per post.

A plan says, for example, "新提名的书记人选原则上不超过50周岁，连任的不超过55周岁" or
"委员一般应具有大专以上学历". Each such sentence is one :class:`EligibilityRule`: what
it limits (age or education), the limit, and to whom it applies (a post, a sex, newly
nominated or re-nominated people; left open, everybody). A hard rule blocks the candidate;
a rule "in principle" (原则上) may be waived by the approver with a recorded reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from ._checks import require_bool, require_int
from .problems import Code, Problem

MAX_AGE = "max_age"
MIN_EDUCATION = "min_education"
KINDS = (MAX_AGE, MIN_EDUCATION)
#: The posts a rule may name: the secretary (书记) and the committee members (委员).
POSTS = ("secretary", "member")
SEXES = ("male", "female")
#: Newly nominated (新提名) or re-nominated (连任: served on the outgoing committee).
NOMINATIONS = ("new", "renominated")
#: Education codes (members.Education) by level; 高中 and 中专 are the same level.
EDUCATION_LEVELS: Mapping[str, int] = {
    "junior": 0,
    "high_school": 1,
    "secondary": 1,
    "college": 2,
    "bachelor": 3,
    "postgraduate": 4,
}


def _choice(name: str, value: object, choices: Iterable[str], *, optional: bool) -> None:
    if optional and value is None:
        return
    if value not in tuple(choices):
        raise ValueError(f"{name} 必须是 {' 或 '.join(choices)} 之一，而不是 {value!r}")


@dataclass(frozen=True)
class EligibilityRule:
    """One age cap or education minimum of a plan.

    Attributes:
        kind: ``"max_age"`` (whole years at the reference date may not exceed ``limit``) or
            ``"min_education"`` (education at least ``limit``, a code of EDUCATION_LEVELS).
        limit: the age in years, or the education code.
        post: ``"secretary"`` or ``"member"``; ``None`` for every post.
        sex: ``"male"`` or ``"female"``; ``None`` for both.
        nomination: ``"new"`` or ``"renominated"``; ``None`` for both.
        in_principle: the plan says 原则上: the approver may waive it with a reason.
    """

    kind: str
    limit: int | str
    post: str | None = None
    sex: str | None = None
    nomination: str | None = None
    in_principle: bool = False

    def __post_init__(self) -> None:
        _choice("kind", self.kind, KINDS, optional=False)
        if self.kind == MAX_AGE:
            require_int("年龄上限", self.limit, 18, 100)
        else:
            _choice("最低学历", self.limit, EDUCATION_LEVELS, optional=False)
        _choice("post", self.post, POSTS, optional=True)
        _choice("sex", self.sex, SEXES, optional=True)
        _choice("nomination", self.nomination, NOMINATIONS, optional=True)
        require_bool("in_principle", self.in_principle)

    def applies(self, *, post: str, sex: str | None, renominated: bool) -> bool:
        """Whether the rule concerns a candidate for ``post`` of ``sex``."""
        if self.post is not None and self.post != post:
            return False
        if self.sex is not None and self.sex != sex:
            return False
        if self.nomination is not None:
            return self.nomination == ("renominated" if renominated else "new")
        return True

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "limit": self.limit,
            "post": self.post,
            "sex": self.sex,
            "nomination": self.nomination,
            "in_principle": self.in_principle,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> EligibilityRule:
        if not isinstance(data, Mapping):
            raise ValueError(f"资格条件应为一条设置（字典），而不是 {data!r}")
        unknown = set(data) - {"kind", "limit", "post", "sex", "nomination", "in_principle"}
        if unknown:
            raise ValueError(f"资格条件中有未知设置：{'、'.join(sorted(unknown))}")
        return cls(**data)  # type: ignore[arg-type]


def checked_rules(value: object) -> tuple[EligibilityRule, ...]:
    """Rules given as EligibilityRule objects or their JSON form, validated."""
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise ValueError(f"eligibility_rules 必须是资格条件的列表，而不是 {value!r}")
    return tuple(
        rule if isinstance(rule, EligibilityRule) else EligibilityRule.from_json(rule)
        for rule in value
    )


def whole_years(*, since: date, on: date) -> int:
    """Completed years from ``since`` to ``on``; 0 when ``on`` is before ``since``.

    An anniversary that falls on 29 February is reached on 1 March in common years, so a year is
    complete only once the calendar has passed the same month and day.
    """
    years = on.year - since.year - ((on.month, on.day) < (since.month, since.day))
    return max(years, 0)


def _scope(rule: EligibilityRule) -> dict[str, object]:
    return {
        "post": rule.post or "",
        "sex": rule.sex or "",
        "nomination": rule.nomination or "",
        "in_principle": rule.in_principle,
    }


def rule_problems(
    *,
    rules: Iterable[EligibilityRule],
    post: str,
    on: date,
    birth_date: date | None,
    sex: str | None,
    education: str | None,
    renominated: bool,
) -> list[Problem]:
    """Every rule of ``rules`` that a candidate for ``post`` fails on day ``on`` (R2).

    R2: "optional age caps ... A failed check names the rule that failed." Age counts in whole
    years at ``on`` (the reference date the plan sets, usually the election day). Each problem
    carries the rule's scope and ``in_principle`` in its parameters, so the app can name the
    rule and offer the waiver only where the plan allows one.
    """
    _choice("post", post, POSTS, optional=False)
    problems: list[Problem] = []
    for rule in rules:
        if not rule.applies(post=post, sex=sex, renominated=renominated):
            continue
        scope = _scope(rule)
        if rule.kind == MAX_AGE:
            if birth_date is None:
                problems.append(
                    Problem(Code.BIRTH_DATE_UNKNOWN, {"maximum": rule.limit, **scope}, "R2")
                )
                continue
            age = whole_years(since=birth_date, on=on)
            if age > int(rule.limit):
                problems.append(
                    Problem(Code.OVER_AGE, {"age": age, "maximum": rule.limit, **scope}, "R2")
                )
        elif not education:
            problems.append(Problem(Code.EDUCATION_UNKNOWN, {"minimum": rule.limit, **scope}, "R2"))
        elif EDUCATION_LEVELS.get(education, -1) < EDUCATION_LEVELS[str(rule.limit)]:
            problems.append(
                Problem(
                    Code.EDUCATION_SHORT,
                    {"education": education, "minimum": rule.limit, **scope},
                    "R2",
                )
            )
    return problems


def waivable(problem: Problem) -> bool:
    """Whether ``problem`` comes from a rule "in principle" that the approver may waive."""
    return problem.params.get("in_principle") is True
