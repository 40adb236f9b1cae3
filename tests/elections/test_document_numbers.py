"""发文字号: given once, when a 请示, 报告 or 批复 is first issued, per issuing organisation and
year, without gaps; kept when the document is issued again; printed above the title; a draft
never shows a made-up number."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from branches.models import AuditEvent
from elections import demo
from elections.documents import build_pdf
from elections.models import DocumentKind, OrganisationDocumentSettings
from elections.services.approve import renewal_approve_result
from elections.services.documents import take_number
from elections.services.prepare import renewal_return, renewal_submit_request
from tests.pdf_text import pdftotext

YEAR = timezone.localdate().year


def lines(data: bytes) -> list[str]:
    out = pdftotext(data, layout=True)
    return [line.strip() for line in out.splitlines() if line.strip()]


def stored(doc) -> bytes:
    with doc.file.open("rb") as fh:
        return fh.read()


def test_the_request_and_its_reply_get_the_issuers_numbers(users, recommending):
    request = recommending.documents.get(kind=DocumentKind.REQUEST)
    reply = recommending.documents.get(kind=DocumentKind.REQUEST_REPLY)
    assert request.number == f"第一党支〔{YEAR}〕1号"  # the branch issues its request
    assert reply.number == f"机关党委〔{YEAR}〕1号"  # the superior its reply
    text = lines(stored(request))
    assert text[0] == request.number, text[:3]  # above the title
    assert text[1] == "中共第一党支部"
    assert lines(stored(reply))[0] == reply.number


def test_numbers_follow_on_without_gaps_per_organisation_and_year(tree):
    assert [take_number(tree["a"]) for _ in range(3)] == [
        f"机关党委〔{YEAR}〕{n}号" for n in (1, 2, 3)
    ]
    assert take_number(tree["other"]) == f"镇党委〔{YEAR}〕1号"


def test_a_request_issued_again_keeps_its_number(users, planned):
    secretary = users["secretary"]
    renewal_submit_request(actor=secretary, renewal=planned)
    renewal_return(actor=users["approver"], renewal=planned, reason="补充材料")
    renewal_submit_request(actor=secretary, renewal=planned)
    numbers = list(
        planned.documents.filter(kind=DocumentKind.REQUEST).values_list("number", flat=True)
    )
    assert numbers == [f"第一党支〔{YEAR}〕1号"] * 2


def test_a_draft_shows_no_made_up_number(planned):
    text = lines(build_pdf(planned, DocumentKind.REQUEST))
    assert text[0] == "〔待编号〕"


def test_the_branchs_next_document_follows_its_request(recommending):
    """The request was the branch's 1号 this year, so its next document (the report) is 2号."""
    assert take_number(recommending.branch) == f"第一党支〔{YEAR}〕2号"


def test_staff_change_the_pattern_and_the_change_is_audited(client, users, tree):
    client.force_login(users["staff"])
    url = reverse("elections:document_settings", args=[tree["b1"].pk])
    assert "第一党支〔2026〕1号" in client.get(url).content.decode()
    response = client.post(url, {"short_name": "一支", "number_pattern": "{简称}〔{年}〕"})
    assert response.status_code == 200
    assert "{号}" in response.content.decode()
    assert not OrganisationDocumentSettings.objects.exists()
    response = client.post(url, {"short_name": "一支", "number_pattern": "{简称}发〔{年}〕{号}号"})
    assert response.status_code == 302
    assert take_number(tree["b1"]) == f"一支发〔{YEAR}〕1号"
    event = AuditEvent.objects.get(action="document_settings_save")
    assert event.changes["short_name"] == ["", "一支"]


def test_the_result_report_and_its_reply_follow_on(users, voting):
    """Regression: the report's draft printed its section count (2) where the number goes."""
    secretary = users["secretary"]
    demo.prepare_meeting(voting, actor=secretary)
    assert lines(build_pdf(voting, DocumentKind.RESULT_REPORT))[0] == "〔待编号〕"
    renewal = demo.hold_meeting(voting, actor=secretary)
    approved = renewal_approve_result(actor=users["approver"], renewal=renewal)
    report = approved.documents.get(kind=DocumentKind.RESULT_REPORT)
    reply = approved.documents.get(kind=DocumentKind.RESULT_REPLY)
    assert report.number == f"第一党支〔{YEAR}〕2号"
    assert reply.number == f"机关党委〔{YEAR}〕2号"
    assert lines(stored(report))[0] == report.number
    assert lines(stored(reply))[0] == reply.number


def test_the_renewal_page_lists_documents_with_their_numbers(client, users, recommending):
    client.force_login(users["secretary"])
    page = client.get(recommending.get_absolute_url()).content.decode()
    assert f"第一党支〔{YEAR}〕1号" in page
    assert f"机关党委〔{YEAR}〕1号" in page
