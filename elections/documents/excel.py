"""The count of a renewal as an Excel workbook: a summary sheet and one sheet per closed round.

The workbook goes into the sealed archive, whose bytes must depend on the data only: the
document properties carry a date taken from the data, and the zip entries a fixed timestamp.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from branches.official import official
from branches.spreadsheet_safety import text_cells
from elections.models import Body, MeetingKind, Renewal, RoundStatus, body_label
from elections.selectors.congress import holds_congress
from elections.selectors.count import RoundSheet, round_sheet
from elections.selectors.rounds import rounds_of, unit_rounds_of

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
ROUND_COLUMNS = ("会议", "轮次", "选举", "类别", "应选", "发出", "收回", "有效", "无效", "当选")
_SHORT = {
    MeetingKind.MEMBERS: "党员大会",
    MeetingKind.PLENARY: "第一次全体会议",
    MeetingKind.COMMISSION: "纪律检查委员会第一次全体会议",
}


def _row(ws: Worksheet, *values: Any, bold: bool = False) -> None:
    ws.append(text_cells(ws, list(values)))
    if bold:
        for cell in ws[ws.max_row]:
            cell.font = _BOLD


def _widths(ws: Worksheet, widths: list[int]) -> None:
    for number, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(number)].width = width


def _title(ws: Worksheet, text: str) -> None:
    ws.append(text_cells(ws, [text]))
    ws["A1"].font = _TITLE


def _summary(
    ws: Worksheet, renewal: Renewal, rounds: list, sheets: list[RoundSheet], congress: bool
) -> None:
    branch = renewal.branch
    members = renewal.meetings.filter(kind=MeetingKind.MEMBERS).first()
    first = next((r for r in rounds if r.meeting.kind == MeetingKind.MEMBERS), None)
    _title(ws, f"{branch.name}换届选举计票结果")
    _row(ws, str(branch.get_kind_display()), branch.name)
    _row(ws, "上级党组织", branch.parent.name if branch.parent else "")
    held_on = members.held_on if members and members.held_on else None
    sitting, voters = ("党员代表大会", "代表") if congress else ("党员大会", "有选举权的党员")
    _row(ws, f"{sitting}日期", held_on.isoformat() if held_on else "")
    _row(ws, "会议地点", members.place if members else renewal.meeting_place)
    _row(ws, f"应到会{voters}", first.expected if first else None)
    _row(ws, f"实到会{voters}", first.present if first else None)
    if not renewal.secretary_only:
        reduced = members.seats_reduced_to if members else None
        _row(ws, "委员名额", renewal.seats)
        if reduced:
            _row(ws, "经同意减少后的委员名额", reduced, f"同意 {members.reduction_agree} 人")
    ws.append([])
    _row(ws, "当选情况", bold=True)
    _row(ws, "选举", "姓名", "得票", "当选轮次", "分工", bold=True)
    order = {
        Body.COMMITTEE: 0,
        Body.SECRETARY: 1,
        Body.DEPUTY: 2,
        Body.COMMISSION: 3,
        Body.COMMISSION_SECRETARY: 4,
    }
    elected = sorted(
        renewal.elected.select_related("round__meeting"),
        key=lambda e: (order.get(e.body, 5), -e.votes, e.pk),
    )
    kind = branch.kind
    for e in elected:
        short = "党员代表大会" if congress and e.round.meeting.kind == MeetingKind.MEMBERS else ""
        where = f"{short or _SHORT.get(e.round.meeting.kind, '')}第{e.round.number}轮"
        _row(ws, body_label(e.body, kind), e.name, e.votes, where, e.get_duty_display())
    ws.append([])
    _row(ws, "各轮投票", bold=True)
    _row(ws, *ROUND_COLUMNS, bold=True)
    for round_, sheet in zip(rounds, sheets, strict=True):
        _row(
            ws, sheet.meeting, round_.number, sheet.body, sheet.kind, sheet.seats, sheet.issued,
            sheet.returned, sheet.valid, sheet.invalid,
            "本轮无效" if sheet.void else "、".join(sheet.elected),
        )  # fmt: skip
    _widths(ws, [24, 16, 12, 16, 14, 8, 8, 8, 8, 30])


def _units(ws: Worksheet, rounds: list, sheets: list[RoundSheet]) -> None:
    """The units' delegate elections of a delegates' congress, one row per round."""
    ws.append([])
    _row(ws, "各选举单位选举代表", bold=True)
    _row(ws, "选举单位", *ROUND_COLUMNS[1:], bold=True)
    for round_, sheet in zip(rounds, sheets, strict=True):
        _row(
            ws, round_.meeting.unit.unit.name, round_.number, sheet.body, sheet.kind, sheet.seats,
            sheet.issued, sheet.returned, sheet.valid, sheet.invalid,
            "本轮无效" if sheet.void else "、".join(sheet.elected),
        )  # fmt: skip


def _sheet_name(taken: set[str], name: str) -> str:
    """`name` made a sheet name Excel accepts (31 characters at most, none it forbids), unique."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31]
    candidate, n = clean, 1
    while candidate in taken:
        n += 1
        candidate = f"{clean[: 31 - len(str(n)) - 1]}~{n}"
    taken.add(candidate)
    return candidate


def _round(ws: Worksheet, sheet: RoundSheet) -> None:
    _title(ws, f"{sheet.meeting}　{sheet.title}")
    for label, value in (
        ("应选名额", sheet.seats),
        (f"应到会{sheet.electorate}", sheet.expected),
        (f"实到会{sheet.electorate}", sheet.present),
        ("发出选票", sheet.issued),
        ("收回选票", sheet.returned),
        ("有效票", sheet.valid),
        ("无效票", sheet.invalid),
    ):
        _row(ws, label, value)
    if sheet.threshold is not None:
        _row(ws, f"计票基数（{sheet.base}）", sheet.base_size)
        _row(ws, "当选至少须得赞成票", sheet.threshold)
    ws.append([])
    _row(ws, "序号", "姓名", "类别", "赞成", "不赞成", "弃权", "结果", bold=True)
    for number, row in enumerate(sheet.rows, start=1):
        kind = "另选他人" if row.write_in else "候选人"
        _row(ws, number, row.name, kind, row.yes, row.no, row.abstain, row.result)
    for name, verdict in sheet.void_write_ins:
        _row(ws, "—", name, "另选他人无效", "—", "—", "—", verdict)
    ws.append([])
    if sheet.elected:
        _row(ws, "当选", "、".join(sheet.elected))
    for note in sheet.notes:
        _row(ws, "说明", note)
    if sheet.confirmed_by:
        _row(ws, "确认结果的监票人", sheet.confirmed_by)
    _widths(ws, [26, 14, 10, 8, 8, 8, 18])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells[1:]:
            cell.alignment = Alignment(horizontal="center")


def _stamp(rounds: list) -> datetime:
    """When the count was last closed (naive UTC, as the document properties want it)."""
    closed = [r.closed_at for r in rounds if r.closed_at]
    moment = max(closed) if closed else _EPOCH
    return moment.astimezone(UTC).replace(tzinfo=None)


def reproducible_xlsx(wb: Workbook, stamp: datetime) -> bytes:
    """Save `wb` so that the same data gives the same bytes: openpyxl stamps the save time into
    docProps/core.xml and the zip entries, so both are rewritten."""
    raw = io.BytesIO()
    wb.save(raw)
    wb.properties.created = wb.properties.modified = stamp
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return out.getvalue()


@official
def count_workbook(renewal: Renewal) -> bytes:
    """The summary (branch, meeting, E and P, the elected with their duties, every round) and one
    sheet per closed round: figures, each candidate's yes/no/abstain and result, write-ins."""

    rounds = rounds_of(renewal)
    kind, congress = renewal.branch.kind, holds_congress(renewal)
    sheets = [round_sheet(r, organisation_kind=kind, congress=congress) for r in rounds]
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    _summary(ws, renewal, rounds, sheets, congress)
    # A delegates' congress: each unit's rounds that elected its delegates, after the congress's.
    unit_rounds = unit_rounds_of(renewal)
    unit_sheets = [round_sheet(r, organisation_kind=kind, congress=False) for r in unit_rounds]
    if unit_rounds:
        _units(ws, unit_rounds, unit_sheets)
    taken = {ws.title}
    pairs = [*zip(rounds, sheets, strict=True), *zip(unit_rounds, unit_sheets, strict=True)]
    for round_, sheet in pairs:
        if round_.status != RoundStatus.CLOSED:
            continue
        where = round_.meeting.unit.unit.name if round_.meeting.unit_id else ""
        if congress and round_.meeting.kind == MeetingKind.MEMBERS:
            where = "党员代表大会"
        name = f"{where or _SHORT.get(round_.meeting.kind, '')}第{round_.number}轮"
        _round(wb.create_sheet(_sheet_name(taken, name)), sheet)
    wb.properties.creator = "换届"
    return reproducible_xlsx(wb, _stamp(rounds + unit_rounds))
