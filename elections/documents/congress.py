"""The delegates' congress as documents: the list of delegates (代表名单) as an Excel workbook,
the congress's election method (选举办法) as a PDF.

Official documents are always Chinese; every value a user typed passes through `text_cells`.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from branches.spreadsheet_safety import text_cells
from elections.documents.common import (
    chinese_date,
    local_day,
    notice_facts,
    plan_context,
    staff_names,
    what_is_elected,
)
from elections.documents.excel import reproducible_xlsx
from elections.documents.meeting import meeting_agenda
from elections.documents.pdf import render_pdf
from elections.models import Congress, MeetingKind, Renewal
from elections.selectors.congress import congress_figures, congress_of
from elections.selectors.rules import rule_changes

DELEGATE_COLUMNS = ("序号", "姓名", "性别", "出生年月", "选举单位", "得票", "代表资格", "审查意见")
_CREDENTIALS = {"pending": "待审查", "confirmed": "资格有效", "rejected": "资格无效"}
_GENDERS = {"male": "男", "female": "女"}


def delegate_list_xlsx(congress: Congress) -> bytes:
    """Every delegate elected, unit by unit in tree order and by votes within a unit, with the
    credentials check's decision; then the allotment, one row per unit."""
    book = Workbook()
    ws = book.active
    ws.title = "代表名单"
    committee = congress.renewal.branch
    ws.append(text_cells(ws, [f"{committee.name}党员代表大会代表名单"]))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(text_cells(ws, list(DELEGATE_COLUMNS)))
    number = 0
    for unit in congress.units.all():
        for delegate in unit.delegates.all():
            number += 1
            member = delegate.member
            born = member.birth_date.strftime("%Y.%m") if member.birth_date else ""
            row = [
                number,
                delegate.name,
                _GENDERS.get(member.gender, member.gender),
                born,
                unit.unit.name,
                delegate.votes,
                _CREDENTIALS[delegate.credential],
                delegate.credential_reason,
            ]
            ws.append(text_cells(ws, row))
    shares = book.create_sheet("名额分配")
    shares.append(
        text_cells(shares, ["选举单位", "党员人数", "按比例分配名额", "代表名额", "调整理由"])
    )
    for unit in congress.units.all():
        shares.append(
            text_cells(
                shares,
                [unit.unit.name, unit.members, unit.proposed, unit.seats, unit.change_reason],
            )
        )
    shares.append(
        text_cells(
            shares, ["合计", sum(u.members for u in congress.units.all()), "", congress.total, ""]
        )
    )
    # Dated by the allotment's approval (or its making): the sealed archive holds this workbook,
    # and the same congress gives the same bytes.
    stamp = congress.approved_at or congress.allotted_at
    return reproducible_xlsx(book, stamp.astimezone(UTC).replace(tzinfo=None))


def congress_method_pdf(renewal: Renewal) -> bytes:
    """The congress's election method as it stands now (a draft until the congress adopts it)."""
    template, context = congress_method(renewal)
    return render_pdf(template, context)


def congress_method(renewal: Renewal, **_params: Any) -> tuple[str, dict[str, Any]]:
    """The congress's election method (党员代表大会选举办法): the delegates are the electorate,
    the quorum is more than four fifths of them, a candidate needs the yes votes of more than
    half of the delegates present (or of all, by the profile), the scrutineers are delegates."""
    congress = congress_of(renewal)
    if congress is None:
        raise ValueError("本次换届不召开党员代表大会")
    counted = congress_figures(congress)
    meeting = renewal.meetings.filter(kind=MeetingKind.MEMBERS).first()
    context = plan_context(renewal)
    context.update(what_is_elected(renewal))
    context.update(staff_names(meeting))
    context.update(
        congress=congress,
        delegates=counted.expected,
        min_present=counted.min_present,
        adopted=chinese_date(local_day(meeting.method_adopted_at))
        if meeting and meeting.method_adopted_at
        else "",
        rule_changes=rule_changes(renewal),
    )
    return "pdf/congress_method.html", context


def congress_notice(renewal: Renewal, **_params: Any) -> tuple[str, dict[str, Any]]:
    """The notice of the congress (关于召开党员代表大会的通知), to the electing units and the
    delegates: its day, place and agenda, what it elects, who attends (the delegates whose
    credentials were confirmed) and its quorum (more than four fifths of them)."""
    congress = congress_of(renewal)
    if congress is None:
        raise ValueError("本次换届不召开党员代表大会")
    meeting = renewal.meetings.get(kind=MeetingKind.MEMBERS)
    counted = congress_figures(congress)
    context = plan_context(renewal)
    context.update(what_is_elected(renewal))
    context.update(
        notice_facts(meeting),
        congress=congress,
        agenda=meeting_agenda(meeting, renewal),
        delegates=counted.expected,
    )
    return "pdf/congress_notice.html", context
