"""A branch's renewal walked through in the browser, from 启动换届 to the election phase.

Two logged-in browsers take turns, as the people would: 王组织员 (zuzhi, staff at the root) does the
branch's work for 信息中心党支部 (JG-05, which has no demo renewal), 张审批 (shenpi, approver at
区直机关党委) approves, returns and vets; a third browser without a login sends an objection to the
public notice. Only the end of the notice period is not waited for: it is moved into the past in
the database. Screenshots land in tests/e2e/screenshots/renewal-*.png.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from .helpers import CHROMIUM, VIEWPORT, login, pick, shot

if CHROMIUM is None:
    pytest.skip(
        "browser tests need Debian's chromium (/usr/bin/chromium): apt-get install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from branches.models import Organisation
from elections.models import Notice, Phase, Renewal
from members.models import Member

pytestmark = pytest.mark.e2e

BRANCH = "JG-05"  # 信息中心党支部: 14 full members, no renewal in the demo data
NOMINEES = 7  # for 5 seats, at least 6 candidates (R6)
RETURN_REASON = "请补充党员大会的会议地点。"
OBJECTION = "建议核实该同志近期参加组织生活的情况。"
OUTCOME = "经核实，该同志按时参加组织生活，反映的问题不属实。"


# The objection's audit event has no actor; a filter argument that fails to resolve raises.


@pytest.fixture
def new_page(browser):
    """Another browser of its own (cookies and all), set up like conftest's `page`."""
    contexts = []

    def make():
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def confirmed(page):
    """Accept the next confirm() dialog: the buttons that commit a step ask first."""
    page.once("dialog", lambda dialog: dialog.accept())
    return page


def current_phase(page):
    return page.get_by_label("换届阶段").locator("[aria-current=step]")


def checklist(page):
    """The 下一步 card: what the next step is and what still blocks it."""
    return page.locator(".card").filter(has=page.get_by_role("heading", name=re.compile("^下一步")))


def section(page, title: str):
    return page.locator("section").filter(has=page.get_by_role("heading", name=title, exact=True))


def success(page):
    return page.locator(".alert-success[role=alert]")


def candidates_for(branch) -> list[Member]:
    """Members who may stand (full, Party age ≥ 1 year), with names the dropdown tells apart."""
    today = timezone.localdate()
    members = list(Member.objects.filter(branch=branch, status="full").order_by("name", "pk"))
    names = [m.name for m in members]
    return [m for m in members if m.party_age(today) >= 1 and names.count(m.name) == 1]


def test_renewal_from_start_to_election(demo, page, new_page):
    base = demo.url
    branch = Organisation.objects.get(code=BRANCH)
    assert not branch.renewals.exists()
    today = timezone.localdate()
    worker, approver = page, new_page()
    login(worker, base, "zuzhi")
    login(approver, base, "shenpi")

    # 1. zuzhi starts the renewal from the branch page and fills in the plan.
    worker.goto(f"{base}/organisations/{branch.pk}/")
    expect(worker.get_by_role("heading", level=1)).to_have_text("信息中心党支部")
    confirmed(worker).get_by_role("button", name="启动换届").click()
    expect(worker).to_have_url(re.compile(rf"^{base}/renewals/\d+/$"))
    renewal = Renewal.objects.get(branch=branch)
    renewal_url = f"{base}/renewals/{renewal.pk}/"
    expect(success(worker)).to_have_text("已启动换届，请填写换届方案。")
    expect(current_phase(worker)).to_have_text("1. 筹备")
    steps = checklist(worker)
    expect(steps.get_by_role("heading")).to_have_text("下一步：提交换届请示")
    expect(steps).to_contain_text("换届方案未确定党员大会召开日期。")
    expect(steps).to_contain_text("尚未填写或上传上届委员会工作报告。")
    expect(steps.get_by_role("button", name="提交换届请示")).to_have_count(0)
    shot(worker, "renewal-01-started")

    seats = worker.get_by_label("委员名额")
    seats.fill("6")  # 14 full members: 3 to 5 seats
    worker.get_by_label("计划召开党员大会日期").fill(f"{today + timedelta(days=30):%Y-%m-%d}")
    worker.get_by_label("上届委员会工作报告").fill(
        "一年来，支部委员会认真落实“三会一课”制度，按期完成党员发展和党费收缴工作。"
    )
    worker.get_by_role("button", name="保存方案").click()
    expect(worker.locator(".invalid-feedback")).to_contain_text(
        "委员名额应为 3 至 5 名（正式党员14人）。"
    )
    expect(seats).to_have_class(re.compile(r"\bis-invalid\b"))
    shot(worker, "renewal-02-plan-error")
    assert Renewal.objects.get(pk=renewal.pk).meeting_date is None, "an invalid plan was saved"

    seats.fill("5")
    worker.get_by_role("button", name="保存方案").click()
    expect(worker).to_have_url(renewal_url)
    expect(success(worker)).to_have_text("换届方案已保存。")
    expect(steps).to_contain_text("条件已满足。")
    expect(steps.locator("li")).to_have_count(0)

    # The draft request opens in a new tab, in chromium's PDF viewer.
    preview = steps.get_by_role("link", name="预览换届请示")
    with (
        worker.expect_popup() as popup_info,
        worker.context.expect_event(
            "response", lambda response: "/preview/request.pdf" in response.url
        ) as response_info,
    ):
        preview.click()
    response = response_info.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    pdf = worker.context.request.get(response.url)  # the viewer stands in for the body
    assert pdf.body().startswith(b"%PDF")
    popup_info.value.close()  # headless chromium's viewer draws nothing worth a screenshot

    confirmed(worker).get_by_role("button", name="提交换届请示").click()
    expect(success(worker)).to_have_text("已完成：提交换届请示。")
    expect(steps).to_contain_text(re.compile(r"等待\S+党委审批。"))
    expect(worker.get_by_role("button", name="保存方案")).to_have_count(0)
    shot(worker, "renewal-03-submitted")

    # 2. shenpi finds the request in 工作台, returns it, then approves the corrected one.
    approver.goto(f"{base}/dashboard/")
    expect(approver.get_by_role("heading", level=1)).to_have_text("工作台")
    item = approver.locator(".list-group-item").filter(has_text="信息中心党支部")
    expect(item).to_contain_text("换届请示待批复")
    expect(item).to_contain_text("区直机关党委 · 筹备")
    shot(approver, "renewal-04-approver-dashboard")
    item.get_by_role("link", name="信息中心党支部").click()
    expect(approver).to_have_url(renewal_url)
    steps_seen_by_approver = checklist(approver)
    expect(steps_seen_by_approver.get_by_role("heading")).to_have_text("下一步：批复同意换届")
    steps_seen_by_approver.get_by_role("button", name="退回", exact=True).click()
    return_form = approver.locator("#return-form")
    expect(return_form).to_have_class(re.compile(r"\bshow\b"))  # Bootstrap's collapse is done
    return_form.locator("textarea[name=reason]").fill(RETURN_REASON)
    shot(approver, "renewal-05-return")
    return_form.get_by_role("button", name="退回请示").click()
    expect(success(approver)).to_have_text("已完成：退回请示。")

    worker.goto(f"{base}/dashboard/")
    returned = worker.locator(".list-group-item").filter(has_text="信息中心党支部")
    expect(returned).to_contain_text("被退回，待修改")
    expect(returned).to_contain_text(RETURN_REASON)
    returned.get_by_role("link", name="信息中心党支部").click()
    expect(worker).to_have_url(renewal_url)
    expect(worker.locator(".alert-danger")).to_have_text(f"上级退回：{RETURN_REASON}")
    shot(worker, "renewal-06-returned")
    worker.get_by_label("会议地点").fill("信息中心二楼会议室")
    worker.get_by_role("button", name="保存方案").click()
    expect(success(worker)).to_have_text("换届方案已保存。")
    confirmed(worker).get_by_role("button", name="提交换届请示").click()
    expect(success(worker)).to_have_text("已完成：提交换届请示。")
    expect(worker.locator(".alert-danger")).to_have_count(0)

    approver.reload()
    expect(approver.locator("dl")).to_contain_text("信息中心二楼会议室")
    confirmed(approver).get_by_role("button", name="批复同意").click()
    expect(success(approver)).to_have_text("已完成：批复同意换届。")
    expect(current_phase(approver)).to_have_text("2. 推荐")
    expect(approver.get_by_label("换届阶段").locator(".text-bg-success")).to_have_text(["1. 筹备"])

    # 3. zuzhi records the recommendation meeting and the nominees, then reports the list.
    worker.reload()
    expect(current_phase(worker)).to_have_text("2. 推荐")
    expect(steps.get_by_role("heading")).to_have_text("下一步：报送候选人初步人选")
    expected = int(worker.locator("p", has_text="应到会").locator("strong").inner_text())
    meeting = worker.locator("form[action$='/recommendation/']")
    meeting.get_by_label("推荐会议日期").fill(f"{today:%Y-%m-%d}")
    meeting.get_by_label("应到人数").fill(str(expected))
    meeting.get_by_label("实到人数").fill(str(expected // 2))  # not more than half: invalid
    meeting.get_by_label("收回推荐票").fill(str(expected // 2))
    meeting.get_by_role("button", name="保存").click()
    expect(success(worker)).to_have_text("推荐会议情况已登记。")
    expect(worker.locator(".badge", has_text="推荐无效")).to_have_text("实到未过半数，推荐无效")
    expect(steps).to_contain_text(
        f"推荐会议实到 {expected // 2} 人，未超过应到 {expected} 人的半数，推荐无效"
    )
    shot(worker, "renewal-07-recommendation-invalid")

    ballots = expected - 1
    worker.locator("summary", has_text="登记推荐会议").click()  # folded once a meeting is recorded
    meeting.get_by_label("实到人数").fill(str(ballots))
    meeting.get_by_label("收回推荐票").fill(str(ballots))
    meeting.get_by_role("button", name="保存").click()
    expect(success(worker)).to_have_text("推荐会议情况已登记。")
    expect(section(worker, "候选人推荐").locator(".badge").first).to_have_text("有效")
    expect(steps).not_to_contain_text("推荐无效")

    people = candidates_for(branch)[:NOMINEES]
    assert len(people) == NOMINEES, "the demo branch has too few eligible members"
    register = worker.locator("form[action$='/nominees/']")
    for index, member in enumerate(people):
        worker.locator("summary", has_text="登记被推荐人").click()
        pick(worker, "党员", member.name, within=register)  # a member picker: typed, not listed
        register.get_by_label("推荐方式").select_option(label="党员推荐")
        register.get_by_label("推荐票数").fill(str(max(ballots - index, ballots // 2 + 1)))
        register.get_by_role("button", name="登记").click()
        expect(success(worker)).to_have_text("已登记被推荐人。")
    nominees = section(worker, "候选人推荐").locator("table tbody tr")
    expect(nominees).to_have_count(NOMINEES)
    for member in people:
        row = nominees.filter(has=worker.get_by_role("cell", name=member.name, exact=True))
        expect(row.locator("td").nth(4)).to_have_text("符合")
        expect(row).to_contain_text("（按推荐结果应列入）")
    expect(steps).to_contain_text("候选人初步人选 0 名，至少需要 6 名")

    worker.get_by_role("button", name="按推荐结果确定初步人选").click()
    expect(success(worker)).to_have_text("已按推荐结果确定初步人选，可再作调整。")
    expect(nominees.locator(".badge", has_text="列入")).to_have_count(NOMINEES)
    expect(steps).to_contain_text("条件已满足。")
    shot(worker, "renewal-08-nominees")
    confirmed(worker).get_by_role("button", name="报送上级审查").click()
    expect(success(worker)).to_have_text("已完成：报送候选人初步人选。")
    expect(current_phase(worker)).to_have_text("3. 考察审查")

    # 4. shenpi vets every nominee (with a signed pledge) and approves the list.
    approver.goto(f"{base}/dashboard/")
    item = approver.locator(".list-group-item").filter(has_text="信息中心党支部")
    expect(item).to_contain_text("候选人初步人选待考察审查")
    item.get_by_role("link", name="信息中心党支部").click()
    expect(approver).to_have_url(renewal_url)
    steps_seen_by_approver = checklist(approver)
    expect(steps_seen_by_approver).to_contain_text(f"{people[0].name} 尚未完成资格审查和考察。")
    for number, member in enumerate(people):
        review = approver.locator("details").filter(has_text=f"保存对 {member.name} 的审查")
        save = review.get_by_role("button", name=f"保存对 {member.name} 的审查")
        if review.get_attribute("open") is None:
            review.locator("summary").click()
        review.get_by_label("考察情况").fill("政治坚定，工作扎实，群众公认。")
        review.get_by_label("纪检意见").fill("经核查，未发现违纪违法问题。")
        for box in review.locator("input[name$=negative_list_checked]").all():
            box.check()
        review.get_by_label("签字的承诺书扫描件").set_input_files(
            {"name": "承诺书.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%\n"}
        )
        review.get_by_label("同意列为候选人预备人选").check()
        if number == 0:
            shot(approver, "renewal-09-review-form")
        save.click()
        expect(success(approver)).to_have_text(f"已保存对 {member.name} 的审查。")
    expect(approver.locator("tbody .badge").get_by_text("同意", exact=True)).to_have_count(NOMINEES)
    expect(steps_seen_by_approver).to_contain_text("条件已满足。")
    shot(approver, "renewal-10-vetted")
    confirmed(approver).get_by_role("button", name="同意预备人选，进入公示").click()
    expect(success(approver)).to_have_text("已完成：同意候选人预备人选。")
    expect(current_phase(approver)).to_have_text("4. 公示")

    # 5. zuzhi publishes the notice; an anonymous visitor objects; shenpi resolves it.
    worker.reload()
    expect(current_phase(worker)).to_have_text("4. 公示")
    expect(steps).to_contain_text("尚未发布公示。")
    notice = worker.locator("form[action$='/notice/']")
    expect(notice.get_by_label("公示开始日期")).to_have_value(f"{today:%Y-%m-%d}")
    notice.get_by_label("联系电话").fill("0571-87012345")
    notice.get_by_label("来信来访地址").fill("机关党委组织科")
    notice.get_by_role("button", name="发布公示").click()
    expect(success(worker)).to_have_text("公示已发布。")
    notice = renewal.notices.get()
    assert notice.start == today
    expect(section(worker, "公示")).to_contain_text(
        f"公示期：{notice.start:%Y-%m-%d} 至 {notice.end:%Y-%m-%d}。"
    )
    public_link = worker.locator("a.font-monospace")
    public_url = public_link.get_attribute("href")
    assert public_url == f"{base}/notice/{renewal.public_token}/"
    expect(public_link).to_have_text(public_url)
    shot(worker, "renewal-11-notice-published")

    visitor = new_page()
    visitor.goto(public_url)
    expect(visitor).to_have_url(public_url)  # no login asked for
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "关于信息中心党支部候选人预备人选的公示"
    )
    expect(visitor.locator("table tbody tr")).to_have_count(NOMINEES)
    visitor.get_by_label("涉及人选").select_option(label=people[0].name)
    visitor.get_by_label("意见内容").fill(OBJECTION)
    expect(visitor.get_by_label("姓名（可不填）")).to_have_value("")
    expect(visitor.get_by_label("联系方式（可不填）")).to_have_value("")
    visitor.get_by_role("button", name="提交意见").click()
    expect(visitor.get_by_role("status")).to_have_text(
        "意见已收到，上级党组织将逐条核查处理。谢谢！"
    )
    expect(visitor.get_by_label("意见内容")).to_have_value("")
    shot(visitor, "renewal-12-public-notice")

    worker.reload()
    expect(steps).to_contain_text("有 1 条公示意见尚未处理。")

    approver.reload()
    objection = approver.locator("tr").filter(has_text=OBJECTION)
    expect(objection.locator("td").nth(1)).to_have_text(people[0].name)
    objection.get_by_label("处理结果").fill(OUTCOME)
    shot(approver, "renewal-13-objection")
    objection.get_by_role("button", name="记录处理结果").click()
    objection = approver.locator("tr").filter(has_text=OBJECTION)
    expect(objection.locator(".badge")).to_have_text("已处理")
    expect(objection).to_contain_text(OUTCOME)
    expect(objection).to_contain_text("张审批")

    # 6. The notice period has run (moved into the past here); zuzhi moves on to the election.
    worker.reload()
    expect(steps).not_to_contain_text("公示意见尚未处理")
    expect(steps).to_contain_text(f"公示期至 {notice.end:%Y-%m-%d}，公示期满后方可进入选举。")
    expect(steps.get_by_role("button", name="结束公示，进入选举")).to_have_count(0)
    six_days = timedelta(days=6)
    Notice.objects.filter(renewal=renewal).update(
        start=F("start") - six_days, end=F("end") - six_days
    )
    worker.reload()
    expect(steps).to_contain_text("条件已满足。")
    confirmed(worker).get_by_role("button", name="结束公示，进入选举").click()
    expect(success(worker)).to_have_text("已完成：公示结束，进入选举。")
    expect(current_phase(worker)).to_have_text("5. 选举")
    expect(worker.get_by_label("换届阶段").locator(".text-bg-success")).to_have_count(4)
    shot(worker, "renewal-14-election")

    renewal.refresh_from_db()
    assert renewal.phase == Phase.VOTE
    assert renewal.nominees.filter(on_list=True, approved=True).count() == NOMINEES
    assert renewal.objections.get().status == "resolved"
    assert set(renewal.documents.values_list("kind", flat=True)) >= {"request", "notice"}
