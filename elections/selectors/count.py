"""The count of a round as it stands, from keyed ballots or totals, through the rules engine
(R8-R13), and the round as a sheet of votes (the round page, the tally sheet, the result report
and the workbook print it)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from elections import domain
from elections.models import (
    BODIES,
    PLENARIES,
    BallotEntry,
    Body,
    Congress,
    EntryMode,
    Meeting,
    MeetingKind,
    Renewal,
    Round,
    RoundKind,
    RoundStatus,
    body_label,
    meeting_label,
)
from elections.selectors.meeting import plenary_members
from elections.selectors.prepare import branch_members

# Letters, and digits that still reach the page while a Chinese input method is on.
MARK_KEYS = {"y": "yes", "n": "no", "a": "abstain", "1": "yes", "2": "no", "3": "abstain",
             "0": "abstain", "-": "abstain"}  # fmt: skip


def member_ids(round_: Round) -> dict[str, int | None]:
    ids = {c["name"]: c.get("member") for c in round_.candidates}
    result = round_.result
    if result is not None:
        ids.update(result.write_in_members)
    return ids


def write_in_names(renewal: Renewal, meeting: Meeting) -> dict[str, int]:
    """Names a write-in may validly name (R2, R8) → member pk."""
    if meeting.kind in PLENARIES:
        return {e.name: e.member_id for e in plenary_members(renewal, meeting.kind) if e.member_id}
    on = meeting.held_on or timezone.localdate()
    rules = renewal.ruleset()
    eligible: dict[str, int] = {}
    # A unit meeting elects its delegates from the unit's own members.
    org = meeting.unit.unit if meeting.kind == MeetingKind.UNIT else renewal.branch
    for member in branch_members(org):
        problems = domain.eligibility_problems(
            member.facts(), on=on, rules=rules, registered_here=True, reference=on
        )
        # A rule "in principle" does not bar a write-in; the approver checks each one (R8).
        if not [p for p in problems if not domain.waivable(p)]:
            eligible.setdefault(domain.normalize_name(member.name), member.pk)
    return eligible


def parse_marks(round_: Round, keys: str) -> dict[str, str]:
    """One key per candidate in ballot order: Y or 1 yes, N or 2 no, A, 3, 0 or - abstain.

    Full-width keys (an input method in full-width mode) count as their plain forms. A paper is
    taken only with exactly one mark per candidate: a blank paper is keyed as abstentions, so a
    stray Enter never stores a paper nobody cast.
    """
    keys = unicodedata.normalize("NFKC", keys).strip().lower().replace(" ", "")
    names = round_.names
    if len(keys) != len(names):
        raise ValidationError(
            {"keys": _("按候选人顺序每人一个键：应为 %(n)s 个，实际 %(k)s 个。"
                       "空白选票请逐人按弃权键（A 或 3）录入。")
             % {"n": len(names), "k": len(keys)}}
        )  # fmt: skip
    marks = {}
    for name, key in zip(names, keys, strict=True):
        if key not in MARK_KEYS:
            raise ValidationError(
                {"keys": _("“%(k)s”不是有效的键：赞成 Y 或 1，不赞成 N 或 2，弃权 A 或 3。")
                 % {"k": key}}
            )  # fmt: skip
        marks[name] = MARK_KEYS[key]
    return marks


def split_names(text: str) -> list[str]:
    for sep in "、，,;；":
        text = text.replace(sep, " ")
    return [domain.normalize_name(part) for part in text.split() if part.strip()]


def write_ins_void(round_: Round, entries: list[BallotEntry]) -> dict[int, tuple[bool, ...]]:
    """Keyed papers → for each name written on it, in paper order, whether it is void (R8)."""
    if not round_.allow_write_ins or not any(e.write_ins for e in entries):
        return {}
    eligible = write_in_names(round_.meeting.renewal, round_.meeting)
    return {
        e.pk: tuple(
            not counts
            for counts in domain.write_in_verdicts(
                domain.Ballot(marks=e.marks, write_ins=e.write_ins),
                candidates=round_.names,
                eligible=eligible,
            )
        )
        for e in entries
        if e.write_ins
    }


def count_outcome(round_: Round, renewal: Renewal) -> domain.RoundResult:
    """The result of `round_`, from the keyed ballots or the totals (R8-R13)."""
    rules = renewal.ruleset()
    plenary = round_.meeting.kind in PLENARIES
    eligible = write_in_names(renewal, round_.meeting) if round_.allow_write_ins else {}
    common = {
        "candidates": round_.names,
        "seats": round_.seats,
        "issued": round_.issued,
        "present": round_.present,
        "expected": round_.expected,
        "rules": rules,
        "check_quorum": not plenary,
        # R12: the re-vote among people tied across the last seat elects the most voted.
        "revote": round_.kind == RoundKind.RUNOFF,
    }
    no: Counter[str] = Counter()
    abstain: Counter[str] = Counter()
    returned = round_.returned or 0
    try:
        if returned > round_.issued:
            outcome = domain.count_totals(
                **common, returned=returned, invalid=0, yes={}, no={}, abstain={}
            )
        elif round_.mode == EntryMode.BALLOTS:
            entries = list(round_.ballots.all())
            papers = [domain.Ballot(marks=e.marks, write_ins=e.write_ins) for e in entries]
            outcome = domain.count_round(**common, ballots=papers, eligible=set(eligible))
            for paper in papers:
                if paper.choices > round_.seats:
                    continue
                for name in round_.names:
                    mark = paper.marks.get(name, domain.Mark.ABSTAIN)
                    if mark == domain.Mark.NO:
                        no[name] += 1
                    elif mark == domain.Mark.ABSTAIN:
                        abstain[name] += 1
        else:
            totals = round_.totals
            typed: dict[str, int] = {}
            for raw, votes in totals.get("write_ins", {}).items():
                name = domain.normalize_name(raw)
                typed[name] = typed.get(name, 0) + votes
            # A name that may not be elected is a void mark (R8): reported, never counted.
            written = {name: votes for name, votes in typed.items() if name in eligible}
            voided = {name: votes for name, votes in typed.items() if name not in eligible}
            outcome = domain.count_totals(
                **common,
                returned=returned,
                invalid=totals.get("invalid", 0),
                yes=totals.get("yes", {}),
                no=totals.get("no", {}),
                abstain=totals.get("abstain", {}),
                write_ins=written,
                void_write_ins=voided,
            )
            no.update(totals.get("no", {}))
            abstain.update(totals.get("abstain", {}))
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    write_in_members = {name: eligible.get(name) for name in list(outcome.yes)[len(round_.names) :]}
    return domain.RoundResult.from_outcome(
        outcome, no=no, abstain=abstain, write_in_members=write_in_members
    )


def preview(round_: Round) -> domain.RoundResult | None:
    """The count as it stands, for the page; None while it cannot be counted yet."""
    if round_.returned is None:
        return None
    if round_.mode == EntryMode.BALLOTS and round_.ballots.count() != round_.returned:
        return None
    if round_.mode == EntryMode.TOTALS and not round_.totals:
        return None
    try:
        return count_outcome(round_, round_.meeting.renewal)
    except ValidationError:
        return None


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
    void_write_ins: tuple[tuple[str, str], ...]  # 另选他人无效: name → "无效标记 N 处，不计入"
    base: str  # what D of R11 is, e.g. 实到会有选举权的党员人数; empty until counted
    base_size: int | None
    threshold: int | None
    threshold_text: str
    elected: tuple[str, ...]
    notes: tuple[str, ...]
    confirmed_by: str


def _base_label(base: str, who: str) -> str:
    return f"实到会{who}人数" if base == "present" else f"应到会{who}人数"


def supplementary_wording(round_: Round) -> str:
    """How the meeting set the field of a supplementary election (R13), as the record prints it;
    empty for any other round and where the meeting chose the candidates itself."""
    if round_.kind != RoundKind.SUPPLEMENTARY:
        return ""
    if round_.body not in (*BODIES, Body.DELEGATES) and not round_.meeting.renewal.secretary_only:
        return ""
    names = "、".join(round_.names)
    if round_.supplementary_top_n is None:
        return f"经大会决定，本轮另行选举在全部未当选的候选人中进行：{names}。"
    return (
        f"经大会决定，本轮另行选举取上一轮未当选的候选人中得票最多的前"
        f"{round_.supplementary_top_n}名（得票相等者一并列入）进行：{names}。"
    )


def round_sheet(
    round_: Round,
    result: domain.RoundResult | None = None,
    *,
    organisation_kind: str = "",
    congress: bool | None = None,
) -> RoundSheet:
    """The figures of `round_` (R9, R11-R13) from `result`: by default its stored result once
    closed; the round page passes the preview of an open round. `organisation_kind`: the kind
    of the renewing organisation, which names its committee; `congress`: whether the renewal is
    held by a delegates' congress, whose sitting is the members' meeting and whose voters are
    delegates (both read from the round when not given; a caller listing many rounds of one
    renewal passes them)."""
    plenary = round_.meeting.kind in PLENARIES
    kind_of = organisation_kind or round_.meeting.renewal.branch.kind
    sitting = round_.meeting.kind == MeetingKind.MEMBERS and (
        congress
        if congress is not None
        else Congress.objects.filter(renewal_id=round_.meeting.renewal_id).exists()
    )
    electorate = "委员" if plenary else ("代表" if sitting else "有选举权的党员")
    body = body_label(round_.body, kind_of)
    if result is None and round_.status == RoundStatus.CLOSED:
        result = round_.result
    void = result is not None and result.void
    counted = result is not None and not void
    listed = {domain.normalize_name(n) for n in round_.names}
    yes = dict(result.yes) if counted else {}
    order = list(yes) if counted else [domain.normalize_name(n) for n in round_.names]
    elected = result.elected if result is not None else ()
    runoff = result.runoff if result is not None else ()
    no = result.no if result is not None else {}
    abstain = result.abstain if result is not None else {}
    rows = []
    for name in order:
        write_in = name not in listed
        marked = counted and not write_in
        if not counted:
            verdict = "—"
        elif name in elected:
            verdict = "当选"
        elif name in runoff:
            verdict = "得票相等，再次投票"
        else:
            verdict = "未当选"
        rows.append(
            CandidateRow(
                name=name,
                write_in=write_in,
                yes=yes.get(name) if counted else None,
                no=no.get(name, 0) if marked else None,
                abstain=abstain.get(name, 0) if marked else None,
                result=verdict,
            )
        )
    field = supplementary_wording(round_)
    notes: list[str] = [field] if field else []
    base = threshold_text = ""
    if result is None:
        notes.append("本轮投票尚未结束。")
    elif result.void:
        notes.append(
            f"收回选票{result.returned}张，多于发出的{round_.issued}张，本轮选举无效，须重新投票。"
        )
    else:
        base = _base_label(result.base, electorate)
        threshold_text = (
            "本轮为得票相等者的再次投票，以得票多的当选，不论所得赞成票是否超过半数。"
            if result.revote
            else f"赞成票超过{base}（{result.base_size}名）的半数，即至少"
            f"{result.threshold}票，始得当选。"
        )
        if runoff:
            notes.append(
                f"{'、'.join(runoff)}得票相等且均超过半数，须就剩余的{result.runoff_seats}个"
                "名额在其中再次投票，以得票多的当选。"
            )
        if result.unfilled:
            floor = "，但委员不得少于3名" if round_.body in BODIES else ""
            notes.append(
                f"当选人数少于应选名额，尚缺{result.unfilled}名：须在未当选的候选人中"
                f"另行选举；或者当选人数接近应选名额时，经超过半数的选举人同意，减少名额{floor}。"
            )
        if result.readings_differ:
            other = _base_label("expected" if result.base == "present" else "present", electorate)
            notes.append(
                f"按{base}和按{other}计算半数，选举结果不同；依照选举办法，本轮按{base}计算。"
            )
    return RoundSheet(
        meeting=meeting_label(round_.meeting, kind_of, congress=sitting),
        title=f"第{round_.number}轮　选举{body}　{round_.get_kind_display()}",
        body=body,
        kind=round_.get_kind_display(),
        seats=round_.seats,
        electorate=electorate,
        expected=round_.expected,
        present=round_.present,
        issued=round_.issued,
        returned=round_.returned,
        valid=result.valid if counted else None,
        invalid=result.invalid if counted else None,
        closed=round_.status == RoundStatus.CLOSED,
        void=void,
        rows=tuple(rows),
        void_write_ins=tuple(
            (name, f"无效标记{marks}处，不计入")
            for name, marks in (result.void_write_ins.items() if counted else ())
        ),
        base=base,
        base_size=result.base_size if counted else None,
        threshold=result.threshold if counted and not result.revote else None,
        threshold_text=threshold_text,
        elected=tuple(elected),
        notes=tuple(notes),
        confirmed_by=round_.confirmed_by,
    )
