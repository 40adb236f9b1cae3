"""The campaign report (/campaigns/<id>/report.pdf) for a known campaign: its scope and timetable,
branches per step (done, late), the late list and approved delays, the risk notes, the new
committees' structure from the members' data, the filings; always in Chinese; a fixed number of
queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from branches.models import Term
from elections.domain.timetable import State
from elections.models import Body, CampaignBranch, Renewal, RenewalShift, RiskLevel
from elections.selectors.campaign_report import campaign_report
from elections.services.filing import filing_acknowledge
from members.models import Member
from tests.conftest import make_org
from tests.filing_helpers import approved, attach, district_approver, make_campaign
from tests.pdf_text import pdftotext


@pytest.fixture
def campaign(users, tree, big_branch):
    """Over 机关党委's B1 (approved today, filed), B2 (not started: too few members) and a
    removed branch; 40 days from 20 days ago, a step due every 5 days."""
    today = timezone.localdate()
    removed = make_org("B8", "branch", tree["a"], name="撤并党支部")
    campaign = make_campaign(
        tree["a"], [big_branch, tree["b2"], removed], starts_on=today - timedelta(days=20)
    )
    renewal = approved(users, big_branch)
    attach(campaign, renewal, risk_level=RiskLevel.ONE)
    CampaignBranch.objects.filter(campaign=campaign, branch=tree["b2"]).update(
        problem="正式党员不足3名", risk_level=RiskLevel.THREE, risk_note="班子长期不健全"
    )
    CampaignBranch.objects.filter(campaign=campaign, branch=removed).update(
        included=False, reason="已撤并"
    )
    women = renewal.elected.filter(body=Body.COMMITTEE).values("member")[:2]
    Member.objects.filter(pk__in=women).update(gender="female")
    Member.objects.filter(branch=big_branch).update(education="bachelor")
    term = Term.objects.create(
        organisation=tree["b2"], number=1, start_date=date(2023, 3, 1), planned_end=date(2026, 3, 1)
    )
    RenewalShift.objects.create(  # an approved delay (延期换届), as its service would leave it
        kind="delay",
        branch=tree["b2"],
        term=term,
        due_date=date(2026, 3, 1),
        new_date=date(2027, 2, 1),
        reason="党员人数不足",
        status="approved",
        decided_at=timezone.now(),
    )
    return campaign


def test_the_report_reads_the_progress_as_the_board_does(campaign):
    report = campaign_report(campaign)
    assert [e.branch.code for e in report.included] == ["B2", "B1"]  # tree order
    assert [e.branch.code for e in report.removed] == ["B8"]
    assert [e.branch.code for e in report.not_started] == ["B2"]
    prepare, *_rest, archive = report.steps
    # B1 did the first four steps today, after their deadlines; B2 has not begun them.
    assert prepare.counts == {State.DONE_LATE: 1, State.LATE: 1}
    assert report.steps[4].counts == {State.DONE: 1, State.NOT_STARTED: 1}
    assert archive.counts == {State.RUNNING: 1, State.NOT_STARTED: 1}
    [late] = report.late
    assert late.branch.code == "B2"
    assert late.steps == [("筹备（请示获批）", 16), ("推荐", 11), ("考察审查", 6), ("公示", 1)]
    assert [(r.branch.code, r.level) for r in report.risks] == [("B2", "三类（风险较大）")]
    assert report.approved == 1
    assert (report.members.total, report.members.women, report.members.college) == (5, 2, 5)
    assert report.secretaries.total == 1
    assert [(d.branch.code, d.new_date) for d in report.delays] == [("B2", date(2027, 2, 1))]
    assert len(report.filings) == 1
    assert report.acknowledged == 0
    assert report.unfiled == []


def test_the_report_pdf_in_chinese_whatever_the_language(client, users, tree, campaign):
    filing_acknowledge(
        actor=district_approver(tree), filing=campaign.entries.get(branch__code="B1").renewal.filing
    )
    client.force_login(users["staff"])
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        response = client.get(reverse("campaigns:report", args=[campaign.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdftotext(response.content)
    flat = text.replace("\n", "").replace(" ", "")
    for piece in (
        "中共机关党委",
        "关于2026年党支部集中换届工作",
        "中共区委：",
        "纳入换届范围的党组织2个（另有1个经研究不纳入本次换届）",
        "已启动换届1个，未能启动1个",
        "已完成选举并经批复的1个",
        "正式党员不足3名",
        "有1个党组织的换届工作未按时间安排完成",
        "筹备（请示获批）（16天）、推荐（11天）、考察审查（6天）、公示（1天）",
        "一类（平稳）1个，二类（有一定风险）0个，三类（风险较大）1个",
        "班子长期不健全",
        "经批准延期换届的党组织1个：第二党支部（由2026年3月1日延至2027年2月1日）",
        "新一届班子成员5名，其中书记1名",
        "女性2（40%）",
        "大专及以上学历5（100%）",
        "已向上级报送选举结果备案1个，上级已确认1个",
    ):
        assert piece in flat, piece
    assert "Campaign" not in text


def test_the_report_takes_the_same_queries_for_3_and_30_branches(campaign, tree):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            campaign_report(campaign)
        return len(ctx.captured_queries)

    few = queries()
    for i in range(27):
        branch = make_org(f"C{i}", "branch", tree["a"], name=f"新增党支部{i}")
        entry = CampaignBranch.objects.create(campaign=campaign, branch=branch)
        if i % 2:
            entry.renewal = Renewal.objects.create(branch=branch, phase="vet")
            entry.save(update_fields=["renewal"])
    assert queries() == few
