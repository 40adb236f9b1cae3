"""The statistics of a campaign's new committees against its targets (issue 14 item 5): read from
the elected and the members' records, per level (the campaign's organisation and each next
level), as tables that need no JavaScript and charts from the locally installed ECharts."""

from __future__ import annotations

import html
import json
import re
from datetime import date

import pytest
from django.urls import reverse

from elections.models import Phase
from elections.selectors.campaign_stats import TARGET_CODES, campaign_statistics
from tests.campaign_ledger_helpers import elected_branch, include, make_campaign, renewal_at
from tests.conftest import count_queries, make_org

pytestmark = pytest.mark.django_db
TARGETS = {"secretary_under_45": 45, "women": 30, "college": 60, "pledges": 100}


@pytest.fixture
def campaign(tree):
    """Three branches elected: two directly under 机关党委 (secretaries aged 36 and 40), one
    under its 党总支 (a secretary of 56); nine committee members, three of them women, five
    with a degree; nine candidates, eight with a signed pledge. A fourth branch still prepares."""
    a, g = tree["a"], tree["g"]
    campaign = make_campaign(a, targets=TARGETS)
    elected_branch(campaign, a, "X1", secretary_born=date(1990, 1, 1), women=1, college=3)
    elected_branch(campaign, a, "X2", secretary_born=date(1985, 6, 1), college=2)
    elected_branch(campaign, g, "X3", secretary_born=date(1970, 1, 1), women=2, pledged=2)
    preparing = make_org("X4", "branch", a)
    include(campaign, preparing, renewal_at(preparing, Phase.PREPARE, [date(2026, 3, 20)]))
    return campaign


def _table(stats, level: int) -> dict[str, tuple]:
    return {
        f.target.code: (f.count, f.known, f.unknown, f.percent, f.goal, f.met)
        for f in stats.levels[level].figures
    }


def test_actual_against_target_for_the_campaign_and_each_next_level(campaign):
    stats = campaign_statistics(campaign)
    assert (stats.included, stats.counted) == (4, 3)
    assert [(level.name, level.renewals) for level in stats.levels] == [
        ("机关党委", 3),
        ("直属党支部", 2),
        ("党总支", 1),
    ]
    assert _table(stats, 0) == {
        "secretary_under_45": (2, 3, 0, "66.7", 45, True),
        "women": (3, 9, 0, "33.3", 30, True),
        "college": (5, 9, 0, "55.6", 60, False),
        "pledges": (8, 9, 0, "88.9", 100, False),
    }
    assert _table(stats, 1)["secretary_under_45"] == (2, 2, 0, "100.0", 45, True)
    assert _table(stats, 2)["secretary_under_45"] == (0, 1, 0, "0.0", 45, False)
    assert _table(stats, 2)["pledges"] == (2, 3, 0, "66.7", 100, False)


def test_45_is_under_45_and_a_missing_birth_date_is_unknown(tree):
    """ "45岁以下" counts the number itself (以下含本数); age on the day of the members' meeting
    (10 April 2026)."""
    campaign = make_campaign(tree["a"], targets={"secretary_under_45": 50})
    elected_branch(campaign, tree["a"], "Y1", secretary_born=date(1981, 4, 10))  # 45 that day
    elected_branch(campaign, tree["a"], "Y2", secretary_born=date(1980, 4, 9))  # 46
    unknown = elected_branch(campaign, tree["a"], "Y3", secretary_born=None)
    (figure, *_rest) = campaign_statistics(campaign).levels[0].figures
    assert (figure.count, figure.known, figure.unknown) == (1, 2, 1)
    assert (figure.percent, figure.met) == ("50.0", True)
    assert unknown.name == "支部Y3"


def test_no_elected_committee_is_no_data_not_zero(tree):
    campaign = make_campaign(tree["a"], targets={"women": 30})
    stats = campaign_statistics(campaign)
    assert [f.percent for f in stats.levels[0].figures] == ["", "", "", ""]
    assert [f.met for f in stats.levels[0].figures] == [None, None, None, None]


def test_the_page_shows_the_tables_and_charts_from_the_local_echarts(client, users, campaign):
    client.force_login(users["viewer"])
    response = client.get(reverse("campaigns:statistics", args=[campaign.pk]))
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "66.7%" in text
    assert "88.9%" in text
    assert text.count("未达标") >= 2
    scripts = re.findall(r'<script src="([^"]+)"', text)
    assert "/static/vendor/echarts/echarts.min.js" in scripts
    assert "/static/js/campaign_stats.js" in scripts
    assert all(src.startswith("/static/") for src in scripts), scripts
    # Attribute values left out: a random CSRF token may spell it.
    assert "cdn" not in re.sub(r'value="[^"]*"', "", text).lower()
    # The charts draw the tables' figures; their boxes stay hidden without JavaScript.
    data = re.search(r'<script id="chart-women-data" type="application/json">(.*?)</script>', text)
    chart = json.loads(data.group(1))
    assert chart["levels"] == ["机关党委", "直属党支部", "党总支"]
    assert chart["actual"] == [33.3, 16.7, 66.7]
    assert chart["goal"] == 30
    assert re.search(r'<div class="hj-chart"\s+id="chart-women"[^>]*\shidden>', text)
    assert "/static/css/campaign_stats.css" in text


def test_the_page_without_any_data_says_so(client, users, tree):
    campaign = make_campaign(tree["a"])
    client.force_login(users["staff"])
    text = client.get(reverse("campaigns:statistics", args=[campaign.pk])).content.decode()
    assert text.count("无数据") == len(TARGET_CODES)
    assert "未设目标" in text


def test_the_page_reads_a_fixed_number_of_queries(client, users, campaign, tree):
    client.force_login(users["staff"])
    url = reverse("campaigns:statistics", args=[campaign.pk])
    few = count_queries(client, url)
    for n in range(12):
        elected_branch(campaign, tree["g"], f"Z{n}", secretary_born=date(1980, 1, 1))
    assert count_queries(client, url) == few
