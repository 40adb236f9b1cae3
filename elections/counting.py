"""Rounds of voting: issuing ballots, keying them or their totals, closing a round with the rules
engine (R8-R13), run-offs, supplementary elections, seat reduction and the division of duties."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.access import Action
from branches.models import Post
from members.models import Member

from . import domain
from .documents import issue_document
from .meeting import (
    bodies,
    committee,
    committee_seats,
    figures,
    formal_candidates,
    meeting_for,
)
from .models import (
    BallotEntry,
    Body,
    DocumentKind,
    Elected,
    EntryMode,
    Meeting,
    MeetingKind,
    Phase,
    Renewal,
    Round,
    RoundKind,
    RoundStatus,
)
from .phases import require_phase
from .services import branch_members, lock, record_event, require

MARK_KEYS = {"y": "yes", "n": "no", "a": "abstain", "0": "abstain", "-": "abstain"}


@dataclass(frozen=True)
class RoundPlan:
    """What the next round of `body` is; `candidates` empty when the meeting chooses them."""

    body: str
    kind: str
    seats: int
    candidates: tuple[tuple[str, int | None], ...]
    allow_write_ins: bool
    chosen_by_meeting: bool


def seats_for(renewal: Renewal, body: str) -> int:
    return committee_seats(renewal) if body == Body.COMMITTEE else 1


def _elected_in(renewal: Renewal, body: str) -> list[Elected]:
    return list(renewal.elected.filter(body=body))


def pool(renewal: Renewal, body: str) -> list[Member]:
    """Who may be put to the vote for secretary or deputy, in order."""
    taken = {e.member_id for e in renewal.elected.filter(body__in=[Body.SECRETARY, Body.DEPUTY])}
    if renewal.secretary_only:
        people = [n.member for n in formal_candidates(renewal)]
    else:
        people = [e.member for e in committee(renewal) if e.member is not None]
    return [m for m in people if m.pk not in taken]


def next_round(meeting: Meeting) -> RoundPlan | None:
    """The round the meeting holds next, from what it has decided so far; None when done."""
    renewal = meeting.renewal
    for body in bodies(renewal, meeting.kind):
        seats = seats_for(renewal, body)
        elected = _elected_in(renewal, body)
        remaining = seats - len(elected)
        if remaining <= 0:
            continue
        last = meeting.rounds.filter(body=body).order_by("-number").first()
        chosen = body == Body.DEPUTY or (body == Body.SECRETARY and not renewal.secretary_only)
        if last is None:
            names = (
                ()
                if chosen
                else tuple((n.member.name, n.member_id) for n in formal_candidates(renewal))
            )
            return RoundPlan(body, RoundKind.FIRST, seats, names, True, chosen)
        if last.is_open:
            return None
        outcome = last.outcome
        if outcome.get("void"):
            names = tuple((c["name"], c.get("member")) for c in last.candidates)
            return RoundPlan(body, RoundKind.REPEAT, last.seats, names, last.allow_write_ins, False)
        if outcome.get("runoff"):
            members = _member_ids(last)
            names = tuple((name, members.get(name)) for name in outcome["runoff"])
            return RoundPlan(body, RoundKind.RUNOFF, outcome["runoff_seats"], names, False, False)
        if chosen:
            return RoundPlan(body, RoundKind.SUPPLEMENTARY, remaining, (), False, True)
        first = meeting.rounds.filter(body=body).order_by("number").first()
        taken = {e.name for e in elected}
        names = tuple(
            (c["name"], c.get("member")) for c in first.candidates if c["name"] not in taken
        )
        return RoundPlan(body, RoundKind.SUPPLEMENTARY, remaining, names, False, False)
    return None


def _member_ids(round_: Round) -> dict[str, int | None]:
    ids = {c["name"]: c.get("member") for c in round_.candidates}
    ids.update(round_.outcome.get("write_in_members", {}))
    return ids


def open_round(meeting: Meeting) -> Round | None:
    return meeting.rounds.filter(status=RoundStatus.OPEN).first()


def round_problems(meeting: Meeting, *, quorum: bool = True) -> list[str]:
    """Why no ballots may be issued now (R5, R14 and the preparations); `quorum=False` leaves out
    the attendance, which the meeting page shows live."""
    problems = []
    renewal = meeting.renewal
    today = timezone.localdate()
    if meeting.kind == MeetingKind.MEMBERS:
        if meeting.notice_issued_at is None:
            problems.append(_("尚未发出会议通知。"))
        if meeting.held_on and today < meeting.held_on:
            problems.append(_("会议定于 %(d)s 召开，当天方可投票。") % {"d": meeting.held_on})
        if meeting.method_adopted_at is None:
            problems.append(_("大会尚未通过选举办法。"))
    else:
        members = bodies(renewal, MeetingKind.MEMBERS)
        if Body.COMMITTEE in members and len(committee(renewal)) < committee_seats(renewal):
            problems.append(_("委员尚未选齐，不能召开第一次全体会议。"))
        if not meeting.chair.strip():
            problems.append(_("请填写第一次全体会议的召集人（主持人）。"))
    if not meeting.scrutineers.exists():
        problems.append(_("尚未推选监票人。"))
    counted = figures(meeting)
    if quorum and not counted.quorum:
        if meeting.kind == MeetingKind.MEMBERS:
            problems.append(
                _("实到会有选举权的党员 %(p)s 人，应到 %(e)s 人，须至少 %(m)s 人到会，"
                  "不足法定人数，不能发放选票（R5）。")
                % {"p": counted.present, "e": counted.expected, "m": counted.min_present}
            )  # fmt: skip
        else:
            problems.append(_("到会委员未超过半数。"))
    if open_round(meeting):
        problems.append(_("上一轮投票尚未结束。"))
    return problems


def write_in_names(renewal: Renewal, meeting: Meeting) -> dict[str, int]:
    """Names a write-in may validly name (R2, R8) → member pk."""
    if meeting.kind == MeetingKind.PLENARY:
        return {e.name: e.member_id for e in committee(renewal) if e.member_id}
    on = meeting.held_on or timezone.localdate()
    rules = renewal.ruleset()
    eligible: dict[str, int] = {}
    for member in branch_members(renewal.branch):
        if not domain.eligibility_problems(
            member.facts(), on=on, rules=rules, registered_here=True
        ):
            eligible.setdefault(domain.normalize_name(member.name), member.pk)
    return eligible


@transaction.atomic
def round_open(
    *,
    actor: Any,
    renewal: Renewal,
    kind: str,
    issued: int,
    chosen: list[Member] | None = None,
) -> Round:
    """Issue ballots for the next round; no quorum, no ballots (R5)."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    meeting = meeting_for(renewal, kind)
    problems = round_problems(meeting)
    plan = next_round(meeting)
    if plan is None and not problems:
        problems.append(_("本次会议的选举已全部完成。"))
    if problems:
        raise ValidationError(problems)
    counted = figures(meeting)
    if issued < 1:
        raise ValidationError({"issued": _("发出选票数至少为1。")})
    if issued > counted.present:
        raise ValidationError(
            {"issued": _("发出选票 %(i)s 张，多于实到会有选举权的 %(p)s 人：每人只领一张选票。")
             % {"i": issued, "p": counted.present}}
        )  # fmt: skip
    candidates = list(plan.candidates)
    if plan.chosen_by_meeting:
        allowed = {m.pk: m for m in pool(renewal, plan.body)}
        picked = [m for m in chosen or [] if m.pk in allowed]
        if not picked or len(picked) != len(chosen or []):
            raise ValidationError(
                {"chosen": _("请从可选人员中选择%(b)s候选人。") % {"b": Body(plan.body).label}}
            )
        if len(picked) < plan.seats:
            raise ValidationError({"chosen": _("候选人不能少于应选名额。")})
        candidates = [(m.name, m.pk) for m in picked]
        scrutineers = set(meeting.scrutineers.values_list("pk", flat=True))
        clash = [m.name for m in picked if m.pk in scrutineers]
        if clash:
            raise ValidationError(
                {"chosen": _("%(n)s 是监票人，不能同时作为候选人（R14）。请先更换监票人。")
                 % {"n": "、".join(clash)}}
            )  # fmt: skip
    number = (meeting.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    round_ = Round.objects.create(
        meeting=meeting,
        number=number,
        body=plan.body,
        kind=plan.kind,
        seats=plan.seats,
        candidates=[{"name": name, "member": pk} for name, pk in candidates],
        allow_write_ins=plan.allow_write_ins,
        expected=counted.expected,
        present=counted.present,
        issued=issued,
    )
    record_event(
        renewal,
        actor=actor,
        action="round_open",
        summary=_("%(m)s %(r)s：应到 %(e)s 人，实到 %(p)s 人，发出选票 %(i)s 张")
        % {
            "m": meeting.get_kind_display(),
            "r": round_,
            "e": counted.expected,
            "p": counted.present,
            "i": issued,
        },
    )
    return round_


def _open_for_entry(actor: Any, round_: Round) -> tuple[Renewal, Round]:
    renewal = lock(round_.meeting.renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    round_ = Round.objects.select_for_update().select_related("meeting").get(pk=round_.pk)
    if not round_.is_open:
        raise ValidationError(_("该轮投票已结束，不能再修改。"))
    return renewal, round_


@transaction.atomic
def round_record_returned(*, actor: Any, round_: Round, returned: int, mode: str) -> Round:
    """Ballots returned; more than issued voids the whole round at once (R9)."""
    renewal, round_ = _open_for_entry(actor, round_)
    if returned < 0:
        raise ValidationError({"returned": _("收回选票数不能为负数。")})
    if mode not in EntryMode.values:
        raise ValidationError({"mode": _("请选择计票录入方式。")})
    if round_.ballots.count() > returned:
        raise ValidationError(
            {"returned": _("已录入 %(n)s 张选票，多于收回数。请先删除多录的选票。")
             % {"n": round_.ballots.count()}}
        )  # fmt: skip
    round_.returned, round_.mode = returned, mode
    round_.save(update_fields=["returned", "mode"])
    record_event(
        renewal,
        actor=actor,
        action="round_record_returned",
        summary=_("%(r)s：收回选票 %(n)s 张") % {"r": round_, "n": returned},
    )
    if returned > round_.issued:
        _close(actor, renewal, round_, _count(round_, renewal), confirmed_by="")
    return round_


def parse_marks(round_: Round, keys: str) -> dict[str, str]:
    """One key per candidate in ballot order: Y yes, N no, A (or 0, -) abstain; empty: blank."""
    keys = keys.strip().lower().replace(" ", "")
    names = round_.names
    if not keys:
        return {}
    if len(keys) != len(names):
        raise ValidationError(
            {"keys": _("按候选人顺序每人一个键：应为 %(n)s 个，实际 %(k)s 个。")
             % {"n": len(names), "k": len(keys)}}
        )  # fmt: skip
    marks = {}
    for name, key in zip(names, keys, strict=True):
        if key not in MARK_KEYS:
            raise ValidationError(
                {"keys": _("“%(k)s”不是有效的键：赞成 Y，不赞成 N，弃权 A。") % {"k": key}}
            )
        marks[name] = MARK_KEYS[key]
    return marks


def split_names(text: str) -> list[str]:
    for sep in "、，,;；":
        text = text.replace(sep, " ")
    return [domain.normalize_name(part) for part in text.split() if part.strip()]


@transaction.atomic
def ballot_save(
    *,
    actor: Any,
    round_: Round,
    marks: dict[str, str],
    write_ins: list[str],
    entry: BallotEntry | None = None,
) -> BallotEntry:
    """Key one ballot (or correct one) while the round is open; returns it flagged valid or not."""
    renewal, round_ = _open_for_entry(actor, round_)
    if round_.mode != EntryMode.BALLOTS or round_.returned is None:
        raise ValidationError(_("请先登记收回选票数，并选择逐票录入。"))
    if write_ins and not round_.allow_write_ins:
        raise ValidationError({"write_ins": _("本轮不能另选他人。")})
    try:
        ballot = domain.Ballot(marks=marks, write_ins=write_ins)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    unknown = set(ballot.marks) - set(round_.names)
    if unknown:
        raise ValidationError(_("选票上有不是本轮候选人的人。"))
    if len(ballot.write_ins) > ballot.no_count:
        raise ValidationError(
            {"write_ins": _("另选他人 %(w)s 人，多于“不赞成” %(n)s 人：只有划了不赞成才可另选，"
                            "每个不赞成最多另选一人（R8）。请按选票实际情况录入。")
             % {"w": len(ballot.write_ins), "n": ballot.no_count}}
        )  # fmt: skip
    valid = domain.ballot_is_valid(ballot, seats=round_.seats)
    if entry is None:
        if round_.ballots.count() >= round_.returned:
            raise ValidationError(
                _("已录入 %(n)s 张，等于收回选票数，不能再录入。") % {"n": round_.returned}
            )
        number = (round_.ballots.aggregate(n=Max("number"))["n"] or 0) + 1
        entry = BallotEntry(round=round_, number=number)
        verb = _("录入")
    else:
        entry = BallotEntry.objects.select_for_update().get(pk=entry.pk, round=round_)
        verb = _("更正")
    entry.marks = dict(ballot.marks)
    entry.write_ins = list(ballot.write_ins)
    entry.valid = valid
    entry.save()
    record_event(
        renewal,
        actor=actor,
        action="ballot_save",
        summary=_("%(r)s：%(v)s第 %(n)s 张选票") % {"r": round_, "v": verb, "n": entry.number},
    )
    return entry


@transaction.atomic
def ballot_delete(*, actor: Any, entry: BallotEntry) -> None:
    renewal, round_ = _open_for_entry(actor, entry.round)
    number = entry.number
    round_.ballots.filter(pk=entry.pk).delete()
    record_event(
        renewal,
        actor=actor,
        action="ballot_delete",
        summary=_("%(r)s：删除第 %(n)s 张选票") % {"r": round_, "n": number},
    )


@transaction.atomic
def totals_save(
    *,
    actor: Any,
    round_: Round,
    yes: dict[str, int],
    no: dict[str, int],
    abstain: dict[str, int],
    invalid: int,
    write_ins: dict[str, int],
) -> Round:
    """Totals per candidate, cross-checked by the rules engine before they are kept."""
    renewal, round_ = _open_for_entry(actor, round_)
    if round_.mode != EntryMode.TOTALS or round_.returned is None:
        raise ValidationError(_("请先登记收回选票数，并选择汇总录入。"))
    if write_ins and not round_.allow_write_ins:
        raise ValidationError(_("本轮不能另选他人。"))
    round_.totals = {
        "yes": yes,
        "no": no,
        "abstain": abstain,
        "invalid": invalid,
        "write_ins": write_ins,
    }
    _count(round_, renewal)  # the cross-checks: refused totals are not kept
    round_.save(update_fields=["totals"])
    record_event(
        renewal, actor=actor, action="totals_save", summary=_("%(r)s：录入汇总票数") % {"r": round_}
    )
    return round_


def _count(round_: Round, renewal: Renewal) -> dict:
    """The outcome of `round_` as JSON, from the keyed ballots or the totals (R8-R13)."""
    rules = renewal.ruleset()
    plenary = round_.meeting.kind == MeetingKind.PLENARY
    eligible = write_in_names(renewal, round_.meeting) if round_.allow_write_ins else {}
    common = {
        "candidates": round_.names,
        "seats": round_.seats,
        "issued": round_.issued,
        "present": round_.present,
        "expected": round_.expected,
        "rules": rules,
        "check_quorum": not plenary,
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
            written = {domain.normalize_name(k): v for k, v in totals.get("write_ins", {}).items()}
            bad = [name for name in written if name not in eligible]
            if bad:
                raise ValueError(
                    _("另选他人 %(n)s 不是可以当选的本支部党员，其票为无效标记（R8），不计入。")
                    % {"n": "、".join(bad)}
                )
            outcome = domain.count_totals(
                **common,
                returned=returned,
                invalid=totals.get("invalid", 0),
                yes=totals.get("yes", {}),
                no=totals.get("no", {}),
                abstain=totals.get("abstain", {}),
                write_ins=written,
            )
            no.update(totals.get("no", {}))
            abstain.update(totals.get("abstain", {}))
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    write_in_members = {name: eligible.get(name) for name in list(outcome.yes)[len(round_.names) :]}
    return {
        "void": outcome.void,
        "returned": outcome.returned,
        "valid": outcome.valid,
        "invalid": outcome.invalid,
        "yes": [[name, votes] for name, votes in outcome.yes.items()],
        "no": dict(no),
        "abstain": dict(abstain),
        "base": outcome.base,
        "base_size": outcome.base_size,
        "threshold": outcome.threshold,
        "elected": list(outcome.elected),
        "runoff": list(outcome.runoff),
        "runoff_seats": outcome.runoff_seats,
        "unfilled": outcome.unfilled,
        "readings_differ": outcome.readings_differ,
        "write_in_members": write_in_members,
    }


def preview(round_: Round) -> dict | None:
    """The count as it stands, for the page; None while it cannot be counted yet."""
    if round_.returned is None:
        return None
    if round_.mode == EntryMode.BALLOTS and round_.ballots.count() != round_.returned:
        return None
    if round_.mode == EntryMode.TOTALS and not round_.totals:
        return None
    try:
        return _count(round_, round_.meeting.renewal)
    except ValidationError:
        return None


def _close(actor: Any, renewal: Renewal, round_: Round, outcome: dict, confirmed_by: str) -> None:
    round_.outcome = outcome
    round_.status = RoundStatus.CLOSED
    round_.confirmed_by = confirmed_by
    round_.closed_at = timezone.now()
    round_.save(update_fields=["outcome", "status", "confirmed_by", "closed_at"])
    votes = dict(map(tuple, outcome["yes"]))
    members = _member_ids(round_)
    Elected.objects.bulk_create(
        Elected(
            renewal=renewal,
            body=round_.body,
            member_id=members.get(name),
            name=name,
            votes=votes[name],
            round=round_,
            duty={Body.SECRETARY: Post.SECRETARY, Body.DEPUTY: Post.DEPUTY}.get(round_.body, ""),
        )
        for name in outcome["elected"]
    )
    issue_document(renewal, DocumentKind.TALLY, actor=actor, round_=round_)
    if outcome["void"]:
        summary = _("%(r)s：收回选票 %(n)s 张，多于发出的 %(i)s 张，本轮无效，须重新投票（R9）") % {
            "r": round_, "n": outcome["returned"], "i": round_.issued,
        }  # fmt: skip
    else:
        summary = _("%(r)s 计票结束（监票人 %(s)s 确认）：当选 %(e)s") % {
            "r": round_, "s": confirmed_by, "e": "、".join(outcome["elected"]) or "—",
        }  # fmt: skip
    record_event(
        renewal, actor=actor, action="round_close", summary=summary,
        changes={"outcome": {k: outcome[k] for k in ("elected", "runoff", "unfilled", "void")}},
    )  # fmt: skip


@transaction.atomic
def round_close(*, actor: Any, round_: Round, confirmed_by: str) -> Round:
    """Close the round on a scrutineer's word and count it with the rules engine."""
    renewal, round_ = _open_for_entry(actor, round_)
    scrutineers = {
        domain.normalize_name(n) for n in round_.meeting.scrutineers.values_list("name", flat=True)
    }
    if domain.normalize_name(confirmed_by or "-") not in scrutineers:
        raise ValidationError({"confirmed_by": _("请由本次会议的监票人确认计票结果。")})
    if round_.returned is None:
        raise ValidationError(_("尚未登记收回选票数。"))
    keyed = round_.ballots.count()
    if round_.mode == EntryMode.BALLOTS and keyed != round_.returned:
        raise ValidationError(
            _("已录入 %(k)s 张选票，收回 %(n)s 张：请录完全部选票再结束计票。")
            % {"k": keyed, "n": round_.returned}
        )
    if round_.mode == EntryMode.TOTALS and not round_.totals:
        raise ValidationError(_("尚未录入汇总票数。"))
    _close(actor, renewal, round_, _count(round_, renewal), confirmed_by)
    return round_


def shortfall_round(meeting: Meeting) -> Round | None:
    """The closed committee round that left seats unfilled, while they still are (R13)."""
    renewal = meeting.renewal
    if meeting.kind != MeetingKind.MEMBERS or Body.COMMITTEE not in bodies(renewal, meeting.kind):
        return None
    last = meeting.rounds.filter(body=Body.COMMITTEE).order_by("-number").first()
    if last is None or last.is_open or last.outcome.get("void") or not last.outcome.get("unfilled"):
        return None
    if len(committee(renewal)) >= committee_seats(renewal):
        return None
    return last


@transaction.atomic
def seats_reduce(*, actor: Any, renewal: Renewal, agree: int) -> Meeting:
    """R13: the meeting agrees (recorded votes) to reduce the committee's seats to those elected."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    meeting = meeting_for(renewal)
    last = shortfall_round(meeting)
    if last is None:
        raise ValidationError(_("只有在当选人数不足应选名额时，才能减少名额。"))
    elected = len(committee(renewal))
    seats = committee_seats(renewal)
    try:
        allowed = domain.seat_reduction_allowed(
            elected=elected, seats=seats, agree=agree, voters=last.present
        )
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if not allowed:
        raise ValidationError(
            _("减少名额须超过半数选举人同意（%(p)s 人中至少 %(m)s 人），且委员不少于3名"
              "（已当选 %(e)s 名）。")
            % {"p": last.present, "m": last.present // 2 + 1, "e": elected}
        )  # fmt: skip
    meeting.seats_reduced_to, meeting.reduction_agree = elected, agree
    meeting.save(update_fields=["seats_reduced_to", "reduction_agree"])
    record_event(
        renewal,
        actor=actor,
        action="seats_reduce",
        summary=_("经 %(a)s 人同意（实到 %(p)s 人），委员名额由 %(s)s 名减为 %(e)s 名（R13）")
        % {"a": agree, "p": last.present, "s": seats, "e": elected},
    )
    return meeting


DUTY_CHOICES = [(p.value, p.label) for p in Post if p.value not in (Post.SECRETARY, Post.DEPUTY)]


@transaction.atomic
def duties_set(*, actor: Any, renewal: Renewal, duties: dict[int, str]) -> list[Elected]:
    """The division of duties (分工) in the committee; secretary and deputy come from the vote."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    members = committee(renewal)
    leaders = {
        e.member_id: e.body for e in renewal.elected.filter(body__in=[Body.SECRETARY, Body.DEPUTY])
    }
    allowed = {code for code, _label in DUTY_CHOICES}
    used: Counter[str] = Counter()
    for elected in members:
        if elected.member_id in leaders:
            elected.duty = (
                Post.SECRETARY if leaders[elected.member_id] == Body.SECRETARY else (Post.DEPUTY)
            )
            continue
        duty = duties.get(elected.pk, "")
        if duty and duty not in allowed:
            raise ValidationError(_("分工职务无效。"))
        elected.duty = duty
        if duty and duty != Post.MEMBER:
            used[duty] += 1
    twice = [Post(code).label for code, n in used.items() if n > 1]
    if twice:
        raise ValidationError(_("%(p)s 只能由一人担任。") % {"p": "、".join(map(str, twice))})
    Elected.objects.bulk_update(members, ["duty"])
    record_event(
        renewal,
        actor=actor,
        action="duties_set",
        summary=_("委员分工：%(d)s")
        % {"d": "；".join(f"{e.name} {e.get_duty_display() or '—'}" for e in members)},
    )
    return members


def result_problems(renewal: Renewal) -> list[str]:
    """What the election still lacks before the result report can go to the superior."""
    problems = []
    for kind in (MeetingKind.MEMBERS, MeetingKind.PLENARY):
        meeting = renewal.meetings.filter(kind=kind).first()
        for body in bodies(renewal, kind):
            seats = seats_for(renewal, body)
            have = renewal.elected.filter(body=body).count()
            if have < seats:
                problems.append(
                    _("%(b)s 应选 %(s)s 名，已选出 %(h)s 名。")
                    % {"b": Body(body).label, "s": seats, "h": have}
                )
        if meeting and open_round(meeting):
            problems.append(_("%(m)s 还有未结束的投票。") % {"m": meeting.get_kind_display()})
    if not renewal.secretary_only:
        members = committee(renewal)
        if members and not any(e.duty for e in members if e.duty != Post.SECRETARY):
            problems.append(_("尚未确定委员分工。"))
        elif any(not e.duty for e in members):
            problems.append(_("尚有委员未确定分工。"))
    return problems


def rounds_of(renewal: Renewal) -> list[Round]:
    return list(
        Round.objects.filter(meeting__renewal=renewal)
        .select_related("meeting")
        .order_by("meeting__kind", "number")
    )
