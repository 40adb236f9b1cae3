"""Issue 14, items 1-3 through the browser's requests: the plan's form (倒排工期, a hand-entered
timetable checked on its fields), the list, the scope and the launch pages, the renewal's card."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from elections.models import Campaign, Renewal
from elections.services.campaign import campaign_launch
from tests.campaign_core_helpers import make_campaign, make_ready, spread
from tests.conftest import count_queries

pytestmark = pytest.mark.django_db
CREATE = reverse("campaigns:create")


def _post(tree, days: int = 60, **extra) -> dict:
    today = timezone.localdate()
    data = {
        "organisation": tree["a"].pk,
        "title": "机关党委2026年集中换届",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=days)).isoformat(),
        "scope": "subtree",
        "pledges": "100",
        "women": "30",
    }
    return data | extra


def test_spread_back_fills_the_deadlines_and_saves_nothing(client, users, tree):
    client.force_login(users["approver"])
    response = client.post(CREATE, _post(tree, spread="1"))
    assert response.status_code == 200
    page = response.content.decode()
    today = timezone.localdate()
    for day in spread(today, today + timedelta(days=60)).values():
        assert f'value="{day.isoformat()}"' in page
    assert "已按结束日期倒排" in page
    assert 'value="机关党委2026年集中换届"' in page
    assert not Campaign.objects.exists()


def test_spread_back_refuses_a_campaign_too_short(client, users, tree):
    client.force_login(users["approver"])
    response = client.post(CREATE, _post(tree, days=5, spread="1"))
    page = response.content.decode()
    assert "时间不足：按各步骤最短用时及公示期、会议通知的规定，最早于" in page
    assert not Campaign.objects.exists()


def test_a_hand_entered_timetable_is_checked_on_its_fields(client, users, tree):
    client.force_login(users["approver"])
    today = timezone.localdate()
    deadlines = spread(today, today + timedelta(days=60))
    deadlines["publicise"] = deadlines["vet"] + timedelta(days=1)
    data = _post(tree) | {k: v.isoformat() for k, v in deadlines.items()}
    response = client.post(CREATE, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "时间不足" in form.errors["publicise"][0]
    assert list(form.errors) == ["publicise"]
    assert form["title"].value() == "机关党委2026年集中换届"  # nothing lost
    assert not Campaign.objects.exists()


def test_a_campaign_is_created_then_its_scope_shown(client, users, tree):
    client.force_login(users["approver"])
    today = timezone.localdate()
    deadlines = spread(today, today + timedelta(days=60))
    data = _post(tree) | {k: v.isoformat() for k, v in deadlines.items()}
    response = client.post(CREATE, data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:scope", args=[campaign.pk])
    assert campaign.targets == {"women": 30, "pledges": 100}
    assert campaign.deadline_map() == deadlines
    page = client.get(response["Location"]).content.decode()
    assert "第一党支部" in page
    assert "已逾期" in page
    assert "不能启动：未设置" not in page  # the secretary of B1 holds the role
    assert "正式党员不足3人（现有1人）" in page


def test_edit_keeps_the_plan_and_saves_changes(client, users, tree):
    campaign = make_campaign(users["approver"], tree["a"])
    client.force_login(users["approver"])
    url = reverse("campaigns:edit", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert campaign.title in page
    data = {k: v for k, v in _post(tree).items() if k != "organisation"}
    data |= {k: v.isoformat() for k, v in campaign.deadline_map().items()}
    data["title"] = "改后的标题"
    assert client.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "改后的标题"


def test_scope_add_needs_a_reason_and_shows_the_error(client, users, tree):
    campaign = make_campaign(users["approver"], tree["a"])
    client.force_login(users["approver"])
    url = reverse("campaigns:scope", args=[campaign.pk])
    response = client.post(url, {"op": "add", "add-branch": tree["b2"].pk, "add-reason": ""})
    assert response.status_code == 200
    assert response.context["add_form"].errors["reason"]
    response = client.post(url, {"op": "add", "add-branch": tree["b2"].pk, "add-reason": "提前"})
    assert response.status_code == 302
    assert campaign.entries.get(branch=tree["b2"]).reason == "提前"
    data = {"op": "remove", "remove-branch": tree["b2"].pk, "remove-reason": "不需要"}
    assert client.post(url, data).status_code == 302
    assert not campaign.entries.get(branch=tree["b2"]).included


def test_the_launch_page_lists_what_starts_then_launches(
    client, users, tree, django_capture_on_commit_callbacks
):
    make_ready(tree["b1"], full=2)
    campaign = make_campaign(users["approver"], tree["a"])
    client.force_login(users["approver"])
    url = reverse("campaigns:launch", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert "将启动 1 个组织的换届" in page
    assert "第一党支部" in page
    with django_capture_on_commit_callbacks(execute=True):  # the launch job runs
        response = client.post(url)
    assert response.status_code == 302
    renewal = Renewal.objects.get(branch=tree["b1"])
    # The renewal page shows the campaign and its deadlines.
    page = client.get(renewal.get_absolute_url()).content.decode()
    assert "集中换届：2026年度集中换届（机关党委）" in page
    assert campaign.deadline_map()["archive"].isoformat() in page
    assert "第一党支部的换届已启动" in page  # the launch's notice


def test_the_list_searches_and_makes_a_fixed_number_of_queries(client, users, tree):
    client.force_login(users["viewer"])
    make_campaign(users["approver"], tree["a"], title="甲计划")
    few = count_queries(client, reverse("campaigns:list"))
    for i in range(12):
        make_campaign(users["approver"], tree["a"], title=f"乙计划{i}")
    assert count_queries(client, reverse("campaigns:list")) == few
    page = client.get(reverse("campaigns:list") + "?q=甲").content.decode()
    assert "甲计划" in page
    assert "乙计划" not in page


@pytest.mark.parametrize(
    ("who", "shown"), [("approver", True), ("viewer", True), ("norole", False)]
)
def test_the_nav_links_to_campaigns_for_those_who_see_one(client, users, tree, who, shown):
    make_campaign(users["approver"], tree["a"])
    client.force_login(users[who])
    page = client.get(reverse("home")).content.decode()
    assert (reverse("campaigns:list") in page) is shown


def test_a_branch_secretary_does_not_see_the_committees_campaign(client, users, tree):
    client.force_login(users["secretary"])
    make_campaign(users["approver"], tree["a"])
    assert reverse("campaigns:list") not in client.get(reverse("home")).content.decode()


def test_launch_with_a_problem_says_so_on_the_scope(client, users, tree):
    campaign = make_campaign(users["approver"], tree["a"])
    campaign_launch(actor=users["approver"], campaign=campaign)
    client.force_login(users["viewer"])
    page = client.get(reverse("campaigns:scope", args=[campaign.pk])).content.decode()
    assert "正式党员不足3人（现有1人）" in page
