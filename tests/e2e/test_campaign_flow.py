"""Issue 14's "done when", in a real browser on the demo data: the committee's staff user (组织员,
`zuzhi`) plans a campaign for 青山镇党委 (倒排工期 from the end date), adds a branch whose term
has not ended with a reason, launches it (a job, its progress on the page), then moves the
timetable back so that the first step is overdue; the board shows both branches late with the
right totals and filters; the two branches move on (one finishes its first step late, the other
elects its committee: their weeks of work are written as rows here, as other campaign tests do)
and the board, the ledger (台账) and the statistics follow them."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest

from .helpers import CHROMIUM, login, pick, shot

if CHROMIUM is None:
    pytest.skip(
        "browser tests need Debian's chromium (/usr/bin/chromium): apt-get install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from branches.models import Organisation, Post, Role, RoleKind
from elections.models import Campaign, Phase, Renewal
from members.models import Member
from tests.campaign_ledger_helpers import hold_vote, moment

pytestmark = pytest.mark.e2e
TITLE = "青山镇党委2027年集中换届"


def _row(page, name: str):
    return page.locator("tbody tr", has_text=name)


def _board_column(page, label: str) -> int:
    """The index of the board's column headed `label` (the cells of a row, counted alike)."""
    headers = page.locator("thead tr").first.locator("th")
    texts = [headers.nth(i).inner_text() for i in range(headers.count())]
    found = [i for i, text in enumerate(texts) if text.strip().startswith(label)]
    assert found, texts
    return found[0]


def test_staff_plans_launches_and_follows_two_branches(demo, page):
    base = demo.url
    today = timezone.localdate()
    qs1, qs2 = (Organisation.objects.get(code=c) for c in ("QS-01", "QS-02"))
    # Each branch has a secretary with a login (the demo gives 青山镇's branches none yet).
    shuji = Role.objects.get(role=RoleKind.SECRETARY).user
    for branch in (qs1, qs2):
        Role.objects.create(user=shuji, organisation=branch, role=RoleKind.SECRETARY)

    login(page, base, "zuzhi")
    page.get_by_role("link", name="集中换届", exact=True).first.click()
    page.get_by_role("link", name="制定工作计划").click()
    pick(page, "组织换届的党组织", "青山镇党委")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("开始日期").fill(today.isoformat())
    page.get_by_label("结束日期").fill((today + timedelta(days=90)).isoformat())
    page.get_by_label("女性委员占比").fill("30")
    page.get_by_role("button", name="按结束日期倒排").click()
    expect(page.get_by_text("已按结束日期倒排各步骤的完成时限")).to_be_visible()
    expect(page.get_by_label("总结归档")).to_have_value((today + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="保存", exact=True).click()

    # The scope: QS-01 (term ends within the campaign) is proposed; QS-02 is added by hand.
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(_row(page, "青山村党支部")).to_contain_text("系统提出")
    expect(page.locator("tbody")).not_to_contain_text("滨河社区党支部")
    add = page.locator("form", has=page.get_by_role("heading", name="另行纳入"))
    pick(page, "党组织", "滨河社区党支部", within=add)
    add.get_by_label("纳入理由").fill("班子调整，提前换届")
    add.get_by_role("button", name="纳入").click()
    expect(page.get_by_text("已纳入换届范围。")).to_be_visible()
    expect(_row(page, "滨河社区党支部")).to_contain_text("另行纳入")

    # Launch: a job; its page follows the progress and then says what it did.
    page.get_by_role("link", name="启动", exact=True).click()
    expect(page.get_by_text("将启动 2 个组织的换届")).to_be_visible()
    page.get_by_role("button", name="确认启动").click()
    expect(page.get_by_text("已启动2个组织的换届，纳入跟踪0个，未能启动0个。")).to_be_visible(
        timeout=30_000
    )
    shot(page, "campaign-launched")
    campaign = Campaign.objects.get(title=TITLE)
    first, second = (Renewal.objects.get(branch=b) for b in (qs1, qs2))

    # Move the timetable back 60 days: the plan is edited and spread again from its new end.
    page.get_by_role("link", name="工作计划").click()
    page.get_by_label("开始日期").fill((today - timedelta(days=60)).isoformat())
    page.get_by_label("结束日期").fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="按结束日期倒排").click()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    campaign.refresh_from_db()
    prepare_by = date.fromisoformat(campaign.deadlines["prepare"])
    assert prepare_by < today
    late_days = (today - prepare_by).days

    # The board: both branches still preparing, both late by the same days; the totals say so.
    page.get_by_role("link", name="进度").click()
    page.wait_for_url(re.compile(r"/campaigns/\d+/$"))
    expect(page.locator("thead th").first).to_be_visible()
    prepare = _board_column(page, "筹备")
    for name in ("青山村党支部", "滨河社区党支部"):
        cell = _row(page, name).locator("td, th").nth(prepare)
        expect(cell).to_contain_text(f"逾期 {late_days} 天")
        expect(cell).to_have_class(re.compile("hj-cell-late"))
    totals = page.locator("tr", has=page.get_by_role("rowheader", name="合计"))
    expect(totals.locator("td, th").nth(prepare)).to_contain_text("逾期 2")
    expect(page.get_by_text("⚠ 逾期 2 个")).to_be_visible()

    # Weeks later: QS-01's request was approved today (its first step done, late); QS-02 has
    # held its members' meeting and elected its committee, now awaiting approval.
    Renewal.objects.filter(pk=first.pk).update(
        phase=Phase.RECOMMEND,
        timeline={**first.timeline, "recommend": moment(today)},
        phase_entered_at=timezone.now(),
    )
    start = today - timedelta(days=50)
    days = [start + timedelta(days=7 * i) for i in range(6)]
    Renewal.objects.filter(pk=second.pk).update(
        phase=Phase.APPROVE,
        timeline={
            str(p): moment(d)
            for p, d in zip(
                [
                    Phase.PREPARE,
                    Phase.RECOMMEND,
                    Phase.VET,
                    Phase.PUBLICISE,
                    Phase.VOTE,
                    Phase.APPROVE,
                ],
                days,
                strict=True,
            )
        },
        awaiting_approval=True,
    )
    members = list(Member.objects.filter(branch=qs2, status="full").order_by("pk")[:3])
    Member.objects.filter(pk=members[0].pk).update(gender="female")
    duties = [Post.SECRETARY, Post.ORGANISATION, Post.PUBLICITY]
    hold_vote(
        second,
        held_on=days[4],
        expected=20,
        present=18,
        committee=[(m, m.name, d) for m, d in zip(members, duties, strict=True)],
        candidates=[(m, True) for m in members],
    )

    page.reload()
    row1 = _row(page, "青山村党支部")
    expect(row1.locator("td, th").nth(prepare)).to_contain_text("完成")
    expect(row1.locator("td, th").nth(prepare)).to_have_class(re.compile("hj-cell-done-late"))
    expect(_row(page, "滨河社区党支部")).to_contain_text("报批")
    expect(totals.locator("td, th").nth(prepare)).to_contain_text("完成 2")
    # Only the late: QS-01 is recommending past that step's deadline (weeks ago); QS-02 did
    # every step weeks before its deadline, so the filter leaves it out.
    page.get_by_label("只看逾期").check()
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("tbody tr[id^=entry-]")).to_have_count(1)
    expect(_row(page, "青山村党支部").locator("td.hj-cell-late").first).to_be_visible()
    expect(_row(page, "滨河社区党支部")).to_have_count(0)
    shot(page, "campaign-board")
    page.get_by_role("link", name="清除").click()

    # The ledger: one row per branch, QS-02 with its meeting, its E and P and the elected.
    with page.expect_download() as download:
        page.get_by_role("link", name="台账（Excel）").click()
    rows = list(
        load_workbook(io.BytesIO(download.value.path().read_bytes()))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    header = next(row for row in rows if "应到会人数" in row)
    column = {title: i for i, title in enumerate(header) if title}
    by_name = {row[1]: row for row in rows if row[1] in ("青山村党支部", "滨河社区党支部")}
    assert set(by_name) == {"青山村党支部", "滨河社区党支部"}
    assert by_name["青山村党支部"][column["换届进展"]] == "推荐"
    elected_row = by_name["滨河社区党支部"]
    assert elected_row[column["换届进展"]] == "报批"
    assert (elected_row[column["应到会人数"]], elected_row[column["实到会人数"]]) == (20, 18)
    assert f"书记：{members[0].name}" in elected_row[column["当选人员及职务"]]

    # The statistics: one committee elected, a woman among its three (33.3%, target 30%).
    page.get_by_role("link", name="班子结构统计").click()
    expect(page.get_by_text("纳入 2 个党组织，已完成选举 1 个")).to_be_visible()
    expect(page.locator("#chart-women svg")).to_be_visible()
    expect(page.locator("#chart-women svg")).to_contain_text("33.3%")
    shot(page, "campaign-statistics")
