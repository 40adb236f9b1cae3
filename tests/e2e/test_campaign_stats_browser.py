"""The campaign statistics in a real browser: ECharts (served from static/vendor/, installed by
`make setup` from the npm lock) draws one SVG chart per target under the Content-Security-Policy
(the watch in conftest.py fails the test on anything refused), and the printed page keeps the
tables and the charts but not the navigation."""

from __future__ import annotations

from datetime import date

import pytest

from .helpers import CHROMIUM, login, shot

if CHROMIUM is None:
    pytest.skip(
        "browser tests need Debian's chromium (/usr/bin/chromium): apt-get install chromium",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")

from django.urls import reverse
from playwright.sync_api import expect

from tests.campaign_ledger_helpers import elected_branch, make_campaign
from tests.conftest import make_tree, make_users

pytestmark = pytest.mark.e2e


def test_the_charts_draw_and_print(transactional_db, e2e_settings, live_server, page):
    tree = make_tree()
    make_users(tree)
    campaign = make_campaign(tree["a"], targets={"secretary_under_45": 45, "women": 30})
    elected_branch(campaign, tree["a"], "W1", secretary_born=date(1990, 1, 1), women=1)
    elected_branch(campaign, tree["g"], "W2", secretary_born=date(1970, 1, 1), women=2)
    login(page, live_server.url, "viewer", "pw-123456!")
    page.goto(live_server.url + reverse("campaigns:statistics", args=[campaign.pk]))
    for code in ("secretary_under_45", "women", "college", "pledges"):
        expect(page.locator(f"#chart-{code} svg")).to_be_visible()
    expect(page.locator("#chart-women svg")).to_contain_text("66.7%")
    page.emulate_media(media="print")
    expect(page.locator("nav.hj-navbar")).to_be_hidden()
    expect(page.get_by_role("button", name="打印")).to_be_hidden()
    expect(page.locator("#chart-women svg")).to_be_visible()
    expect(page.locator("table").first).to_be_visible()
    shot(page, "campaign-statistics-print")
