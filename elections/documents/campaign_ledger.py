"""The ledger (台账) of a campaign as an Excel workbook, always in Chinese; every value a user
typed (names of organisations and people) is written as text (branches/spreadsheet_safety.py).

A large campaign's ledger is made by the job worker: the export kind registered here runs it
through members/exports.py (ExportJob, its progress page and its download), as the roster does.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from branches.models import Post
from branches.official import official
from branches.spreadsheet_safety import text_cells
from elections.domain.timetable import Step
from elections.models import Campaign, CampaignStep
from elections.selectors.access import get_campaign_for
from elections.selectors.campaign_ledger import (
    LedgerRow,
    included_count,
    is_direct_branch,
    ledger_rows,
)
from members.exports import ExportRefused, counted, export_kind
from members.models import ExportJob

LEDGER = "elections.campaign_ledger"
NO_ACCESS = "您已无权查看该换届工作计划，未生成台账。"
DIRECT = "直属"
BEFORE = ("序号", "党组织", "所属党组织", "换届进展")
AFTER = (
    "应到会人数",
    "实到会人数",
    "正式候选人数",
    "应选名额",
    "当选人员及职务",
    "选举结果批复日期",
    "是否归档封存",
)
_BOLD = Font(bold=True)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _elected(row: LedgerRow) -> str | None:
    return "；".join(f"{Post(post).label}：{name}" for post, name in row.elected) or None


def _progress(row: LedgerRow) -> str:
    if row.renewal is None:
        return "未启动"
    return str(row.renewal.get_phase_display())


def ledger_cells(number: int, row: LedgerRow) -> list[Any]:
    """One branch's row: user-typed text as text, dates as dates, figures as numbers."""
    unit = DIRECT if is_direct_branch(row.unit) else row.unit.name
    steps: list[Any] = []
    for step in Step:
        began, done = row.steps[step]
        steps += [began, done]
    return [
        number,
        row.branch.name,
        unit,
        _progress(row),
        *steps,
        row.expected,
        row.present,
        row.candidates,
        row.seats,
        _elected(row),
        row.approved_on,
        "已封存" if row.sealed else "未封存",
    ]


@official
def ledger_xlsx(campaign: Campaign, rows: Iterable[LedgerRow]) -> bytes:
    """The workbook: a title, two header rows (each step's start and completion under its
    name), one row per branch."""
    wb = Workbook()
    ws = wb.active
    ws.title = "换届工作台账"
    ws.append(text_cells(ws, [f"{campaign.title}　换届工作台账"]))
    ws["A1"].font = Font(bold=True, size=14)
    made = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    ws.append(text_cells(ws, [f"组织单位：{campaign.organisation.name}　导出时间：{made}"]))
    labels = [str(CampaignStep(step.value).label) for step in Step]
    first = [*BEFORE]
    for label in labels:
        first += [label, ""]
    ws.append([*first, *AFTER])
    ws.append(["" for _ in BEFORE] + ["开始", "完成"] * len(labels) + ["" for _ in AFTER])
    for column in range(1, len(BEFORE) + 1):
        ws.merge_cells(start_row=3, end_row=4, start_column=column, end_column=column)
    for index in range(len(labels)):
        column = len(BEFORE) + 1 + 2 * index
        ws.merge_cells(start_row=3, end_row=3, start_column=column, end_column=column + 1)
    after = len(BEFORE) + 2 * len(labels)
    for column in range(after + 1, after + len(AFTER) + 1):
        ws.merge_cells(start_row=3, end_row=4, start_column=column, end_column=column)
    for line in ws.iter_rows(min_row=3, max_row=4):
        for cell in line:
            cell.font = _BOLD
            cell.alignment = _CENTRE
    for number, row in enumerate(rows, start=1):
        ws.append(text_cells(ws, ledger_cells(number, row)))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    widths = [6, 24, 18, 12] + [11] * (2 * len(labels)) + [10, 10, 10, 8, 40, 14, 10]
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "C5"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def ledger_name(campaign: Campaign) -> str:
    return f"换届工作台账-{campaign.pk}-{timezone.localdate():%Y%m%d}.xlsx"


def ledger_file(campaign: Campaign, progress=None) -> tuple[bytes, str]:
    """(bytes, file name) of the campaign's ledger; `progress(done, total)` as rows are written."""
    rows: Iterable[LedgerRow] = ledger_rows(campaign)
    if progress is not None:
        rows = counted(rows, total=included_count(campaign), progress=progress)
    return ledger_xlsx(campaign, rows), ledger_name(campaign)


@export_kind(LEDGER, _("换届工作台账"))
def build_ledger(job: ExportJob, progress) -> tuple[bytes, str]:
    """The ledger as its creator may see it now (access checked again at the run)."""
    try:
        campaign = get_campaign_for(job.created_by, int(job.parameters.get("campaign", 0)))
    except (Http404, TypeError, ValueError):
        raise ExportRefused(NO_ACCESS) from None
    return ledger_file(campaign, progress)
