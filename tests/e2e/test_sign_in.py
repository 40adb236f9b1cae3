"""Signing in at the door: the search filters what it shows, Enter signs in only the one person
the text names, and every sign-in shows who was ticked and can be undone.

城投公司党支部 (JG-09) in the demo has two members surnamed 秦; typing the surname alone must not
sign in either of them (it used to tick the first of the whole list, whom nobody could see).
"""

from __future__ import annotations

from collections import Counter

import pytest

from elections import domain
from elections.selectors.meeting import meeting_of

from .helpers import CHROMIUM, login, shot

if CHROMIUM is None:
    pytest.skip("browser tests need Debian's chromium", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from playwright.sync_api import expect

from elections.models import Phase, Renewal

pytestmark = pytest.mark.e2e


def test_sign_in_by_surname_with_two_people_of_that_surname(demo, page):
    renewal = Renewal.objects.get(branch__code="JG-09", phase=Phase.VOTE)
    people = list(renewal.branch.members.all())
    surnames = Counter(m.name[0] for m in people)
    surname = "秦" if surnames["秦"] == 2 else next(s for s, n in surnames.items() if n == 2)
    pair = sorted((m for m in people if m.name[0] == surname), key=lambda m: m.name)
    target, other = pair[-1], pair[0]  # not the first of the list: the old bug ticked that one

    login(page, demo.url, "zuzhi")
    page.goto(f"{demo.url}/renewals/{renewal.pk}/meeting/members/")
    roll = page.locator("#roll li[data-name]")
    # The register on screen is in surname stroke order, as printed.
    shown = roll.evaluate_all("rows => rows.map(r => r.dataset.name)")
    assert shown == sorted(shown, key=domain.stroke_key)
    assert sorted(shown) == sorted(m.name for m in people)

    search = page.locator("#roll-search")
    search.fill(surname)
    expect(page.locator("#roll li[data-name]:visible")).to_have_count(2)
    expect(page.locator("#roll-status")).to_have_text("找到 2 人")
    search.press("Enter")
    expect(page.locator("#roll-status")).to_contain_text("有 2 人匹配")
    expect(page.locator("#fig-present")).to_have_text("0")
    shot(page, "sign-in-two-matches")

    search.fill("谁也不是")
    expect(page.locator("#roll li[data-name]:visible")).to_have_count(0)
    search.press("Enter")
    expect(page.locator("#roll-status")).to_have_text("没有找到“谁也不是”。")

    search.fill(target.name)
    expect(page.locator("#roll li[data-name]:visible")).to_have_count(1)
    search.press("Enter")
    expect(page.locator("#roll-status")).to_contain_text(f"已签到：{target.name}")
    expect(search).to_have_value("")
    row = page.locator(f'#roll li[data-name="{target.name}"]')
    expect(row.get_by_role("button", name="已到")).to_be_visible()
    expect(
        page.locator(f'#roll li[data-name="{other.name}"]').get_by_role("button", name="未到")
    ).to_be_visible()
    meeting = meeting_of(renewal)
    assert list(meeting.present.values_list("name", flat=True)) == [target.name]
    shot(page, "sign-in-signed")

    # Signing the same person in again says so; the undo takes the sign-in back.
    search.fill(target.name)
    search.press("Enter")
    expect(page.locator("#roll-status")).to_have_text(f"{target.name} 已经签到。")
    search.fill(other.name)
    search.press("Enter")
    expect(page.locator("#roll-status")).to_contain_text(f"已签到：{other.name}")
    page.locator("#roll-status").get_by_role("button", name="撤销").click()
    expect(page.locator("#roll-status")).to_have_text(f"已撤销 {other.name} 的签到。")
    expect(
        page.locator(f'#roll li[data-name="{other.name}"]').get_by_role("button", name="未到")
    ).to_be_visible()
    assert list(meeting.present.values_list("name", flat=True)) == [target.name]


def test_quick_ticks_show_the_figures_after_the_last_one(demo, page, monkeypatch):
    """Regression: ticking two people quickly sent both saves at once, and when the first answer
    arrived last the page showed its P, one short. Saves now go one at a time, in click order."""
    import threading
    import time

    from elections.views import meeting as meeting_views

    real = meeting_views.figures
    first = threading.Event()

    def slow_first(m):
        counted = real(m)
        if not first.is_set():  # the first answer is held back after it was counted
            first.set()
            time.sleep(1.5)
        return counted

    monkeypatch.setattr(meeting_views, "figures", slow_first)
    renewal = Renewal.objects.get(branch__code="JG-09", phase=Phase.VOTE)
    voters = [m for m in renewal.branch.members.order_by("name") if not m.voting_rights_problem()]
    names = [m.name for m in voters[:2]]  # both count in P
    login(page, demo.url, "zuzhi")
    page.goto(f"{demo.url}/renewals/{renewal.pk}/meeting/members/")
    first.clear()  # the page itself counted once already
    for name in names:
        page.locator(f'#roll li[data-name="{name}"]').get_by_role("button", name="未到").click()
    for name in names:
        row = page.locator(f'#roll li[data-name="{name}"]')
        expect(row.get_by_role("button", name="已到")).to_be_visible()
    page.wait_for_timeout(300)  # no late answer comes in after the last one
    expect(page.locator("#fig-present")).to_have_text("2")
    assert meeting_of(renewal).present.count() == 2
