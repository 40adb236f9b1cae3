"""Statistics of the new committees a campaign's renewals elected, against the campaign's
targets (Campaign.targets, {code: minimum percent}), for the campaign's organisation and for
each organisation one level under it. Read from the elected (Elected, as term_posts orders
them) and the members' records, never typed in; a fixed number of queries.

Counted: the renewals of the campaign's included branches whose vote is over (approve or archive
phase). Each measure's denominator is the people whose record has the data (a member without a
birth date is "unknown", not "over 45"); with none it is "无数据".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import COMMISSION_POSTS, Organisation, Post
from elections import domain
from elections.models import Campaign, Elected, Meeting, MeetingKind, Nominee, Phase
from elections.selectors.archive import posts_of
from elections.selectors.campaign_ledger import is_direct_branch, ledger_entries, next_level
from members.models import Education, Gender

#: The renewals whose committee is elected: their vote is over.
ELECTED_PHASES = (Phase.APPROVE, Phase.ARCHIVE)
#: 45岁以下: "以下" includes the number itself, as in Chinese regulations (含本数).
SECRETARY_MAX_AGE = 45
#: 大专及以上.
COLLEGE_OR_ABOVE = (Education.COLLEGE, Education.BACHELOR, Education.POSTGRADUATE)


@dataclass(frozen=True)
class Person:
    """One seat of a new committee (or one candidate) with what the measures read."""

    post: str
    birth_date: date | None
    gender: str | None
    education: str | None
    elected_on: date
    pledged: bool | None  # None: no record says (a candidate's pledge is kept at vetting)


@dataclass(frozen=True)
class Target:
    """A target code of Campaign.targets, whom it counts and the test each person passes
    (True, False, or None when the record lacks the data)."""

    code: str
    label: Promise
    among: Promise
    who: Callable[[Person], bool]
    test: Callable[[Person], bool | None]


CANDIDATE = "candidate"


def _on_committee(p: Person) -> bool:
    return p.post != CANDIDATE


def _under_45(p: Person) -> bool | None:
    if p.birth_date is None:
        return None
    return domain.whole_years(since=p.birth_date, on=p.elected_on) <= SECRETARY_MAX_AGE


def _woman(p: Person) -> bool | None:
    return None if not p.gender else p.gender == Gender.FEMALE


def _college(p: Person) -> bool | None:
    return None if not p.education else p.education in COLLEGE_OR_ABOVE


#: The target codes (the same codes as the campaign form's Campaign.targets keys).
TARGETS = (
    Target(
        "secretary_under_45",
        _("45岁以下书记占比"),
        pgettext_lazy("统计对象", "书记"),
        lambda p: p.post == Post.SECRETARY,
        _under_45,
    ),
    Target(
        "women", _("女性委员占比"), pgettext_lazy("统计对象", "委员会成员"), _on_committee, _woman
    ),
    Target(
        "college",
        _("大专及以上学历委员占比"),
        pgettext_lazy("统计对象", "委员会成员"),
        _on_committee,
        _college,
    ),
    Target(
        "pledges",
        _("候选人签订承诺书比例"),
        pgettext_lazy("统计对象", "候选人"),
        lambda p: p.post == CANDIDATE,
        lambda p: p.pledged,
    ),
)
TARGET_CODES = tuple(t.code for t in TARGETS)


@dataclass(frozen=True)
class Figure:
    target: Target
    goal: int | None  # the campaign's minimum percent; None: no target set
    count: int  # people who pass
    known: int  # people whose record has the data
    unknown: int

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.count, self.known) if self.known else None

    @property
    def percent(self) -> str:
        """One decimal ("66.7"), or "" with no data."""
        if self.share is None:
            return ""
        tenths = (self.share * 1000).__round__()
        return f"{tenths // 10}.{tenths % 10}"

    @property
    def met(self) -> bool | None:
        """Whether the share reaches the target (in integers); None without data or target."""
        if self.goal is None or self.share is None:
            return None
        return self.count * 100 >= self.goal * self.known


@dataclass
class Level:
    name: str
    organisation: Organisation | None
    renewals: int = 0
    people: list[Person] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass(frozen=True)
class Statistics:
    levels: list[Level]  # the campaign's organisation first, then each next level
    included: int
    counted: int  # renewals whose committee is elected


def _figures(people: list[Person], goals: dict[str, Any]) -> list[Figure]:
    figures = []
    for target in TARGETS:
        answers = [target.test(p) for p in people if target.who(p)]
        goal = goals.get(target.code)
        figures.append(
            Figure(
                target=target,
                goal=int(goal) if goal not in (None, "") else None,
                count=sum(1 for a in answers if a is True),
                known=sum(1 for a in answers if a is not None),
                unknown=sum(1 for a in answers if a is None),
            )
        )
    return figures


def campaign_statistics(campaign: Campaign) -> Statistics:
    entries = list(ledger_entries(campaign))
    units = next_level(campaign, (e.branch for e in entries))
    renewals = [e.renewal for e in entries if e.renewal and e.renewal.phase in ELECTED_PHASES]
    ids = [r.pk for r in renewals]
    held = dict(
        Meeting.objects.filter(renewal__in=ids, kind=MeetingKind.MEMBERS).values_list(
            "renewal_id", "held_on"
        )
    )
    elected: dict[int, list[Elected]] = defaultdict(list)
    for person in Elected.objects.filter(renewal__in=ids).select_related("member").order_by("pk"):
        elected[person.renewal_id].append(person)
    candidates: dict[int, list[Nominee]] = defaultdict(list)
    for nominee in Nominee.objects.filter(renewal__in=ids, approved=True).only(
        "renewal_id", "pledge", "member_id"
    ):
        candidates[nominee.renewal_id].append(nominee)
    today = timezone.localdate()
    whole = Level(str(campaign.organisation.name), campaign.organisation)
    by_unit: dict[Any, Level] = {}
    for entry in entries:
        renewal = entry.renewal
        if renewal is None or renewal.phase not in ELECTED_PHASES:
            continue
        unit = units.get(entry.branch.pk)
        key = None if is_direct_branch(unit) else unit.pk
        if key not in by_unit:
            name = _("直属党支部") if key is None else unit.name
            by_unit[key] = Level(str(name), None if key is None else unit)
        on = held.get(renewal.pk) or today
        people = [
            Person(post, m.birth_date, m.gender, m.education, on, None)
            if m is not None
            else Person(post, None, None, None, on, None)
            for post, m, _name in posts_of(renewal, elected[renewal.pk])
            if post not in COMMISSION_POSTS
        ]
        people += [
            Person(CANDIDATE, None, None, None, on, bool(n.pledge)) for n in candidates[renewal.pk]
        ]
        for level in (whole, by_unit[key]):
            level.renewals += 1
            level.people += people
    levels = [whole, *sorted(by_unit.values(), key=_unit_order)]
    for level in levels:
        level.figures = _figures(level.people, campaign.targets or {})
    return Statistics(levels=levels, included=len(entries), counted=whole.renewals)


def _unit_order(level: Level) -> tuple[int, str]:
    if level.organisation is None:
        return (0, "")
    return (1, level.organisation.path)
