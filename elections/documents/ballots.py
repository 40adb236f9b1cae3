"""The ballot (选票) of a branch election: one sheet laid out once, then copied at the PDF level.

Laying out a Chinese page and subsetting its fonts takes WeasyPrint about a third of a second; a
meeting needs hundreds of identical ballots. So one page is laid out and every copy is a page
object that points at the same content stream and resources: a thousand copies add only a
thousand small page dictionaries (about 11 kB), not a thousand pages of text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext

from branches.official import official
from elections.documents.pdf import html_document
from elections.models import Body

MAX_COPIES = 5000
TEMPLATE = "pdf/ballot.html"

# Rows are 12 mm, room to mark by pen, until the tables would not fit on an A4 page; then they
# shrink, never below 7 mm. ROWS_BUDGET_MM is the height the template leaves for the body rows,
# each of which also takes a 0.8 pt (0.3 mm) rule.
ROW_MM = 12.0
MIN_ROW_MM = 7.0
ROWS_BUDGET_MM = 160.0
RULE_MM = 0.3


@dataclass(frozen=True)
class BallotSheet:
    """What one ballot prints; ``candidates`` are already in ballot order (R7) and stay so."""

    title: str
    branch: str
    heading_note: str
    seats: int
    candidates: tuple[str, ...]
    allow_write_ins: bool
    instructions: tuple[str, ...]
    meeting_date: str


def default_instructions(seats: int, *, allow_write_ins: bool) -> tuple[str, ...]:
    """The usual notes under the table, worded after R8 (marks, write-ins) and R9 (validity)."""
    lines = [
        "赞成的在“赞成”栏内划“○”，不赞成的在“不赞成”栏内划“×”，弃权的在“弃权”栏内划“△”"
        "（不划任何符号的视为弃权）。每名候选人只划一个符号。",
    ]
    if allow_write_ins:
        lines.append(
            "对候选人划“×”的，可在“另选他人”栏内写上其他符合条件人员的姓名，并在其后“赞成”栏内"
            "划“○”；每划一个“×”至多另选一人，多写的、写候选人的、写不符合条件人员的，该名无效。"
        )
        lines.append(f"所选人数（赞成数加另选他人数）多于应选名额{seats}名的为废票。")
    else:
        lines.append(f"赞成的人数多于应选名额{seats}名的为废票。")
    lines.append("请用钢笔或签字笔填写，符号要准确、清楚。")
    return tuple(lines)


def _row_mm(sheet: BallotSheet) -> float:
    rows = len(sheet.candidates) + (sheet.seats if sheet.allow_write_ins else 0)
    return max(MIN_ROW_MM, min(ROW_MM, ROWS_BUDGET_MM / rows - RULE_MM))


def _layout_one(sheet: BallotSheet) -> bytes:
    context: dict[str, Any] = {
        "sheet": sheet,
        "row_mm": f"{_row_mm(sheet):.2f}",
        "write_in_rows": range(sheet.seats),
    }
    html = render_to_string(TEMPLATE, context)
    document = html_document(html).render()
    if len(document.pages) != 1:
        raise ValueError(
            f"选票排不进一页（{len(sheet.candidates)}名候选人、应选{sheet.seats}名）："
            "请减少说明文字或另行设计选票"
        )
    return document.write_pdf()


def _repeat_page(single: bytes, copies: int) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(single)) as pdf:
        tree = pdf.Root.Pages
        page = tree.Kids[0]
        # Indirect, so that every copy refers to the one object instead of carrying its own.
        for key in ("/Contents", "/Resources"):
            if key in page and not page[key].is_indirect:
                page[key] = pdf.make_indirect(page[key])
        # Each copy is a new page dictionary with the same entries: /Parent, /MediaBox, and the
        # references to the one /Contents and /Resources.
        fields = dict(page.items())
        extra = [pdf.make_indirect(pikepdf.Dictionary(fields)) for _ in range(copies - 1)]
        tree.Kids = pikepdf.Array([page, *extra])
        tree.Count = copies
        out = io.BytesIO()
        pdf.save(
            out,
            # 1,000 page dictionaries compress to a few kilobytes in object streams.
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            # The font and content streams are already compressed: copy them as they are.
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
        )
    return out.getvalue()


@official
def ballot_pdf(sheet: BallotSheet, copies: int) -> bytes:
    """``copies`` identical one-page ballots in one PDF (1 to 5,000).

    Raises ``ValueError`` for a number of copies outside that range, a sheet without seats or
    candidates, or one too long to fit a single page.
    """
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise ValueError(f"选票份数应为 1 至 {MAX_COPIES} 之间的整数，而不是 {copies!r}")
    if sheet.seats < 1:
        raise ValueError(f"应选名额应为正整数，而不是 {sheet.seats!r}")
    if not sheet.candidates:
        raise ValueError("选票上没有候选人")
    single = _layout_one(sheet)
    return single if copies == 1 else _repeat_page(single, copies)


@official
def ballots_sheet(
    renewal, *, body: str, seats: int, names: list[str], allow: bool, note: str, held_on
) -> BallotSheet:
    """The ballot of one round of `renewal`'s election of `body` (a models.Body value)."""
    title = {
        Body.COMMITTEE: gettext("中共%(b)s委员会委员选举选票"),
        Body.SECRETARY: gettext("中共%(b)s书记选举选票"),
        Body.DEPUTY: gettext("中共%(b)s副书记选举选票"),
        Body.COMMISSION: gettext("中共%(b)s纪律检查委员会委员选举选票"),
        Body.COMMISSION_SECRETARY: gettext("中共%(b)s纪律检查委员会书记选举选票"),
        Body.DELEGATES: gettext("出席中共%(b)s党员代表大会代表选举选票"),
    }[body] % {"b": renewal.branch.name}
    return BallotSheet(
        title=title,
        branch=renewal.branch.name,
        heading_note=note,
        seats=seats,
        candidates=tuple(names),
        allow_write_ins=allow,
        instructions=default_instructions(seats, allow_write_ins=allow),
        meeting_date=f"{held_on.year}年{held_on.month}月{held_on.day}日" if held_on else "",
    )
