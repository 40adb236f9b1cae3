"""Documents of the members' meeting: the meeting notice and the election method."""

from __future__ import annotations

from typing import Any

from elections.documents.common import (
    adjourned,
    chinese_date,
    chinese_day,
    chinese_number,
    chinese_time,
    local_day,
    plan_context,
    staff_names,
    what_is_elected,
)
from elections.models import Meeting, MeetingKind, Renewal
from elections.selectors.meeting import figures, meeting_of
from elections.selectors.rules import rule_changes


def _agenda(meeting: Meeting, renewal: Renewal) -> list[str]:
    """The agenda as entered, one item a line; the usual items when none was entered."""
    lines = [line.strip() for line in meeting.agenda.splitlines() if line.strip()]
    if lines:
        return lines
    elected = "书记" if renewal.secretary_only else "新一届支部委员会委员"
    if renewal.secretary_only and renewal.elect_deputy:
        elected += "、副书记"
    items = [
        "听取和审议上届支部委员会工作报告；",
        "通过选举办法，通过监票人、计票人名单；",
        "酝酿确定正式候选人；",
        f"投票选举{elected}。",
    ]
    return [f"（{chinese_number(n)}）{item}" for n, item in enumerate(items, start=1)]


def meeting_notice(renewal: Renewal, **_params: Any) -> tuple[str, dict[str, Any]]:

    meeting = meeting_of(renewal, MeetingKind.MEMBERS)
    context = plan_context(renewal)
    context.update(what_is_elected(renewal))
    context.update(
        meeting=meeting,
        day=chinese_day(meeting.held_on),
        start=chinese_time(meeting.start_time) if meeting.start_time else "",
        agenda=_agenda(meeting, renewal),
        adjourned=adjourned(meeting),
        lenient=renewal.ruleset().quorum == "lenient",
        today=chinese_date(local_day(meeting.notice_issued_at)),
    )
    return "pdf/meeting_notice.html", context


def method(renewal: Renewal, **_params: Any) -> tuple[str, dict[str, Any]]:

    meeting = meeting_of(renewal, MeetingKind.MEMBERS)
    rules = renewal.ruleset()
    counted = figures(meeting)
    context = plan_context(renewal)
    context.update(what_is_elected(renewal))
    context.update(staff_names(meeting))
    context.update(
        meeting=meeting,
        adopted=chinese_date(local_day(meeting.method_adopted_at))
        if meeting.method_adopted_at
        else "",
        expected=counted.expected,
        min_present=counted.min_present,
        lenient=rules.quorum == "lenient",
        base_expected=rules.majority_base == "expected",
        rule_changes=rule_changes(renewal),
    )
    return "pdf/method.html", context
