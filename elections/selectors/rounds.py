"""Reads of the rounds of voting: the next round, why ballots may not be issued yet, what the
result still lacks."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import COMMISSION_POSTS, Post
from elections import domain
from elections.models import (
    BODIES,
    PLENARIES,
    Body,
    Elected,
    Meeting,
    MeetingKind,
    Renewal,
    Round,
    RoundKind,
    RoundStatus,
)
from elections.selectors.congress import report_problems
from elections.selectors.count import member_ids
from elections.selectors.meeting import (
    PLENARY_BODY,
    bodies,
    committee,
    committee_seats,
    delegate_candidates,
    figures,
    formal_candidates,
)
from members.models import Member


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
    if body == Body.DEPUTY:
        return renewal.deputies  # a base committee may elect two deputies
    return committee_seats(renewal, body) if body in BODIES else 1


def elected_in(renewal: Renewal, body: str) -> list[Elected]:
    return list(renewal.elected.filter(body=body))


def pool(renewal: Renewal, body: str) -> list[Member]:
    """Who may be put to the vote for secretary or deputy, in order: the committee members not
    elected to the other post. (A branch without a committee votes on the formal candidates of
    each post instead, R3.)"""
    if body == Body.COMMISSION_SECRETARY:
        # The commission's first plenary elects its secretary from the commission.
        return [e.member for e in committee(renewal, Body.COMMISSION) if e.member is not None]
    taken = {e.member_id for e in renewal.elected.filter(body__in=[Body.SECRETARY, Body.DEPUTY])}
    people = [e.member for e in committee(renewal) if e.member is not None]
    return [m for m in people if m.pk not in taken]


def narrowable(plan: RoundPlan | None) -> bool:
    """Whether the meeting decides the field of the next round: a supplementary election among
    the candidates not yet elected, all of them or the top N by votes (R13)."""
    return plan is not None and plan.kind == RoundKind.SUPPLEMENTARY and not plan.chosen_by_meeting


def supplementary_candidates(
    meeting: Meeting, plan: RoundPlan, candidates: list[tuple[str, int | None]], top_n: int | None
) -> tuple[list[tuple[str, int | None]], bool]:
    """R13: the field of a supplementary election whose candidates are not chosen by the meeting
    one by one: of the candidates not yet elected, all, or the meeting's top N by the votes of
    the round that left the seats open; refused in the user's words when N cannot be. Returns
    the field and whether the round is such a supplementary election (other rounds: unchanged)."""
    if not narrowable(plan):
        if top_n is not None:
            raise ValidationError({"top_n": _("只有另行选举才能确定取得票前几名。")})
        return candidates, False
    last = meeting.rounds.filter(body=plan.body).order_by("-number").first()
    result = last.result if last is not None else None
    try:
        field = domain.supplementary_field(
            candidates=[name for name, _pk in candidates],
            yes=dict(result.yes) if result is not None else {},
            elected=(),
            seats=plan.seats,
            top_n=top_n,
        )
    except ValueError as exc:
        raise ValidationError({"top_n": str(exc)}) from None
    return [(name, pk) for name, pk in candidates if domain.normalize_name(name) in field], True


def _seats_elected(meeting: Meeting, body: str) -> tuple[int, list[str]]:
    """The seats of `body` at the meeting and the names elected to them so far: a unit meeting
    elects its unit's delegates, the others the renewal's bodies."""
    if meeting.kind == MeetingKind.UNIT:
        return meeting.unit.seats, [d.name for d in meeting.unit.delegates.all()]
    renewal = meeting.renewal
    return seats_for(renewal, body), [e.name for e in elected_in(renewal, body)]


def _first_field(meeting: Meeting, body: str, chosen: bool) -> tuple[tuple[str, int | None], ...]:
    renewal = meeting.renewal
    if chosen:
        return ()
    if meeting.kind == MeetingKind.UNIT:
        return delegate_candidates(meeting.unit)
    post = body if renewal.secretary_only or body in BODIES else None
    return tuple((n.member.name, n.member_id) for n in formal_candidates(renewal, post))


def next_round(meeting: Meeting) -> RoundPlan | None:
    """The round the meeting holds next, from what it has decided so far; None when done."""
    renewal = meeting.renewal
    for body in bodies(renewal, meeting.kind):
        seats, elected = _seats_elected(meeting, body)
        remaining = seats - len(elected)
        if remaining <= 0:
            continue
        last = meeting.rounds.filter(body=body).order_by("-number").first()
        # R3: without a committee the secretary's and the deputy's formal candidates were each
        # nominated, vetted and publicised; with one, the leaders come from the committee.
        chosen = body not in (*BODIES, Body.DELEGATES) and not renewal.secretary_only
        if last is None:
            names = _first_field(meeting, body, chosen)
            return RoundPlan(body, RoundKind.FIRST, seats, names, True, chosen)
        if last.is_open:
            return None
        result = last.result
        if result is not None and result.void:
            names = tuple((c["name"], c.get("member")) for c in last.candidates)
            return RoundPlan(body, RoundKind.REPEAT, last.seats, names, last.allow_write_ins, False)
        if result is not None and result.runoff:
            members = member_ids(last)
            names = tuple((name, members.get(name)) for name in result.runoff)
            return RoundPlan(body, RoundKind.RUNOFF, result.runoff_seats, names, False, False)
        if chosen:
            return RoundPlan(body, RoundKind.SUPPLEMENTARY, remaining, (), False, True)
        first = meeting.rounds.filter(body=body).order_by("number").first()
        # 当选无效: whoever's election was declared invalid is not put to the vote again.
        taken = set(elected) | set(
            Elected.records.filter(renewal=renewal, invalidated_at__isnull=False).values_list(
                "name", flat=True
            )
        )
        names = tuple(
            (c["name"], c.get("member")) for c in first.candidates if c["name"] not in taken
        )
        return RoundPlan(body, RoundKind.SUPPLEMENTARY, remaining, names, False, False)
    return None


def open_round(meeting: Meeting) -> Round | None:
    return meeting.rounds.filter(status=RoundStatus.OPEN).first()


def round_problems(meeting: Meeting, *, quorum: bool = True) -> list[str]:
    """Why no ballots may be issued now (R5, R14 and the preparations); `quorum=False` leaves out
    the attendance, which the meeting page shows live."""
    problems = []
    renewal = meeting.renewal
    today = timezone.localdate()
    if meeting.kind in (MeetingKind.MEMBERS, MeetingKind.UNIT):
        if meeting.notice_issued_at is None:
            problems.append(_("尚未发出会议通知。"))
        if meeting.held_on and today < meeting.held_on:
            problems.append(_("会议定于 %(d)s 召开，当天方可投票。") % {"d": meeting.held_on})
        if meeting.method_adopted_at is None:
            problems.append(_("大会尚未通过选举办法。"))
    else:
        members = bodies(renewal, MeetingKind.MEMBERS)
        body = PLENARY_BODY[meeting.kind]
        if body in members and len(committee(renewal, body)) < committee_seats(renewal, body):
            problems.append(_("委员尚未选齐，不能召开第一次全体会议。"))
        if not meeting.chair.strip():
            problems.append(_("请填写第一次全体会议的召集人（主持人）。"))
    if not meeting.scrutineers.exists():
        problems.append(_("尚未推选监票人。"))
    counted = figures(meeting)
    if quorum and not counted.quorum:
        if meeting.kind in (MeetingKind.MEMBERS, MeetingKind.UNIT):
            problems.append(
                _("实到会有选举权的党员 %(p)s 人，应到 %(e)s 人，须至少 %(m)s 人到会，"
                  "不足法定人数，不能发放选票。")
                % {"p": counted.present, "e": counted.expected, "m": counted.min_present}
            )  # fmt: skip
        else:
            problems.append(
                _("到会委员 %(p)s 人，委员 %(e)s 人，须至少 %(m)s 人到会，"
                  "不足法定人数，不能发放选票。")
                % {"p": counted.present, "e": counted.expected, "m": counted.min_present}
            )  # fmt: skip
    if open_round(meeting):
        problems.append(_("上一轮投票尚未结束。"))
    return problems


def shortfall_round(meeting: Meeting) -> Round | None:
    """The closed committee round that left seats unfilled, while they still are (R13)."""
    renewal = meeting.renewal
    if meeting.kind != MeetingKind.MEMBERS or Body.COMMITTEE not in bodies(renewal, meeting.kind):
        return None
    last = meeting.rounds.filter(body=Body.COMMITTEE).order_by("-number").first()
    result = last.result if last is not None and not last.is_open else None
    if result is None or result.void or not result.unfilled:
        return None
    if len(committee(renewal)) >= committee_seats(renewal):
        return None
    return last


DUTY_CHOICES = [
    (p.value, p.label)
    for p in Post
    if p.value not in (Post.SECRETARY, Post.DEPUTY, *COMMISSION_POSTS)
]


def result_problems(renewal: Renewal) -> list[str]:
    """What the election still lacks before the result report can go to the superior."""
    problems = []
    for kind in (MeetingKind.MEMBERS, *PLENARIES):
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
    return problems + report_problems(renewal)


def rounds_of(renewal: Renewal) -> list[Round]:
    """The rounds that elected the renewal's bodies (the units' delegate elections are the
    congress's record, not the result report's)."""
    return list(
        Round.objects.filter(meeting__renewal=renewal)
        .exclude(meeting__kind=MeetingKind.UNIT)
        .select_related("meeting")
        .order_by("meeting__kind", "number")
    )


def unit_rounds_of(renewal: Renewal) -> list[Round]:
    """The rounds of the units' delegate elections (a delegates' congress), unit by unit in tree
    order: the count workbook records them beside the congress's own."""
    return list(
        Round.objects.filter(meeting__renewal=renewal, meeting__kind=MeetingKind.UNIT)
        .select_related("meeting__unit__unit", "meeting__renewal__branch")
        .order_by("meeting__unit__unit__path", "number")
    )
