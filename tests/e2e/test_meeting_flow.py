"""A whole members' meeting in the browser: 城投公司党支部 (JG-09, 25 voters, in the demo at the
election phase with the meeting prepared) holds its election, the superior approves the result and
the branch seals the archive.

王组织员 (zuzhi) works the laptop next to the ballot box; 张审批 (shenpi) approves. Attendance is
ticked, the quorum shows live, the first round is keyed ballot by ballot (one invalid ballot, a
corrected entry, a tie for the last seat), the run-off is entered as totals, the first plenary
elects the secretary and deputy, duties are divided, the result report is approved, and the sealed
archive downloads with a manifest of hashes. Screenshots: tests/e2e/screenshots/meeting-*.png.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest

from elections.selectors.meeting import committee as committee_of
from elections.selectors.meeting import formal_candidates

from .helpers import CHROMIUM, login, shot

if CHROMIUM is None:
    pytest.skip(
        "browser tests need Debian's chromium (/usr/bin/chromium): apt-get install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from playwright.sync_api import expect

from elections.models import Phase, Renewal
from members.models import Member
from tests.pdf_text import pdftotext

pytestmark = pytest.mark.e2e

BRANCH = "JG-09"


def confirm_next(page) -> None:
    page.once("dialog", lambda dialog: dialog.accept())


def key_ballot(page, keys: str, write_ins: str = "", *, count: int) -> None:
    """Key one ballot and wait until the page says `count` ballots are keyed."""
    page.fill("#id_keys", keys)
    if write_ins:
        page.fill("#id_write_ins", write_ins)
        page.press("#id_write_ins", "Enter")
    else:
        page.press("#id_keys", "Enter")
        if "N" in keys:  # with a "no" the cursor moves to the write-in box; Enter there sends
            page.press("#id_write_ins", "Enter")
    expect(page.locator("#keyed-count")).to_have_text(str(count))


def pdf_text(data: bytes) -> str:
    return pdftotext(data, layout=True)


def test_a_whole_meeting_for_25_voters(demo, page, browser):
    renewal = Renewal.objects.get(branch__code=BRANCH, phase=Phase.VOTE)
    formal = [n.member.name for n in formal_candidates(renewal)]
    assert len(formal) == 8
    assert renewal.seats == 5
    base = demo.url
    login(page, base, "zuzhi")
    page.goto(f"{base}/renewals/{renewal.pk}/meeting/members/")
    expect(page.locator("#fig-expected")).to_have_text("25")
    expect(page.locator("#fig-present")).to_have_text("0")
    expect(page.locator("#fig-quorum")).to_contain_text("未达到法定人数")

    # Attendance: a name typed and Enter ticks it; then everybody else by button.
    people = list(Member.objects.filter(branch=renewal.branch).order_by("name"))
    voters = [m for m in people if not m.voting_rights_problem()]
    probationary = [m for m in people if m.status == "probationary"]
    page.fill("#roll-search", voters[0].name)
    page.press("#roll-search", "Enter")
    expect(page.locator("#fig-present")).to_have_text("1")
    for member in voters[1:20] + probationary[:2]:
        row = page.locator(f'#roll li[data-name="{member.name}"]')
        row.get_by_role("button", name="未到").click()
        expect(row.get_by_role("button", name="已到")).to_be_visible()
    # 20 of 25 present: 5*20 = 4*25, not more than four fifths (R5); probationary do not count.
    expect(page.locator("#fig-present")).to_have_text("20")
    expect(page.locator("#fig-attending")).to_have_text("22")
    expect(page.locator("#fig-quorum")).to_contain_text("未达到法定人数")
    expect(page.locator("#open-round")).to_be_disabled()
    shot(page, "meeting-1-no-quorum")
    for member in voters[20:]:
        row = page.locator(f'#roll li[data-name="{member.name}"]')
        row.get_by_role("button", name="未到").click()
        expect(row.get_by_role("button", name="已到")).to_be_visible()
    expect(page.locator("#fig-present")).to_have_text("25")
    expect(page.locator("#fig-quorum")).to_contain_text("已达到法定人数")

    # Round 1: 25 ballots issued (the present voters, kept up to date) and returned, keyed.
    expect(page.locator("#open-round")).to_be_enabled()
    expect(page.locator("#id_issued")).to_have_value("25")
    page.get_by_role("button", name="发放选票，开始投票").click()
    expect(page.locator("h1")).to_contain_text("第1轮")
    page.fill("#id_returned", "25")
    page.get_by_label("逐票录入").check()
    page.get_by_role("button", name="登记").click()
    expect(page.locator("#keying")).to_be_visible()
    # Candidates 1-3 yes on every valid ballot, 4 on twenty; 5 and 6 tie on 14 each for seat 5.
    ballots = ["YYYYYNNA"] * 10 + ["YYYYNYNA"] * 10 + ["YYYNYYAA"] * 4
    key_ballot(page, "YYYYYNNN", count=1)  # keyed wrong, corrected below
    expect(page.locator("#key-message")).to_contain_text("已录入第 1 张")
    page.locator("#ballot-table tbody tr").first.get_by_role("button", name="更正").click()
    expect(page.locator("#id_keys")).to_have_value("YYYYYNNN")
    page.fill("#id_keys", ballots[0])
    page.press("#id_keys", "Enter")
    page.press("#id_write_ins", "Enter")
    # The corrected row is replaced in place; the page keeps what is being typed.
    first = page.locator("#ballot-table tbody tr").first
    expect(first.locator("td[data-mark]").nth(7)).to_have_text("弃权")
    expect(page.locator("#ballot-table tbody tr")).to_have_count(1)
    expect(page.locator("#keyed-count")).to_have_text("1")
    for number, keys in enumerate(ballots[1:], start=2):
        key_ballot(page, keys, count=number)
        expect(page.locator("#key-message")).to_contain_text(f"已录入第 {number} 张：有效")
    # The 25th: five yes and a write-in for five seats: flagged invalid as it is keyed (R9).
    page.fill("#id_keys", "YYYYYNAA")
    page.fill("#id_write_ins", voters[-1].name)
    expect(page.locator("#key-verdict")).to_contain_text("废票")
    with page.expect_navigation():  # the last ballot reloads the page with the count
        page.press("#id_write_ins", "Enter")
    expect(page.locator("#ballot-table tbody tr.table-danger")).to_have_count(1)
    expect(page.get_by_text("计票结果（待监票人确认）")).to_be_visible()
    shot(page, "meeting-2-keyed")
    scrutineer = renewal.meetings.get(kind="members").scrutineers.first().name
    page.get_by_label("监票人确认").select_option(scrutineer)
    confirm_next(page)
    page.get_by_role("button", name="监票人确认，结束计票").click()
    expect(page.get_by_text("得票相等", exact=False).first).to_be_visible()
    expect(page.get_by_text("有效票 24 张，无效票 1 张", exact=False)).to_be_visible()
    shot(page, "meeting-3-tie")

    # The run-off between the tied, entered as totals.
    page.get_by_role("link", name="下一轮投票").click()
    expect(page.get_by_text("再次投票（得票相等）")).to_be_visible()
    page.get_by_role("button", name="发放选票，开始投票").click()
    page.fill("#id_returned", "25")
    page.get_by_label("汇总录入").check()
    page.get_by_role("button", name="登记").click()
    tied = formal[4:6]
    figures = {tied[0]: (15, 9, 1), tied[1]: (9, 15, 1)}
    for index, name in enumerate(tied):
        for mark, value in zip(("yes", "no", "abstain"), figures[name], strict=True):
            page.fill(f'input[name="{mark}_{index}"]', str(value))
    page.fill("#id_invalid", "0")
    page.get_by_role("button", name="保存并核对").click()
    expect(page.get_by_text("汇总票数已保存并通过核对")).to_be_visible()
    page.get_by_label("监票人确认").select_option(scrutineer)
    confirm_next(page)
    page.get_by_role("button", name="监票人确认，结束计票").click()
    expect(page.locator(".badge", has_text="当选")).to_have_count(1)
    committee = committee_of(renewal)
    assert sorted(e.name for e in committee) == sorted([*formal[:4], tied[0]])

    # The first plenary: convened by a new member; scrutineer not a candidate (R14, R15).
    page.goto(f"{base}/renewals/{renewal.pk}/")
    page.locator("summary", has_text="会议信息").click()
    page.fill("#id_plenary-chair", committee[0].name)
    page.locator("form[action$='/meeting/plenary/edit/'] button").click()
    expect(page.get_by_text("会议信息已保存")).to_be_visible()
    page.goto(f"{base}/renewals/{renewal.pk}/meeting/plenary/")
    page.locator("summary", has_text="推选监票人、计票人").click()
    staff_form = page.locator("form[action$='/meeting/plenary/staff/']")
    staff_form.get_by_label(committee[4].name).first.check()  # scrutineers come first
    page.get_by_role("button", name="保存").click()
    for elected in committee:
        page.locator(f'#roll li[data-name="{elected.name}"]').get_by_role(
            "button", name="未到"
        ).click()
    expect(page.locator("#fig-present")).to_have_text("5")
    for leader in committee[:2]:
        page.reload()
        page.locator("form[action$='/meeting/plenary/rounds/']").get_by_label(leader.name).check()
        page.get_by_role("button", name="发放选票，开始投票").click()
        page.fill("#id_returned", "5")
        page.get_by_label("逐票录入").check()
        page.get_by_role("button", name="登记").click()
        for number in range(1, 6):
            key_ballot(page, "Y", count=number)
        page.wait_for_load_state()
        page.get_by_label("监票人确认").select_option(committee[4].name)
        confirm_next(page)
        page.get_by_role("button", name="监票人确认，结束计票").click()
        expect(page.locator(".badge", has_text="当选")).to_have_count(1)
        page.goto(f"{base}/renewals/{renewal.pk}/meeting/plenary/")
    expect(page.get_by_text("本次会议的选举已全部完成")).to_be_visible()
    shot(page, "meeting-4-plenary")

    # Division of duties, then the result report to the superior.
    page.goto(f"{base}/renewals/{renewal.pk}/")
    for elected, duty in zip(committee[2:], ("组织委员", "宣传委员", "纪检委员"), strict=True):
        page.locator(f'select[name="duty_{elected.pk}"]').select_option(label=duty)
    page.get_by_role("button", name="保存分工").click()
    expect(page.get_by_text("委员分工已保存")).to_be_visible()
    confirm_next(page)
    page.get_by_role("button", name="报送选举结果报告").click()
    expect(page.get_by_text("已完成：报送选举结果报告")).to_be_visible()
    shot(page, "meeting-5-submitted")
    report = page.request.get(f"{base}/renewals/{renewal.pk}/preview/result_report.pdf")
    text = pdf_text(report.body())
    for name in formal:
        assert name in text, name
    assert "选举结果报告" in text
    assert scrutineer in text

    # The superior approves; the new term starts.
    approver = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    approver_page = approver.new_page()
    login(approver_page, base, "shenpi")
    approver_page.goto(f"{base}/renewals/{renewal.pk}/")
    confirm_next(approver_page)
    approver_page.get_by_role("button", name="批复同意选举结果").click()
    expect(approver_page.get_by_text("已完成：批复选举结果")).to_be_visible()
    approver.close()
    renewal.refresh_from_db()
    assert renewal.phase == Phase.ARCHIVE
    term = renewal.branch.current_term()
    assert {p.person_name for p in term.posts.all()} == {e.name for e in committee}

    # Summary, handover, and one click seals the archive.
    page.reload()
    page.fill("#id_summary", "本次换届选举按规定程序完成，新一届支部委员会已产生。")
    for code in ("seals", "files", "funds", "applications"):
        page.fill(f'input[name="{code}_handed_by"]', "上届支部书记")
        page.fill(f'input[name="{code}_received_by"]', committee[0].name)
    page.get_by_role("button", name="保存总结和交接").click()
    expect(page.get_by_text("总结和交接情况已保存")).to_be_visible()
    confirm_next(page)
    page.get_by_role("button", name="封存归档").click()
    expect(page.get_by_text("档案已于", exact=False)).to_be_visible()
    shot(page, "meeting-6-sealed")
    first = page.request.get(f"{base}/renewals/{renewal.pk}/archive.zip").body()
    again = page.request.get(f"{base}/renewals/{renewal.pk}/archive.zip").body()
    assert first == again
    renewal.refresh_from_db()
    assert hashlib.sha256(first).hexdigest() == renewal.archive_sha256
    bundle = zipfile.ZipFile(io.BytesIO(first))
    manifest = bundle.read("MANIFEST-SHA256.txt").decode()
    assert len(re.findall(r"^[0-9a-f]{64}  ", manifest, re.M)) == len(bundle.namelist()) - 1
    assert any("计票单" in name for name in bundle.namelist())
