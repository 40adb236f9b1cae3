"""Reads of the election meetings: what each elects, the formal candidates, the committee,
E and P."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from elections import domain
from elections.models import (
    PLENARIES,
    Body,
    DelegateUnit,
    Elected,
    Meeting,
    MeetingKind,
    Nominee,
    Renewal,
)
from elections.selectors.candidates import (
    needed_candidates,
    per_post,
    post_of,
    shortfalls,
    standing_candidates,
)
from elections.selectors.congress import congress_figures, congress_of, unit_candidates
from elections.selectors.prepare import census_facts, electorate


def meeting_of(renewal: Renewal, kind: str = MeetingKind.MEMBERS) -> Meeting:
    """The renewal's meeting of `kind`: created by the services when the renewal enters the vote
    (a page never creates it); a kind the renewal does not hold raises Meeting.DoesNotExist."""
    return Meeting.objects.get(renewal=renewal, kind=kind)


def meetings_of(renewal: Renewal) -> dict[str, Meeting]:
    """The renewal's meetings by kind (none before the vote); the unit meetings of a delegates'
    congress are not among them (see `unit_meetings`)."""
    return {m.kind: m for m in renewal.meetings.exclude(kind=MeetingKind.UNIT)}


def unit_meetings(renewal: Renewal) -> dict[int, Meeting]:
    """The unit meetings of the renewal's delegates' congress by DelegateUnit pk."""
    found = renewal.meetings.filter(kind=MeetingKind.UNIT).select_related("unit__unit")
    return {m.unit_id: m for m in found}


def secretary_by_members(renewal: Renewal) -> bool:
    """R15 and R3: the members' meeting elects the secretary itself (no committee, or 公推直选)."""
    return renewal.secretary_only or renewal.ruleset().direct_secretary_election


def bodies(renewal: Renewal, kind: str) -> list[str]:
    """What the meeting of `kind` elects, in order."""
    if kind == MeetingKind.UNIT:
        return [Body.DELEGATES]
    leaders = [Body.SECRETARY] + ([Body.DEPUTY] if renewal.elect_deputy else [])
    commission = [Body.COMMISSION] if renewal.commission_seats else []
    if kind == MeetingKind.MEMBERS:
        committee = [] if renewal.secretary_only else [Body.COMMITTEE, *commission]
        return committee + (leaders if secretary_by_members(renewal) else [])
    if kind == MeetingKind.COMMISSION:
        # The commission's first plenary elects its secretary (R15 with the commission).
        return [Body.COMMISSION_SECRETARY] if commission else []
    return [] if secretary_by_members(renewal) else leaders


def formal_candidates(renewal: Renewal, post: str | None = None) -> list[Nominee]:
    """The formal candidates (正式候选人) in surname stroke order (R7); with `post`, only those
    standing for it (a branch without a committee: the secretary's or the deputy's, R3)."""
    return sorted(
        (
            n
            for n in standing_candidates(renewal)
            if n.formal and (post is None or post_of(renewal, n) == post)
        ),
        key=lambda n: domain.stroke_key(n.member.name),
    )


def committee(renewal: Renewal, body: str = Body.COMMITTEE) -> list[Elected]:
    """The members elected to the committee (or, with `body`, to the commission)."""
    return list(renewal.elected.filter(body=body).select_related("member").order_by("-votes", "id"))


#: The body whose members make up each plenary's electorate.
PLENARY_BODY = {MeetingKind.PLENARY: Body.COMMITTEE, MeetingKind.COMMISSION: Body.COMMISSION}


def plenary_members(renewal: Renewal, kind: str) -> list[Elected]:
    """The electorate of the first plenary of `kind`: the new committee, or the new commission."""
    return committee(renewal, PLENARY_BODY[kind])


def committee_seats(renewal: Renewal, body: str = Body.COMMITTEE) -> int:
    """The seats of the committee (or, with `body`, the commission), as the meeting may have
    reduced them (R13)."""
    if body == Body.COMMISSION:
        return renewal.commission_seats or 0
    meeting = renewal.meetings.filter(kind=MeetingKind.MEMBERS).first()
    if meeting and meeting.seats_reduced_to:
        return meeting.seats_reduced_to
    return renewal.seats or 0


@dataclass(frozen=True)
class Figures:
    expected: int
    present: int
    attending: int  # everyone ticked, probationary members included
    quorum: bool
    min_present: int
    lenient: bool = False  # the quorum is "not fewer than" four fifths, not "more than"
    half: bool = False  # the plenary's quorum is more than half of the committee (R15 setting)


def figures(meeting: Meeting) -> Figures:
    """E and P (R4, R5): the members' meeting counts the branch roll; the plenary the committee
    (R15)."""
    renewal = meeting.renewal
    congress = congress_of(renewal) if meeting.kind == MeetingKind.MEMBERS else None
    if congress is not None:
        # A delegates' congress elects instead of the members' meeting: its voters are the
        # delegates whose credentials were confirmed, those signed in are present (issue 15).
        held = congress_figures(congress)
        return Figures(held.expected, held.present, held.present, held.quorum, held.min_present)
    present_ids = set(meeting.present.values_list("pk", flat=True))
    rules = renewal.ruleset()
    if meeting.kind in PLENARIES:
        members = plenary_members(renewal, meeting.kind)
        expected = len(members)
        present = sum(1 for e in members if e.member_id in present_ids)
        quorum = domain.plenary_quorum_met(committee=expected, present=present, rules=rules)
        least = domain.plenary_min_present(expected, rules) if expected else 0
        return Figures(
            expected,
            present,
            present,
            quorum,
            least,
            lenient=rules.quorum == "lenient",
            half=rules.plenary_quorum == "half",
        )
    on = meeting.held_on or timezone.localdate()
    if meeting.kind == MeetingKind.UNIT:
        # The unit's members' meeting counts every member of the unit's subtree (R1, R4, R5).
        facts = [(member, member.facts()) for member in electorate(meeting.unit.unit)]
    else:
        facts = census_facts(renewal)
    roll = [(fact, member.pk in present_ids) for member, fact in facts]
    counted = domain.meeting_figures(roll, on=on, rules=rules)
    quorum = counted.expected > 0 and domain.quorum_met(
        expected=counted.expected, present=counted.present, rules=rules
    )
    least = domain.min_present(counted.expected, rules) if counted.expected else 0
    return Figures(
        counted.expected,
        counted.present,
        len(present_ids),
        quorum,
        least,
        lenient=rules.quorum == "lenient",
    )


def meeting_started(meeting: Meeting) -> bool:
    return meeting.rounds.exists()


def notice_problems(meeting: Meeting, *, on: date | None = None) -> list[str]:
    on = on or timezone.localdate()
    problems = []
    if meeting.held_on is None or not meeting.place.strip() or not meeting.chair.strip():
        problems.append(_("请先填写会议日期、地点和主持人。"))
        return problems
    rules = meeting.renewal.ruleset()
    if not domain.meeting_notice_ok(notice=on, meeting=meeting.held_on, rules=rules):
        problems.append(
            _("会议通知应至少提前 %(n)s 天发出：%(d)s 召开的会议，最迟 %(last)s 发出通知。"
              "请推迟会议日期。")
            % {
                "n": rules.meeting_notice_days,
                "d": meeting.held_on,
                "last": domain.latest_meeting_notice(meeting.held_on, rules),
            }
        )  # fmt: skip
    return problems


def method_problems(renewal: Renewal, meeting: Meeting) -> list[str]:
    problems = []
    if meeting.method_adopted_at:
        problems.append(_("选举办法已通过。"))
    if meeting.notice_issued_at is None:
        problems.append(_("尚未发出会议通知。"))
    if meeting.kind == MeetingKind.UNIT:
        problems += delegate_candidate_problems(meeting.unit)
    else:
        formal = formal_candidates(renewal)
        short = shortfalls(renewal, formal)
        if (len(formal) < needed_candidates(renewal) and not per_post(renewal)) or short:
            problems.append(_("尚未确定足额的正式候选人。"))
    if not meeting.scrutineers.exists():
        problems.append(_("尚未推选监票人。"))
    return problems


def delegate_candidates(unit: DelegateUnit) -> tuple[tuple[str, int | None], ...]:
    """The first round's field of a unit meeting: its delegate candidates in ballot order."""
    return tuple((m.name, m.pk) for m in unit_candidates(unit))


def delegate_candidate_problems(unit: DelegateUnit) -> list[str]:
    """R6 over the unit's delegate seats: at least 20% more candidates than seats."""
    needed = domain.delegate_min_candidates(unit.seats, unit.congress.renewal.ruleset())
    have = unit.candidates.count()
    if have >= needed:
        return []
    return [
        _("应选代表%(s)s名，代表候选人应不少于%(n)s名（差额不少于20%%），现有%(c)s名。")
        % {"s": unit.seats, "n": needed, "c": have}
    ]


def meeting_held(
    renewal: Renewal, kind: str = MeetingKind.MEMBERS, unit: DelegateUnit | None = None
) -> Meeting:
    """The meeting a service works on: as `meeting_of` (with `unit`, that unit's meeting), but a
    meeting the renewal does not hold is refused in the user's words."""
    if unit is not None:
        found = renewal.meetings.filter(kind=MeetingKind.UNIT, unit=unit).first()
        if found is None:
            raise ValidationError(_("本次换届不召开该会议。"))
        return found
    try:
        return meeting_of(renewal, kind)
    except Meeting.DoesNotExist:
        raise ValidationError(_("本次换届不召开该会议。")) from None


def scrutineers_among(meeting: Meeting, candidates: list[str]) -> list[domain.Problem]:
    """R14 for candidates chosen after the scrutineers: none of them may be one."""
    scrutineers = list(meeting.scrutineers.values_list("name", flat=True))
    if not scrutineers:
        return []
    return domain.scrutineer_problems(scrutineers, candidates=candidates)
