"""Reads of the public notices (公示): who each one named, which is current, and whether everyone
who must be publicised has been, for a full period without an open objection."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.utils import timezone

from branches.models import Post
from elections import domain
from elections.models import (
    Nominee,
    Notice,
    NoticeKind,
    ObjectionStatus,
    Phase,
    Renewal,
)
from elections.selectors.archive import term_posts
from elections.selectors.candidates import notice_candidates

#: The phases in which each kind of notice is published (and its public page is open).
NOTICE_PHASES = {
    NoticeKind.PRELIMINARY: (Phase.RECOMMEND, Phase.VET),
    NoticeKind.CANDIDATES: (Phase.PUBLICISE,),
    NoticeKind.APPOINTMENT: (Phase.ARCHIVE,),
}


def notices_of(renewal: Renewal, kind: str | None = None) -> list[Notice]:
    """The renewal's notices, oldest first (every kind when `kind` is None)."""
    qs = renewal.notices.select_related("document", "published_by")
    if kind is not None:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("kind", "number"))


def current_notice(renewal: Renewal, kind: str) -> Notice | None:
    return renewal.notices.filter(kind=kind).order_by("-number").first()


def notice_rules(renewal: Renewal, kind: str) -> domain.RuleSet:
    """The rules that set a notice's period: the 任职公示 counts its own number of working days."""
    rules = renewal.ruleset()
    if kind == NoticeKind.APPOINTMENT:
        return dataclasses.replace(
            rules, publicity_days=rules.appointment_notice_days, publicity_working_days=True
        )
    return rules


def notice_required(renewal: Renewal, kind: str) -> bool:
    rules = renewal.ruleset()
    if kind == NoticeKind.PRELIMINARY:
        return rules.preliminary_notice
    if kind == NoticeKind.APPOINTMENT:
        return rules.appointment_notice_days > 0
    return True


def notice_people(renewal: Renewal, kind: str) -> list[dict]:
    """The people a notice of `kind` would name now, as stored on it: {"id", "name"} (nominee
    ids, in stroke order, R7) or, for the 任职公示, {"id": None, "name", "post"} in post order."""
    if kind == NoticeKind.APPOINTMENT:
        return [
            {"id": None, "name": name, "post": str(Post(post).label)}
            for post, _member, name in term_posts(renewal)
        ]
    if kind == NoticeKind.CANDIDATES:
        nominees = notice_candidates(renewal)
    else:
        listed = renewal.nominees.filter(on_list=True, withdrawn_reason="").select_related("member")
        nominees = sorted(listed, key=lambda n: domain.stroke_key(n.member.name))
    return [{"id": n.pk, "name": n.member.name} for n in nominees]


def running(notice: Notice, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    return domain.publicity_running(notice.start, on=on, last_day=notice.end)


def over(notice: Notice, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    return domain.publicity_over(notice.start, on=on, last_day=notice.end)


def _covered(person: dict, notice: Notice) -> bool:
    # The 任职公示 names the committee as approved, which no longer changes: any notice covers it.
    return person["id"] is None or person["id"] in notice.ids


def unpublished(renewal: Renewal, kind: str) -> list[str]:
    """Names of the people a notice of `kind` must name who are on none published so far."""
    notices = list(renewal.notices.filter(kind=kind))
    people = notice_people(renewal, kind)
    return [p["name"] for p in people if not any(_covered(p, n) for n in notices)]


def notice_gate(renewal: Renewal, kind: str, *, on: date | None = None) -> dict:
    """What stands between the people of `kind` and the end of their publicity: those on no notice
    yet, the latest end among the notices that cover someone and have not run their period, and
    the open objections. Each person counts as publicised once any notice that named them is
    over."""
    on = on or timezone.localdate()
    notices = list(renewal.notices.filter(kind=kind).order_by("number"))
    missing, waiting = [], []
    for person in notice_people(renewal, kind):
        covering = [n for n in notices if _covered(person, n)]
        if not covering:
            missing.append(person["name"])
        elif not any(over(n, on) for n in covering):
            waiting.append(max(n.end for n in covering))
    open_objections = renewal.objections.filter(status=ObjectionStatus.OPEN)
    if kind == NoticeKind.CANDIDATES:
        others = [NoticeKind.PRELIMINARY, NoticeKind.APPOINTMENT]
        open_objections = open_objections.exclude(notice__kind__in=others)
    else:
        open_objections = open_objections.filter(notice__kind=kind)
    return {
        "published": bool(notices),
        "missing": missing,
        "ends": max(waiting) if waiting else None,
        "open_objections": open_objections.count(),
        "next_number": (notices[-1].number + 1) if notices else 1,
    }


def showing_notice(renewal: Renewal) -> Notice | None:
    """The notice the renewal's public page shows now: the latest of the kind that belongs to the
    renewal's phase (none once that phase is over or the archive is sealed)."""
    if renewal.sealed_at:
        return None
    kinds = [k for k, phases in NOTICE_PHASES.items() if renewal.phase in phases]
    return renewal.notices.filter(kind__in=kinds).order_by("-published_at", "-pk").first()


def public_notice_for(token: str) -> tuple[Renewal, Notice] | None:
    """The renewal behind a public link and the notice it shows now."""
    renewal = (
        Renewal.objects.select_related("branch", "branch__parent")
        .filter(public_token=token)
        .first()
    )
    notice = showing_notice(renewal) if renewal else None
    return (renewal, notice) if notice else None


def people_on(notice: Notice) -> list:
    """The nominees (with their members) named on a candidates' or preliminary notice, in the
    notice's order; an appointment notice names the new committee, read from `notice.people`."""
    if notice.kind == NoticeKind.APPOINTMENT:
        return []
    found = {n.pk: n for n in Nominee.objects.filter(pk__in=notice.ids).select_related("member")}
    return [found[p["id"]] for p in notice.people if p.get("id") in found]
