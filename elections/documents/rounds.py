"""The tally of one round as a sheet (the page and the PDF share it) and the tally sheet PDF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from elections import domain
from elections.documents.common import (
    chinese_date,
    local_day,
    names_text,
    plan_context,
    staff_names,
)
from elections.models import Body, MeetingKind, Renewal, Round, RoundStatus


@dataclass(frozen=True)
class CandidateRow:
    name: str
    write_in: bool
    yes: int | None
    no: int | None
    abstain: int | None
    result: str


@dataclass(frozen=True)
class RoundSheet:
    """One round as the tally sheet, the result report and the workbook print it."""

    meeting: str
    title: str
    body: str
    kind: str
    seats: int
    electorate: str  # 有选举权的党员 or 委员
    expected: int
    present: int
    issued: int
    returned: int | None
    valid: int | None
    invalid: int | None
    closed: bool
    void: bool
    rows: tuple[CandidateRow, ...]
    base: str  # what D of R11 is, e.g. 实到会有选举权的党员人数; empty until counted
    base_size: int | None
    threshold: int | None
    threshold_text: str
    elected: tuple[str, ...]
    notes: tuple[str, ...]
    confirmed_by: str


def _base_label(base: str, plenary: bool) -> str:
    who = "委员" if plenary else "有选举权的党员"
    return f"实到会{who}人数" if base == "present" else f"应到会{who}人数"


def round_sheet(round_: Round) -> RoundSheet:
    """The figures of `round_` from its stored outcome (R9, R11-R13)."""
    plenary = round_.meeting.kind == MeetingKind.PLENARY
    outcome = round_.outcome if round_.status == RoundStatus.CLOSED else {}
    void = bool(outcome.get("void"))
    counted = bool(outcome) and not void
    listed = {domain.normalize_name(n) for n in round_.names}
    yes = dict(map(tuple, outcome.get("yes", []))) if counted else {}
    order = list(yes) if counted else [domain.normalize_name(n) for n in round_.names]
    elected, runoff = outcome.get("elected", []), outcome.get("runoff", [])
    no, abstain = outcome.get("no", {}), outcome.get("abstain", {})
    rows = []
    for name in order:
        write_in = name not in listed
        marked = counted and not write_in
        if not counted:
            result = "—"
        elif name in elected:
            result = "当选"
        elif name in runoff:
            result = "得票相等，再次投票"
        else:
            result = "未当选"
        rows.append(
            CandidateRow(
                name=name,
                write_in=write_in,
                yes=yes.get(name) if counted else None,
                no=no.get(name, 0) if marked else None,
                abstain=abstain.get(name, 0) if marked else None,
                result=result,
            )
        )
    notes: list[str] = []
    base = threshold_text = ""
    if not outcome:
        notes.append("本轮投票尚未结束。")
    elif void:
        notes.append(
            f"收回选票{outcome['returned']}张，多于发出的{round_.issued}张，"
            "本轮选举无效，须重新投票。"
        )
    else:
        base = _base_label(outcome["base"], plenary)
        threshold_text = (
            f"赞成票超过{base}（{outcome['base_size']}名）的半数，即至少"
            f"{outcome['threshold']}票，始得当选。"
        )
        if runoff:
            notes.append(
                f"{names_text(runoff)}得票相等且均超过半数，须就剩余的{outcome['runoff_seats']}个"
                "名额在其中再次投票，以得票多的当选。"
            )
        if outcome.get("unfilled"):
            floor = "，但委员不得少于3名" if round_.body == Body.COMMITTEE else ""
            notes.append(
                f"当选人数少于应选名额，尚缺{outcome['unfilled']}名：须在未当选的候选人中"
                f"另行选举；或者当选人数接近应选名额时，经超过半数的选举人同意，减少名额{floor}。"
            )
        if outcome.get("readings_differ"):
            other = _base_label("expected" if outcome["base"] == "present" else "present", plenary)
            notes.append(
                f"按{base}和按{other}计算半数，选举结果不同；依照选举办法，本轮按{base}计算。"
            )
    return RoundSheet(
        meeting=round_.meeting.get_kind_display(),
        title=f"第{round_.number}轮　选举{round_.get_body_display()}　{round_.get_kind_display()}",
        body=round_.get_body_display(),
        kind=round_.get_kind_display(),
        seats=round_.seats,
        electorate="委员" if plenary else "有选举权的党员",
        expected=round_.expected,
        present=round_.present,
        issued=round_.issued,
        returned=round_.returned,
        valid=outcome.get("valid") if counted else None,
        invalid=outcome.get("invalid") if counted else None,
        closed=round_.status == RoundStatus.CLOSED,
        void=void,
        rows=tuple(rows),
        base=base,
        base_size=outcome.get("base_size") if counted else None,
        threshold=outcome.get("threshold") if counted else None,
        threshold_text=threshold_text,
        elected=tuple(elected),
        notes=tuple(notes),
        confirmed_by=round_.confirmed_by,
    )


def tally(renewal: Renewal, *, round_: Round, **_params: Any) -> tuple[str, dict[str, Any]]:
    if round_.meeting.renewal_id != renewal.pk:
        raise ValueError("该轮投票不属于本次换届")
    meeting = round_.meeting
    context = plan_context(renewal)
    context.update(staff_names(meeting))
    plenary = meeting.kind == MeetingKind.PLENARY
    context.update(
        meeting=meeting,
        heading=f"{renewal.branch.name}{'委员会第一次全体会议' if plenary else '党员大会'}",
        sheet=round_sheet(round_),
        day=chinese_date(meeting.held_on or local_day(round_.closed_at)),
    )
    return "pdf/tally.html", context
