"""State changes of the rounds of voting: issuing ballots, keying them or their totals, closing a
round with the rules engine (R8-R13), seat reduction and the division of duties."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Action
from branches.models import Post
from branches.official import official_text
from elections import domain
from elections.models import (
    BallotEntry,
    Body,
    DelegateUnit,
    DocumentKind,
    Elected,
    EntryMode,
    Meeting,
    Phase,
    Renewal,
    Round,
    RoundStatus,
)
from elections.selectors.candidates import secretary_bars
from elections.selectors.count import count_outcome, member_ids, supplementary_wording
from elections.selectors.meeting import (
    committee,
    committee_seats,
    figures,
    meeting_held,
    scrutineers_among,
)
from elections.selectors.problems import by_field
from elections.selectors.rounds import (
    DUTY_CHOICES,
    next_round,
    pool,
    round_problems,
    shortfall_round,
    supplementary_candidates,
)
from elections.services.documents import issue_document
from elections.services.units import delegates_write
from elections.workflow.machine import lock, record_event, require, require_phase
from members.models import Member


@transaction.atomic
def round_open(
    *,
    actor: Any,
    renewal: Renewal,
    kind: str,
    issued: int,
    chosen: list[Member] | None = None,
    top_n: int | None = None,
    unit: DelegateUnit | None = None,
) -> Round:
    """Issue ballots for the next round (`unit`: of that electing unit's meeting); no quorum, no
    ballots (R5). `top_n`: the meeting narrows a supplementary election to the top N not yet
    elected by votes (R13); None: all."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    meeting = meeting_held(renewal, kind, unit)
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
        if bars := secretary_bars(renewal, picked, body=plan.body, on=meeting.held_on):
            raise ValidationError({"chosen": bars})  # the plan's hard rules for the post (R2)
        candidates = [(m.name, m.pk) for m in picked]
        clash = scrutineers_among(meeting, [m.name for m in picked])
        if clash:
            errors = by_field(clash, field="chosen")
            errors["chosen"].append(_("请先更换监票人。"))
            raise ValidationError(errors)
    candidates, narrowed = supplementary_candidates(meeting, plan, candidates, top_n)
    if not candidates:
        raise ValidationError(_("没有%(b)s正式候选人，不能投票。") % {"b": Body(plan.body).label})
    number = (meeting.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    round_ = Round.objects.create(
        meeting=meeting, number=number, body=plan.body, kind=plan.kind, seats=plan.seats,
        candidates=[{"name": name, "member": pk} for name, pk in candidates],
        allow_write_ins=plan.allow_write_ins, supplementary_top_n=top_n if narrowed else None,
        expected=counted.expected, present=counted.present, issued=issued,
    )  # fmt: skip
    record_event(
        renewal,
        actor=actor,
        action="round_open",
        summary=official_text(
            gettext_lazy("%(m)s %(r)s：应到 %(e)s 人，实到 %(p)s 人，发出选票 %(i)s 张"),
            m=meeting.title, r=round_, e=counted.expected,
            p=counted.present, i=issued,
        ) + (supplementary_wording(round_) if narrowed else ""),
        changes={"supplementary_field": {"top_n": top_n, "candidates": round_.names}}
        if narrowed else None,
    )  # fmt: skip
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
        renewal, actor=actor, action="round_record_returned",
        summary=official_text(gettext_lazy("%(r)s：收回选票 %(n)s 张"), r=round_, n=returned),
    )  # fmt: skip
    if returned > round_.issued:
        _close(actor, renewal, round_, count_outcome(round_, renewal), confirmed_by="")
    return round_


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
    # The paper is stored as marked: write-ins the rules make void (more than the "no" marks,
    # beside a "yes", of somebody who may not be elected) stay on it and are counted as void.
    valid = domain.ballot_is_valid(ballot, seats=round_.seats)
    if entry is None:
        if round_.ballots.count() >= round_.returned:
            raise ValidationError(
                _("已录入 %(n)s 张，等于收回选票数，不能再录入。") % {"n": round_.returned}
            )
        number = (round_.ballots.aggregate(n=Max("number"))["n"] or 0) + 1
        entry = BallotEntry(round=round_, number=number)
        verb = gettext_lazy("录入")
    else:
        entry = BallotEntry.objects.select_for_update().get(pk=entry.pk, round=round_)
        verb = gettext_lazy("更正")
    entry.marks = dict(ballot.marks)
    entry.write_ins = list(ballot.write_ins)
    entry.valid = valid
    entry.save()
    record_event(
        renewal, actor=actor, action="ballot_save",
        summary=official_text(gettext_lazy("%(r)s：%(v)s第 %(n)s 张选票"), r=round_, v=verb,
                              n=entry.number),
    )  # fmt: skip
    return entry


@transaction.atomic
def ballot_delete(*, actor: Any, entry: BallotEntry) -> None:
    renewal, round_ = _open_for_entry(actor, entry.round)
    number = entry.number
    round_.ballots.filter(pk=entry.pk).delete()
    record_event(
        renewal, actor=actor, action="ballot_delete",
        summary=official_text(gettext_lazy("%(r)s：删除第 %(n)s 张选票"), r=round_, n=number),
    )  # fmt: skip


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
    count_outcome(round_, renewal)  # the cross-checks: refused totals are not kept
    round_.save(update_fields=["totals"])
    record_event(
        renewal, actor=actor, action="totals_save",
        summary=official_text(gettext_lazy("%(r)s：录入汇总票数"), r=round_),
    )  # fmt: skip
    return round_


def _close(
    actor: Any, renewal: Renewal, round_: Round, result: domain.RoundResult, confirmed_by: str
) -> None:
    round_.outcome = result.to_json()
    round_.status = RoundStatus.CLOSED
    round_.confirmed_by = confirmed_by
    round_.closed_at = timezone.now()
    round_.save(update_fields=["outcome", "status", "confirmed_by", "closed_at"])
    members = member_ids(round_)
    listed = {domain.normalize_name(n) for n in round_.names}
    if round_.body == Body.DELEGATES:
        delegates_write(round_, result)  # a unit meeting elects the unit's delegates
    else:
        Elected.objects.bulk_create(
            Elected(
                renewal=renewal, body=round_.body, member_id=members.get(name), name=name,
                votes=result.yes[name], round=round_,
                duty={Body.SECRETARY: Post.SECRETARY, Body.DEPUTY: Post.DEPUTY}.get(
                    round_.body, ""
                ),
                write_in=domain.normalize_name(name) not in listed,
            )
            for name in result.elected
        )  # fmt: skip
    issue_document(renewal, DocumentKind.TALLY, actor=actor, round_=round_)
    if result.void:
        summary = official_text(
            gettext_lazy("%(r)s：收回选票 %(n)s 张，多于发出的 %(i)s 张，本轮无效，须重新投票"),
            r=round_, n=result.returned, i=round_.issued,
        )  # fmt: skip
    else:
        summary = official_text(
            gettext_lazy("%(r)s 计票结束（监票人 %(s)s 确认）：当选 %(e)s"),
            r=round_, s=confirmed_by, e="、".join(result.elected) or "—",
        )  # fmt: skip
    decided = {
        "elected": list(result.elected), "runoff": list(result.runoff),
        "unfilled": result.unfilled, "void": result.void,
    }  # fmt: skip
    record_event(
        renewal, actor=actor, action="round_close", summary=summary,
        changes={"outcome": decided},
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
    _close(actor, renewal, round_, count_outcome(round_, renewal), confirmed_by)
    return round_


@transaction.atomic
def seats_reduce(*, actor: Any, renewal: Renewal, agree: int) -> Meeting:
    """R13: the meeting agrees (recorded votes) to reduce the committee's seats to those elected."""
    renewal = lock(renewal)
    require(actor, Action.WORK, renewal)
    require_phase(renewal, Phase.VOTE)
    meeting = meeting_held(renewal)
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
            % {"p": last.present, "m": domain.majority_threshold(last.present), "e": elected}
        )  # fmt: skip
    meeting.seats_reduced_to, meeting.reduction_agree = elected, agree
    meeting.save(update_fields=["seats_reduced_to", "reduction_agree"])
    record_event(
        renewal,
        actor=actor,
        action="seats_reduce",
        summary=official_text(
            gettext_lazy("经 %(a)s 人同意（实到 %(p)s 人），委员名额由 %(s)s 名减为 %(e)s 名"),
            a=agree, p=last.present, s=seats, e=elected,
        ),
    )  # fmt: skip
    return meeting


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
        renewal, actor=actor, action="duties_set",
        summary=official_text(gettext_lazy("委员分工：%(d)s"),
                              d=lambda: "；".join(f"{e.name} {e.get_duty_display() or '—'}"
                                                  for e in members)),
    )  # fmt: skip
    return members
