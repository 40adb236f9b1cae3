"""What still blocks each transition, in the user's language; read through the selectors."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from elections import domain
from elections.domain import negative_list
from elections.models import Body, ExclusionStatus, Nominee, NoticeKind, Renewal
from elections.selectors.archive import HANDOVER_ITEMS
from elections.selectors.candidates import (
    barred,
    needed_candidates,
    nominee_problems,
    per_post,
    shortfalls,
    standing_candidates,
)
from elections.selectors.notices import notice_gate, notice_required
from elections.selectors.problems import describe
from elections.selectors.rounds import result_problems

Check = Callable[[Renewal], list[str]]


def _post_shortfalls(renewal: Renewal, nominees: list[Nominee], what: str) -> list[str]:
    """A branch without a committee (R3): each post (secretary, deputy) needs its own candidate."""
    return [
        _("%(post)s候选人%(what)s %(n)s 名，至少需要 %(need)s 名。")
        % {"post": Body(post).label, "what": what, "n": n, "need": need}
        for post, n, need in shortfalls(renewal, nominees)
    ]


def plan_blockers(renewal: Renewal) -> list[str]:
    problems = []
    if not renewal.secretary_only and not renewal.seats:
        problems.append(_("换届方案未确定委员名额。"))
    if renewal.meeting_date is None:
        problems.append(_("换届方案未确定党员大会召开日期。"))
    elif renewal.meeting_date <= timezone.localdate():
        problems.append(_("党员大会召开日期应在今天之后。"))
    if not renewal.work_report.strip() and not renewal.work_report_file:
        problems.append(_("尚未填写或上传上届委员会工作报告。"))
    pending = renewal.exclusions.filter(status=ExclusionStatus.PENDING).count()
    if pending:
        problems.append(_("有 %(n)s 名党员不计入应到会人数的申请尚待上级审批。") % {"n": pending})
    return problems


def list_blockers(renewal: Renewal) -> list[str]:
    problems = []
    if renewal.rec_expected is None or renewal.rec_present is None:
        problems.append(_("尚未登记党员推荐会议的应到、实到人数。"))
    elif not domain.recommendation_valid(
        expected=renewal.rec_expected, present=renewal.rec_present
    ):
        problems.append(
            _("推荐会议实到 %(p)s 人，未超过应到 %(e)s 人的半数，推荐无效，请重新组织推荐。")
            % {"p": renewal.rec_present, "e": renewal.rec_expected}
        )
    listed = list(renewal.nominees.filter(on_list=True).select_related("member"))
    if per_post(renewal):
        problems += _post_shortfalls(renewal, listed, _("初步人选"))
    elif len(listed) < needed_candidates(renewal):
        problems.append(
            _("候选人初步人选 %(n)s 名，至少需要 %(need)s 名（差额选举）。")
            % {"n": len(listed), "need": needed_candidates(renewal)}
        )
    found = nominee_problems(renewal, listed)
    for nominee in listed:
        for problem in barred(found[nominee.pk]):
            problems.append(f"{nominee.member.name}：{describe(problem)}")
    return problems


def vet_blockers(renewal: Renewal) -> list[str]:
    problems = []
    listed = list(renewal.nominees.filter(on_list=True).select_related("member"))
    items = renewal.ruleset().negative_list
    found = nominee_problems(renewal, listed)
    for nominee in listed:
        name = nominee.member.name
        if not nominee.reviewed:
            problems.append(_("%(name)s 尚未完成资格审查和考察。") % {"name": name})
        elif nominee.approved:
            if barred(found[nominee.pk]):
                problems.append(_("%(name)s 不符合候选人资格条件。") % {"name": name})
            elif found[nominee.pk] and not nominee.eligibility_waivers:
                problems.append(
                    _("%(name)s 不符合原则上的资格条件，须说明破格理由。") % {"name": name}
                )
            failed = negative_list.failures(nominee.negative_list_checked, items)
            if failed:
                problems.append(
                    _("%(name)s 负面清单未逐条核实：%(items)s")
                    % {"name": name, "items": "；".join(failed)}
                )
            if not nominee.discipline_opinion.strip():
                problems.append(_("%(name)s 缺少纪检意见。") % {"name": name})
            if not nominee.pledge:
                problems.append(_("%(name)s 缺少签字的承诺书扫描件。") % {"name": name})
    approved = sum(1 for n in listed if n.approved and not n.withdrawn_reason)
    needed = needed_candidates(renewal)
    if per_post(renewal):
        kept = [n for n in listed if n.approved and not n.withdrawn_reason]
        problems += _post_shortfalls(renewal, kept, _("同意的预备人选"))
    elif approved < needed:
        problems.append(
            _("同意的预备人选 %(n)s 名，少于差额选举所需的 %(need)s 名。")
            % {"n": approved, "need": needed}
        )
    return problems


def _publicity_problems(renewal: Renewal, kind: str) -> list[str]:
    """Everyone the notice of `kind` must name has been on a published notice whose full period
    has run, and no objection to it is open."""
    gate = notice_gate(renewal, kind)
    label = NoticeKind(kind).label
    problems = []
    if not gate["published"]:
        problems.append(
            _("尚未发布公示。")
            if kind == NoticeKind.CANDIDATES
            else _("尚未发布%(kind)s。") % {"kind": label}
        )
    elif gate["missing"]:
        problems.append(
            _("%(names)s 未经公示：人选有变化，须发布第 %(n)s 次%(kind)s并待公示期满。")
            % {"names": "、".join(gate["missing"]), "n": gate["next_number"], "kind": label}
        )
    if gate["ends"] is not None:
        problems.append(
            _("%(kind)s期至 %(end)s，公示期满后方可进行下一步。")
            % {"kind": label, "end": gate["ends"]}
            if kind != NoticeKind.CANDIDATES
            else _("公示期至 %(end)s，公示期满后方可进入选举。") % {"end": gate["ends"]}
        )
    if gate["open_objections"]:
        problems.append(_("有 %(n)s 条公示意见尚未处理。") % {"n": gate["open_objections"]})
    return problems


def notice_blockers(renewal: Renewal) -> list[str]:
    """Every formal candidate must have been on a published notice whose full period has run
    without an open objection: a replacement approved after a withdrawal needs a notice of its
    own, however long ago the first one ended."""
    problems = _publicity_problems(renewal, NoticeKind.CANDIDATES)
    standing = len(standing_candidates(renewal))
    if per_post(renewal):
        problems += _post_shortfalls(renewal, standing_candidates(renewal), _("现有预备人选"))
    elif standing < needed_candidates(renewal):
        problems.append(
            _("现有候选人预备人选 %(n)s 名，少于差额选举所需的 %(need)s 名。")
            % {"n": standing, "need": needed_candidates(renewal)}
        )
    return problems


def preliminary_notice_blockers(renewal: Renewal) -> list[str]:
    """With the profile's preliminary notice, the list the superior approves has been publicised."""
    if not notice_required(renewal, NoticeKind.PRELIMINARY):
        return []
    return _publicity_problems(renewal, NoticeKind.PRELIMINARY)


def appointment_notice_blockers(renewal: Renewal) -> list[str]:
    """With the profile's 任职公示, its period has run before the archive is sealed."""
    if renewal.sealed_at or not notice_required(renewal, NoticeKind.APPOINTMENT):
        return []
    return _publicity_problems(renewal, NoticeKind.APPOINTMENT)


def result_blockers(renewal: Renewal) -> list[str]:

    return result_problems(renewal)


def write_in_blockers(renewal: Renewal) -> list[str]:
    """A person elected as a write-in was never vetted nor publicised: the superior records an
    eligibility check of each before it approves the result."""
    unchecked = renewal.elected.filter(write_in=True, checked_at__isnull=True)
    return [
        _("%(n)s 系另选他人当选，未经考察和公示：须先登记对其资格的审查。") % {"n": e.name}
        for e in unchecked
    ]


def seal_blockers(renewal: Renewal) -> list[str]:
    problems = []
    if renewal.sealed_at:
        problems.append(_("档案已封存。"))
        return problems
    if not renewal.summary.strip():
        problems.append(_("尚未填写换届工作总结。"))

    done = {row.get("item") for row in renewal.handover if row.get("received_by")}
    missing = [str(label) for code, label in HANDOVER_ITEMS if code not in done]
    if missing:
        problems.append(_("工作交接尚未登记：%(items)s。") % {"items": "、".join(missing)})
    return problems
