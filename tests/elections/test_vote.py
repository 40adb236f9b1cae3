"""The members' meeting, the count, the first plenary, approval and the sealed archive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from elections import demo
from elections.models import (
    DocumentKind,
    Meeting,
    RoundKind,
)
from elections.selectors.candidates import standing_candidates
from elections.selectors.count import parse_marks
from elections.selectors.meeting import figures as figures_of
from elections.selectors.meeting import (
    formal_candidates,
    meeting_of,
)
from elections.selectors.rounds import next_round
from elections.services.meeting import (
    attendance_set,
    candidates_confirm,
    meeting_notice_issue,
    meeting_staff_set,
    meeting_update,
)
from elections.services.rounds import (
    ballot_save,
    round_open,
    round_record_returned,
)


def test_meeting_notice_period_is_a_gate(users, voting):
    actor = users["secretary"]
    meeting_update(
        actor=actor, renewal=voting, kind="members",
        held_on=timezone.localdate() + timedelta(days=1),
        start_time=None, place="会议室", chair="老书记", agenda="",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="至少提前 2 天"):
        meeting_notice_issue(actor=actor, renewal=voting)
    meeting_update(
        actor=actor, renewal=voting, kind="members",
        held_on=timezone.localdate() + timedelta(days=2),
        start_time=None, place="会议室", chair="老书记", agenda="",
    )  # fmt: skip
    meeting_notice_issue(actor=actor, renewal=voting)
    assert voting.documents.filter(kind=DocumentKind.MEETING_NOTICE).count() == 1


def test_moving_the_meeting_withdraws_the_notice(users, voting):
    m = demo.prepare_meeting(voting, actor=users["secretary"])
    assert m.notice_issued_at is not None
    Meeting.objects.filter(pk=m.pk).update(method_adopted_at=None)
    meeting_update(
        actor=users["secretary"], renewal=voting, kind="members",
        held_on=timezone.localdate() + timedelta(days=9), start_time=None,
        place="会议室", chair="老书记", agenda="",
    )  # fmt: skip
    assert meeting_of(voting).notice_issued_at is None


def test_a_candidate_is_never_a_scrutineer(users, voting):
    m = demo.prepare_meeting(voting, actor=users["secretary"])
    candidate = formal_candidates(voting)[0].member
    with pytest.raises(ValidationError, match="候选人，不能担任监票人"):
        meeting_staff_set(
            actor=users["secretary"], renewal=voting, kind="members",
            scrutineers=[candidate], counters=[],
        )  # fmt: skip
    assert list(m.scrutineers.all()) != [candidate]


def test_formal_candidates_keep_the_differential(users, voting):
    standing = standing_candidates(voting)
    with pytest.raises(ValidationError, match="差额选举所需的 6 名"):
        candidates_confirm(actor=users["secretary"], renewal=voting, nominees=standing[:5])


def test_no_quorum_no_ballots_and_probationary_members_do_not_count(users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    full = list(voting.branch.members.filter(status="full").order_by("pk"))
    probationary = voting.branch.members.get(status="probationary")
    # E = 9: strict quorum needs 5*P > 4*E, so P >= 8.
    for member in [*full[:7], probationary]:
        attendance_set(
            actor=users["secretary"], renewal=voting, kind="members", member=member, present=True
        )
    figures = figures_of(meeting_of(voting))
    assert (figures.expected, figures.present, figures.attending) == (9, 7, 8)
    assert not figures.quorum
    with pytest.raises(ValidationError, match="不足法定人数"):
        round_open(actor=users["secretary"], renewal=voting, kind="members", issued=7)
    attendance_set(
        actor=users["secretary"], renewal=voting, kind="members", member=full[7], present=True
    )
    assert figures_of(meeting_of(voting)).quorum
    with pytest.raises(ValidationError, match="多于实到会有选举权"):
        round_open(actor=users["secretary"], renewal=voting, kind="members", issued=9)
    round_ = round_open(actor=users["secretary"], renewal=voting, kind="members", issued=8)
    assert (round_.expected, round_.present, round_.kind) == (9, 8, RoundKind.FIRST)


def test_more_ballots_returned_than_issued_voids_the_round(users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    demo.attend(voting, actor=users["secretary"])
    round_ = round_open(actor=users["secretary"], renewal=voting, kind="members", issued=8)
    round_record_returned(actor=users["secretary"], round_=round_, returned=9, mode="ballots")
    round_.refresh_from_db()
    assert round_.outcome["void"]
    assert not round_.is_open
    plan = next_round(round_.meeting)
    assert plan.kind == RoundKind.REPEAT
    assert plan.seats == 5
    assert voting.documents.filter(kind=DocumentKind.TALLY).count() == 1


def test_ballots_are_checked_as_keyed_and_can_be_corrected(users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    demo.attend(voting, actor=users["secretary"])
    round_ = round_open(actor=users["secretary"], renewal=voting, kind="members", issued=9)
    round_record_returned(actor=users["secretary"], round_=round_, returned=9, mode="ballots")
    with pytest.raises(ValidationError, match="应为 7 个"):
        parse_marks(round_, "YYN")
    with pytest.raises(ValidationError, match="不是有效的键"):
        parse_marks(round_, "YYYYYYX")
    six_yes = ballot_save(
        actor=users["secretary"], round_=round_,
        marks=parse_marks(round_, "YYYYYYN"), write_ins=[],
    )  # fmt: skip
    assert not six_yes.valid
    with pytest.raises(ValidationError, match="多于“不赞成”"):
        ballot_save(
            actor=users["secretary"], round_=round_,
            marks=parse_marks(round_, "YYYYAAA"), write_ins=["某人"],
        )  # fmt: skip
    fixed = ballot_save(
        actor=users["secretary"], round_=round_,
        marks=parse_marks(round_, "YYYYYNN"), write_ins=[], entry=six_yes,
    )  # fmt: skip
    assert fixed.pk == six_yes.pk
    assert fixed.valid
    assert round_.ballots.count() == 1
    # Secret ballot: nothing on a keyed ballot points at a voter.
    assert {f.name for f in type(fixed)._meta.get_fields()} == {
        "id",
        "round",
        "number",
        "marks",
        "write_ins",
        "valid",
    }
