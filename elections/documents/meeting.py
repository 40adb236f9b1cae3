"""Documents of the members' meeting: the meeting notice and the election method."""

from __future__ import annotations

import re
from typing import Any

from elections.documents.common import (
    ORG_WORDS,
    chinese_date,
    chinese_number,
    local_day,
    notice_facts,
    plan_context,
    staff_names,
    what_is_elected,
)
from elections.models import Meeting, MeetingKind, Renewal
from elections.selectors.meeting import figures, meeting_of
from elections.selectors.rules import rule_changes

#: A number the user typed before an agenda item: 一、 1. 1、 （一） (1) 第一项 ...
_ITEM_NUMBER = re.compile(
    r"^(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|第[一二三四五六七八九十\d]+项[、:：]?"
    r"|[一二三四五六七八九十]+\s*[、.．:：]|\d+\s*[、.．)）:：](?!\d))\s*"
)


def agenda_items(text: str) -> list[str]:
    """One item a line, numbered （一）（二）… as official notices number them; a number the user
    typed is dropped so that it is not doubled, and items end in ；, the last in 。."""
    items = [
        _ITEM_NUMBER.sub("", line.strip(), count=1).rstrip("；;。.，, ")
        for line in text.splitlines()
    ]
    items = [item for item in items if item]
    return [
        f"（{chinese_number(n)}）{item}{'。' if n == len(items) else '；'}"
        for n, item in enumerate(items, start=1)
    ]


def meeting_agenda(meeting: Meeting, renewal: Renewal) -> list[str]:
    """The agenda as entered, one item a line; the usual items when none was entered."""
    if meeting.agenda.strip():
        return agenda_items(meeting.agenda)
    body = ORG_WORDS[renewal.branch.kind]["committee_word"]
    elected = "书记" if renewal.secretary_only else f"新一届{body}委员"
    if renewal.secretary_only and renewal.elect_deputy:
        elected += "、副书记"
    reports = f"{body}工作报告"
    if renewal.commission_seats:
        elected += "和纪律检查委员会委员"
        reports += "和纪律检查委员会工作报告"
    return agenda_items(
        f"听取和审议上届{reports}\n通过选举办法，通过监票人、计票人名单\n"
        f"酝酿确定正式候选人\n投票选举{elected}"
    )


def meeting_notice(renewal: Renewal, **_params: Any) -> tuple[str, dict[str, Any]]:

    meeting = meeting_of(renewal, MeetingKind.MEMBERS)
    context = plan_context(renewal)
    context.update(what_is_elected(renewal))
    context.update(
        notice_facts(meeting),
        agenda=meeting_agenda(meeting, renewal),
        lenient=renewal.ruleset().quorum == "lenient",
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
