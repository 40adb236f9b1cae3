"""The members' meeting, the count, the first plenary, approval and the sealed archive."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from branches.models import Term
from elections.models import (
    Body,
    DocumentKind,
    Meeting,
    MeetingKind,
    Phase,
    Renewal,
    RoundKind,
)
from elections.selectors.archive import HANDOVER_ITEMS
from elections.selectors.candidates import standing_candidates
from elections.selectors.count import parse_marks, split_names
from elections.selectors.meeting import (
    bodies,
    committee_seats,
    formal_candidates,
    meeting_of,
)
from elections.selectors.meeting import committee as committee_of
from elections.selectors.meeting import figures as figures_of
from elections.selectors.rounds import next_round, shortfall_round
from elections.services.approve import renewal_approve_result, renewal_submit_result
from elections.services.archive import archive_save, renewal_seal
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
from elections.services.publicise import notice_publish, renewal_finish_notice
from elections.services.recommend import (
    list_apply_proposal,
    nominee_save,
    recommendation_record,
    renewal_submit_list,
)
from elections.services.rounds import (
    ballot_save,
    duties_set,
    round_close,
    round_open,
    round_record_returned,
    seats_reduce,
    totals_save,
)
from elections.services.vet import nominee_review, renewal_approve_list
from elections.workflow import TransitionRefused, blockers

from .test_publicity import backdate, publicising  # noqa: F401  (fixture)


@pytest.fixture
def voting(users, publicising):  # noqa: F811
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
    m = prepare_meeting(users, voting)
    assert m.notice_issued_at is not None
    Meeting.objects.filter(pk=m.pk).update(method_adopted_at=None)
    meeting_update(
        actor=users["secretary"], renewal=voting, kind="members",
        held_on=timezone.localdate() + timedelta(days=9), start_time=None,
        place="会议室", chair="老书记", agenda="",
    )  # fmt: skip
    assert meeting_of(voting).notice_issued_at is None


def test_a_candidate_is_never_a_scrutineer(users, voting):
    m = prepare_meeting(users, voting)
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
    prepare_meeting(users, voting)
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
    prepare_meeting(users, voting)
    attend_all(users, voting)
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
    prepare_meeting(users, voting)
    attend_all(users, voting)
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


def test_whole_meeting_tie_runoff_plenary_approval_and_archive(users, voting):
    actor = users["secretary"]
    prepare_meeting(users, voting)
    attend_all(users, voting)
    names = [n.member.name for n in formal_candidates(voting)]
    round_ = round_open(actor=actor, renewal=voting, kind="members", issued=9)
    assert round_.names == names
    round_record_returned(actor=actor, round_=round_, returned=9, mode="ballots")
    # P = 9, so 5 yes elect. Candidates 1-4 get 8, 8, 7, 7; 5 and 6 tie on 5 for the last seat.
    rows = [
        ("YYYYYNN", ""), ("YYYYYNN", ""), ("YYYYYNN", ""), ("YYYAYYN", ""),
        ("YYAYYYN", ""), ("YYYYNYN", ""), ("YYYYNYN", ""), ("YYYYNYN", ""),
        ("YYYYYYY", ""),  # seven yes for five seats: invalid
    ]  # fmt: skip
    key(users, round_, rows)
    with pytest.raises(ValidationError, match="监票人"):
        round_close(actor=actor, round_=round_, confirmed_by="路人")
    scrutineer = round_.meeting.scrutineers.get().name
    round_close(actor=actor, round_=round_, confirmed_by=scrutineer)
    round_.refresh_from_db()
    outcome = round_.outcome
    assert outcome["invalid"] == 1
    assert outcome["valid"] == 8
    assert outcome["elected"] == names[:4]
    assert outcome["runoff"] == names[4:6]
    assert outcome["runoff_seats"] == 1
    plan = next_round(round_.meeting)
    assert plan.kind == RoundKind.RUNOFF
    assert [c for c, _ in plan.candidates] == names[4:6]
    runoff = round_open(actor=actor, renewal=voting, kind="members", issued=9)
    assert not runoff.allow_write_ins
    round_record_returned(actor=actor, round_=runoff, returned=9, mode="totals")
    with pytest.raises(ValidationError, match="应等于有效票数"):
        totals_save(
            actor=actor, round_=runoff, yes={names[4]: 6, names[5]: 3},
            no={names[4]: 1, names[5]: 6}, abstain={names[4]: 1, names[5]: 0},
            invalid=0, write_ins={},
        )  # fmt: skip
    totals_save(
        actor=actor, round_=runoff, yes={names[4]: 6, names[5]: 3},
        no={names[4]: 2, names[5]: 6}, abstain={names[4]: 1, names[5]: 0},
        invalid=0, write_ins={},
    )  # fmt: skip
    round_close(actor=actor, round_=runoff, confirmed_by=scrutineer)
    assert [e.name for e in committee_of(voting)] == names[:5]
    assert next_round(runoff.meeting) is None

    # The first plenary: committee members only, the scrutineer is not a candidate.
    committee = committee_of(voting)
    meeting_update(
        actor=actor, renewal=voting, kind="plenary", held_on=timezone.localdate(),
        start_time=None, place="三楼会议室", chair=committee[0].name, agenda="",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="不是委员"):
        meeting_staff_set(
            actor=actor, renewal=voting, kind="plenary",
            scrutineers=[voting.branch.members.get(status="probationary")], counters=[],
        )  # fmt: skip
    meeting_staff_set(
        actor=actor, renewal=voting, kind="plenary", scrutineers=[committee[4].member], counters=[]
    )
    attend_all(users, voting, MeetingKind.PLENARY)
    with pytest.raises(ValidationError, match="监票人"):
        round_open(
            actor=actor, renewal=voting, kind="plenary", issued=5, chosen=[committee[4].member]
        )
    secretary = round_open(
        actor=actor, renewal=voting, kind="plenary", issued=5, chosen=[committee[0].member]
    )
    assert secretary.body == Body.SECRETARY
    assert secretary.seats == 1
    round_record_returned(actor=actor, round_=secretary, returned=5, mode="ballots")
    key(users, secretary, [("Y", "")] * 4 + [("N", "")])
    round_close(actor=actor, round_=secretary, confirmed_by=committee[4].name)
    deputy = round_open(
        actor=actor, renewal=voting, kind="plenary", issued=5, chosen=[committee[1].member]
    )
    round_record_returned(actor=actor, round_=deputy, returned=5, mode="ballots")
    key(users, deputy, [("Y", "")] * 5)
    round_close(actor=actor, round_=deputy, confirmed_by=committee[4].name)

    assert any("分工" in b.text for b in blockers(voting))
    with pytest.raises(ValidationError, match="只能由一人担任"):
        duties_set(
            actor=actor, renewal=voting,
            duties={committee[2].pk: "organisation", committee[3].pk: "organisation",
                    committee[4].pk: "discipline"},
        )  # fmt: skip
    duties_set(
        actor=actor, renewal=voting,
        duties={committee[2].pk: "organisation", committee[3].pk: "publicity",
                committee[4].pk: "discipline"},
    )  # fmt: skip
    assert blockers(voting) == []
    renewal = renewal_submit_result(actor=actor, renewal=voting)
    assert renewal.phase == Phase.APPROVE
    report = renewal.documents.get(kind=DocumentKind.RESULT_REPORT)
    assert report.sha256 == hashlib.sha256(report.file.read()).hexdigest()
    with pytest.raises(Exception):  # noqa: B017, PT011  (the secretary cannot approve)
        renewal_approve_result(actor=actor, renewal=renewal)
    old_term = renewal.branch.current_term()
    renewal = renewal_approve_result(actor=users["approver"], renewal=renewal)
    assert renewal.phase == Phase.ARCHIVE
    term = renewal.branch.current_term()
    assert term != old_term
    assert term.start_date == timezone.localdate()
    posts = {p.post: p.person_name for p in term.posts.all()}
    assert posts["secretary"] == committee[0].name
    assert posts["deputy"] == committee[1].name
    assert posts["discipline"] == committee[4].name
    if old_term:
        old_term.refresh_from_db()
        assert old_term.actual_end == timezone.localdate()
    assert Term.objects.filter(organisation=renewal.branch, actual_end__isnull=True).count() == 1

    with pytest.raises(TransitionRefused):
        renewal_seal(actor=actor, renewal=renewal)
    handover = [
        {"item": code, "handed_by": "老书记", "received_by": committee[0].name, "note": ""}
        for code, _label in HANDOVER_ITEMS
    ]
    archive_save(actor=actor, renewal=renewal, summary="本次换届顺利完成。", handover=handover)
    renewal = renewal_seal(actor=actor, renewal=renewal)
    renewal.refresh_from_db()
    assert renewal.sealed_at
    assert renewal.archive_sha256
    data = renewal.archive.read()
    assert hashlib.sha256(data).hexdigest() == renewal.archive_sha256
    bundle = zipfile.ZipFile(io.BytesIO(data))
    listed = bundle.namelist()
    manifest = bundle.read("MANIFEST-SHA256.txt").decode()
    for name in listed:
        if name != "MANIFEST-SHA256.txt":
            assert f"{hashlib.sha256(bundle.read(name)).hexdigest()}  {name}" in manifest
    kinds = {d.kind for d in renewal.documents.all()}
    assert {
        "meeting_notice",
        "method",
        "tally",
        "result_report",
        "result_reply",
        "summary",
    } <= kinds
    assert sum(1 for n in listed if n.startswith("文书/")) == renewal.documents.count()
    assert any(n.endswith(".xlsx") for n in listed)
    assert any(n.endswith(".csv") for n in listed)
    # Read-only after sealing.
    with pytest.raises(ValidationError):
        archive_save(actor=actor, renewal=renewal, summary="改", handover=handover)
    assert blockers(renewal) == []
    assert renewal.phase == Phase.ARCHIVE


def test_shortfall_offers_supplementary_election_or_seat_reduction(users, voting):
    actor = users["secretary"]
    prepare_meeting(users, voting)
    attend_all(users, voting)
    names = [n.member.name for n in formal_candidates(voting)]
    round_ = round_open(actor=actor, renewal=voting, kind="members", issued=9)
    round_record_returned(actor=actor, round_=round_, returned=9, mode="totals")
    yes = dict(zip(names, [9, 9, 9, 9, 4, 4, 1], strict=True))
    no = {n: 9 - v for n, v in yes.items()}
    totals_save(
        actor=actor, round_=round_, yes=yes, no=no, abstain={n: 0 for n in names},
        invalid=0, write_ins={},
    )  # fmt: skip
    scrutineer = round_.meeting.scrutineers.get().name
    round_close(actor=actor, round_=round_, confirmed_by=scrutineer)
    plan = next_round(round_.meeting)
    assert plan.kind == RoundKind.SUPPLEMENTARY
    assert plan.seats == 1
    assert [c for c, _ in plan.candidates] == names[4:]
    with pytest.raises(ValidationError, match="超过半数"):
        seats_reduce(actor=actor, renewal=voting, agree=4)
    assert shortfall_round(round_.meeting) == round_
    seats_reduce(actor=actor, renewal=voting, agree=5)
    assert committee_seats(voting) == 4
    assert shortfall_round(round_.meeting) is None
    assert next_round(round_.meeting) is None


def test_meeting_pages_render_for_the_branch(client, users, voting):
    prepare_meeting(users, voting)
    attend_all(users, voting)
    client.force_login(users["secretary"])
    page = client.get(reverse("elections:meeting_day", args=[voting.pk, "members"]))
    assert page.status_code == 200
    assert "已达到法定人数" in page.content.decode()
    response = client.post(
        reverse("elections:round_open", args=[voting.pk, "members"]), {"issued": 9}
    )
    round_ = meeting_of(voting).rounds.get()
    assert response.status_code == 302
    client.post(
        reverse("elections:round_returned", args=[voting.pk, round_.pk]),
        {"returned": 9, "mode": "ballots"},
    )
    saved = client.post(
        reverse("elections:ballot_save", args=[voting.pk, round_.pk]),
        {"keys": "yyyyynn", "write_ins": ""},
        HTTP_ACCEPT="application/json",
    )
    assert saved.json()["ok"]
    assert saved.json()["valid"]
    bad = client.post(
        reverse("elections:ballot_save", args=[voting.pk, round_.pk]),
        {"keys": "yy", "write_ins": ""},
        HTTP_ACCEPT="application/json",
    )
    assert bad.status_code == 400
    assert "应为 7 个" in bad.json()["errors"][0]
    detail = client.get(reverse("elections:round_detail", args=[voting.pk, round_.pk]))
    assert detail.status_code == 200
    pdf = client.get(reverse("elections:round_ballots", args=[voting.pk, round_.pk]) + "?copies=3")
    assert pdf["Content-Type"] == "application/pdf"


@pytest.fixture
def small_voting(users, tree):
    """B1 with 5 full members: no committee; the members' meeting elects the secretary (R3)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from elections.domain.negative_list import CODES
    from tests.conftest import make_member

    for name in ("丁一", "王二", "李三", "赵四"):
        make_member(tree["b1"], name=name)
    secretary, approver = users["secretary"], users["approver"]
    renewal = renewal_open(actor=secretary, branch=tree["b1"])
    assert renewal.secretary_only
    renewal = renewal_update_plan(
        actor=secretary, renewal=renewal, seats=None, secretary_only=True, elect_deputy=False,
        posts=[], meeting_date=timezone.localdate() + timedelta(days=30), meeting_place="会议室",
        work_report="报告",
    )  # fmt: skip
    renewal = renewal_submit_request(actor=secretary, renewal=renewal)
    renewal = renewal_approve_request(actor=approver, renewal=renewal)
    recommendation_record(
        actor=secretary, renewal=renewal, held_on=timezone.localdate(),
        expected=5, present=5, ballots=5,
    )  # fmt: skip
    for member in renewal.branch.members.filter(name__in=["丁一", "王二"]):
        nominee_save(actor=secretary, renewal=renewal, member=member, source="members", votes=4)
    list_apply_proposal(actor=secretary, renewal=renewal)
    renewal = renewal_submit_list(actor=secretary, renewal=renewal)
    for nominee in renewal.nominees.filter(on_list=True):
        nominee_review(
            actor=approver, nominee=nominee, negative_list_failures="",
            negative_list_checked=list(CODES), inspection_notes="好", discipline_opinion="无",
            approved=True, pledge=SimpleUploadedFile("p.pdf", b"%PDF"),
        )  # fmt: skip
    renewal = renewal_approve_list(actor=approver, renewal=renewal)
    renewal = notice_publish(actor=secretary, renewal=renewal, start=timezone.localdate())
    renewal = backdate(renewal, 30)
    return renewal_finish_notice(actor=secretary, renewal=renewal)


def test_a_branch_without_committee_elects_its_secretary_at_the_members_meeting(
    users, small_voting
):
    actor = users["secretary"]
    renewal = small_voting
    assert bodies(renewal, "members") == [Body.SECRETARY]
    assert bodies(renewal, "plenary") == []
    prepare_meeting(users, renewal, formal=2)
    attend_all(users, renewal)
    plan = next_round(meeting_of(renewal))
    assert plan.body == Body.SECRETARY
    assert plan.seats == 1
    assert not plan.chosen_by_meeting
    round_ = round_open(actor=actor, renewal=renewal, kind="members", issued=5)
    round_record_returned(actor=actor, round_=round_, returned=5, mode="ballots")
    ding = round_.names.index("丁一")
    keys = ["A", "A"]
    keys[ding] = "Y"
    key(users, round_, [("".join(keys), "")] * 4 + [("", "")])  # a blank ballot is valid
    scrutineer = round_.meeting.scrutineers.get().name
    round_close(actor=actor, round_=round_, confirmed_by=scrutineer)
    assert [e.name for e in renewal.elected.all()] == ["丁一"]
    assert blockers(renewal) == []  # no committee, so no plenary and no duties
    renewal = renewal_submit_result(actor=actor, renewal=renewal)
    renewal = renewal_approve_result(actor=users["approver"], renewal=renewal)
    term = renewal.branch.current_term()
    assert [(p.post, p.person_name) for p in term.posts.all()] == [("secretary", "丁一")]


def test_refused_scrutineer_on_the_meeting_page_says_why_there(client, users, voting):
    prepare_meeting(users, voting)
    candidate = formal_candidates(voting)[0].member
    client.force_login(users["secretary"])
    page = reverse("elections:meeting_day", args=[voting.pk, "members"])
    response = client.post(
        reverse("elections:meeting_staff", args=[voting.pk, "members"]),
        {"members-staff-scrutineers": [candidate.pk], "next": page},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page
    assert "不能担任监票人" in response.content.decode()
