"""Issue 15: an electing unit's meeting has its own papers: the notice and the election method
(issued by the unit when sent and adopted, kept with the renewal's documents and named for the
unit), the pre-printed ballot from its delegate candidates and the register of its voters."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from branches.models import AuditEvent
from elections.demo_congress import (
    confirm_delegates,
    elect_unit,
    hold_congress,
    prepare_congress,
    propose_congress,
)
from elections.documents import build_pdf
from elections.documents.excel import count_workbook
from elections.models import Delegate, DocumentKind, IssuedDocument
from elections.selectors.congress import congress_of, unit_candidates, unit_voters
from elections.selectors.rounds import rounds_of
from elections.services import meeting as meeting_service
from elections.services import units
from tests.congress_helpers import committee_renewal, to_vote, unit_of
from tests.pdf_text import pdftotext
from tests.unit_meeting_helpers import prepare

pytestmark = pytest.mark.django_db


@pytest.fixture
def renewal(tree, users):
    renewal = committee_renewal(tree, users)
    propose_congress(renewal, actor=users["staff"], approver=users["superior"], total=10, minimum=2)
    return to_vote(renewal, users)


def _flat(data: bytes) -> str:
    return "".join(pdftotext(data).split())


def test_the_notice_and_the_method_are_issued_by_the_unit(renewal, users):
    g = unit_of(renewal, "G")
    committee = renewal.branch.name
    meeting = prepare(renewal, g, users["staff"])
    issued = {d.kind: d for d in IssuedDocument.objects.filter(unit=g)}
    assert set(issued) == {DocumentKind.UNIT_NOTICE, DocumentKind.UNIT_METHOD}
    assert issued[DocumentKind.UNIT_NOTICE].label == f"（{g.unit.name}）"
    # The renewal's own notice and method are not issued by a unit's meeting.
    assert not renewal.documents.filter(kind__in=["meeting_notice", "method"]).exists()

    with issued[DocumentKind.UNIT_NOTICE].file.open("rb") as fh:
        notice = _flat(fh.read())
    title = f"中共{g.unit.name}关于召开党员大会选举出席中共{committee}党员代表大会代表的通知"
    assert title in notice
    assert "应选出席大会的代表四名" in notice
    # Sent before the candidates were set: the fewest candidates the differential needs (R6).
    assert "代表候选人不少于五名，由党员大会酝酿确定" in notice
    assert "经区委批准" in notice
    assert f"会议主持人：{meeting.chair}" in notice
    assert "超过应到会人数的五分之四" in notice

    with issued[DocumentKind.UNIT_METHOD].file.open("rb") as fh:
        method = _flat(fh.read())
    assert f"选举出席中共{committee}党员代表大会代表办法" in method
    assert "党员大会通过）" in method
    assert "应到会有选举权的党员12名" in method
    assert "即不少于10名" in method
    assert "经代表资格审查委员会审查确认后，代表资格有效" in method
    # Adopted after the candidates were set: they are named, in stroke order (R7).
    names = "、".join(m.name for m in unit_candidates(g))
    assert f"代表候选人五名，在选票上按姓氏笔画为序排列：{names}" in method
    scrutineers = [m.name for m in meeting.scrutineers.order_by("name", "pk")]
    assert f"大会设监票人2名：{'、'.join(scrutineers)}" in method


def test_the_draft_before_anything_is_set(renewal):
    """Before its day and candidates, the notice says so instead of inventing them; in Chinese
    whatever the reader's language."""
    b1 = unit_of(renewal, "B1")
    with translation.override("en"):
        notice = _flat(build_pdf(renewal, DocumentKind.UNIT_NOTICE, unit=b1))
    assert "会议时间：另行通知" in notice
    assert "代表候选人不少于八名，由党员大会酝酿确定" in notice  # 6 seats, 20% more
    method = _flat(build_pdf(renewal, DocumentKind.UNIT_METHOD, unit=b1))
    assert "（草案）" in method
    assert "第一条" in method  # the articles are numbered
    assert "第十条" in method
    assert "应到会有选举权的党员31名" in method


def test_papers_through_their_pages(client, renewal, users):
    g = unit_of(renewal, "G")
    client.force_login(users["staff"])
    args = [renewal.pk, g.pk]
    # No candidates yet: no ballot, but a message and the way back to the meeting.
    response = client.get(reverse("elections:unit_ballots", args=args))
    assert response.status_code == 302
    g.candidates.set(unit_voters(g.unit)[:5])
    ballots = client.get(reverse("elections:unit_ballots", args=args), {"copies": "3"})
    assert ballots["Content-Type"] == "application/pdf"
    text = _flat(ballots.content)
    assert text.count(f"出席中共{renewal.branch.name}党员代表大会代表选举选票") == 3
    assert all(m.name in text for m in unit_candidates(g))
    assert "多于应选名额4名的为废票" in text

    register = pdftotext(client.get(reverse("elections:unit_attendance", args=args)).content)
    flat = "".join(register.split())
    assert f"中共{g.unit.name}党员大会签到表" in flat
    assert f"（选举出席中共{renewal.branch.name}党员代表大会代表）" in flat
    assert "应到会有选举权的党员12名" in flat
    voters = {m.name for m in unit_voters(g.unit)}
    others = {m.name for m in unit_voters(unit_of(renewal, "B1").unit)} - voters
    assert all(name in flat for name in voters)
    assert not [name for name in others if name in flat]

    for name in ("notice", "method"):
        page = client.get(reverse("elections:unit_document", args=[*args, name]))
        assert page["Content-Type"] == "application/pdf"
    assert client.get(reverse("elections:unit_document", args=[*args, "tally"])).status_code == 404
    # The renewal's preview does not render a unit's documents without the unit.
    preview = reverse("elections:document_preview", args=[renewal.pk, "unit_notice"])
    assert client.get(preview).status_code == 404


def test_the_meeting_page_links_the_papers_and_the_issued_documents(client, renewal, users):
    g = unit_of(renewal, "G")
    prepare(renewal, g, users["staff"])
    client.force_login(users["staff"])
    page = client.get(reverse("elections:meeting_day", args=[renewal.pk, f"unit-{g.pk}"]))
    html = page.content.decode()
    assert reverse("elections:unit_ballots", args=[renewal.pk, g.pk]) in html
    assert reverse("elections:unit_attendance", args=[renewal.pk, g.pk]) in html
    for doc in IssuedDocument.objects.filter(unit=g):
        assert reverse("elections:document_download", args=[renewal.pk, doc.pk]) in html
    assert 'value="17"' in html  # 12 voters and 5 spare ballots


def test_the_count_and_the_result_report_record_the_delegate_elections(renewal, users):
    """The count workbook lists every unit's rounds and gives each closed one its sheet; the
    result report says how the delegates were elected and confirmed."""
    staff = users["staff"]
    congress = congress_of(renewal)
    for unit in congress.units.select_related("unit"):
        elect_unit(renewal, unit, actor=staff)
    confirm_delegates(renewal, actor=staff)
    prepare_congress(renewal, actor=staff)
    renewal = hold_congress(renewal, actor=staff)

    book = openpyxl.load_workbook(io.BytesIO(count_workbook(renewal)))
    units = list(congress_of(renewal).units.select_related("unit"))
    for unit in units:
        assert f"{unit.unit.name}第1轮" in book.sheetnames
    summary = [row for row in book["汇总"].iter_rows(values_only=True)]
    start = summary.index(("各选举单位选举代表",) + (None,) * (len(summary[0]) - 1))
    rows = [r for r in summary[start + 2 :] if r[0]]
    assert [(r[0], r[4]) for r in rows] == [(u.unit.name, u.seats) for u in units]
    sheet = book[f"{units[0].unit.name}第1轮"]
    assert sheet["A1"].value.startswith(str(units[0].meeting.title))
    # The congress's own rounds are named for it, its voters are the delegates.
    sitting = book["党员代表大会第1轮"]
    labels = [row[0] for row in sitting.iter_rows(values_only=True)]
    assert sitting["A1"].value.startswith("党员代表大会")
    assert "应到会代表" in labels
    assert "党员代表大会日期" in [r[0] for r in summary]
    assert "党员大会日期" not in [r[0] for r in summary]
    tally = _flat(build_pdf(renewal, DocumentKind.TALLY, round_=rounds_of(renewal)[0]))
    assert "党员代表大会" in tally
    assert "应到会代表10" in tally
    assert "有选举权的党员" not in tally

    report = _flat(build_pdf(renewal, DocumentKind.RESULT_REPORT))
    shares = "；".join(f"{u.unit.name}应选{u.seats}名、当选{u.seats}名" for u in units)
    assert "一、党员代表大会选举情况" in report
    assert (
        f"代表名额10名，分配给{len(units)}个选举单位（{shares}）。共选举产生代表10名，"
        "经代表资格审查，确认代表资格10名。"
    ) in report


def test_the_congress_has_its_own_notice_and_register(client, renewal, users):
    """The congress's sitting is noticed to the units and the delegates (关于召开党员代表大会的
    通知), its register lists the confirmed delegates with their units, and the renewal page
    previews the congress's notice and method, not a members' meeting's."""
    staff = users["staff"]
    for unit in congress_of(renewal).units.select_related("unit"):
        elect_unit(renewal, unit, actor=staff)
    confirm_delegates(renewal, actor=staff)
    client.force_login(staff)
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert "党员代表大会筹备" in page
    assert reverse("elections:document_preview", args=[renewal.pk, "congress_notice"]) in page
    assert reverse("elections:document_preview", args=[renewal.pk, "congress_method"]) in page
    assert reverse("elections:document_preview", args=[renewal.pk, "meeting_notice"]) not in page

    prepare_congress(renewal, actor=staff)
    [notice] = renewal.documents.filter(kind=DocumentKind.CONGRESS_NOTICE)
    assert not renewal.documents.filter(kind=DocumentKind.MEETING_NOTICE).exists()
    with notice.file.open("rb") as fh:
        text = _flat(fh.read())
    name = renewal.branch.name
    assert f"中共{name}关于召开中共{name}党员代表大会的通知" in text
    assert "各选举单位党组织、各位代表：" in text
    assert "出席对象：经代表资格审查确认的代表10名（代表名额10名）" in text
    assert "到会代表超过应到会代表的五分之四，大会方可进行选举" in text
    assert "全体党员" not in text

    register = client.get(reverse("elections:attendance_register", args=[renewal.pk]))
    flat = _flat(register.content)
    assert f"中共{name}党员代表大会代表签到表" in flat
    assert "应到会代表10名" in flat
    delegates = Delegate.objects.filter(unit__congress__renewal=renewal).select_related("unit")
    assert all(d.name in flat for d in delegates)
    assert "党总支" in flat  # a delegate's electing unit
    outsiders = set(unit_voters(renewal.branch)) - {d.member for d in delegates}
    words = set(pdftotext(register.content).split())
    assert all(d.name in words for d in delegates)
    assert not [m.name for m in outsiders if m.name in words]


def test_other_candidates_after_the_method_need_it_adopted_again(client, renewal, users):
    """The adopted method names the candidates: changing them clears the adoption (the issued
    method stays in the record) and adopting again issues the method that names the new ones."""
    staff = users["staff"]
    g = unit_of(renewal, "G")
    meeting = prepare(renewal, g, staff)
    voters = unit_voters(g.unit)
    same = unit_candidates(g)
    units.unit_candidates_set(actor=staff, renewal=renewal, unit=g, members=same)
    meeting.refresh_from_db()
    assert meeting.method_adopted_at is not None  # the same candidates: nothing to adopt again
    scrutineers = set(meeting.scrutineers.values_list("pk", flat=True))
    others = [m for m in voters if m.pk not in scrutineers][-5:]
    units.unit_candidates_set(actor=staff, renewal=renewal, unit=g, members=others)
    meeting.refresh_from_db()
    assert meeting.method_adopted_at is None
    assert "已通过的选举办法须重新通过" in AuditEvent.objects.latest("pk").summary
    meeting_service.method_adopt(actor=staff, renewal=renewal, unit=g)
    methods = list(IssuedDocument.objects.filter(unit=g, kind=DocumentKind.UNIT_METHOD))
    assert len(methods) == 2
    with methods[-1].file.open("rb") as fh:
        text = _flat(fh.read())
    assert "、".join(m.name for m in unit_candidates(g)) in text
    client.force_login(staff)
    html = client.get(reverse("elections:meeting_day", args=[renewal.pk, f"unit-{g.pk}"]))
    assert f"代表候选人：{'、'.join(m.name for m in unit_candidates(g))}" in html.content.decode()


def test_the_request_and_its_reply_name_the_congress(renewal):
    request = _flat(build_pdf(renewal, DocumentKind.REQUEST))
    assert "关于召开党员代表大会进行换届选举的请示" in request
    assert "提交党员代表大会" in request
    assert "召开党员大会，进行换届选举" not in request
    reply = _flat(build_pdf(renewal, DocumentKind.REQUEST_REPLY))
    assert "关于召开党员代表大会进行换届选举的请示》收悉" in reply
    assert "召开党员代表大会进行换届选举" in reply
    assert "大会代表名额10名，由各选举单位召开党员大会差额选举产生" in reply
