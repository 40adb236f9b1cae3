"""A general branch's members' meeting in the browser: 第一中学党总支 (JG-ZZ, in the demo at the
election phase with the meeting prepared) elects its committee and, on a ballot of its own, its
discipline inspection commission; the committee's first plenary elects the secretary and deputy,
the commission's its secretary; the superior approves the result.

王组织员 (zuzhi) works the meeting pages, 张审批 (shenpi) approves. Every round is entered as totals
(keying ballot by ballot is the same code, tested in test_meeting_flow.py). Screenshots:
tests/e2e/screenshots/general-branch-*.png.
"""

from __future__ import annotations

import pytest

from elections.models import Body, MeetingKind, Phase, Renewal
from elections.selectors.meeting import committee as elected_to
from elections.selectors.meeting import figures, meeting_of
from elections.selectors.prepare import electorate

from .helpers import CHROMIUM, login, shot

if CHROMIUM is None:
    pytest.skip(
        "browser tests need Debian's chromium (/usr/bin/chromium): apt-get install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from playwright.sync_api import expect

from tests.pdf_text import pdftotext

pytestmark = pytest.mark.e2e

GENERAL_BRANCH = "JG-ZZ"


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


def first_plenary(page, base: str, renewal: Renewal, kind: str, leaders: list) -> None:
    """The first plenary of `kind`: chaired by its first member, its last the scrutineer (R14);
    everybody attends; each of `leaders` is put to the vote alone and elected."""
    people = elected_to(renewal, Body.COMMITTEE if kind == "plenary" else Body.COMMISSION)
    page.goto(f"{base}/renewals/{renewal.pk}/")
    page.locator(f"form[action$='/meeting/{kind}/edit/']").locator("..").locator("summary").click()
    page.fill(f"#id_{kind}-chair", people[0].name)
    page.locator(f"form[action$='/meeting/{kind}/edit/'] button").click()
    expect(page.get_by_text("会议信息已保存")).to_be_visible()
    page.goto(f"{base}/renewals/{renewal.pk}/meeting/{kind}/")
    expect(page.locator("#fig-expected")).to_have_text(str(len(people)))
    page.locator("summary", has_text="推选监票人、计票人").click()
    staff_form = page.locator(f"form[action$='/meeting/{kind}/staff/']")
    staff_form.get_by_label(people[-1].name).first.check()  # scrutineers come first
    page.get_by_role("button", name="保存").click()
    attend_all(page, [e.name for e in people])
    for leader in leaders:
        page.reload()
        page.locator(f"form[action$='/meeting/{kind}/rounds/']").get_by_label(leader.name).check()
        page.get_by_role("button", name="发放选票，开始投票").click()
        totals_round(
            page, names=[leader.name], elect=1, voters=len(people), scrutineer=people[-1].name
        )
        page.goto(f"{base}/renewals/{renewal.pk}/meeting/{kind}/")
    expect(page.get_by_text("本次会议的选举已全部完成")).to_be_visible()


def test_general_branch_elects_committee_and_commission(demo, page, browser):
    renewal = Renewal.objects.get(branch__code=GENERAL_BRANCH, phase=Phase.VOTE)
    assert (renewal.seats, renewal.commission_seats) == (5, 3)
    members_meeting = meeting_of(renewal)
    expected = figures(members_meeting).expected
    # E counts every member of both branches of the general branch.
    voters = [m for m in electorate(renewal.branch) if not m.voting_rights_problem()]
    assert expected == len(voters) > 20
    base = demo.url
    login(page, base, "zuzhi")
    page.goto(f"{base}/renewals/{renewal.pk}/meeting/members/")
    expect(page.locator("#fig-expected")).to_have_text(str(expected))
    attend_all(page, [m.name for m in voters])
    expect(page.locator("#fig-present")).to_have_text(str(expected))
    expect(page.locator("#fig-quorum")).to_contain_text("已达到法定人数")
    shot(page, "general-branch-1-attendance")
    scrutineer = members_meeting.scrutineers.first().name

    # The committee's ballot, then the commission's: separate ballots, separate counts.
    for body, seats in ((Body.COMMITTEE, 5), (Body.COMMISSION, 3)):
        page.goto(f"{base}/renewals/{renewal.pk}/meeting/members/")
        expect(page.get_by_text(str(Body(body).label)).first).to_be_visible()
        page.get_by_role("button", name="发放选票，开始投票").click()
        opened = members_meeting.rounds.order_by("-number").first()
        assert opened.body == body
        totals_round(page, names=opened.names, elect=seats, voters=expected, scrutineer=scrutineer)
    shot(page, "general-branch-2-commission-round")
    committee = elected_to(renewal)
    commission = elected_to(renewal, Body.COMMISSION)
    assert len(committee) == 5
    assert len(commission) == 3
    assert not {e.member_id for e in committee} & {e.member_id for e in commission}

    first_plenary(page, base, renewal, "plenary", [e.member for e in committee[:2]])
    first_plenary(page, base, renewal, "commission", [commission[0].member])
    shot(page, "general-branch-3-commission-plenary")
    assert renewal.elected.get(body=Body.COMMISSION_SECRETARY).name == commission[0].name

    # Duties, then the result report lists both bodies.
    page.goto(f"{base}/renewals/{renewal.pk}/")
    for elected, duty in zip(committee[2:], ("组织委员", "宣传委员", "纪检委员"), strict=True):
        page.locator(f'select[name="duty_{elected.pk}"]').select_option(label=duty)
    page.get_by_role("button", name="保存分工").click()
    expect(page.get_by_text("委员分工已保存")).to_be_visible()
    confirm_next(page)
    page.get_by_role("button", name="报送选举结果报告").click()
    expect(page.get_by_text("已完成：报送选举结果报告")).to_be_visible()
    report = page.request.get(f"{base}/renewals/{renewal.pk}/preview/result_report.pdf")
    text = "".join(pdftotext(report.body()).split())
    assert "差额选举产生了新一届总支部委员会和纪律检查委员会" in text
    assert f"{commission[0].name}当选为纪律检查委员会书记" in text
    assert "纪律检查委员会第一次全体会议选举情况" in text

    # The superior approves; the new term starts.
    approver = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    approver_page = approver.new_page()
    login(approver_page, base, "shenpi")
    approver_page.goto(f"{base}/renewals/{renewal.pk}/")
    confirm_next(approver_page)
    approver_page.get_by_role("button", name="批复同意选举结果").click()
    expect(approver_page.get_by_text("已完成：批复选举结果")).to_be_visible()
    shot(approver_page, "general-branch-4-approved")
    approver.close()
    renewal.refresh_from_db()
    assert renewal.phase == Phase.ARCHIVE
    assert MeetingKind.COMMISSION in set(renewal.meetings.values_list("kind", flat=True))
    term = renewal.branch.current_term()
    # The new term: the committee's posts, then the commission's (纪委书记, 纪委委员).
    assert {p.person_name for p in term.posts.all()} == {e.name for e in [*committee, *commission]}
