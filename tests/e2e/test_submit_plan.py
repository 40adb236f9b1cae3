"""In the browser: the plan edited and not saved, then 提交换届请示 clicked. The request's button
sends the plan form, so the typed edit is saved first and said so; before, it posted a form of its
own and the edit was lost without a word."""

from __future__ import annotations

import pytest

from .helpers import CHROMIUM, login

if CHROMIUM is None:
    pytest.skip(
        "browser tests need Debian's chromium (/usr/bin/chromium): apt-get install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from branches.models import Organisation
from elections import demo as walks

pytestmark = pytest.mark.e2e

BRANCH = "JG-06"  # 机关服务中心党支部: in the demo a renewal opened, its plan not yet made
PLACE = "党群服务中心二楼会议室"


def test_unsaved_plan_edits_are_saved_before_the_request_goes(demo, page):
    renewal = Organisation.objects.get(code=BRANCH).renewals.get()
    walks.plan(renewal, actor=get_user_model().objects.get(username="zuzhi"))
    login(page, demo.url, "zuzhi")
    page.goto(f"{demo.url}/renewals/{renewal.pk}/")

    page.get_by_label("会议地点").fill(PLACE)  # typed, not saved
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交换届请示").click()

    alerts = page.locator(".alert-success[role=alert]")
    expect(alerts).to_have_text(["已先保存换届方案的修改。", "已完成：提交换届请示。"])
    expect(page.get_by_role("button", name="保存方案")).to_have_count(0)
    expect(page.get_by_text(PLACE)).to_have_count(1)
    renewal.refresh_from_db()
    assert renewal.meeting_place == PLACE
    assert renewal.awaiting_approval
