"""An electing unit's members' meeting in the browser (issue 15): in the demo, 区直机关党委 (JG)
renews by a delegates' congress in the vote phase; 政策法规处党支部 (JG-04) has not yet elected
its delegates. 王组织员 (zuzhi) reaches its meeting from the congress page, prepares it (day,
notice, delegate candidates, scrutineers, method), prints its papers from the page, and on the
day signs everybody in and elects the delegates in one round entered as totals; the delegates
appear on the unit's page and on the congress page.

Screenshots: tests/e2e/screenshots/unit-meeting-*.png.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from .helpers import CHROMIUM, login, shot

if CHROMIUM is None:
    pytest.skip(
        "browser tests need Debian's chromium (/usr/bin/chromium): apt-get install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from elections import domain
from elections.models import Delegate, DelegateUnit, Meeting, Phase, Round
from elections.selectors.congress import unit_candidates, unit_voters
from tests.pdf_text import pdftotext

pytestmark = pytest.mark.e2e

COMMITTEE = "JG"
UNIT = "JG-04"


def confirm_next(page) -> None:
    page.once("dialog", lambda dialog: dialog.accept())


def totals_round(page, *, names: list[str], elect: int, voters: int, scrutineer: str) -> None:
    """On a round page just opened: all `voters` ballots returned; the first `elect` names get
    every vote, the others none; the scrutineer confirms."""
    page.fill("#id_returned", str(voters))
    page.get_by_label("汇总录入").check()
    page.get_by_role("button", name="登记").click()
    for index, _name in enumerate(names):
        yes = voters if index < elect else 0
        page.fill(f'input[name="yes_{index}"]', str(yes))
        page.fill(f'input[name="no_{index}"]', str(voters - yes))
        page.fill(f'input[name="abstain_{index}"]', "0")
    page.fill("#id_invalid", "0")
    page.get_by_role("button", name="保存并核对").click()
    expect(page.get_by_text("汇总票数已保存并通过核对")).to_be_visible()
    page.get_by_label("监票人确认").select_option(scrutineer)
    confirm_next(page)
    page.get_by_role("button", name="监票人确认，结束计票").click()
    expect(page.locator(".badge", has_text="当选")).to_have_count(elect)


def attend_all(page, names: list[str]) -> None:
    for name in names:
        row = page.locator(f'#roll li[data-name="{name}"]')
        row.get_by_role("button", name="未到").click()
        expect(row.get_by_role("button", name="已到")).to_be_visible()


def opened_pdf(page, trigger, path: str) -> str:
    """Click `trigger`, a link or button that opens a PDF at `path` in a new tab; the PDF's
    text with the white space taken out (pdftotext spaces out some names)."""
    with (
        page.expect_popup() as popup,
        page.context.expect_event("response", lambda response: path in response.url) as answer,
    ):
        trigger.click()
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = page.context.request.get(response.url).body()  # the viewer stands in for the body
    popup.value.close()
    return "".join(pdftotext(body).split())


def success(page, text: str) -> None:
    expect(page.locator(".alert-success", has_text=text)).to_be_visible()


def test_a_unit_meeting_elects_its_delegates(demo, page):
    base = demo.url
    unit = DelegateUnit.objects.select_related("unit", "congress__renewal__branch").get(
        congress__renewal__branch__code=COMMITTEE, unit__code=UNIT
    )
    renewal = unit.congress.renewal
    assert renewal.phase == Phase.VOTE
    assert not unit.elected
    unit_name, committee, seats = unit.unit.name, renewal.branch.name, unit.seats
    rules = renewal.ruleset()
    voters = unit_voters(unit.unit)
    needed = domain.delegate_min_candidates(seats, rules)
    assert len(voters) > needed + 1
    # The first voters by name stand; the next one counts the votes; the last one chairs.
    chosen, scrutineer, chair = voters[:needed], voters[needed].name, voters[-1].name
    paper = {
        name: reverse(f"elections:unit_{name}", args=[renewal.pk, unit.pk])
        for name in ("ballots", "attendance")
    } | {
        name: reverse("elections:unit_document", args=[renewal.pk, unit.pk, name])
        for name in ("notice", "method")
    }

    # 1. From the congress page to the unit's meeting.
    login(page, base, "zuzhi")
    page.goto(f"{base}{reverse('elections:congress_page', args=[renewal.pk])}")
    row = page.locator("tbody tr", has_text=unit_name)
    expect(row.first).to_contain_text("尚未选举")
    row.get_by_role("link", name="选举单位党员大会").click()
    expect(page).to_have_url(f"{base}/renewals/{renewal.pk}/meeting/unit-{unit.pk}/")
    card = page.locator("#unit-meeting")
    expect(card.get_by_role("heading")).to_have_text(f"{unit_name}选举党员代表大会代表 {seats} 名")
    expect(page.locator("#fig-expected")).to_have_text(str(len(voters)))
    papers = page.locator("#unit-papers")
    expect(papers.get_by_role("button", name="打印选票")).to_have_count(0)  # no candidates yet

    # 2. The day, then the notice: the day leaves the notice period the rule profile asks.
    held_on = timezone.localdate() + timedelta(days=rules.meeting_notice_days)
    card.locator("summary", has_text="会议信息").click()
    page.fill("#id_unit-held_on", held_on.isoformat())
    page.fill("#id_unit-place", "政策法规处会议室")
    page.fill("#id_unit-chair", chair)
    card.get_by_role("button", name="保存会议信息").click()
    success(page, "会议信息已保存")
    expect(page.locator("h1 + p")).to_contain_text(held_on.isoformat())
    expect(page.locator("h1 + p")).to_contain_text(f"政策法规处会议室 · 主持人 {chair}")
    card.get_by_role("button", name="发出会议通知").click()
    success(page, "会议通知已发出")
    expect(card.get_by_role("button", name="发出会议通知")).to_have_count(0)
    notice = opened_pdf(page, papers.get_by_role("link", name="查看会议通知"), paper["notice"])
    assert f"中共{unit_name}关于召开党员大会选举出席中共{committee}党员代表大会代表的通知" in notice
    assert f"会议主持人：{chair}" in notice
    assert "政策法规处会议室" in notice

    # The delegate candidates (the fewest the differential allows), then the ballot.
    card.locator("summary", has_text="确定代表候选人").click()
    candidates_form = card.locator("form[action$='/candidates/']")
    for member in chosen:
        candidates_form.get_by_label(member.name, exact=True).check()
    candidates_form.get_by_role("button", name="保存代表候选人").click()
    success(page, "代表候选人已确定")
    standing = [m.name for m in unit_candidates(DelegateUnit.objects.get(pk=unit.pk))]
    assert sorted(standing) == sorted(m.name for m in chosen)
    # In stroke order (R7), joined by 、 as in the documents.
    expect(card).to_contain_text("代表候选人：" + "、".join(standing))
    page.fill("#unit-copies", "3")
    ballots = opened_pdf(page, papers.get_by_role("button", name="打印选票"), paper["ballots"])
    assert ballots.count(f"出席中共{committee}党员代表大会代表选举选票") == 3
    assert all(name in ballots for name in standing)

    # Scrutineer, then the method: a draft until the meeting adopts it.
    page.locator("summary", has_text="推选监票人、计票人").click()
    staff_form = page.locator("form[action$='/staff/']")
    staff_form.get_by_label(scrutineer, exact=True).first.check()  # scrutineers come first
    staff_form.get_by_role("button", name="保存", exact=True).click()
    success(page, "监票人、计票人已确定")
    draft = papers.get_by_role("link", name="预览选举办法（草案）")
    assert "（草案）" in opened_pdf(page, draft, paper["method"])
    confirm_next(page)
    card.get_by_role("button", name="大会已表决通过选举办法").click()
    success(page, "选举办法已经大会通过")
    method = opened_pdf(page, papers.get_by_role("link", name="查看选举办法"), paper["method"])
    assert f"选举出席中共{committee}党员代表大会代表办法" in method
    assert "党员大会通过" in method
    assert "（草案）" not in method
    assert "在选票上按姓氏笔画为序排列：" + "、".join(standing) in method

    register = opened_pdf(page, papers.get_by_role("link", name="打印签到表"), paper["attendance"])
    assert f"中共{unit_name}党员大会签到表" in register
    assert [m.name for m in voters if m.name not in register] == []
    issued = card.locator("div", has_text="已形成文书").last
    expect(issued).to_contain_text("关于召开党员大会选举代表的通知")
    expect(issued).to_contain_text("选举代表办法")
    shot(page, "unit-meeting-1-prepared")

    # 4. The day comes. No page moves a meeting day past its notice: as the demo's own unit
    # meetings do (demo_congress.elect_unit), the day becomes today and the notice is dated
    # the notice period before it, straight in the database.
    Meeting.objects.filter(unit=unit).update(
        held_on=timezone.localdate(),
        notice_issued_at=timezone.now() - timedelta(days=rules.meeting_notice_days),
    )

    # 5. Everybody signs in; one round, totals entered, the first `seats` names elected.
    page.reload()
    attend_all(page, [m.name for m in voters])
    expect(page.locator("#fig-present")).to_have_text(str(len(voters)))
    expect(page.locator("#fig-quorum")).to_contain_text("已达到法定人数")
    expect(page.locator("#open-round")).to_be_enabled()
    expect(page.locator("#id_issued")).to_have_value(str(len(voters)))
    page.get_by_role("button", name="发放选票，开始投票").click()
    round_ = Round.objects.get(meeting__unit=unit)
    expect(page).to_have_url(
        f"{base}{reverse('elections:round_detail', args=[renewal.pk, round_.pk])}"
    )
    assert sorted(round_.names) == sorted(standing)
    totals_round(page, names=round_.names, elect=seats, voters=len(voters), scrutineer=scrutineer)
    elected = round_.names[:seats]
    assert sorted(Delegate.objects.filter(unit=unit).values_list("name", flat=True)) == sorted(
        elected
    )

    page.goto(f"{base}/renewals/{renewal.pk}/meeting/unit-{unit.pk}/")
    expect(page.get_by_text("本次会议的选举已全部完成")).to_be_visible()
    delegates = card.locator("p", has_text="当选代表")
    for name in elected:
        expect(delegates).to_contain_text(f"{name}（{len(voters)}）")
    expect(issued).to_contain_text("计票单")
    expect(card.get_by_role("button", name="发出会议通知")).to_have_count(0)
    expect(card.locator("summary", has_text="会议信息")).to_have_count(0)  # prepared no more
    shot(page, "unit-meeting-2-elected")

    card.get_by_role("link", name="返回党员代表大会").click()
    row = page.locator("tbody tr", has_text=unit_name).first
    expect(row).to_contain_text(f"选出；应到 {len(voters)} 人，实到 {len(voters)} 人")
    expect(page.get_by_role("heading", name=f"录入{unit_name}代表选举结果")).to_have_count(0)
    for name in elected:
        expect(page.locator("tbody tr", has_text=name).first).to_contain_text(unit_name)
    row.scroll_into_view_if_needed()  # the page is long: every pending unit has its entry form
    shot(page, "unit-meeting-3-congress", full_page=False)
