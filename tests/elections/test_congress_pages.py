"""The congress page through the test client: the allotment typed, refused and approved; the
credentials check and the sign-in; a fixed number of queries whatever the number of delegates."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from elections.documents import build_pdf
from elections.models import Congress, Credential, Delegate, DocumentKind
from elections.services.congress import congress_allot, congress_approve_allotment
from elections.services.prepare import renewal_open
from tests.conftest import count_queries
from tests.congress_helpers import (
    committee_renewal,
    confirm_all,
    elect_delegates,
    to_vote,
    unit_of,
)
from tests.pdf_text import pdftotext


@pytest.fixture
def renewal(tree, users):
    return committee_renewal(tree, users)


def test_allot_refused_keeps_what_was_typed_then_approved(client, renewal, users):
    client.force_login(users["staff"])
    url = reverse("elections:congress_allot", args=[renewal.pk])
    response = client.post(url, {"total": "3", "minimum": "2"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "至少需要4名" in page
    assert 'value="3"' in page
    assert not Congress.objects.exists()
    response = client.post(url, {"total": "10", "minimum": "2"})
    assert response.status_code == 302
    unit = unit_of(renewal, "B1")
    response = client.post(
        reverse("elections:unit_seats_change", args=[renewal.pk, unit.pk]),
        {"seats": "5", "reason": ""},
    )
    assert response.status_code == 200
    assert unit_of(renewal, "B1").seats == 6
    client.force_login(users["superior"])
    page = client.get(reverse("elections:congress_page", args=[renewal.pk])).content.decode()
    assert "批准代表名额分配" in page
    assert "第一党支部" in page
    client.post(reverse("elections:congress_approve", args=[renewal.pk]))
    assert Congress.objects.get().approved_by == users["superior"]


def test_credentials_and_sign_in_through_the_page(client, renewal, users):
    elect_delegates(renewal, users)
    client.force_login(users["staff"])
    first = Delegate.objects.get(name="支部00")
    url = reverse("elections:delegate_check", args=[renewal.pk, first.pk])
    response = client.post(url, {"confirmed": "0", "reason": ""})
    assert "须写明理由" in response.content.decode()
    for delegate in Delegate.objects.all():
        client.post(
            reverse("elections:delegate_check", args=[renewal.pk, delegate.pk]),
            {"confirmed": "1"},
        )
    assert set(Delegate.objects.values_list("credential", flat=True)) == {Credential.CONFIRMED}
    chosen = list(Delegate.objects.values_list("pk", flat=True))[:9]
    client.post(reverse("elections:congress_sign_in", args=[renewal.pk]), {"delegates": chosen})
    page = client.get(reverse("elections:congress_page", args=[renewal.pk])).content.decode()
    assert "应到代表 10 名，实到 9 名" in page
    assert "可以进行选举" in page


def test_page_queries_do_not_grow_with_delegates(client, renewal, users):
    elect_delegates(renewal, users)
    client.force_login(users["staff"])
    url = reverse("elections:congress_page", args=[renewal.pk])
    few = count_queries(client, url)
    Delegate.objects.filter(name="支部00").delete()
    assert count_queries(client, url) == few


def test_unit_election_through_the_page(client, renewal, users):
    """The tally sheet typed line by line; a stranger's name comes back as an error with the
    figures kept; the right sheet elects G's four delegates."""
    congress_allot(actor=users["staff"], renewal=renewal, total=10, minimum=2)
    congress_approve_allotment(actor=users["superior"], renewal=renewal)
    to_vote(renewal, users)
    client.force_login(users["staff"])
    g = unit_of(renewal, "G")
    page = client.get(reverse("elections:congress_page", args=[renewal.pk])).content.decode()
    assert "录入党总支代表选举结果" in page
    url = reverse("elections:unit_election_record", args=[renewal.pk, g.pk])
    figures = {
        "held_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "expected": "12", "present": "10", "issued": "10", "returned": "10", "invalid": "0",
    }  # fmt: skip
    sheet = "总支00 9 1 0\n总支01 8 2 0\n总支02 7 3 0\n总支03 6 4 0\n{last} 3 7 0"
    response = client.post(url, {**figures, "tally": sheet.format(last="张三")})
    page = response.content.decode()
    assert "张三不是本选举单位有选举权的党员" in page
    assert 'value="12"' in page
    assert not Delegate.objects.exists()
    response = client.post(url, {**figures, "tally": sheet.format(last="总支04")})
    assert response.status_code == 302
    assert list(Delegate.objects.values_list("name", "votes")) == [
        ("总支00", 9), ("总支01", 8), ("总支02", 7), ("总支03", 6),
    ]  # fmt: skip


def test_delegate_list_workbook(client, renewal, users):
    """The delegate list names every delegate with their unit, votes and credentials decision,
    and the allotment adds up to the total; a typed reason that looks like a formula stays
    text."""
    elect_delegates(renewal, users)
    renewal.refresh_from_db()
    confirm_all(renewal, users, reject="支部00")
    Delegate.objects.filter(name="支部00").update(credential_reason='=HYPERLINK("x")')
    client.force_login(users["viewer"])
    response = client.get(reverse("elections:delegate_list", args=[renewal.pk]))
    book = load_workbook(BytesIO(response.content))
    rows = list(book["代表名单"].iter_rows(values_only=True))
    assert rows[0][0] == "机关党委党员代表大会代表名单"
    assert len(rows) == 2 + 10
    assert rows[2][1:2] + rows[2][4:7] == ("总支00", "党总支", 9, "资格有效")
    rejected = next(r for r in rows if r[1] == "支部00")
    assert rejected[4:8] == ("第一党支部", 19, "资格无效", '=HYPERLINK("x")')
    assert book["代表名单"].cell(row=rows.index(rejected) + 1, column=8).data_type == "s"
    shares = list(book["名额分配"].iter_rows(values_only=True))
    assert shares[1:] == [
        ("党总支", 13, 4, 4, None),
        ("第一党支部", 31, 6, 6, None),
        ("合计", 44, None, 10, None),
    ]


def test_the_committees_renewal_page_links_to_the_congress(client, renewal, users):
    client.force_login(users["staff"])
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert reverse("elections:congress_page", args=[renewal.pk]) in page
    branch_renewal = renewal_open(
        actor=users["secretary"], branch=renewal.branch.children.get(code="B1")
    )
    page = client.get(branch_renewal.get_absolute_url()).content.decode()
    assert "congress" not in page


def test_congress_method_names_the_delegates_and_their_quorum(client, renewal, users):
    """The congress's election method: the delegates confirmed are the electorate, more than
    four fifths of them must be present (9 of 10), the scrutineers are delegates."""
    elect_delegates(renewal, users)
    renewal.refresh_from_db()
    confirm_all(renewal, users)
    client.force_login(users["viewer"])
    response = client.get(reverse("elections:congress_method", args=[renewal.pk]))
    text = "".join(pdftotext(response.content).split())
    assert "党员代表大会" in text
    assert "经代表资格审查确认的代表10名" in text
    assert "不少于9名" in text
    assert "从不是候选人的代表中推选" in text


def test_request_and_reply_name_the_congress(renewal, users):
    """The plan chooses the congress; the request asks for it with the allotment, the reply
    approves it with the number of delegates."""
    congress_allot(actor=users["staff"], renewal=renewal, total=10, minimum=2)
    text = "".join(pdftotext(build_pdf(renewal, DocumentKind.REQUEST)).split())
    assert "拟召开党员代表大会进行换届选举。代表名额10名" in text
    assert "党总支4名，第一党支部6名" in text
    text = "".join(pdftotext(build_pdf(renewal, DocumentKind.REQUEST_REPLY)).split())
    assert "大会代表名额10名，由各选举单位召开党员大会差额选举产生" in text


def test_delegates_are_searched(client, renewal, users):
    elect_delegates(renewal, users)
    client.force_login(users["viewer"])
    url = reverse("elections:congress_page", args=[renewal.pk])
    page = client.get(url, {"q": "总支"}).content.decode()
    assert "总支03" in page
    assert "支部04" not in page
    page = client.get(url, {"q": "第一党支部"}).content.decode()
    assert "支部04" in page
    assert "总支03" not in page
    assert "没有找到符合条件的代表" in client.get(url, {"q": "无此人"}).content.decode()
