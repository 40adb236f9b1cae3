"""Recommend and vet: the meeting, nominees, the proposal, adjustments, review and the gates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from elections import demo
from elections.domain.negative_list import CODES
from elections.models import Phase
from elections.services.recommend import (
    list_apply_proposal,
    nominee_save,
    nominee_set_on_list,
    recommendation_record,
    renewal_submit_list,
)
from elections.services.vet import nominee_review, renewal_approve_list, renewal_return_list
from elections.workflow import TransitionRefused, blockers
from tests.conftest import make_member


def nominate(users, renewal, votes: list[int]):
    members = list(renewal.branch.members.filter(status="full").order_by("pk"))
    return [
        nominee_save(actor=users["secretary"], renewal=renewal, member=m, source="members", votes=v)
        for m, v in zip(members, votes, strict=False)
    ]


def record(users, renewal, *, expected=9, present=8, ballots=8):
    return recommendation_record(
        actor=users["secretary"],
        renewal=renewal,
        held_on=timezone.localdate(),
        expected=expected,
        present=present,
        ballots=ballots,
    )


def texts(renewal, name):
    return [b.text for b in blockers(renewal, name)]


def test_recommendation_meeting_needs_more_than_half(users, recommending):
    """R18: members' recommendation meeting valid when more than half of E attend."""
    renewal = record(users, recommending, expected=10, present=5, ballots=5)
    assert any("推荐无效" in t for t in texts(renewal, "submit_list"))
    renewal = record(users, recommending, expected=10, present=6, ballots=6)
    assert not any("推荐无效" in t for t in texts(renewal, "submit_list"))


def test_recommendation_figures_are_checked(users, recommending):
    with pytest.raises(ValidationError):
        record(users, recommending, expected=5, present=6, ballots=6)
    with pytest.raises(ValidationError):
        record(users, recommending, expected=9, present=6, ballots=7)


def test_proposal_takes_more_than_half_of_the_ballots(users, recommending):
    """R18: a nominee enters the preliminary list when recommended by more than half."""
    renewal = record(users, recommending, ballots=8)
    nominees = nominate(users, renewal, [8, 7, 6, 5, 4, 4, 2])
    list_apply_proposal(actor=users["secretary"], renewal=renewal)
    on_list = [n.pk for n in renewal.nominees.filter(on_list=True)]
    assert on_list == [n.pk for n in nominees[:4]]  # 4 of 8 is exactly half: not enough
    # Five seats need six candidates (R6): the list is short.
    assert "候选人初步人选 4 名，至少需要 6 名（差额选举）。" in texts(renewal, "submit_list")


def test_adjusting_the_list_needs_a_reason(users, recommending):
    renewal = record(users, recommending)
    (nominee,) = nominate(users, renewal, [3])
    with pytest.raises(ValidationError, match="理由"):
        nominee_set_on_list(actor=users["secretary"], nominee=nominee, on_list=True, reason="")
    nominee = nominee_set_on_list(
        actor=users["secretary"], nominee=nominee, on_list=True, reason="支部委员会研究决定"
    )
    assert nominee.on_list


def test_votes_cannot_exceed_ballots(users, recommending):
    renewal = record(users, recommending, ballots=8)
    with pytest.raises(ValidationError, match="不能多于收回的推荐票"):
        nominate(users, renewal, [9])


def test_ineligible_nominee_blocks_the_list(users, recommending):
    """R2: minimum Party age 1 year; a failed check names the rule."""
    renewal = record(users, recommending)
    young = make_member(
        renewal.branch, name="新转正", full_member_on=timezone.localdate() - timedelta(days=100)
    )
    nominee = nominee_save(
        actor=users["secretary"], renewal=renewal, member=young, source="self", votes=8
    )
    with pytest.raises(ValidationError, match="新转正 不符合候选人资格条件，不能列入初步人选"):
        nominee_set_on_list(actor=users["secretary"], nominee=nominee, on_list=True, reason="自荐")
    # Listed before the member's record was corrected: the list cannot go up.
    type(nominee).objects.filter(pk=nominee.pk).update(on_list=True)
    assert any(t.startswith("新转正：党龄：") for t in texts(renewal, "submit_list"))


@pytest.fixture
def vetting(users, recommending):
    """Six nominees for five seats, recommended by 6 to 8 of 8 ballots; the list in vetting."""
    secretary = users["secretary"]
    demo.hold_recommendation(recommending, actor=secretary, votes=[8, 8, 7, 7, 6, 6])
    return demo.vet_list(recommending, actor=secretary, approver=users["approver"], reviewed=0)


def test_vetting_then_publicity(users, vetting):
    renewal = vetting
    assert renewal.phase == Phase.VET
    with pytest.raises(TransitionRefused, match="尚未完成资格审查"):
        renewal_approve_list(actor=users["approver"], renewal=renewal)
    with pytest.raises(PermissionDenied):
        demo.review(renewal, approver=users["secretary"])
    demo.review(renewal, approver=users["approver"])
    renewal = renewal_approve_list(actor=users["approver"], renewal=renewal)
    assert renewal.phase == Phase.PUBLICISE


def test_negative_list_failure_cannot_be_approved(users, vetting):
    renewal = vetting
    nominee = renewal.nominees.filter(on_list=True).first()
    with pytest.raises(ValidationError, match="受到党纪处分、政务处分且影响期未满"):
        nominee_review(
            actor=users["approver"],
            nominee=nominee,
            negative_list_checked=[c for c in CODES if c != "discipline"],
            negative_list_failures="受到党纪处分未满期",
            inspection_notes="",
            discipline_opinion="",
            approved=True,
        )


def test_too_few_approved_keeps_the_differential_gate(users, vetting):
    renewal = vetting
    demo.review(renewal, approver=users["approver"])
    first = renewal.nominees.filter(on_list=True).first()
    nominee_review(
        actor=users["approver"],
        nominee=first,
        negative_list_checked=list(CODES),
        negative_list_failures="",
        inspection_notes="",
        discipline_opinion="",
        approved=False,
    )
    assert "同意的预备人选 5 名，少于差额选举所需的 6 名。" in texts(renewal, "approve_list")


def test_return_to_recommend_clears_the_review(users, vetting):
    renewal = vetting
    demo.review(renewal, approver=users["approver"])
    renewal = renewal_return_list(actor=users["approver"], renewal=renewal, reason="请补充考察材料")
    assert renewal.phase == Phase.RECOMMEND
    assert renewal.return_reason == "请补充考察材料"
    assert not renewal.nominees.filter(reviewed=True).exists()


def test_pages_walk_recommend_and_vet(client, users, recommending):
    """The secretary records the meeting and nominees on the page; the approver reviews."""
    url = recommending.get_absolute_url()
    client.force_login(users["secretary"])
    page = client.get(url).content.decode()
    assert "登记推荐会议" in page
    client.post(
        reverse("elections:recommendation_save", args=[recommending.pk]),
        {"held_on": timezone.localdate().isoformat(), "expected": 9, "present": 8, "ballots": 8},
    )
    for member in recommending.branch.members.filter(status="full")[:6]:
        response = client.post(
            reverse("elections:nominee_save", args=[recommending.pk]),
            {"member": member.pk, "source": "members", "votes": 7},
        )
        assert response.status_code == 302
    client.post(reverse("elections:list_apply_proposal", args=[recommending.pk]))
    client.post(reverse("elections:renewal_transition", args=[recommending.pk, "submit_list"]))
    recommending.refresh_from_db()
    assert recommending.phase == Phase.VET

    client.force_login(users["approver"])
    page = client.get(url).content.decode()
    assert "待审查" in page
    for nominee in recommending.nominees.all():
        prefix = f"n{nominee.pk}"
        client.post(
            reverse("elections:nominee_review", args=[recommending.pk, nominee.pk]),
            {
                f"{prefix}-negative_list_checked": list(CODES),
                f"{prefix}-negative_list_failures": "",
                f"{prefix}-inspection_notes": "好",
                f"{prefix}-discipline_opinion": "无",
                f"{prefix}-approved": "on",
                f"{prefix}-pledge": SimpleUploadedFile("p.pdf", b"%PDF"),
            },
        )
    client.post(reverse("elections:renewal_transition", args=[recommending.pk, "approve_list"]))
    recommending.refresh_from_db()
    assert recommending.phase == Phase.PUBLICISE


def test_bad_recommendation_form_shows_errors(client, users, recommending):
    client.force_login(users["secretary"])
    response = client.post(
        reverse("elections:recommendation_save", args=[recommending.pk]),
        {"held_on": timezone.localdate().isoformat(), "expected": 5, "present": 9, "ballots": 9},
    )
    assert response.status_code == 200
    assert "实到人数不能多于应到人数" in response.content.decode()


def test_resubmitting_a_returned_list_clears_the_return(users, vetting):
    """Regression: the branch kept seeing "被退回" after it had resubmitted the list."""
    renewal = vetting
    renewal = renewal_return_list(actor=users["approver"], renewal=renewal, reason="补充")
    renewal = renewal_submit_list(actor=users["secretary"], renewal=renewal)
    assert renewal.return_reason == ""


def test_lowering_the_ballots_below_recorded_votes_is_refused(client, users, recommending):
    """Regression: the save went through and every later page load was a 500."""
    renewal = record(users, recommending, ballots=8)
    nominate(users, renewal, [8, 7])
    with pytest.raises(ValidationError, match="已登记的推荐票数多于收回的推荐票"):
        record(users, renewal, ballots=6)
    client.force_login(users["secretary"])
    assert client.get(renewal.get_absolute_url()).status_code == 200


def test_zero_expected_is_a_form_error_not_a_500(client, users, recommending):
    """Regression: expected = 0 reached the domain's ValueError."""
    client.force_login(users["secretary"])
    response = client.post(
        reverse("elections:recommendation_save", args=[recommending.pk]),
        {"held_on": timezone.localdate().isoformat(), "expected": 0, "present": 0, "ballots": 0},
    )
    assert response.status_code == 200
    with pytest.raises(ValidationError, match="应到人数至少为1"):
        record(users, recommending, expected=0, present=0, ballots=0)


def test_meeting_before_the_approval_is_refused(users, recommending):
    with pytest.raises(ValidationError, match="批复同意换届之后"):
        recommendation_record(
            actor=users["secretary"],
            renewal=recommending,
            held_on=timezone.localdate() - timedelta(days=400),
            expected=9,
            present=8,
            ballots=8,
        )
