"""Every formal candidate must have been on a published notice whose full period has run without
an open objection. A replacement approved after a withdrawal sent the renewal back to vetting used
to slip through: the notice could not be published again ("公示已经开始，不能更改") and the first
notice's period let the renewal into the vote. A changed list is now published as a new notice
(第2次公示) with its own period, PDF and public page; the earlier one stays in the record."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from elections import demo
from elections.documents.archive import build_archive
from elections.domain import negative_list
from elections.models import DocumentKind, NoticeKind, Phase
from elections.selectors.candidates import notice_candidates
from elections.selectors.dashboard import inbox_for
from elections.services import vet
from elections.services.publicise import (
    candidate_withdraw,
    notice_publish,
    objection_submit,
    renewal_finish_notice,
)
from elections.workflow import TransitionRefused, blockers
from tests.pdf_text import pdftotext


@pytest.fixture
def reserve(users, recommending):
    """Eight nominees on the list, seven approved (five seats need six), one not approved: the
    reserve the superior approves when a withdrawal breaks the differential."""
    secretary, approver = users["secretary"], users["approver"]
    demo.hold_recommendation(recommending, actor=secretary, votes=[8] * 8, present=9)
    renewal = demo.recommend.renewal_submit_list(actor=secretary, renewal=recommending)
    listed = list(renewal.nominees.filter(on_list=True).order_by("pk"))
    assert len(listed) == 8
    demo.review(renewal, approver=approver, nominees=listed[:7])
    _review(approver, listed[7], approved=False)
    renewal = vet.renewal_approve_list(actor=approver, renewal=renewal)
    return renewal, listed[7]


def _review(approver, nominee, *, approved: bool) -> None:
    vet.nominee_review(
        actor=approver, nominee=nominee, negative_list_checked=list(negative_list.CODES),
        negative_list_failures="", inspection_notes="考察情况良好。",
        discipline_opinion="未发现违纪违法问题。", approved=approved,
        pledge=demo.SimpleUploadedFile("承诺书.pdf", b"%PDF-1.4\n% pledge\n"),
    )  # fmt: skip


def replaced(users, reserve):
    """The first notice published and run; two candidates withdraw, the renewal goes back to
    vetting, the reserve is approved and the list comes back to the publicise phase."""
    renewal, spare = reserve
    secretary, approver = users["secretary"], users["approver"]
    renewal = demo.publish_notice(renewal, actor=secretary)
    renewal = demo.backdate_notice(renewal, 10)  # the first notice is long over
    first, second = notice_candidates(renewal)[:2]
    candidate_withdraw(actor=secretary, nominee=first, reason="个人申请退出")
    renewal = candidate_withdraw(actor=approver, nominee=second, reason="因病退出")
    assert renewal.phase == Phase.VET
    _review(approver, spare, approved=True)
    renewal = vet.renewal_approve_list(actor=approver, renewal=renewal)
    assert renewal.phase == Phase.PUBLICISE
    return renewal, spare


def test_a_replacement_cannot_enter_the_vote_on_the_old_notice(users, reserve):
    renewal, spare = replaced(users, reserve)
    texts = [b.text for b in blockers(renewal, "finish_notice")]
    assert any(spare.member.name in t and "未经公示" in t and "第 2 次" in t for t in texts), texts
    with pytest.raises(TransitionRefused, match="未经公示"):
        renewal_finish_notice(actor=users["secretary"], renewal=renewal)
    # The branch's queue says a notice is due, until it is published.
    assert due(users["secretary"], renewal) == ["候选人预备人选待公示"]
    notice_publish(actor=users["secretary"], renewal=renewal, start=timezone.localdate())
    assert due(users["secretary"], renewal) == []


def due(user, renewal) -> list[str]:
    return [
        i.title for i in inbox_for(user).items if i.renewal.pk == renewal.pk and i.kind == "notice"
    ]


def test_the_changed_list_is_published_as_notice_two_with_its_own_period(users, reserve):
    renewal, spare = replaced(users, reserve)
    today = timezone.localdate()
    renewal = notice_publish(actor=users["secretary"], renewal=renewal, start=today)
    first, second = renewal.notices.order_by("number")
    assert (first.number, second.number) == (1, 2)
    assert second.start == today
    assert spare.member.name in second.names
    assert spare.member.name not in first.names
    assert len(second.names) == 6  # the whole list as it stands, withdrawn people left off
    # Contact details carry over from the first notice when not given again.
    assert (second.phone, second.address) == (first.phone, first.address)
    texts = [b.text for b in blockers(renewal, "finish_notice")]
    assert f"公示期至 {second.end}，公示期满后方可进入选举。" in texts
    with pytest.raises(TransitionRefused):
        renewal_finish_notice(actor=users["secretary"], renewal=renewal)
    renewal = demo.backdate_notice(renewal, (second.end - today).days + 1)
    renewal = renewal_finish_notice(actor=users["secretary"], renewal=renewal)
    assert renewal.phase == Phase.VOTE


def test_both_notices_stay_in_the_record_and_the_archive(client, users, reserve):
    renewal, spare = replaced(users, reserve)
    renewal = notice_publish(actor=users["secretary"], renewal=renewal, start=timezone.localdate())
    docs = list(renewal.documents.filter(kind=DocumentKind.NOTICE).order_by("issued_at", "pk"))
    assert [d.label for d in docs] == ["（第1次）", "（第2次）"]
    with docs[1].file.open("rb") as fh:
        text = "".join(pdftotext(fh.read()).split())
    assert "（第2次公示）" in text
    assert spare.member.name in text
    names = zipfile.ZipFile(io.BytesIO(build_archive(renewal))).namelist()
    assert any("候选人预备人选公示（第1次）" in n for n in names), names
    assert any("候选人预备人选公示（第2次）" in n for n in names), names
    # The renewal page lists both notices, the current one with its period.
    client.force_login(users["secretary"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert "第 1 次 公示期" in page
    assert "第 2 次 公示期" in page


def test_the_public_page_shows_the_current_notice_and_the_earlier_one(client, users, reserve):
    renewal, spare = replaced(users, reserve)
    url = reverse("public_notice", args=[renewal.public_token])
    page = client.get(url).content.decode()
    assert "不在公示期内" in page  # still the first notice, long over
    renewal = notice_publish(actor=users["secretary"], renewal=renewal, start=timezone.localdate())
    page = client.get(url).content.decode()
    assert "第 2 次公示" in page
    assert spare.member.name in page
    assert "此前的公示" in page
    assert "提交意见" in page
    objection = objection_submit(renewal=renewal, text="意见", nominee=spare, address="10.0.0.9")
    assert objection.notice.number == 2


def test_the_same_list_cannot_be_published_again_once_the_notice_started(users, reserve):
    renewal, _spare = reserve
    renewal = demo.publish_notice(renewal, actor=users["secretary"])
    with pytest.raises(ValidationError, match="公示已经开始，不能更改"):
        notice_publish(actor=users["secretary"], renewal=renewal, start=timezone.localdate())
    # A withdrawal that keeps the differential needs no new notice.
    candidate_withdraw(
        actor=users["secretary"], nominee=notice_candidates(renewal)[0], reason="个人申请退出"
    )
    with pytest.raises(ValidationError, match="公示已经开始，不能更改"):
        notice_publish(actor=users["secretary"], renewal=renewal, start=timezone.localdate())
    assert renewal.notices.filter(kind=NoticeKind.CANDIDATES).count() == 1
