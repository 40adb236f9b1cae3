"""The wording of the problems the election rules return: one template per code, in Chinese
with the English catalogue beside it. The voting-rights wording (R1) comes from members."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from elections.domain import Code, Problem
from members import problems as member_problems

#: Every election problem (R2, R3, R10, R14) by code; the wording names the rule, never its
#: number in the rule book.
MESSAGES: dict[Code, Promise] = {
    Code.NO_VOTING_RIGHTS: _("选举权：%(reason)s"),
    Code.REGISTERED_ELSEWHERE: _("组织关系：组织关系不在本支部"),
    Code.PARTY_AGE_UNKNOWN: _("党龄：未登记转正日期，无法确认党龄满%(minimum)s年"),
    Code.PARTY_AGE_SHORT: _("党龄：党龄%(age)s年，不满%(minimum)s年（自转正之日起计算）"),
    Code.BIRTH_DATE_UNKNOWN: _("年龄上限：未登记出生日期，无法确认不超过%(maximum)s周岁"),
    Code.OVER_AGE: _("年龄上限：%(age)s周岁，超过%(maximum)s周岁的上限"),
    Code.SEATS_ABOVE_USUAL: _("委员名额%(seats)s名，多于一般的%(usual)s名"),
    Code.SEATS_EVEN: _("委员名额%(seats)s名为偶数，一般应为奇数"),
    Code.HELPER_IS_CANDIDATE: _("代写选票：%(name)s是候选人，不能代为填写选票"),
    Code.NO_SCRUTINEERS: _("监票人：尚未推选监票人"),
    Code.SCRUTINEER_IS_CANDIDATE: _("监票人：%(name)s是候选人，不能担任监票人"),
    Code.SCRUTINEER_NOT_ELECTOR: _("监票人：%(name)s不是本次选举的选举人"),
}

_ALL = {**member_problems.MESSAGES, **MESSAGES}


def describe(problem: Problem) -> str:
    """Any problem the rules return, in the user's language."""
    return member_problems.render(problem, _ALL)


def by_field(problems: Iterable[Problem], *, field: str | None = None) -> dict[str, list[str]]:
    """``problems`` worded and grouped by the form field they belong to, for ``ValidationError``:
    ``field`` when given, else each problem's own, else the form as a whole."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        key = field or problem.field or NON_FIELD_ERRORS
        errors.setdefault(key, []).append(describe(problem))
    return errors
