"""Demo renewals sitting in each phase, made through the real services.

Each walk below takes a renewal one step further; `seed_renewals` strings them together for the
demo, and the tests reach the phase they test through the same walks (their parameters give the
variants a test needs). Where a phase waits for time to pass (the public notice, the meeting
notice), the walks move the dates back in the database, as if those days had gone by.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from branches.models import Organisation
from elections.documents import build_pdf
from elections.documents.common import local_day
from elections.domain import negative_list
from elections.models import (
    BODIES,
    DocumentKind,
    IssuedDocument,
    Meeting,
    MeetingKind,
    Nominee,
    NoticeKind,
    Phase,
    Renewal,
)
from elections.selectors import meeting as meeting_selectors
from elections.selectors.archive import HANDOVER_ITEMS, OWN_ITEM
from elections.selectors.candidates import standing_candidates
from elections.selectors.meeting import figures, meeting_of
from elections.selectors.notices import current_notice
from elections.selectors.prepare import census, electorate
from elections.services import approve, archive, meeting, prepare, publicise, recommend, rounds, vet
from members.models import Member

REPORT = (
    "一年来，支部委员会在上级党委的领导下，认真学习贯彻党的路线方针政策，"
    "严格落实“三会一课”制度，按期完成党员发展和党费收缴工作。"
)


#: How far ahead the demo's plans set the members' meeting.
PLANNED_DAYS_AHEAD = 30

#: Where the demo's notices send objections.
NOTICE_CONTACT = {"phone": "0571-87012345", "address": "机关党委组织科（机关办公楼五楼502室）"}


def publish_notice(renewal: Renewal, *, actor: Any) -> Renewal:
    return publicise.notice_publish(
        actor=actor, renewal=renewal, start=timezone.localdate(), **NOTICE_CONTACT
    )


def seed_renewals() -> None:
    User = get_user_model()
    staff = User.objects.get(username="zuzhi")
    approver = User.objects.get(username="shenpi")
    plans = {"JG-06": Phase.PREPARE, "JG-01": "submitted", "JG-02": Phase.RECOMMEND,
             "JG-07": Phase.VET, "JG-03": Phase.PUBLICISE, "JG-09": Phase.VOTE,
             "JG-11": Phase.APPROVE, "JG-08": Phase.ARCHIVE}  # fmt: skip
    for code, target in plans.items():
        branch = Organisation.objects.get(code=code)
        if branch.renewals.exists():
            continue
        renewal = prepare.renewal_open(actor=staff, branch=branch)
        if target == Phase.PREPARE:
            continue
        renewal = plan(renewal, actor=staff)
        if code == "JG-01":
            last = branch.members.filter(status="full").order_by("pk").last()
            exclusion = prepare.exclusion_add(
                actor=staff, renewal=renewal, member=last, reason="abroad_self_funded",
                note="2026年3月起自费出国探亲，预计一年",
            )  # fmt: skip
            prepare.exclusion_decide(actor=approver, exclusion=exclusion, approve=True)
        approved_by = None if target == "submitted" else approver
        renewal = submit_request(renewal, actor=staff, approver=approved_by)
        if target == "submitted":
            continue
        hold_recommendation(renewal, actor=staff)
        if target == Phase.RECOMMEND:
            continue
        renewal = vet_list(
            renewal, actor=staff, approver=approver, reviewed=2 if target == Phase.VET else None
        )
        if target == Phase.VET:
            continue
        renewal = publish_notice(renewal, actor=staff)
        if target == Phase.PUBLICISE:
            publicise.objection_submit(
                renewal=renewal,
                nominee=renewal.nominees.filter(approved=True).first(),
                text="建议核实该同志近期参加组织生活的情况。",
                address="demo",
            )
            continue
        renewal = to_vote(renewal, actor=staff)
        prepare_meeting(renewal, actor=staff)
        if target == Phase.VOTE:
            continue
        renewal = hold_meeting(renewal, actor=staff)
        if target == Phase.APPROVE:
            continue
        renewal = approve.renewal_approve_result(actor=approver, renewal=renewal)
        seal(renewal, actor=staff)


def plan(renewal: Renewal, *, actor: Any, **changes: Any) -> Renewal:
    """The demo's plan: five seats and a deputy, three posts, the meeting in 30 days; `changes`
    replace any of its fields (a branch without committee: seats=None, secretary_only=True)."""
    fields = {
        "seats": 5,
        "elect_deputy": True,
        "posts": ["organisation", "publicity", "discipline"],
        "meeting_date": timezone.localdate() + timedelta(days=PLANNED_DAYS_AHEAD),
        "meeting_place": "机关办公楼三楼会议室",
        "work_report": REPORT,
    }
    return prepare.renewal_update_plan(actor=actor, renewal=renewal, **(fields | changes))


def submit_request(renewal: Renewal, *, actor: Any, approver: Any = None) -> Renewal:
    """Submit the request; with an approver, it is approved and the renewal moves on."""
    renewal = prepare.renewal_submit_request(actor=actor, renewal=renewal)
    if approver is None:
        return renewal
    return prepare.renewal_approve_request(actor=approver, renewal=renewal)


def hold_recommendation(
    renewal: Renewal,
    *,
    actor: Any,
    votes: Sequence[int] | None = None,
    present: int | None = None,
    members: Sequence[Member] | None = None,
    posts: Sequence[str] | None = None,
) -> list[Nominee]:
    """The recommendation meeting today with `present` voters (all expected members but one by
    default), one nominee per count in `votes` (eight, from all the ballots down) taken in order
    from `members` (the full members of at least a year's Party age), the proposal applied.
    `posts`: what each nominee stands for, in a branch without a committee (secretary, deputy)."""
    today = timezone.localdate()
    expected = census(renewal)["expected"]
    present = expected - 1 if present is None else present
    recommend.recommendation_record(
        actor=actor, renewal=renewal, held_on=today, expected=expected, present=present,
        ballots=present,
    )  # fmt: skip
    if members is None:
        full = electorate(renewal.branch).filter(status="full").order_by("pk")
        members = [m for m in full if m.party_age(today) >= 1]
    if votes is None:
        votes = [max(present - index // 2, 0) for index in range(8)]
    standing_for = list(posts or [])
    nominees = [
        recommend.nominee_save(
            actor=actor,
            renewal=renewal,
            member=member,
            source="members",
            votes=count,
            post=standing_for[index] if index < len(standing_for) else "",
        )
        for index, (member, count) in enumerate(zip(members, votes, strict=False))
    ]
    recommend.list_apply_proposal(actor=actor, renewal=renewal)
    return nominees


def review(renewal: Renewal, *, approver: Any, nominees: Sequence[Nominee] | None = None) -> None:
    """The approver clears `nominees` (everybody on the list by default): the negative list
    checked, inspected, no discipline issue, a signed pledge."""
    if nominees is None:
        nominees = list(renewal.nominees.filter(on_list=True))
    for nominee in nominees:
        vet.nominee_review(
            actor=approver,
            nominee=nominee,
            negative_list_checked=list(negative_list.CODES),
            negative_list_failures="",
            inspection_notes="政治坚定，工作扎实，群众公认。",
            discipline_opinion="经核查，未发现违纪违法问题。",
            approved=True,
            pledge=SimpleUploadedFile("承诺书.pdf", b"%PDF-1.4\n% demo pledge\n"),
        )


def vet_list(
    renewal: Renewal, *, actor: Any, approver: Any, reviewed: int | None = None
) -> Renewal:
    """Submit the list for vetting and review it; once every nominee on it is reviewed, the list is
    approved. With `reviewed`, only that many are, and the list stays in vetting."""
    renewal = recommend.renewal_submit_list(actor=actor, renewal=renewal)
    listed = list(renewal.nominees.filter(on_list=True))
    review(renewal, approver=approver, nominees=listed[:reviewed])
    if reviewed is not None:
        return renewal
    return vet.renewal_approve_list(actor=approver, renewal=renewal)


def backdate_notice(renewal: Renewal, days: int, kind: str = NoticeKind.CANDIDATES) -> Renewal:
    """Move the renewal's notices of `kind` `days` into the past, as if they had gone by; each
    notice as issued then gives those dates."""
    for notice in renewal.notices.filter(kind=kind).select_related("document"):
        notice.start -= timedelta(days=days)
        notice.end -= timedelta(days=days)
        notice.published_at -= timedelta(days=days)
        notice.save(update_fields=["start", "end", "published_at"])
        if notice.document:
            issue_again(notice.document, issued_at=notice.document.issued_at - timedelta(days=days),
                        notice=notice)  # fmt: skip
    renewal.refresh_from_db()
    return renewal


def issue_again(doc: IssuedDocument, *, issued_at: datetime, **params: Any) -> None:
    """Store `doc` as it would have been issued at `issued_at` (its number kept), for the walks
    that move a renewal's dates into the past; `params` go to the builder (a notice's `notice`)."""
    dated = {} if doc.kind == DocumentKind.MEETING_NOTICE else {"on": local_day(issued_at)}
    data = build_pdf(doc.renewal, doc.kind, number=doc.number, **dated, **params)
    name = Path(doc.file.name).name
    doc.file.delete(save=False)
    doc.file.save(name, ContentFile(data), save=False)
    doc.sha256, doc.issued_at = hashlib.sha256(data).hexdigest(), issued_at
    doc.save(update_fields=["file", "sha256", "issued_at"])


def to_vote(renewal: Renewal, *, actor: Any) -> Renewal:
    """Publish the notice today (unless it is out already), end it as if its days had passed, and
    enter the vote phase."""
    notice = current_notice(renewal, NoticeKind.CANDIDATES)
    if notice is None:
        renewal = publish_notice(renewal, actor=actor)
        notice = current_notice(renewal, NoticeKind.CANDIDATES)
    renewal = backdate_notice(renewal, (notice.end - timezone.localdate()).days + 1)
    return publicise.renewal_finish_notice(actor=actor, renewal=renewal)


def prepare_meeting(renewal: Renewal, *, actor: Any) -> Meeting:
    """Notice, formal candidates, scrutineers and counters, the method adopted; the day is today."""
    today = timezone.localdate()
    days = renewal.ruleset().meeting_notice_days
    meeting.meeting_update(
        actor=actor, renewal=renewal, kind=MeetingKind.MEMBERS,
        held_on=today + timedelta(days=days),
        start_time=None, place=renewal.meeting_place or "会议室", chair="上届支部书记",
        agenda="一、听取和审查上届支部委员会工作报告\n二、通过选举办法和监票人、计票人名单\n"
        "三、选举新一届支部委员会\n四、新一届委员会第一次全体会议选举书记、副书记",
    )  # fmt: skip
    meeting.meeting_notice_issue(actor=actor, renewal=renewal)
    standing = standing_candidates(renewal)
    meeting.candidates_confirm(actor=actor, renewal=renewal, nominees=standing)
    others = [
        m for m in electorate(renewal.branch).filter(status="full").order_by("pk")
        if m.pk not in {n.member_id for n in standing}
    ]  # fmt: skip
    meeting.meeting_staff_set(
        actor=actor, renewal=renewal, kind=MeetingKind.MEMBERS,
        scrutineers=others[:2], counters=others[2:4],
    )  # fmt: skip
    meeting.method_adopt(actor=actor, renewal=renewal)
    meeting_today(renewal, notice_days=days)
    return meeting_of(renewal)


def meeting_today(renewal: Renewal, *, notice_days: int) -> None:
    """As if the members' meeting had been planned for today from the start: the plan's date and
    the meeting's day become today, the notice went out `notice_days` before, and the request,
    the reply and the meeting notice are issued again from those dates (numbers kept), so that
    all four name the same day."""
    today = timezone.localdate()
    Renewal.objects.filter(pk=renewal.pk).update(meeting_date=today)
    members = meeting_of(renewal)
    Meeting.objects.filter(pk=members.pk).update(
        held_on=today, notice_issued_at=members.notice_issued_at - timedelta(days=notice_days)
    )
    renewal.refresh_from_db()
    # The request went up a month before the meeting and came back approved two days later.
    issued_days_before = {
        DocumentKind.REQUEST: PLANNED_DAYS_AHEAD,
        DocumentKind.REQUEST_REPLY: PLANNED_DAYS_AHEAD - 2,
        DocumentKind.MEETING_NOTICE: notice_days,
    }
    for doc in renewal.documents.filter(kind__in=issued_days_before):
        issue_again(doc, issued_at=timezone.now() - timedelta(days=issued_days_before[doc.kind]))


def attend(renewal: Renewal, *, actor: Any, kind: str = MeetingKind.MEMBERS) -> None:
    """Everybody comes: the whole organisation to the members' meeting, the committee (or the
    commission) to its plenary."""
    people = (
        electorate(renewal.branch)
        if kind == MeetingKind.MEMBERS
        else [elected.member for elected in meeting_selectors.plenary_members(renewal, kind)]
    )
    for member in people:
        meeting.attendance_set(actor=actor, renewal=renewal, kind=kind, member=member, present=True)


def _totals_round(renewal: Renewal, kind: str, *, actor, chosen=None, scrutineer: str) -> None:
    """A round counted from totals: everybody present votes yes for the first `seats` names."""
    round_ = rounds.round_open(
        actor=actor, renewal=renewal, kind=kind, issued=figures(
            meeting_of(renewal, kind)).present, chosen=chosen,
    )  # fmt: skip
    rounds.round_record_returned(actor=actor, round_=round_, returned=round_.issued, mode="totals")
    names = round_.names
    valid = round_.issued
    yes = {n: (valid - i if i < round_.seats else i - round_.seats) for i, n in enumerate(names)}
    yes = {n: max(0, min(v, valid)) for n, v in yes.items()}
    rounds.totals_save(
        actor=actor, round_=round_, yes=yes, no={n: valid - v for n, v in yes.items()},
        abstain={n: 0 for n in names}, invalid=0, write_ins={},
    )  # fmt: skip
    rounds.round_close(actor=actor, round_=round_, confirmed_by=scrutineer)


def hold_meeting(renewal: Renewal, *, actor, signed_in: bool = False) -> Renewal:
    """Everybody attends (a congress's delegates `signed_in` already); the committee, then the
    secretary and deputy; duties; the report."""
    members_meeting = meeting_of(renewal)
    if not signed_in:
        attend(renewal, actor=actor)
    scrutineer = members_meeting.scrutineers.first().name
    # The committee, then (where the meeting elects one) the commission, each its own ballot.
    for _body in set(meeting_selectors.bodies(renewal, MeetingKind.MEMBERS)) & set(BODIES):
        _totals_round(renewal, MeetingKind.MEMBERS, actor=actor, scrutineer=scrutineer)
    committee = meeting_selectors.committee(renewal)
    meeting.meeting_update(
        actor=actor, renewal=renewal, kind=MeetingKind.PLENARY, held_on=timezone.localdate(),
        start_time=None, place=members_meeting.place, chair=committee[0].name, agenda="",
    )  # fmt: skip
    meeting.meeting_staff_set(
        actor=actor, renewal=renewal, kind=MeetingKind.PLENARY,
        scrutineers=[committee[-1].member], counters=[],
    )  # fmt: skip
    attend(renewal, actor=actor, kind=MeetingKind.PLENARY)
    for elected in committee[:2] if renewal.elect_deputy else committee[:1]:
        _totals_round(
            renewal, MeetingKind.PLENARY, actor=actor, chosen=[elected.member],
            scrutineer=committee[-1].name,
        )  # fmt: skip
    if renewal.commission_seats:
        plenary(renewal, MeetingKind.COMMISSION, actor=actor, place=members_meeting.place)
    duties = ["organisation", "publicity", "discipline", "youth", "member"]
    rest = [e for e in meeting_selectors.committee(renewal) if not e.duty]
    rounds.duties_set(
        actor=actor, renewal=renewal,
        duties={e.pk: duties[min(i, len(duties) - 1)] for i, e in enumerate(rest)},
    )  # fmt: skip
    return approve.renewal_submit_result(actor=actor, renewal=renewal)


def plenary(renewal: Renewal, kind: str, *, actor: Any, place: str) -> None:
    """A first plenary today, chaired by its first member, its last the scrutineer; everybody
    attends and elects its first member to the one post it elects (the commission's secretary)."""
    people = meeting_selectors.plenary_members(renewal, kind)
    meeting.meeting_update(
        actor=actor, renewal=renewal, kind=kind, held_on=timezone.localdate(),
        start_time=None, place=place, chair=people[0].name, agenda="",
    )  # fmt: skip
    meeting.meeting_staff_set(
        actor=actor, renewal=renewal, kind=kind, scrutineers=[people[-1].member], counters=[]
    )
    attend(renewal, actor=actor, kind=kind)
    _totals_round(renewal, kind, actor=actor, chosen=[people[0].member], scrutineer=people[-1].name)


def seal(renewal: Renewal, *, actor) -> Renewal:
    committee = meeting_selectors.committee(renewal)
    handover = [
        {"item": code, "handed_by": "上届支部书记", "received_by": committee[0].name, "note": ""}
        for code, _label in HANDOVER_ITEMS
    ]
    handover.append(
        {"item": OWN_ITEM, "label": "办公场所", "handed_by": "上届支部书记",
         "received_by": committee[0].name, "note": "党员活动室钥匙两把"}
    )  # fmt: skip
    archive.archive_save(
        actor=actor, renewal=renewal, handover=handover,
        summary="本次换届严格按照《中国共产党基层组织选举工作条例》进行，"
        "党员参与积极，选举过程规范有序，新一届支部委员会已顺利产生并完成工作交接。",
    )  # fmt: skip
    return archive.renewal_seal(actor=actor, renewal=renewal)
