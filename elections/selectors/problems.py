"""The wording of the problems the election rules return: one template per code, in Chinese
with the English catalogue beside it. The voting-rights wording (R1) comes from members."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from elections.domain import Code, Problem
from elections.models import CampaignStep
from members import problems as member_problems
from members.models import Education

#: Every election problem (R2, R3, R10, R14, §1) by code; the wording names the rule, never its
#: number in the rule book.
MESSAGES: dict[Code, Promise] = {
    Code.NO_VOTING_RIGHTS: _("选举权：%(reason)s"),
    Code.REGISTERED_ELSEWHERE: _("组织关系：组织关系不在本支部"),
    Code.PARTY_AGE_UNKNOWN: _("党龄：未登记转正日期，无法确认党龄满%(minimum)s年"),
    Code.PARTY_AGE_SHORT: _("党龄：党龄%(age)s年，不满%(minimum)s年（自转正之日起计算）"),
    Code.BIRTH_DATE_UNKNOWN: _("年龄上限：未登记出生日期，无法确认不超过%(maximum)s周岁%(note)s"),
    Code.OVER_AGE: _("年龄上限：%(age)s周岁，超过%(maximum)s周岁的上限%(note)s"),
    Code.EDUCATION_UNKNOWN: _("学历：未登记学历，无法确认达到%(minimum)s及以上%(note)s"),
    Code.EDUCATION_SHORT: _("学历：%(education)s，未达到%(minimum)s及以上的要求%(note)s"),
    Code.SEATS_ABOVE_USUAL: _("委员名额%(seats)s名，多于一般的%(usual)s名"),
    Code.SEATS_EVEN: _("委员名额%(seats)s名为偶数，一般应为奇数"),
    Code.SEATS_BELOW_USUAL: _("委员名额%(seats)s名，少于一般的%(usual)s名"),
    Code.HELPER_IS_CANDIDATE: _("代写选票：%(name)s是候选人，不能代为填写选票"),
    Code.NO_SCRUTINEERS: _("监票人：尚未推选监票人"),
    Code.SCRUTINEER_IS_CANDIDATE: _("监票人：%(name)s是候选人，不能担任监票人"),
    Code.SCRUTINEER_NOT_ELECTOR: _("监票人：%(name)s不是本次选举的选举人"),
    Code.TIMETABLE_END_BEFORE_START: _("结束日期%(end)s早于开始日期%(start)s"),
    Code.TIMETABLE_MISSING: _("%(step)s：请填写完成时限"),
    Code.TIMETABLE_OUTSIDE: _("%(step)s：完成时限须在%(start)s至%(end)s之间"),
    Code.TIMETABLE_ORDER: _("%(step)s：完成时限不能早于上一步骤"),
    Code.TIMETABLE_TOO_SHORT: _(
        "%(step)s：时间不足，按公示期、会议通知等规定，最早于%(earliest)s完成"
    ),
    Code.TIMETABLE_TOO_SHORT_ALL: _(
        "时间不足：按各步骤最短用时及公示期、会议通知的规定，最早于%(earliest_end)s结束"
    ),
    Code.SHIFT_NOT_LATER: _("延期换届：新的换届时间应晚于原定的%(until)s"),
    Code.SHIFT_NOT_EARLIER: _("提前换届：新的换届时间应早于原定的%(until)s"),
    Code.SHIFT_IN_PAST: _("换届时间：不能早于今天（%(until)s）"),
    Code.SHIFT_OVER_LIMIT: _("换届时间：延期或提前换届不得超过1年（本届任期%(until)s届满）"),
}

_ALL = {**member_problems.MESSAGES, **MESSAGES}


#: Who an eligibility rule concerns, as its wording names them.
NOMINATIONS = {"new": _("新提名的"), "renominated": _("连任的")}
SEXES = {"male": _("男性"), "female": _("女性")}
POSTS = {"secretary": _("书记人选"), "member": _("委员人选")}
_SCOPED = {
    Code.BIRTH_DATE_UNKNOWN,
    Code.OVER_AGE,
    Code.EDUCATION_UNKNOWN,
    Code.EDUCATION_SHORT,
}


def scope_text(*, post: str = "", sex: str = "", nomination: str = "") -> str:
    """ "连任的女性书记人选" for a rule on re-nominated women for secretary; "" for everybody."""
    parts = [NOMINATIONS.get(nomination, ""), SEXES.get(sex, ""), POSTS.get(post, "")]
    return "".join(str(part) for part in parts)


def describe(problem: Problem) -> str:
    """Any problem the rules return, in the user's language."""
    if problem.code in _SCOPED:
        params = dict(problem.params)
        scope = scope_text(
            post=str(params.pop("post", "")),
            sex=str(params.pop("sex", "")),
            nomination=str(params.pop("nomination", "")),
        )
        parts = [scope] if scope else []
        if params.pop("in_principle", False):
            parts.append(str(_("原则上")))
        params["note"] = f"（{'，'.join(parts)}）" if parts else ""
        for key in ("education", "minimum"):
            if key in params:
                params[key] = _education_label(str(params[key]))
        problem = Problem(problem.code, params, problem.rule, problem.field)
    if "step" in problem.params:
        params = {**problem.params, "step": CampaignStep(str(problem.params["step"])).label}
        problem = Problem(problem.code, params, problem.rule, problem.field)
    return member_problems.render(problem, _ALL)


def _education_label(code: str) -> str:
    try:
        return str(Education(code).label)
    except ValueError:
        return code


def by_field(problems: Iterable[Problem], *, field: str | None = None) -> dict[str, list[str]]:
    """``problems`` worded and grouped by the form field they belong to, for ``ValidationError``:
    ``field`` when given, else each problem's own, else the form as a whole."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        key = field or problem.field or NON_FIELD_ERRORS
        errors.setdefault(key, []).append(describe(problem))
    return errors
