"""Builders of the documents of the vote, approval and archive phases: the meeting notice, the
election method, the tally sheet of a round, the result report and its reply, the summary.

`elections.meeting`, `.counting` and `.archive` import this package to issue documents, so they
are imported here inside the functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from fractions import Fraction
from typing import Any

from django.utils import timezone

from elections import domain

from ..models import Body, DocumentKind, Meeting, MeetingKind, Renewal, Round, RoundStatus
from ..rules import rule_changes
from .builders import _plan, chinese_date, chinese_number, percent

WEEKDAYS = "一二三四五六日"


def chinese_time(moment: time) -> str:
    """9:30 → 上午9时30分, 14:00 → 下午2时."""
    noon = "上午" if moment.hour < 12 else "下午"
    hour = moment.hour if moment.hour <= 12 else moment.hour - 12
    return f"{noon}{hour}时{f'{moment.minute}分' if moment.minute else ''}"


def chinese_day(day: date | None) -> str:
    """The date with its weekday, as a meeting notice gives it."""
    return f"{chinese_date(day)}（星期{WEEKDAYS[day.weekday()]}）" if day else ""


def _local_day(moment: datetime | None) -> date:
    return timezone.localtime(moment).date() if moment else timezone.localdate()


def _names(people: Any) -> str:
    return "、".join(p if isinstance(p, str) else p.name for p in people)


def _stroke_sorted(names: list[str]) -> list[str]:
    return sorted(names, key=domain.stroke_key)


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
                f"{_names(runoff)}得票相等且均超过半数，须就剩余的{outcome['runoff_seats']}个"
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


def _meeting(renewal: Renewal, kind: str) -> Meeting | None:
    return renewal.meetings.filter(kind=kind).first()


def _staff(meeting: Meeting | None) -> dict[str, list[str]]:
    if meeting is None:
        return {"scrutineers": [], "counters": []}
    return {
        "scrutineers": [m.name for m in meeting.scrutineers.order_by("name", "pk")],
        "counters": [m.name for m in meeting.counters.order_by("name", "pk")],
    }


def _what_is_elected(renewal: Renewal) -> dict[str, Any]:
    """Seats, the candidates standing (formal or else approved, stroke order) and the margin."""
    from ..meeting import formal_candidates, secretary_by_members
    from ..publicity import notice_candidates

    formal = formal_candidates(renewal)
    candidates = [n.member.name for n in (formal or notice_candidates(renewal))]
    rules = renewal.ruleset()
    seats = 1 if renewal.secretary_only else (renewal.seats or 0)
    context: dict[str, Any] = {
        "candidate_names": candidates,
        "formal_confirmed": bool(formal),
        "secretary_by_members": secretary_by_members(renewal),
        "leaders": "书记、副书记" if renewal.elect_deputy else "书记",
        "seat_count": seats,
    }
    if seats and not renewal.secretary_only:
        extra = len(candidates) - seats
        context.update(
            extra=chinese_number(max(extra, 0)),
            extra_share=percent(Fraction(max(extra, 0), seats)),
            margin=percent(rules.differential_margin),
            min_candidates=chinese_number(domain.min_candidates(seats, rules)),
            candidate_count=chinese_number(len(candidates)),
        )
    return context


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
    from ..meeting import meeting_for

    meeting = meeting_for(renewal)
    context = _plan(renewal)
    context.update(_what_is_elected(renewal))
    context.update(
        meeting=meeting,
        day=chinese_day(meeting.held_on),
        start=chinese_time(meeting.start_time) if meeting.start_time else "",
        agenda=_agenda(meeting, renewal),
        lenient=renewal.ruleset().quorum == "lenient",
        today=chinese_date(_local_day(meeting.notice_issued_at)),
    )
    return "pdf/meeting_notice.html", context


def method(renewal: Renewal, **_params: Any) -> tuple[str, dict[str, Any]]:
    from ..meeting import figures, meeting_for

    meeting = meeting_for(renewal)
    rules = renewal.ruleset()
    counted = figures(meeting)
    context = _plan(renewal)
    context.update(_what_is_elected(renewal))
    context.update(_staff(meeting))
    context.update(
        meeting=meeting,
        adopted=chinese_date(_local_day(meeting.method_adopted_at))
        if meeting.method_adopted_at
        else "",
        expected=counted.expected,
        min_present=counted.min_present,
        lenient=rules.quorum == "lenient",
        base_expected=rules.majority_base == "expected",
        rule_changes=rule_changes(renewal),
    )
    return "pdf/method.html", context


def tally(renewal: Renewal, *, round_: Round, **_params: Any) -> tuple[str, dict[str, Any]]:
    if round_.meeting.renewal_id != renewal.pk:
        raise ValueError("该轮投票不属于本次换届")
    meeting = round_.meeting
    context = _plan(renewal)
    context.update(_staff(meeting))
    plenary = meeting.kind == MeetingKind.PLENARY
    context.update(
        meeting=meeting,
        heading=f"{renewal.branch.name}{'委员会第一次全体会议' if plenary else '党员大会'}",
        sheet=round_sheet(round_),
        day=chinese_date(meeting.held_on or _local_day(round_.closed_at)),
    )
    return "pdf/tally.html", context


def _elected_names(renewal: Renewal, body: str) -> list[str]:
    return _stroke_sorted([e.name for e in renewal.elected.filter(body=body)])


def _duties(renewal: Renewal) -> list[tuple[str, str, int]]:
    """(post label, name, votes) of the new committee, secretary first (R17 分工)."""
    from branches.models import Post

    from ..archive import term_posts

    bodies = [Body.SECRETARY, Body.DEPUTY] if renewal.secretary_only else [Body.COMMITTEE]
    votes = {e.name: e.votes for e in renewal.elected.filter(body__in=bodies)}
    posts = term_posts(renewal)
    return [(str(Post(post).label), name, votes.get(name)) for post, _member, name in posts]


def _meeting_block(renewal: Renewal, kind: str, rounds: list[Round]) -> dict[str, Any] | None:
    meeting = _meeting(renewal, kind)
    if meeting is None:
        return None
    mine = [r for r in rounds if r.meeting_id == meeting.pk]
    first = mine[0] if mine else None
    return {
        "meeting": meeting,
        "day": chinese_date(meeting.held_on) if meeting.held_on else "",
        "sheets": [round_sheet(r) for r in mine],
        "expected": first.expected if first else None,
        "present": first.present if first else None,
        **_staff(meeting),
    }


def result_report(renewal: Renewal, **_params: Any) -> tuple[str, dict[str, Any]]:
    from ..counting import rounds_of

    rounds = rounds_of(renewal)
    members = _meeting_block(renewal, MeetingKind.MEMBERS, rounds)
    plenary = _meeting_block(renewal, MeetingKind.PLENARY, rounds)
    blocks = [b for b in (members, plenary) if b is not None and (b["sheets"] or b is members)]
    for number, block in enumerate(blocks, start=1):
        block["number"] = chinese_number(number)
    context = _plan(renewal)
    context.update(
        members=members,
        blocks=blocks,
        result_number=chinese_number(len(blocks) + 1),
        lenient=renewal.ruleset().quorum == "lenient",
        committee=_elected_names(renewal, Body.COMMITTEE),
        secretary=_elected_names(renewal, Body.SECRETARY),
        deputy=_elected_names(renewal, Body.DEPUTY),
        duties=_duties(renewal),
        rule_changes=rule_changes(renewal),
    )
    return "pdf/result_report.html", context


def _new_term(renewal: Renewal) -> dict[str, Any]:
    """The term the election opens: as started on approval, or as it will start today."""
    from branches.services import planned_term_end

    branch = renewal.branch
    term = branch.current_term()
    approved = renewal.timeline.get("archive")
    if term and approved and term.start_date >= _local_day(datetime.fromisoformat(approved)):
        number, start, end = term.number, term.start_date, term.planned_end
    else:
        start = timezone.localdate()
        number = term.number + 1 if term else 1
        end = planned_term_end(organisation=branch, start_date=start)
    years = renewal.ruleset().term_years_for(branch.category or "other")
    return {
        "new_number": number,
        "new_years": chinese_number(years),
        "new_start": chinese_date(start),
        "new_end": chinese_date(end),
    }


def result_reply(renewal: Renewal, **_params: Any) -> tuple[str, dict[str, Any]]:
    context = _plan(renewal)
    context.update(_new_term(renewal))
    context.update(
        committee=_elected_names(renewal, Body.COMMITTEE),
        secretary=_elected_names(renewal, Body.SECRETARY),
        deputy=_elected_names(renewal, Body.DEPUTY),
        record_only=renewal.ruleset().committee_approval == "record",
    )
    return "pdf/result_reply.html", context


def summary(renewal: Renewal, **_params: Any) -> tuple[str, dict[str, Any]]:
    from ..archive import HANDOVER_ITEMS

    rows = {row.get("item"): row for row in renewal.handover}
    fields = ("handed_by", "received_by", "note")
    handover = [
        {"label": str(label), **{k: rows.get(code, {}).get(k, "") for k in fields}}
        for code, label in HANDOVER_ITEMS
    ]
    context = _plan(renewal)
    context.update(_new_term(renewal))
    context.update(
        paragraphs=[p.strip() for p in renewal.summary.splitlines() if p.strip()],
        handover=handover,
        duties=_duties(renewal),
        today=chinese_date(_local_day(renewal.sealed_at)),
    )
    return "pdf/summary.html", context


VOTE_BUILDERS = {
    DocumentKind.MEETING_NOTICE: meeting_notice,
    DocumentKind.METHOD: method,
    DocumentKind.TALLY: tally,
    DocumentKind.RESULT_REPORT: result_report,
    DocumentKind.RESULT_REPLY: result_reply,
    DocumentKind.SUMMARY: summary,
}
