from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from elections.domain.negative_list import CODES
from elections.models import (
    Meeting,
    MeetingKind,
    Renewal,
)
from elections.selectors.candidates import standing_candidates
from elections.selectors.count import parse_marks, split_names
from elections.selectors.meeting import committee as committee_of
from elections.selectors.meeting import (
    meeting_of,
)
from elections.services.meeting import (
    attendance_set,
    candidates_confirm,
    meeting_notice_issue,
    meeting_staff_set,
    meeting_update,
    method_adopt,
)
from elections.services.prepare import (
    renewal_approve_request,
    renewal_open,
    renewal_submit_request,
    renewal_update_plan,
)
from elections.services.publicise import (
    notice_publish,
    renewal_finish_notice,
)
from elections.services.recommend import (
    list_apply_proposal,
    nominee_save,
    recommendation_record,
    renewal_submit_list,
)
from elections.services.rounds import (
    ballot_save,
)
from elections.services.vet import nominee_review, renewal_approve_list
from tests.conftest import make_member


@pytest.fixture
def big_branch(tree):
    """B1 with 9 full members (a committee of 3 to 5) and one probationary member."""
    b1 = tree["b1"]
    for i in range(8):
        make_member(b1, name=f"甲{i}")
    make_member(b1, name="预备", status="probationary")
    return b1


@pytest.fixture
def renewal(users, big_branch):
    return renewal_open(actor=users["secretary"], branch=big_branch)


@pytest.fixture
def planned(users, renewal):
    return renewal_update_plan(
        actor=users["secretary"],
        renewal=renewal,
        seats=5,
        secretary_only=False,
        elect_deputy=True,
        posts=["organisation", "publicity", "discipline"],
        meeting_date=timezone.localdate() + timedelta(days=30),
        meeting_place="机关三楼会议室",
        work_report="一年来，支部委员会……",
    )


@pytest.fixture
def publicising(users, planned):
    renewal = renewal_submit_request(actor=users["secretary"], renewal=planned)
    renewal = renewal_approve_request(actor=users["approver"], renewal=renewal)
    recommendation_record(
        actor=users["secretary"], renewal=renewal, held_on=timezone.localdate(),
        expected=9, present=9, ballots=9,
    )  # fmt: skip
    members = renewal.branch.members.filter(status="full").order_by("pk")[:7]
    for member in members:
        nominee_save(
            actor=users["secretary"], renewal=renewal, member=member, source="members", votes=8
        )
    list_apply_proposal(actor=users["secretary"], renewal=renewal)
    renewal = renewal_submit_list(actor=users["secretary"], renewal=renewal)
    for nominee in renewal.nominees.filter(on_list=True):
        nominee_review(
            actor=users["approver"], nominee=nominee, negative_list_failures="",
            negative_list_checked=list(CODES),
            inspection_notes="好", discipline_opinion="无", approved=True,
            pledge=SimpleUploadedFile("p.pdf", b"%PDF"),
        )  # fmt: skip
    return renewal_approve_list(actor=users["approver"], renewal=renewal)


def backdate(renewal: Renewal, days: int) -> Renewal:
    Renewal.objects.filter(pk=renewal.pk).update(
        notice_start=renewal.notice_start - timedelta(days=days),
        notice_end=renewal.notice_end - timedelta(days=days),
    )
    renewal.refresh_from_db()
    return renewal


@pytest.fixture
def voting(users, publicising):
    renewal = notice_publish(
        actor=users["secretary"], renewal=publicising, start=timezone.localdate()
    )
    renewal = backdate(renewal, 30)
    return renewal_finish_notice(actor=users["secretary"], renewal=renewal)


def prepare_meeting(users, renewal: Renewal, *, formal: int = 7) -> Meeting:
    """Notice, formal candidates, scrutineers and the method; then the meeting day arrives."""
    actor = users["secretary"]
    meeting_update(
        actor=actor, renewal=renewal, kind=MeetingKind.MEMBERS,
        held_on=timezone.localdate() + timedelta(days=3), start_time=None,
        place="三楼会议室", chair="老书记", agenda="一、听取工作报告\n二、选举",
    )  # fmt: skip
    meeting_notice_issue(actor=actor, renewal=renewal)
    standing = standing_candidates(renewal)
    chosen = sorted(standing, key=lambda n: n.pk)[:formal]
    candidates_confirm(actor=actor, renewal=renewal, nominees=chosen)
    others = renewal.branch.members.exclude(pk__in=[n.member_id for n in chosen])
    outsider = others.filter(status="full").first()
    meeting_staff_set(
        actor=actor, renewal=renewal, kind=MeetingKind.MEMBERS,
        scrutineers=[outsider], counters=[],
    )  # fmt: skip
    method_adopt(actor=actor, renewal=renewal)
    Meeting.objects.filter(renewal=renewal, kind="members").update(held_on=timezone.localdate())
    return meeting_of(renewal)


def attend_all(users, renewal: Renewal, kind: str = MeetingKind.MEMBERS) -> None:
    people = (
        renewal.branch.members.all()
        if kind == MeetingKind.MEMBERS
        else [e.member for e in committee_of(renewal)]
    )
    for member in people:
        attendance_set(
            actor=users["secretary"], renewal=renewal, kind=kind, member=member, present=True
        )


def key(users, round_, rows: list[tuple[str, str]]) -> None:
    for keys, write_ins in rows:
        ballot_save(
            actor=users["secretary"], round_=round_,
            marks=parse_marks(round_, keys),
            write_ins=split_names(write_ins),
        )  # fmt: skip
