"""Issue 16: a member is transferred by typing part of a branch's name into the picker, which
asks the server; the page never lists the whole tree."""

from __future__ import annotations

import pytest

from .helpers import CHROMIUM, login, pick, shot

if CHROMIUM is None:
    pytest.skip(
        "browser tests need Debian's chromium (/usr/bin/chromium): apt-get install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from playwright.sync_api import expect

from branches.models import Organisation
from members.models import Member

pytestmark = pytest.mark.e2e


def test_staff_transfers_a_member_through_the_picker(demo, page):
    base = demo.url
    source, target = (Organisation.objects.get(code=c) for c in ("JG-01", "JG-02"))
    member = Member.objects.filter(branch=source).order_by("pk").first()
    login(page, base, "zuzhi")
    page.goto(f"{base}{member.get_absolute_url()}")
    page.get_by_role("link", name="组织关系转接").click()
    select = page.locator("select[name=to_branch]")
    assert select.locator("option").count() == 1  # only the empty choice: nothing listed
    field = page.get_by_role("combobox", name="转入支部")
    field.click()
    typed = target.name[:3]
    field.fill(typed)
    options = page.locator(".ts-dropdown .option")
    expect(options.first).to_contain_text(typed)
    page.wait_for_timeout(500)  # the server's answer replaces what focus loaded
    shot(page, "picker-open", full_page=False)
    texts = options.all_inner_texts()
    assert 0 < len(texts) <= 20
    assert all(typed in text for text in texts), texts
    pick(page, "转入支部", target.name)
    page.get_by_label("原因").fill("工作调动")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="办理转接").click()
    expect(page.get_by_text("组织关系已转接。")).to_be_visible()
    member.refresh_from_db()
    assert member.branch == target
