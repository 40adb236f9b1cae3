"""A whole election meeting to the sealed archive; shortfalls; the meeting pages; a branch without
committee."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from branches.models import Term
from elections import demo
from elections.models import (
    Body,
    DocumentKind,
    MeetingKind,
    Phase,
    RoundKind,
)
from elections.selectors.archive import HANDOVER_ITEMS
from elections.selectors.meeting import (
    bodies,
    committee_seats,
    formal_candidates,
    meeting_of,
)
from elections.selectors.meeting import committee as committee_of
from elections.selectors.rounds import next_round, shortfall_round
from elections.services.approve import renewal_approve_result, renewal_submit_result
from elections.services.archive import archive_save, renewal_seal
from elections.services.meeting import (
    meeting_staff_set,
    meeting_update,
)
from elections.services.prepare import (
    renewal_open,
)
from elections.services.rounds import (
    duties_set,
    round_close,
    round_open,
    round_record_returned,
    seats_reduce,
    totals_save,
)
from elections.workflow import TransitionRefused, blockers
from tests.conftest import make_member
from tests.elections.conftest import key


def test_whole_meeting_tie_runoff_plenary_approval_and_archive(users, voting):
    actor = users["secretary"]
    demo.prepare_meeting(voting, actor=users["secretary"])
    demo.attend(voting, actor=users["secretary"])
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
    scrutineer = round_.meeting.scrutineers.first().name
    round_close(actor=actor, round_=round_, confirmed_by=scrutineer)
    round_.refresh_from_db()
    result = round_.result
    assert result.invalid == 1
    assert result.valid == 8
    assert list(result.elected) == names[:4]
    assert list(result.runoff) == names[4:6]
    assert result.runoff_seats == 1
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
    with pytest.raises(ValidationError, match="不是本次选举的选举人"):
        meeting_staff_set(
            actor=actor, renewal=voting, kind="plenary",
            scrutineers=[voting.branch.members.get(status="probationary")], counters=[],
        )  # fmt: skip
    meeting_staff_set(
        actor=actor, renewal=voting, kind="plenary", scrutineers=[committee[4].member], counters=[]
    )
    demo.attend(voting, actor=users["secretary"], kind=MeetingKind.PLENARY)
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


def test_shortfall_offers_supplementary_election_or_seat_reduction(client, users, voting):
    actor = users["secretary"]
    demo.prepare_meeting(voting, actor=users["secretary"])
    demo.attend(voting, actor=users["secretary"])
    names = [n.member.name for n in formal_candidates(voting)]
    round_ = round_open(actor=actor, renewal=voting, kind="members", issued=9)
    round_record_returned(actor=actor, round_=round_, returned=9, mode="totals")
    yes = dict(zip(names, [9, 9, 9, 9, 4, 4, 1], strict=True))
    no = {n: 9 - v for n, v in yes.items()}
    totals_save(
        actor=actor, round_=round_, yes=yes, no=no, abstain={n: 0 for n in names},
        invalid=0, write_ins={},
    )  # fmt: skip
    scrutineer = round_.meeting.scrutineers.first().name
    round_close(actor=actor, round_=round_, confirmed_by=scrutineer)
    plan = next_round(round_.meeting)
    assert plan.kind == RoundKind.SUPPLEMENTARY
    assert plan.seats == 1
    assert [c for c, _ in plan.candidates] == names[4:]
    with pytest.raises(ValidationError, match="超过半数选举人同意（9 人中至少 5 人）"):
        seats_reduce(actor=actor, renewal=voting, agree=4)
    # On the page, the refused number stays in the field with the reason under it.
    client.force_login(actor)
    refused = client.post(reverse("elections:seats_reduce", args=[voting.pk]), {"agree": 4})
    assert refused.status_code == 200
    assert refused.context["reduce_form"].data["agree"] == "4"
    assert "9 人中至少 5 人" in refused.content.decode()
    assert shortfall_round(round_.meeting) == round_
    seats_reduce(actor=actor, renewal=voting, agree=5)
    assert committee_seats(voting) == 4
    assert shortfall_round(round_.meeting) is None
    assert next_round(round_.meeting) is None


def test_meeting_pages_render_for_the_branch(client, users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    demo.attend(voting, actor=users["secretary"])
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
    for name in ("丁一", "王二", "李三", "赵四"):
        make_member(tree["b1"], name=name)
    secretary, approver = users["secretary"], users["approver"]
    renewal = renewal_open(actor=secretary, branch=tree["b1"])
    assert renewal.secretary_only
    renewal = demo.plan(
        renewal, actor=secretary, seats=None, secretary_only=True, elect_deputy=False, posts=[]
    )
    renewal = demo.submit_request(renewal, actor=secretary, approver=approver)
    two = renewal.branch.members.filter(name__in=["丁一", "王二"]).order_by("pk")
    demo.hold_recommendation(renewal, actor=secretary, votes=[4, 4], present=5, members=list(two))
    renewal = demo.vet_list(renewal, actor=secretary, approver=approver)
    return demo.to_vote(renewal, actor=secretary)


def test_a_branch_without_committee_elects_its_secretary_at_the_members_meeting(
    users, small_voting
):
    actor = users["secretary"]
    renewal = small_voting
    assert bodies(renewal, "members") == [Body.SECRETARY]
    assert bodies(renewal, "plenary") == []
    demo.prepare_meeting(renewal, actor=users["secretary"])
    demo.attend(renewal, actor=users["secretary"])
    plan = next_round(meeting_of(renewal))
    assert plan.body == Body.SECRETARY
    assert plan.seats == 1
    assert not plan.chosen_by_meeting
    round_ = round_open(actor=actor, renewal=renewal, kind="members", issued=5)
    round_record_returned(actor=actor, round_=round_, returned=5, mode="ballots")
    ding = round_.names.index("丁一")
    keys = ["A", "A"]
    keys[ding] = "Y"
    key(users, round_, [("".join(keys), "")] * 4 + [("AA", "")])  # a blank ballot is valid
    scrutineer = round_.meeting.scrutineers.first().name
    round_close(actor=actor, round_=round_, confirmed_by=scrutineer)
    assert [e.name for e in renewal.elected.all()] == ["丁一"]
    assert blockers(renewal) == []  # no committee, so no plenary and no duties
    renewal = renewal_submit_result(actor=actor, renewal=renewal)
    renewal = renewal_approve_result(actor=users["approver"], renewal=renewal)
    term = renewal.branch.current_term()
    assert [(p.post, p.person_name) for p in term.posts.all()] == [("secretary", "丁一")]


def test_refused_scrutineer_on_the_meeting_page_says_why_there(client, users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
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
