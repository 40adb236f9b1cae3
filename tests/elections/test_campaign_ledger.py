"""The campaign ledger (台账, issue 14 item 4): one row per included branch with the dates of each
step, E, P, candidates, seats, the elected and their posts, the approval and the seal; in Chinese
whatever the user's language; typed values as text; a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Post
from elections.documents.campaign_ledger import LEDGER, NO_ACCESS, ledger_xlsx
from elections.models import Phase
from elections.selectors.campaign_ledger import ledger_rows
from members.exports import export_job_run, export_start
from members.models import ExportJob, ExportStatus
from tests.campaign_ledger_helpers import (
    hold_vote,
    include,
    make_campaign,
    renewal_at,
    sheet,
    workbook,
)
from tests.conftest import make_member, make_org

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIL = '=HYPERLINK("http://x","点")'


@pytest.fixture
def campaign(tree):
    """机关党委's campaign: B1 voted, approved and sealed; B2 (under 党总支) preparing with 4
    full members on its roll; a third branch not launched."""
    a, b1 = tree["a"], tree["b1"]
    campaign = make_campaign(a, title="机关2026年集中换届")
    days = [date(2026, 3, 20 + i) for i in range(7)]
    voted = renewal_at(b1, Phase.ARCHIVE, days, sealed_on=date(2026, 4, 28))
    people = [make_member(b1, name=n) for n in ("王芳", EVIL)]
    hold_vote(
        voted,
        held_on=date(2026, 4, 10),
        expected=26,
        present=24,
        committee=[
            (people[0], "王芳", Post.SECRETARY),
            (people[1], EVIL, Post.ORGANISATION),
            (None, "赵六", Post.MEMBER),
        ],
        candidates=[(people[0], True), (people[1], True), (tree["m1"], False)],
    )
    include(campaign, b1, voted)
    for i in range(4):
        make_member(tree["b2"], name=f"乙{i}")
    include(campaign, tree["b2"], renewal_at(tree["b2"], Phase.PREPARE, [date(2026, 3, 21)]))
    include(campaign, make_org("B9", "branch", a, name="未启动支部"))
    return campaign


def _download(client, campaign) -> bytes:
    response = client.get(reverse("campaigns:ledger", args=[campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return response.content


def test_the_ledger_has_a_row_per_branch_in_chinese_under_an_english_ui(client, users, campaign):
    client.force_login(users["staff"])
    client.cookies["django_language"] = "en"
    rows = workbook(_download(client, campaign))
    assert rows[0][0] == "机关2026年集中换届　换届工作台账"
    assert rows[2][:5] == ("序号", "党组织", "所属党组织", "换届进展", "筹备（请示获批）")
    assert rows[3][4:6] == ("开始", "完成")
    assert rows[2][-7:] == (
        "应到会人数",
        "实到会人数",
        "正式候选人数",
        "应选名额",
        "当选人员及职务",
        "选举结果批复日期",
        "是否归档封存",
    )
    # In the tree's order: 党总支's branch first.
    b2, b1, idle = rows[4:7]
    assert b1[:4] == (2, "第一党支部", "直属", "总结归档")
    # Prepare began 20 March and was completed when the renewal entered recommend (21 March).
    assert b1[4:6] == (date(2026, 3, 20), date(2026, 3, 21))
    # The members' meeting: begun with the vote phase (24 March), held 10 April.
    assert b1[12:14] == (date(2026, 3, 24), date(2026, 4, 10))
    assert b1[-7:] == (
        26,
        24,
        3,
        3,
        f"书记：王芳；组织委员：{EVIL}；委员：赵六",
        date(2026, 3, 26),
        "已封存",
    )
    # B2 prepares: E from its roll (4 full members, 李四 probationary), no P, nothing elected.
    assert b2[:4] == (1, "第二党支部", "党总支", "筹备")
    assert b2[4:6] == (date(2026, 3, 21), None)
    assert b2[-7:] == (4, None, None, 3, None, None, "未封存")
    assert idle[:4] == (3, "未启动支部", "直属", "未启动")
    assert idle[-1] == "未封存"


def test_typed_values_are_text_never_formulas(client, users, campaign):
    client.force_login(users["staff"])
    ws = sheet(_download(client, campaign))
    cell = ws.cell(row=6, column=ws.max_column - 2)
    assert cell.data_type == "s"
    assert cell.value.startswith("书记：")
    evil = make_org("B8", "branch", campaign.organisation, name=EVIL)
    include(campaign, evil)
    ws = sheet(_download(client, campaign))
    (named,) = [row[1] for row in ws.iter_rows(min_row=5) if row[1].value == EVIL]
    assert named.data_type == "s"


def _ledger_queries(campaign) -> int:
    with CaptureQueriesContext(connection) as ctx:
        rows = list(ledger_rows(campaign))
    assert rows
    return len(ctx.captured_queries)


def _add_branches(campaign, tree, first: int, count: int) -> None:
    """`count` more branches: voted, preparing and not launched in turn."""
    for n in range(first, first + count):
        branch = make_org(f"Q{n}", "branch", tree["g"], name=f"支部{n}")
        make_member(branch)
        if n % 3 == 0:
            renewal = renewal_at(branch, Phase.APPROVE, [date(2026, 3, 20 + i) for i in range(6)])
            member = make_member(branch)
            hold_vote(
                renewal,
                held_on=date(2026, 4, 10),
                expected=5,
                present=5,
                committee=[(member, member.name, Post.SECRETARY)],
                candidates=[(member, True)],
            )
        elif n % 3 == 1:
            renewal = renewal_at(branch, Phase.PREPARE, [date(2026, 3, 20)])
        else:
            renewal = None
        include(campaign, branch, renewal)


def test_the_ledger_reads_a_fixed_number_of_queries(campaign, tree):
    small = _ledger_queries(campaign)
    _add_branches(campaign, tree, 0, 3)
    assert _ledger_queries(campaign) == small
    _add_branches(campaign, tree, 3, 30)
    assert _ledger_queries(campaign) == small


def test_a_large_campaign_is_made_by_the_job_worker(client, users, campaign, settings):
    settings.CAMPAIGN_LEDGER_DIRECT_MAX = 2
    client.force_login(users["staff"])
    url = reverse("campaigns:ledger", args=[campaign.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "生成台账" in page.content.decode()
    assert not ExportJob.objects.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.kind, job.status, job.organisation) == (
        LEDGER,
        ExportStatus.DONE,
        campaign.organisation,
    )
    assert (job.processed_rows, job.total_rows) == (3, 3)
    assert job.file_name.startswith("换届工作台账-")
    assert job.file_name.endswith(".xlsx")
    assert "换届工作台账" in client.get(reverse("members:export_list")).content.decode()
    download = client.get(reverse("members:export_download", args=[job.pk]))
    rows = workbook(b"".join(download.streaming_content))
    assert [row[1] for row in rows[4:]] == ["第二党支部", "第一党支部", "未启动支部"]


def test_the_job_checks_access_again_when_it_runs(users, campaign):
    job = export_start(
        kind=LEDGER,
        actor=users["outsider"],
        organisation=None,
        parameters={"campaign": campaign.pk},
    )
    job = export_job_run(job.pk)
    assert (job.status, job.message) == (ExportStatus.FAILED, NO_ACCESS)


def test_the_workbook_of_no_branch_has_its_headers(campaign):
    rows = workbook(ledger_xlsx(campaign, []))
    assert len(rows) == 4


def test_a_cancelled_renewal_keeps_its_row_with_nothing_filled_in(client, users, tree):
    campaign = make_campaign(tree["a"])
    days = [date(2026, 3, 20), date(2026, 3, 22)]
    include(campaign, tree["b1"], renewal_at(tree["b1"], Phase.CANCELLED, days, seats=5))
    client.force_login(users["staff"])
    (row,) = workbook(_download(client, campaign))[4:]
    assert row[:4] == (1, "第一党支部", "直属", "已取消")
    assert set(row[4:-1]) == {None}
    assert row[-1] == "未封存"
