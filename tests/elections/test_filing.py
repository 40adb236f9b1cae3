"""Filing upward (备案): the superior's approval files the result report, its reply and a profile
of each secretary (一人一档) with the level above, which acknowledges; each document keeps its
SHA-256; the filing waits in the acknowledging level's queue."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from branches.models import AuditEvent, OrganisationKind, Role, RoleKind
from elections.models import Body, DocumentKind, Filing, FilingDocumentKind, Renewal
from elections.selectors.audit import changes_text
from elections.selectors.dashboard import FILING, inbox_for
from elections.services.approve import renewal_approve_result
from elections.services.filing import filing_acknowledge, filing_submit
from tests.conftest import make_org
from tests.filing_helpers import add_members, approved, district_approver, voted
from tests.pdf_text import pdftotext


@pytest.fixture
def district(tree):
    return district_approver(tree)


@pytest.fixture
def filing(users, big_branch, district):
    return approved(users, big_branch).filing


def _bytes(doc) -> bytes:
    with doc.stored.open("rb") as fh:
        return fh.read()


def test_the_approval_files_the_result_with_the_level_above(users, tree, filing):
    renewal = filing.renewal
    assert (filing.filed_by, filing.filed_to) == (tree["a"], tree["root"])
    assert filing.filed_by_user == users["approver"]
    assert not filing.acknowledged
    docs = list(filing.documents.order_by("pk"))
    assert [d.kind for d in docs] == [
        FilingDocumentKind.RESULT_REPORT,
        FilingDocumentKind.RESULT_REPLY,
        FilingDocumentKind.PROFILE,
        FilingDocumentKind.PROFILE,
    ]
    # The report and the reply are those the renewal issued: the same bytes, the same hash.
    report = renewal.documents.filter(kind=DocumentKind.RESULT_REPORT).latest("issued_at")
    assert docs[0].issued == report
    assert docs[0].sha256 == report.sha256
    assert docs[1].issued == renewal.documents.get(kind=DocumentKind.RESULT_REPLY)
    for doc in docs:
        data = _bytes(doc)
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == doc.sha256
    secretary = renewal.elected.get(body=Body.SECRETARY).name
    deputy = renewal.elected.get(body=Body.DEPUTY).name
    assert [d.title for d in docs[2:]] == [
        f"{secretary}同志基本情况（书记）",
        f"{deputy}同志基本情况（副书记）",
    ]
    event = AuditEvent.objects.get(action="filing_submit")
    assert event.target_id == str(renewal.pk)
    assert "机关党委 向 区委 报送备案" in event.summary
    assert changes_text(event.changes) == f"备案编号：{filing.pk}"  # the archive's CSV


def test_a_renewal_is_filed_once_and_only_once_approved(users, big_branch, district):
    renewal = voted(users["secretary"], users["approver"], big_branch)
    with pytest.raises(ValidationError, match="批复后"):
        filing_submit(actor=users["approver"], renewal=renewal, elected_on=renewal.meeting_date)
    with translation.override("en"):  # an approver reading English files Chinese documents
        renewal = renewal_approve_result(actor=users["approver"], renewal=renewal)
    titles = [d.title for d in renewal.filing.documents.order_by("pk")]
    assert titles[0].startswith("选举结果报告（")
    assert titles[1].startswith("关于选举结果的批复（")
    assert titles[2].endswith("同志基本情况（书记）")
    event = AuditEvent.objects.get(action="filing_submit")
    assert "选举结果报告、关于选举结果的批复" in event.summary
    profile = renewal.filing.documents.filter(kind=FilingDocumentKind.PROFILE).first()
    with profile.stored.open("rb") as fh:
        text = pdftotext(fh.read())
    assert "中共第一党支部书记" in text
    assert "Secretary" not in text
    with pytest.raises(ValidationError, match="已报送"):
        filing_submit(actor=users["approver"], renewal=renewal, elected_on=renewal.meeting_date)
    assert Filing.objects.count() == 1


def test_nothing_is_filed_when_the_superior_is_the_top_of_the_tree(tree, users, district):
    """A branch right under 区委 is approved by 区委, which has nobody above it."""
    branch = make_org("B9", OrganisationKind.BRANCH, tree["root"], name="区委办党支部")
    add_members(branch, 9)
    secretary = users["norole"]
    Role.objects.create(user=secretary, organisation=branch, role=RoleKind.SECRETARY)
    renewal = renewal_approve_result(actor=district, renewal=voted(secretary, district, branch))
    assert renewal.phase == "archive"
    assert not Filing.objects.exists()


def test_the_filing_waits_in_the_queue_of_the_level_above(users, filing, district):
    item = next(i for i in inbox_for(district).items if i.kind == FILING)
    assert item.url == filing.get_absolute_url()
    assert item.renewal == filing.renewal
    assert item.detail == "机关党委 报送"
    assert inbox_for(district).counts[FILING] == 1
    # The filer does not wait on itself; the branch never sees it.
    assert inbox_for(users["approver"]).counts[FILING] == 0
    assert inbox_for(users["secretary"]).counts[FILING] == 0
    filing_acknowledge(actor=district, filing=filing)
    assert inbox_for(district).counts[FILING] == 0


def test_the_level_above_acknowledges_once(users, filing, district):
    with pytest.raises(PermissionDenied):  # the filer cannot acknowledge its own filing
        filing_acknowledge(actor=users["approver"], filing=filing)
    done = filing_acknowledge(actor=district, filing=filing, note=" 材料齐全，予以备案 ")
    assert done.acknowledged
    assert done.acknowledged_by == district
    assert done.note == "材料齐全，予以备案"
    event = AuditEvent.objects.get(action="filing_acknowledge")
    assert event.summary == "区委 确认备案：材料齐全，予以备案"
    with pytest.raises(ValidationError, match="已确认"):
        filing_acknowledge(actor=district, filing=filing)


def test_the_pages_name_who_it_waits_for_and_acknowledge(client, users, filing, district):
    url = filing.get_absolute_url()
    client.force_login(users["staff"])  # the filer's staff: the state, no action
    page = client.get(url).content.decode()
    assert "等待 区委 确认备案" in page
    assert reverse("filings:acknowledge", args=[filing.pk]) not in page
    client.force_login(district)
    page = client.get(url).content.decode()
    assert reverse("filings:acknowledge", args=[filing.pk]) in page
    response = client.post(
        reverse("filings:acknowledge", args=[filing.pk]), {"note": "予以备案"}, follow=True
    )
    page = response.content.decode()
    assert "已确认备案。" in page
    assert "区委 于" in page
    assert "予以备案" in page
    client.force_login(users["staff"])
    listed = client.get(reverse("filings:list") + "?state=acknowledged").content.decode()
    assert "第一党支部" in listed
    assert "已确认" in listed
    pending = client.get(reverse("filings:list") + "?state=pending").content.decode()
    assert "第一党支部" not in pending


def test_the_documents_download_only_through_the_filing(client, users, filing, district, tree):
    doc = filing.documents.get(kind=FilingDocumentKind.RESULT_REPLY)
    url = reverse("filings:document", args=[filing.pk, doc.pk])
    client.force_login(district)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == doc.sha256
    for role in ("secretary", "outsider", "norole"):
        client.force_login(users[role])
        assert client.get(url).status_code == 404
        assert client.get(filing.get_absolute_url()).status_code == 404
    # A document is reached through its own filing only.
    other = Filing.objects.create(
        renewal=Renewal.objects.create(branch=tree["b2"], phase="archive"),
        filed_by=tree["a"],
        filed_to=tree["root"],
    )
    client.force_login(district)
    assert client.get(reverse("filings:document", args=[other.pk, doc.pk])).status_code == 404
