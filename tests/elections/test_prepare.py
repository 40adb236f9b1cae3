"""The prepare phase: plan, census with exclusions, request, approval, return, cancel, reopen."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from branches.models import AuditEvent
from elections import domain
from elections.models import DocumentKind, ExclusionStatus, Phase, Renewal
from elections.selectors.prepare import census as census_of
from elections.selectors.rules import rules_for
from elections.services.prepare import (
    exclusion_add,
    exclusion_decide,
    renewal_approve_request,
    renewal_cancel,
    renewal_open,
    renewal_reopen,
    renewal_return,
    renewal_submit_request,
    renewal_update_plan,
)
from elections.workflow import TransitionRefused, blockers
from tests.conftest import make_member


def events(renewal) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="elections.renewal", target_id=str(renewal.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def test_open_offers_committee_seats_from_full_members(renewal):
    assert renewal.phase == Phase.PREPARE
    assert renewal.seats == 3  # 9 full members: R3 allows 3 to 5
    assert not renewal.secretary_only
    assert renewal.ruleset().quorum == "strict"
    assert events(renewal) == ["renewal_open"]


def test_small_branch_elects_a_secretary_only(users, tree):
    for _ in range(3):
        make_member(tree["b1"])
    renewal = renewal_open(actor=users["secretary"], branch=tree["b1"])
    assert renewal.secretary_only
    assert renewal.seats is None


def test_branch_with_fewer_than_three_full_members_cannot_open(users, tree):
    with pytest.raises(ValidationError, match="不足3人"):
        renewal_open(actor=users["secretary"], branch=tree["b1"])


def test_one_open_renewal_per_branch(users, renewal):
    with pytest.raises(ValidationError, match="进行中的换届"):
        renewal_open(actor=users["staff"], branch=renewal.branch)


def test_viewer_cannot_open(users, big_branch):
    with pytest.raises(PermissionDenied):
        renewal_open(actor=users["viewer"], branch=big_branch)


@pytest.mark.parametrize(("seats", "ok"), [(2, False), (3, True), (5, True), (6, False)])
def test_plan_seats_follow_r3(users, renewal, seats, ok):
    def update():
        renewal_update_plan(actor=users["secretary"], renewal=renewal, seats=seats)

    if ok:
        update()
    else:
        with pytest.raises(ValidationError, match="委员名额应为 3 至 5 名"):
            update()


def test_meeting_date_must_be_in_the_future(users, renewal):
    with pytest.raises(ValidationError, match="今天之后"):
        renewal_update_plan(
            actor=users["secretary"], renewal=renewal, meeting_date=timezone.localdate()
        )


def test_blockers_explain_what_is_missing(renewal):
    texts = [b.text for b in blockers(renewal, "submit_request")]
    assert "换届方案未确定党员大会召开日期。" in texts
    assert "尚未填写或上传上届委员会工作报告。" in texts


def test_census_and_exclusions(users, planned):
    member = planned.branch.members.get(name="甲0")
    census = census_of(planned)
    assert (census["full"], census["voters"], census["expected"]) == (9, 9, 9)
    names = [row["member"].name for row in census["rows"]]
    assert names == sorted(names, key=domain.stroke_key)  # as the printed register
    exclusion = exclusion_add(
        actor=users["secretary"], renewal=planned, member=member, reason="abroad_self_funded"
    )
    # A pending exclusion does not change E and blocks the request.
    assert census_of(planned)["expected"] == 9
    assert any("尚待上级审批" in b.text for b in blockers(planned, "submit_request"))
    exclusion_decide(actor=users["approver"], exclusion=exclusion, approve=True)
    figures = census_of(planned)
    assert figures["expected"] == 8
    assert figures["excluded"] == 1
    assert figures["min_present"] == 7  # strict: 5*7 > 4*8
    assert not blockers(planned, "submit_request")


def test_exclusion_rules(users, planned):
    probationary = planned.branch.members.get(name="预备")
    with pytest.raises(ValidationError, match="本就没有表决权"):
        exclusion_add(
            actor=users["secretary"], renewal=planned, member=probationary, reason="illness"
        )
    member = planned.branch.members.get(name="甲1")
    with pytest.raises(ValidationError, match="未启用"):
        exclusion_add(actor=users["secretary"], renewal=planned, member=member, reason="epidemic")
    exclusion = exclusion_add(
        actor=users["secretary"], renewal=planned, member=member, reason="illness"
    )
    with pytest.raises(PermissionDenied):
        exclusion_decide(actor=users["secretary"], exclusion=exclusion, approve=True)
    exclusion_decide(actor=users["approver"], exclusion=exclusion, approve=False)
    exclusion.refresh_from_db()
    assert exclusion.status == ExclusionStatus.REJECTED
    assert census_of(planned)["expected"] == 9


def test_request_approval_enters_recommend_with_documents(users, planned):
    renewal = renewal_submit_request(actor=users["secretary"], renewal=planned)
    assert renewal.awaiting_approval
    with pytest.raises(ValidationError, match="不能再修改"):
        renewal_update_plan(actor=users["secretary"], renewal=renewal, seats=4)
    with pytest.raises(PermissionDenied):
        renewal_approve_request(actor=users["secretary"], renewal=renewal)
    renewal = renewal_approve_request(actor=users["approver"], renewal=renewal)
    assert renewal.phase == Phase.RECOMMEND
    assert not renewal.awaiting_approval
    assert Phase.RECOMMEND in renewal.timeline
    kinds = [d.kind for d in renewal.documents.all()]
    assert kinds == [DocumentKind.REQUEST, DocumentKind.REQUEST_REPLY]
    for doc in renewal.documents.all():
        data = doc.file.read()
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == doc.sha256
    assert events(renewal)[-2:] == ["submit_request", "approve_request"]


def test_approving_twice_makes_one_transition(users, planned):
    renewal = renewal_submit_request(actor=users["secretary"], renewal=planned)
    renewal_approve_request(actor=users["approver"], renewal=renewal)
    with pytest.raises(TransitionRefused, match="只能在“筹备”阶段"):
        renewal_approve_request(actor=users["approver"], renewal=renewal)
    assert events(renewal).count("approve_request") == 1


def test_return_needs_a_reason_and_reopens_the_plan(users, planned):
    renewal = renewal_submit_request(actor=users["secretary"], renewal=planned)
    with pytest.raises(ValidationError, match="请填写理由"):
        renewal_return(actor=users["approver"], renewal=renewal, reason="  ")
    renewal = renewal_return(actor=users["approver"], renewal=renewal, reason="名额偏多")
    assert renewal.phase == Phase.PREPARE
    assert not renewal.awaiting_approval
    assert renewal.return_reason == "名额偏多"
    renewal_update_plan(actor=users["secretary"], renewal=renewal, seats=3)
    renewal = renewal_submit_request(actor=users["secretary"], renewal=renewal)
    assert renewal.return_reason == ""


def test_cancel_and_reopen(users, planned):
    with pytest.raises(PermissionDenied):
        renewal_cancel(actor=users["secretary"], renewal=planned, reason="x")
    renewal = renewal_cancel(actor=users["approver"], renewal=planned, reason="推迟换届")
    assert renewal.phase == Phase.CANCELLED
    # The branch may start again while this one is cancelled...
    other = renewal_open(actor=users["secretary"], branch=renewal.branch)
    with pytest.raises(ValidationError, match="另一项进行中"):
        renewal_reopen(actor=users["staff"], renewal=renewal, reason="误操作")
    renewal_cancel(actor=users["approver"], renewal=other, reason="重复")
    # ...and staff can reopen the first one where it stood.
    renewal = renewal_reopen(actor=users["staff"], renewal=renewal, reason="误操作")
    assert renewal.phase == Phase.PREPARE
    assert events(renewal)[-2:] == ["cancel", "reopen"]


def test_rule_profile_is_inherited_down_the_tree(users, big_branch, tree):
    from elections.models import RuleProfile

    RuleProfile.objects.create(organisation=tree["root"], quorum="lenient", publicity_days=7)
    renewal = renewal_open(actor=users["secretary"], branch=big_branch)
    rules = renewal.ruleset()
    assert rules.quorum == "lenient"
    assert rules.publicity_days == 7
    RuleProfile.objects.create(organisation=tree["a"], quorum="strict")
    assert rules_for(big_branch).quorum == "strict"
    # The renewal keeps the rules it started with.
    assert Renewal.objects.get(pk=renewal.pk).ruleset().quorum == "lenient"


def test_request_pdf_shows_the_plan_in_chinese(users, planned, tmp_path):
    import shutil
    import subprocess

    from elections.documents import build_pdf

    data = build_pdf(planned, DocumentKind.REQUEST)
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "request.pdf"
    path.write_bytes(data)
    text = subprocess.run(  # noqa: S603 - fixed tool on a file the test wrote
        [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\n", "")
    assert "关于召开党员大会进行换届选举的请示" in text
    assert "拟设委员五名" in text
    assert "候选人不少于六名" in text
    assert planned.branch.parent.name in text


def test_meeting_date_in_the_past_blocks_submission(users, planned):
    Renewal.objects.filter(pk=planned.pk).update(
        meeting_date=timezone.localdate() - timedelta(days=1)
    )
    planned.refresh_from_db()
    with pytest.raises(TransitionRefused, match="今天之后"):
        renewal_submit_request(actor=users["secretary"], renewal=planned)
