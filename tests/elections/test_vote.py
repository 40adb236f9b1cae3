"""The members' meeting, the count, the first plenary, approval and the sealed archive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from branches.models import AuditEvent
from elections import demo
from elections.models import (
    Body,
    DocumentKind,
    Elected,
    Meeting,
    MeetingKind,
    Round,
    RoundKind,
    RoundStatus,
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
    ballot_delete,
    ballot_save,
    round_open,
    round_record_returned,
    totals_save,
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


def test_a_scrutineer_is_never_made_a_candidate(users, voting):
    """R14 the other way round: candidates confirmed after the scrutineers were chosen."""
    actor = users["secretary"]
    standing = standing_candidates(voting)
    meeting_staff_set(
        actor=actor, renewal=voting, kind="members", scrutineers=[standing[0].member], counters=[]
    )
    with pytest.raises(ValidationError) as refused:
        candidates_confirm(actor=actor, renewal=voting, nominees=standing)
    assert refused.value.messages == [
        f"监票人：{standing[0].member.name}是候选人，不能担任监票人",
        "请先更换监票人。",
    ]
    assert formal_candidates(voting) == []


def test_first_plenary_quorum_follows_the_profile(voting):
    """R15: the plenary's quorum is R5 with the committee as E (strict: more than 4/5 of the
    committee present; 4 of 5 used to be enough, as "more than half" was hard-coded), or more
    than half of the committee with plenary_quorum "half"."""
    members = list(voting.branch.members.filter(status="full").order_by("pk")[:5])
    won = Round.objects.create(
        meeting=meeting_of(voting), number=1, body=Body.COMMITTEE, kind=RoundKind.FIRST, seats=5,
        candidates=[{"name": m.name, "member": m.pk} for m in members],
        expected=9, present=9, issued=9, returned=9, status=RoundStatus.CLOSED,
    )  # fmt: skip
    for member in members:
        Elected.objects.create(
            renewal=voting, body=Body.COMMITTEE, member=member, name=member.name, votes=9, round=won
        )
    plenary = meeting_of(voting, MeetingKind.PLENARY)
    plenary.present.set(members[:4])
    counted = figures_of(plenary)
    assert (counted.expected, counted.present, counted.quorum) == (5, 4, False)
    assert counted.min_present == 5
    plenary.present.set(members)
    assert figures_of(plenary).quorum
    for setting, least in (({"quorum": "lenient"}, 4), ({"plenary_quorum": "half"}, 3)):
        voting.rules = {**voting.rules, **setting}
        voting.save(update_fields=["rules"])
        plenary = meeting_of(voting, MeetingKind.PLENARY)
        plenary.present.set(members[:least])
        assert figures_of(plenary).quorum
        assert figures_of(plenary).min_present == least
        plenary.present.set(members[: least - 1])
        assert not figures_of(plenary).quorum
        voting.rules = {k: v for k, v in voting.rules.items() if k not in setting}


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
    assert round_.result.void
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
    with pytest.raises(ValidationError, match="空白选票请逐人按弃权键"):
        parse_marks(round_, "")
    assert parse_marks(round_, "１２３ＡYNa") == parse_marks(round_, "YNAAYNA")
    # A write-in beside a "yes" is kept as marked; the count makes it void (R8).
    beside_yes = ballot_save(
        actor=users["secretary"], round_=round_,
        marks=parse_marks(round_, "YYYYAAA"), write_ins=["某人"],
    )  # fmt: skip
    assert (beside_yes.write_ins, beside_yes.valid) == (["某人"], True)
    ballot_delete(actor=users["secretary"], entry=beside_yes)
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


def test_round_page_previews_the_count_before_the_scrutineer_confirms(client, users, voting):
    """While the round is open the page shows the count as it stands, in the votes table the
    tally sheet prints, and nothing is stored until a scrutineer confirms it."""
    demo.prepare_meeting(voting, actor=users["secretary"])
    demo.attend(voting, actor=users["secretary"])
    actor = users["secretary"]
    round_ = round_open(actor=actor, renewal=voting, kind="members", issued=9)
    round_record_returned(actor=actor, round_=round_, returned=9, mode="totals")
    yes = {name: 9 - index for index, name in enumerate(round_.names)}  # 9, 8, ... 3
    totals_save(
        actor=actor, round_=round_, yes=yes, no={n: 9 - v for n, v in yes.items()},
        abstain={n: 0 for n in yes}, invalid=0, write_ins={},
    )  # fmt: skip
    client.force_login(actor)
    page = client.get(reverse("elections:round_detail", args=[voting.pk, round_.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "计票结果（待监票人确认）" in html
    assert '<table class="votes table table-sm">' in html
    sheet = page.context["sheet"]
    assert not sheet.closed
    assert [(row.name, row.yes, row.no) for row in sheet.rows] == [
        (name, votes, 9 - votes) for name, votes in yes.items()
    ]
    assert [row.result for row in sheet.rows] == ["当选"] * 5 + ["未当选"] * 2
    assert page.context["result"].elected == tuple(round_.names[:5])
    round_.refresh_from_db()
    assert round_.outcome == {}
    assert round_.result is None


def test_ticking_someone_already_present_records_nothing(users, voting):
    """Regression: every tick wrote an audit event, even when nothing changed."""
    demo.prepare_meeting(voting, actor=users["secretary"])
    member = voting.branch.members.first()
    events = AuditEvent.objects.filter(action="attendance_set", target_id=str(voting.pk))
    for _ in range(3):
        attendance_set(
            actor=users["secretary"], renewal=voting, kind="members", member=member, present=True
        )
    assert events.count() == 1
    assert meeting_of(voting).present.filter(pk=member.pk).exists()
