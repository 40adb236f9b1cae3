"""Late changes of the candidates: a withdrawal, illness or disqualification (取消资格) in the vote
before the first ballot, and 当选无效 of an elected person before the result is approved."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from branches.models import AuditEvent
from elections import demo
from elections.documents import build_pdf
from elections.models import (
    Body,
    DocumentKind,
    Elected,
    Phase,
    RoundKind,
    WithdrawalKind,
)
from elections.selectors.dashboard import returned
from elections.selectors.meeting import committee, figures, formal_candidates, meeting_of
from elections.selectors.rounds import next_round
from elections.services.approve import elected_invalidate
from elections.services.meeting import method_adopt
from elections.services.publicise import candidate_withdraw
from elections.services.rounds import round_close, round_open, round_record_returned, totals_save
from elections.workflow.transitions import TRANSITIONS
from tests.pdf_text import pdftotext


def _events(renewal, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            target_type="elections.renewal", target_id=str(renewal.pk), action=action
        )
    )


def test_a_candidate_falls_ill_in_the_vote_and_the_meeting_goes_on(users, voting):
    """Regression: a candidate could leave only during the notice; in the vote the list was
    frozen, so an ill candidate stayed on the ballot."""
    demo.prepare_meeting(voting, actor=users["secretary"])
    formal = formal_candidates(voting)
    ill = formal[0]
    renewal = candidate_withdraw(
        actor=users["secretary"], nominee=ill, reason="突发疾病住院", kind=WithdrawalKind.ILL
    )
    assert renewal.phase == Phase.VOTE
    ill.refresh_from_db()
    assert not ill.formal
    assert ill.withdrawal_kind == WithdrawalKind.ILL
    assert ill not in formal_candidates(renewal)
    # The method named the candidates: the meeting adopts it again, and it is issued again.
    meeting = meeting_of(renewal)
    assert meeting.method_adopted_at is None
    method_adopt(actor=users["secretary"], renewal=renewal)
    assert renewal.documents.filter(kind=DocumentKind.METHOD).count() == 2
    plan = next_round(meeting_of(renewal))
    assert ill.member.name not in [name for name, _pk in plan.candidates]


def test_a_broken_differential_in_the_vote_goes_back_to_vet(users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    first, second = formal_candidates(voting)[:2]
    candidate_withdraw(actor=users["secretary"], nominee=first, reason="本人申请退出")
    renewal = candidate_withdraw(
        actor=users["approver"],
        nominee=second,
        reason="经查受到党纪处分",
        kind=WithdrawalKind.DISQUALIFIED,
    )
    assert renewal.phase == Phase.VET
    assert TRANSITIONS["vote_back_to_vet"].source == Phase.VOTE
    moved = _events(renewal, "vote_back_to_vet")
    assert moved
    assert "差额不足" in moved[0].summary
    meeting = meeting_of(renewal)
    assert meeting.notice_issued_at is None
    assert not formal_candidates(renewal)


def test_only_the_approver_disqualifies(users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    nominee = formal_candidates(voting)[0]
    with pytest.raises(PermissionDenied):
        candidate_withdraw(
            actor=users["secretary"], nominee=nominee, reason="x", kind=WithdrawalKind.DISQUALIFIED
        )
    with pytest.raises(ValidationError):
        candidate_withdraw(actor=users["approver"], nominee=nominee, reason="  ")


def test_no_withdrawal_after_the_first_ballot(users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    demo.attend(voting, actor=users["secretary"])
    round_open(actor=users["secretary"], renewal=voting, kind="members", issued=5)
    with pytest.raises(ValidationError, match="选票"):
        candidate_withdraw(
            actor=users["secretary"], nominee=formal_candidates(voting)[0], reason="退出"
        )


def _count_all_yes(users, renewal, kind: str, chosen=None) -> None:
    meeting = meeting_of(renewal, kind)
    n = figures(meeting).present
    round_ = round_open(
        actor=users["secretary"], renewal=renewal, kind=kind, issued=n, chosen=chosen
    )
    round_record_returned(actor=users["secretary"], round_=round_, returned=n, mode="totals")
    yes = {name: (n if i < round_.seats else 0) for i, name in enumerate(round_.names)}
    totals_save(
        actor=users["secretary"], round_=round_, yes=yes,
        no={name: n - v for name, v in yes.items()}, abstain={name: 0 for name in yes},
        invalid=0, write_ins={},
    )  # fmt: skip
    round_close(
        actor=users["secretary"], round_=round_, confirmed_by=meeting.scrutineers.first().name
    )


def test_elected_invalid_reopens_the_seat_as_a_supplementary_election(users, voting):
    """After the vote, the approver disqualifies an elected committee member (当选无效): the row
    stays in the record, the renewal returns to the vote and the seat is elected again."""
    demo.prepare_meeting(voting, actor=users["secretary"])
    renewal = demo.hold_meeting(voting, actor=users["secretary"])
    assert renewal.phase == Phase.APPROVE
    seats = len(committee(renewal))
    ordinary = [e for e in committee(renewal) if e.duty not in ("secretary", "deputy")][-1]
    with pytest.raises(PermissionDenied):
        elected_invalidate(actor=users["secretary"], elected=ordinary, reason="x")
    with pytest.raises(ValidationError):
        elected_invalidate(actor=users["approver"], elected=ordinary, reason=" ")

    renewal = elected_invalidate(
        actor=users["approver"], elected=ordinary, reason="当选前受到党纪处分，不具备当选资格"
    )
    assert renewal.phase == Phase.VOTE
    kept = Elected.records.get(pk=ordinary.pk)
    assert kept.invalidated_at is not None
    assert kept.invalid_reason == "当选前受到党纪处分，不具备当选资格"
    assert len(committee(renewal)) == seats - 1
    assert _events(renewal, "elected_invalidate")
    assert _events(renewal, "return_elected_invalid")
    # The branch finds it in its queue, with the reason.
    assert renewal in returned(users["secretary"])
    assert ordinary.name in renewal.return_reason

    plan = next_round(meeting_of(renewal))
    assert plan.kind == RoundKind.SUPPLEMENTARY
    assert plan.body == Body.COMMITTEE
    assert plan.seats == 1
    assert ordinary.name not in [name for name, _pk in plan.candidates]
    # A new sitting: attendance is taken afresh, then the seat is elected.
    demo.attend(renewal, actor=users["secretary"])
    _count_all_yes(users, renewal, "members")
    assert len(committee(renewal)) == seats
    last = meeting_of(renewal).rounds.order_by("-number").first()
    assert last.kind == RoundKind.SUPPLEMENTARY
    assert ordinary.name not in [e.name for e in committee(renewal)]
    # The result report tells the superior what happened to the seat.
    report = "".join(pdftotext(build_pdf(renewal, DocumentKind.RESULT_REPORT)).split())
    assert f"{ordinary.name}原当选为" in report
    assert "宣布当选无效（当选前受到党纪处分，不具备当选资格），该名额已另行选举" in report


def test_elected_invalid_through_the_page(client, users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    renewal = demo.hold_meeting(voting, actor=users["secretary"])
    target = committee(renewal)[-1]
    url = reverse("elections:elected_invalidate", args=[renewal.pk, target.pk])
    client.force_login(users["approver"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert url in page
    assert "宣布当选无效" in page
    field = f"invalid{target.pk}-reason"
    response = client.post(url, {field: ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    response = client.post(url, {field: "经查不具备当选资格"})
    assert response.status_code == 302
    renewal.refresh_from_db()
    assert renewal.phase == Phase.VOTE
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert "经查不具备当选资格" in page


def test_withdrawal_in_the_vote_through_the_page(client, users, voting):
    demo.prepare_meeting(voting, actor=users["secretary"])
    nominee = formal_candidates(voting)[0]
    url = reverse("elections:candidate_withdraw", args=[voting.pk, nominee.pk])
    client.force_login(users["secretary"])
    page = client.get(voting.get_absolute_url()).content.decode()
    assert url in page
    assert 'value="ill"' in page
    assert 'value="disqualified"' not in page  # only the approver disqualifies
    response = client.post(url, {"kind": "ill", "reason": "住院治疗"})
    assert response.status_code == 302
    nominee.refresh_from_db()
    assert nominee.withdrawal_kind == WithdrawalKind.ILL
    client.force_login(users["approver"])
    assert 'value="disqualified"' in client.get(voting.get_absolute_url()).content.decode()
