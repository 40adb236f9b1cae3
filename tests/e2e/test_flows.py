"""End-to-end flows in a real browser: login and browsing, ID masking, Excel import, lockout.

Run with `pytest tests/e2e`; screenshots of every main page land in tests/e2e/screenshots/.
Set HUANJIE_README_SCREENSHOT=1 to also refresh static/img/screenshot.png (the README's picture).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import threading
from datetime import date, timedelta

import pytest

from .helpers import CHROMIUM, login, shot

if CHROMIUM is None:
    pytest.skip(
        "browser tests need Debian's chromium (/usr/bin/chromium): apt-get install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from branches.models import Organisation, Term
from members.idcard import make_id_number
from members.models import ImportJob, ImportStatus, Member

pytestmark = pytest.mark.e2e

MASKED_ID = re.compile(r"^\d{6}\*{8}[0-9X]{4}$")


def figure(page, label: str):
    """The big number on the home page's card labelled `label`."""
    card = page.locator(".card-body").filter(has=page.get_by_text(label, exact=True))
    return card.locator(".hj-figure")


def members_table(page):
    return page.locator("table").filter(has=page.locator("th", has_text="联系电话"))


def test_staff_browses_tree_and_roster_then_viewer_sees_masked_ids(demo, page):
    base = demo.url
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=/")
    expect(page.get_by_role("heading", name="登录换届系统")).to_be_visible()
    shot(page, "01-login")

    login(page, base, "zuzhi")
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("heading", name="换届提醒")).to_be_visible()
    expect(page.locator(".navbar")).to_contain_text("王组织员")
    # Seeded: 4 committees / general branches + 14 branches; 2 overdue; 5 due within 90 days
    # (档案馆党支部's, due in 40 days, has an approved delay).
    expect(figure(page, "可见党组织")).to_have_text("18")
    expect(figure(page, "党支部")).to_have_text("14")
    expect(figure(page, "换届已超期")).to_have_text("2")
    expect(figure(page, "90天内到期")).to_have_text("5")
    due_rows = page.locator("table tbody tr")
    expect(due_rows).to_have_count(7)
    expect(due_rows.first).to_contain_text("机关服务中心党支部")  # the longest overdue first
    expect(due_rows.first).to_contain_text("已超期")
    shot(page, "02-home")

    # A committee's page: its subtree figures and direct children.
    page.get_by_role("link", name="中共示范区委员会").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("中共示范区委员会")
    expect(page.get_by_role("heading", name="直属组织")).to_be_visible()
    expect(page.locator("table tbody")).to_contain_text("区直机关党委")
    expect(page.locator("table tbody")).to_contain_text("青山镇党委")
    shot(page, "03-committee")

    # 党组织 list, searched for 办公室.
    page.locator(".navbar").get_by_role("link", name="党组织", exact=True).click()
    expect(page).to_have_url(f"{base}/organisations/")
    expect(page.locator("table tbody tr")).to_have_count(18)
    page.get_by_placeholder("名称或组织代码").fill("办公室")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"/organisations/\?q=%E5%8A%9E%E5%85%AC%E5%AE%A4"))
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("JG-01")
    expect(rows.first).to_contain_text("已超期")
    shot(page, "04-organisation-search")

    # The branch: current term, committee, members.
    branch = Organisation.objects.get(code="JG-01")
    term = Term.objects.get(organisation=branch, actual_end__isnull=True)
    rows.first.get_by_role("link", name="办公室党支部").click()
    expect(page).to_have_url(f"{base}/organisations/{branch.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("办公室党支部")
    breadcrumb = page.get_by_role("navigation", name="breadcrumb")
    expect(breadcrumb).to_contain_text("中共示范区委员会")
    expect(breadcrumb).to_contain_text("区直机关党委")
    committee = page.locator(".card").filter(has_text="在任支部委员会")
    expect(committee).to_contain_text(
        f"第{term.number}届：{term.start_date:%Y-%m-%d} — {term.planned_end:%Y-%m-%d}"
    )
    expect(committee).to_contain_text("已超期")
    expect(committee).to_contain_text("书记：")
    roster = members_table(page)
    expect(roster.locator("tbody tr")).to_have_count(24)
    shot(page, "05-branch")

    # A member: staff managing the branch see the full ID number.
    member = Member.objects.filter(branch=branch).order_by("name", "pk").first()
    roster.get_by_role("link", name=member.name, exact=True).first.click()
    expect(page).to_have_url(f"{base}/members/{member.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(member.name)
    expect(page.locator("dd .font-monospace")).to_have_text(member.id_number)
    expect(page.get_by_role("link", name="编辑")).to_be_visible()
    shot(page, "06-member-staff")

    # The whole roster, paginated.
    page.locator(".navbar").get_by_role("link", name="党员名册").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("党员名册")
    expect(page.get_by_role("navigation", name="分页")).to_contain_text(
        f"共 {Member.objects.count()} 条"
    )
    shot(page, "07-member-list")

    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(f"{base}/accounts/login/")

    # A viewer at 青山镇党委 sees nothing of 区直机关党委, and only masked ID numbers.
    login(page, base, "chakan")
    expect(page).to_have_url(f"{base}/")
    expect(page.locator(".navbar")).to_contain_text("赵只读")
    expect(page.locator(".navbar").get_by_role("link", name="导入")).to_have_count(0)
    expect(figure(page, "党支部")).to_have_text("2")
    response = page.goto(f"{base}/members/{member.pk}/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(member.name)
    shot(page, "08-not-found")

    village = Member.objects.filter(branch__code="QS-01").order_by("pk").first()
    response = page.goto(f"{base}/members/{village.pk}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(village.name)
    shown = page.locator("dd .font-monospace").inner_text().strip()
    assert MASKED_ID.match(shown), shown
    assert shown == f"{village.id_number[:6]}{'*' * 8}{village.id_number[-4:]}"
    expect(page.locator("body")).not_to_contain_text(village.id_number)
    expect(page.get_by_role("link", name="编辑")).to_have_count(0)
    shot(page, "09-member-viewer")


def _fill_template(template, target, rows: list[dict]) -> None:
    """Write `rows` (keyed by header, without the *) under the template's header row."""
    wb = load_workbook(template)
    ws = wb.active
    headers = [str(cell.value).rstrip("*") for cell in ws[1]]
    unknown = {key for row in rows for key in row} - set(headers)
    assert not unknown, f"not in the template: {unknown}"
    # Written cell by cell: the template pre-formats row 2, so ws.append() would skip it.
    for number, row in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            ws.cell(row=number, column=column, value=row.get(header))
    wb.save(target)


def _person(name: str, gender: str, birth: date, sequence: int, **more) -> dict:
    row = {
        "姓名": name,
        "性别": gender,
        "身份证号": make_id_number("110105", birth, sequence),
        "入党日期": date(birth.year + 25, 7, 1),
        "转正日期": date(birth.year + 26, 7, 1),
        "党员类别": "正式党员",
    }
    row.update(more)
    return row


def _upload(page, path) -> None:
    page.set_input_files("#id_file", str(path))
    page.get_by_role("button", name="上传并导入").click()
    expect(page).to_have_url(re.compile(r"/members/import/\d+/$"))


@pytest.fixture
def gated_import(monkeypatch):
    """Hold background imports until the test opens the gate, so the progress page is seen.

    The held import then runs as in production: in a child process with the memory and time
    limits, on the live server's database."""
    import members.jobs

    gate = threading.Event()
    run = members.jobs.import_job_run_limited

    def held(job_id: int):
        gate.wait(timeout=30)
        return run(job_id)

    monkeypatch.setattr(members.jobs, "import_job_run_limited", held)
    yield gate
    gate.set()


def test_excel_import_with_progress_then_a_rejected_file(demo, page, tmp_path, gated_import):
    base = demo.url
    assert settings.MEMBER_IMPORT_IN_BACKGROUND, "the import should run in a background thread"
    branch = Organisation.objects.get(code="JG-01")
    before = Member.objects.filter(branch=branch).count()
    login(page, base, "zuzhi")
    page.goto(f"{base}/organisations/{branch.pk}/")
    page.get_by_role("link", name="导入名册").click()
    expect(page).to_have_url(f"{base}/members/import/?org={branch.pk}")
    expect(page.locator("#id_organisation")).to_have_value(str(branch.pk))
    shot(page, "10-import-upload")

    with page.expect_download() as info:
        page.get_by_role("link", name="下载模板（单个支部）").click()
    download = info.value
    assert download.suggested_filename == "党员导入模板-单个支部.xlsx"
    template = tmp_path / "template.xlsx"
    download.save_as(template)

    today = timezone.localdate()
    good = [
        _person("欧阳明远", "男", date(1985, 3, 12), 901, 民族="汉族", 联系电话="13800000001"),
        _person("司马晓雨", "女", date(1990, 11, 5), 902, 民族="回族", 学历="大学本科"),
        _person(
            "诸葛文博",
            "男",
            date(1998, 2, 20),
            903,
            入党日期=today - timedelta(days=100),
            转正日期=None,
            党员类别="预备党员",
        ),
    ]
    sheet = tmp_path / "三名党员.xlsx"
    _fill_template(template, sheet, good)
    status_polls = []
    page.on("request", lambda r: "/status/" in r.url and status_polls.append(r.url))
    _upload(page, sheet)
    # The job waits at the gate: the page shows it pending and polls the status URL.
    expect(page.locator("#job-status")).to_contain_text("等待处理")
    expect(page.locator("#job-count")).to_be_visible()
    expect(page.locator(".progress-bar")).to_have_class(re.compile(r"progress-bar-animated"))
    page.wait_for_event("request", lambda r: "/status/" in r.url)
    shot(page, "11-import-progress")
    gated_import.set()
    done = page.locator(".alert-success")
    expect(done).to_have_text(
        "导入完成：共 3 行，新增 3 人，更新 0 人（其中转入 0 人），未更改 0 人。",
        timeout=20_000,
    )
    expect(page.locator("#job-status")).to_have_text("已导入")
    expect(page.locator(".progress-bar")).to_have_class(re.compile(r"\bbg-success\b"))
    assert status_polls, "the progress page never polled the status URL"
    shot(page, "12-import-done")

    page.get_by_role("link", name="查看名册").click()
    expect(page).to_have_url(f"{base}/organisations/{branch.pk}/")
    roster = members_table(page)
    expect(roster.locator("tbody tr")).to_have_count(before + 3)
    for row in good:
        expect(roster.get_by_role("link", name=row["姓名"], exact=True)).to_have_count(1)
    prob = roster.locator("tr").filter(has_text="诸葛文博")
    expect(prob).to_contain_text("预备党员")

    # A bad file: a wrong date, a wrong check digit and a repeated ID number; nothing is saved.
    repeated = make_id_number("110105", date(1979, 5, 6), 904)
    wrong_check = make_id_number("320102", date(1982, 8, 9), 905)
    wrong_check = wrong_check[:17] + ("0" if wrong_check[17] != "0" else "1")
    bad = [
        _person("上官婉清", "女", date(1979, 5, 6), 904),
        _person("东方既白", "男", date(1980, 1, 2), 906, 入党日期="2020-02-30"),
        _person("慕容秋实", "男", date(1982, 8, 9), 905, 身份证号=wrong_check),
        _person("皇甫嘉怡", "女", date(1979, 5, 6), 904, 身份证号=repeated),
    ]
    bad_sheet = tmp_path / "有错误.xlsx"
    _fill_template(template, bad_sheet, bad)
    page.goto(f"{base}/members/import/?org={branch.pk}")
    expect(page.get_by_role("heading", name="我最近的导入")).to_be_visible()
    _upload(page, bad_sheet)
    expect(page.locator(".alert-danger")).to_have_text(
        "发现 3 处错误，未保存任何数据。请修改后重新上传。", timeout=20_000
    )
    expect(page.locator("#job-status")).to_have_text("校验未通过")
    expect(page.get_by_role("heading", name="错误（3 处）")).to_be_visible()
    errors = page.locator("table tbody tr")
    expect(errors).to_have_count(3)
    cells = [errors.nth(i).locator("td").all_inner_texts() for i in range(3)]
    assert cells == [
        ["3", "入党日期", "“2020-02-30”不是有效日期"],
        ["4", "身份证号", "身份证号校验位不正确，请核对"],
        ["5", "身份证号", "与第2行的身份证号重复"],
    ]
    expect(page.get_by_role("link", name="查看名册")).to_have_count(0)
    shot(page, "13-import-errors")

    job = ImportJob.objects.latest("pk")
    assert job.status == ImportStatus.REJECTED
    assert not Member.objects.filter(name__in=[row["姓名"] for row in bad]).exists()
    assert Member.objects.filter(branch=branch).count() == before + 3
    page.goto(f"{base}/organisations/{branch.pk}/")
    expect(members_table(page).locator("tbody tr")).to_have_count(before + 3)
    expect(page.locator("body")).not_to_contain_text("上官婉清")


def test_five_wrong_passwords_lock_the_account(demo, page):
    base = demo.url
    for _attempt in range(4):
        login(page, base, "shuji", "not-the-password")
        expect(page.locator(".alert-danger")).to_contain_text("用户名或密码不正确")
    shot(page, "14-login-failed")
    login(page, base, "shuji", "not-the-password")
    expect(page.get_by_role("heading", name="账号已暂时锁定")).to_be_visible()
    expect(page.locator("body")).to_contain_text("密码错误次数过多")
    shot(page, "15-locked-out")

    # Locked means locked: the right password does not get in either.
    login(page, base, "shuji")
    expect(page.get_by_role("heading", name="账号已暂时锁定")).to_be_visible()
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=/")


def _png_size(path) -> tuple[int, int]:
    with open(path, "rb") as handle:
        header = handle.read(24)
    return struct.unpack(">II", header[16:24])


def test_readme_screenshot_of_the_home_page(demo, page):
    login(page, demo.url, "zuzhi")
    expect(page.get_by_role("heading", name="换届提醒")).to_be_visible()
    page.evaluate("document.fonts.ready")
    path = shot(page, "readme-home", full_page=False)
    assert _png_size(path) == (1280, 800)
    if os.environ.get("HUANJIE_README_SCREENSHOT"):
        target = settings.BASE_DIR / "static" / "img" / "screenshot.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
