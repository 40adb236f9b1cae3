"""What every document builder shares: Chinese dates and numbers, the plan's figures, the staff."""

from __future__ import annotations

from datetime import date, datetime, time
from fractions import Fraction
from typing import Any

from django.utils import timezone

from elections import domain
from elections.domain.numbering import UNNUMBERED
from elections.models import Body, Meeting, Renewal
from elections.selectors.candidates import by_post, notice_candidates
from elections.selectors.meeting import formal_candidates, secretary_by_members
from elections.selectors.numbering import issued_number
from elections.selectors.prepare import census

CN_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as official documents write seat counts (五名, 十二名)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else CN_DIGITS[tens]}十{CN_DIGITS[ones] if ones else ''}"


def percent(share: Fraction) -> str:
    value = share * 100
    return f"{value.numerator}%" if value.denominator == 1 else f"{float(value):.1f}%"


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def plan_context(renewal: Renewal, on: date | None = None) -> dict[str, Any]:
    """The plan's figures; the document is dated `on` (default today)."""

    rules = renewal.ruleset()
    branch = renewal.branch
    term = branch.current_term()
    figures = census(renewal)
    plan: dict[str, Any] = {
        "renewal": renewal,
        "branch": branch,
        "superior": branch.parent,
        "term": term,
        "next_number": (term.number + 1) if term else 1,
        "figures": figures,
        "today": chinese_date(on or timezone.localdate()),
        "meeting_date": chinese_date(renewal.meeting_date) if renewal.meeting_date else "",
        "elect_deputy": renewal.elect_deputy,
        "secretary_only": renewal.secretary_only,
        "term_years": rules.term_years_for(branch.category or "other"),
        # The profile's own readings of the quorum (R5) and of the majority base (R11).
        "lenient": rules.quorum == "lenient",
        "base_expected": rules.majority_base == "expected",
        **plenary_wording(rules),
    }
    plan.update(ORG_WORDS[branch.kind])
    if renewal.commission_seats:
        plan.update(
            commission_seats=chinese_number(renewal.commission_seats),
            commission_candidates=chinese_number(
                domain.min_candidates(renewal.commission_seats, rules)
            ),
        )
    if not renewal.secretary_only and renewal.seats:
        candidates = domain.min_candidates(renewal.seats, rules)
        plan.update(
            seats=chinese_number(renewal.seats),
            candidates=chinese_number(candidates),
            margin=percent(rules.differential_margin),
        )
    return plan


def plenary_wording(rules: domain.RuleSet) -> dict[str, str]:
    """The first plenary's quorum and majority base as the profile reads them (R15): the quorum of
    the members' meeting with the committee as E, or more than half by setting."""
    if rules.plenary_quorum == "half":
        quorum = "出席委员超过应到会委员的半数"
    elif rules.quorum == "lenient":
        quorum = "出席委员不少于应到会委员的五分之四"
    else:
        quorum = "出席委员超过应到会委员的五分之四"
    base = "应到会委员人数" if rules.majority_base == "expected" else "实到会委员人数"
    return {"plenary_quorum_text": quorum, "plenary_base_text": base}


def doc_number(renewal: Renewal, kind: str, number: str = "") -> dict[str, str]:
    """The 发文字号 to print: the one being issued, else the one already given, else a placeholder
    (a draft never shows a made-up number)."""
    return {"doc_number": number or issued_number(renewal, kind) or UNNUMBERED}


WEEKDAYS = "一二三四五六日"


def chinese_time(moment: time) -> str:
    """9:30 → 上午9时30分, 14:00 → 下午2时."""
    noon = "上午" if moment.hour < 12 else "下午"
    hour = moment.hour if moment.hour <= 12 else moment.hour - 12
    return f"{noon}{hour}时{f'{moment.minute}分' if moment.minute else ''}"


def chinese_day(day: date | None) -> str:
    """The date with its weekday, as a meeting notice gives it."""
    return f"{chinese_date(day)}（星期{WEEKDAYS[day.weekday()]}）" if day else ""


def local_day(moment: datetime | None) -> date:
    return timezone.localtime(moment).date() if moment else timezone.localdate()


def stroke_sorted(names: list[str]) -> list[str]:
    return sorted(names, key=domain.stroke_key)


def meeting_or_none(renewal: Renewal, kind: str) -> Meeting | None:
    return renewal.meetings.filter(kind=kind).first()


def staff_names(meeting: Meeting | None) -> dict[str, list[str]]:
    if meeting is None:
        return {"scrutineers": [], "counters": []}
    return {
        "scrutineers": [m.name for m in meeting.scrutineers.order_by("name", "pk")],
        "counters": [m.name for m in meeting.counters.order_by("name", "pk")],
    }


#: The posts as official documents name them (always Chinese).
#: How the official documents name the organisation and its committee, by kind: "我支部",
#: "新一届支部委员会"; a general branch "我总支", "总支部委员会"; a base committee "我委".
ORG_WORDS = {
    "branch": {"org_word": "支部", "committee_word": "支部委员会"},
    "general_branch": {"org_word": "总支", "committee_word": "总支部委员会"},
    "committee": {"org_word": "委", "committee_word": "委员会"},
}

POST_WORDS = {
    Body.SECRETARY: "书记",
    Body.DEPUTY: "副书记",
    Body.COMMITTEE: "委员",
    Body.COMMISSION: "纪律检查委员会委员",
}


def what_is_elected(renewal: Renewal) -> dict[str, Any]:
    """Seats, the candidates standing (formal or else approved, stroke order) and the margin."""

    formal = formal_candidates(renewal)
    standing = formal or notice_candidates(renewal)
    commission: list[str] = []
    if renewal.commission_seats:
        # The commission's candidates stand on their own ballot: the committee's figures count
        # the committee's candidates only.
        groups = by_post(renewal, standing)
        standing = groups[Body.COMMITTEE]
        commission = stroke_sorted([n.member.name for n in groups[Body.COMMISSION]])
    candidates = [n.member.name for n in standing]
    rules = renewal.ruleset()
    seats = 1 if renewal.secretary_only else (renewal.seats or 0)
    context: dict[str, Any] = {
        "candidate_names": candidates,
        "formal_confirmed": bool(formal),
        "secretary_by_members": secretary_by_members(renewal),
        "leaders": "书记、副书记" if renewal.elect_deputy else "书记",
        "seat_count": seats,
        "commission_names": commission,
    }
    if renewal.secretary_only:
        # R3: the secretary's candidates and the deputy's, each post its own list.
        groups = by_post(renewal, formal or notice_candidates(renewal))
        context["post_candidates"] = [
            (POST_WORDS[post], stroke_sorted([n.member.name for n in group]))
            for post, group in groups.items()
            if group
        ]
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


def adjourned(meeting: Meeting) -> list[dict[str, Any]]:
    """The sittings of `meeting` adjourned for want of quorum, each with its day in Chinese."""
    return [
        {**a, "day": chinese_date(date.fromisoformat(a["held_on"])) if a["held_on"] else ""}
        for a in meeting.adjournments
    ]


def notice_facts(meeting: Meeting) -> dict[str, Any]:
    """What every meeting notice says of its meeting (a members' meeting's, a unit's, the
    congress's): the day and time in Chinese, the sittings adjourned, the day it was sent."""
    return {
        "meeting": meeting,
        "day": chinese_day(meeting.held_on),
        "start": chinese_time(meeting.start_time) if meeting.start_time else "",
        "adjourned": adjourned(meeting),
        "today": chinese_date(local_day(meeting.notice_issued_at)),
    }
