"""Issue 14, item 2: the launch runs as a job of the worker, with its progress on the launch page;
a launch cut off keeps what it started and the next one adds the rest, never twice."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from branches.models import AuditEvent, Organisation, Role
from elections.models import CampaignBranch, CampaignLaunch, LaunchStatus, Renewal
from elections.services import campaign as campaign_service
from elections.services.campaign_launch import (
    INTERRUPTED,
    SYSTEM_ERROR,
    campaign_launch_request,
    campaign_launch_run,
    latest_launch,
)
from tests.campaign_core_helpers import make_campaign, make_ready
from tests.conftest import grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(tree, users):
    """B1 and three more branches of 机关党委, each with a secretary and 3 full members; their
    terms end within a 60-day campaign (B1 is overdue), so all four are proposed and start."""
    grow(tree, branches=3, members=0)
    branches = [tree["b1"], *Organisation.objects.filter(code__startswith="N").order_by("code")]
    for branch in branches:
        make_ready(branch, full=3, secretary=users["secretary"])
    return branches


def test_the_launch_page_runs_the_job_and_shows_its_result(
    client, users, tree, ready, django_capture_on_commit_callbacks
):
    campaign = make_campaign(users["approver"], tree["a"])
    client.force_login(users["approver"])
    url = reverse("campaigns:launch", args=[campaign.pk])
    assert "将启动 4 个组织的换届" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "已启动4个组织的换届，纳入跟踪0个，未能启动0个" in page
    assert "已完成" in page
    status = json.loads(client.get(reverse("campaigns:launch_status", args=[campaign.pk])).content)
    assert (status["finished"], status["percent"], status["processed"], status["total"]) == (
        True,
        100,
        4,
        4,
    )
    assert Renewal.objects.filter(branch__in=ready).count() == 4
    launch = CampaignLaunch.objects.get()
    assert (launch.status, launch.started, launch.created_by) == ("done", 4, users["approver"])
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions.count("renewal_open") == 4
    assert actions.index("campaign_launch_request") < actions.index("campaign_launch")


def test_while_a_launch_waits_the_page_follows_it_and_a_second_is_refused(
    client, users, tree, ready
):
    campaign = make_campaign(users["approver"], tree["a"])
    first = campaign_launch_request(actor=users["approver"], campaign=campaign)  # not yet run
    with pytest.raises(ValidationError, match="上一次启动尚未完成"):
        campaign_launch_request(actor=users["approver"], campaign=campaign)
    client.force_login(users["approver"])
    page = client.get(reverse("campaigns:launch", args=[campaign.pk])).content.decode()
    assert "启动进行中，完成前不能再次启动" in page
    assert "确认启动" not in page
    assert 'data-finished="0"' in page
    assert reverse("campaigns:launch_status", args=[campaign.pk]) in page
    # The thread of a web process that ran it is gone: after 30 minutes the page stops waiting.
    CampaignLaunch.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - timedelta(minutes=31)
    )
    assert latest_launch(campaign).message == INTERRUPTED
    assert campaign_launch_request(actor=users["approver"], campaign=campaign).pk != first.pk


def test_a_launch_cut_off_keeps_what_it_started_and_the_next_adds_the_rest(
    users, tree, ready, monkeypatch
):
    campaign = make_campaign(users["approver"], tree["a"])
    real = campaign_service.renewal_open
    calls = []

    def breaks_on_the_third(**kwargs):
        calls.append(kwargs["branch"])
        if len(calls) == 3:
            raise RuntimeError("worker lost")
        return real(**kwargs)

    monkeypatch.setattr(campaign_service, "renewal_open", breaks_on_the_third)
    launch = campaign_launch_request(actor=users["approver"], campaign=campaign)
    launch = campaign_launch_run(launch.pk)
    assert (launch.status, launch.message) == (LaunchStatus.FAILED, SYSTEM_ERROR)
    campaign.refresh_from_db()
    assert campaign.launched_at is not None  # its reminders cover what was started
    # The two started before the failure are kept, each linked to the campaign.
    linked = CampaignBranch.objects.filter(campaign=campaign, renewal__isnull=False)
    assert linked.count() == 2
    assert Renewal.objects.count() == 2
    monkeypatch.setattr(campaign_service, "renewal_open", real)
    again = campaign_launch_run(
        campaign_launch_request(actor=users["approver"], campaign=campaign).pk
    )
    assert (again.status, again.started, again.adopted, again.problems) == ("done", 2, 0, 0)
    assert Renewal.objects.count() == 4
    assert linked.count() == 4
    assert CampaignBranch.objects.filter(campaign=campaign, problem__contains="纳入").count() == 0


def test_the_run_checks_the_asker_s_right_again(users, tree, ready):
    campaign = make_campaign(users["approver"], tree["a"])
    launch = campaign_launch_request(actor=users["approver"], campaign=campaign)
    Role.objects.filter(user=users["approver"]).delete()
    launch = campaign_launch_run(launch.pk)
    assert (launch.status, launch.message) == (LaunchStatus.FAILED, "无权启动本计划。")
    assert Renewal.objects.count() == 0


def test_progress_is_saved_as_the_launch_goes(users, tree, ready, monkeypatch):
    campaign = make_campaign(users["approver"], tree["a"])
    launch = campaign_launch_request(actor=users["approver"], campaign=campaign)
    seen = []
    real = campaign_service.renewal_open

    def watching(**kwargs):
        row = CampaignLaunch.objects.get(pk=launch.pk)
        seen.append((row.status, row.processed_rows, row.total_rows))
        return real(**kwargs)

    monkeypatch.setattr(campaign_service, "renewal_open", watching)
    campaign_launch_run(launch.pk)
    assert seen[0] == ("running", 0, 4)
    assert {total for _, _, total in seen} == {4}


def test_a_branch_left_out_during_the_launch_is_not_started(users, tree, ready, monkeypatch):
    """Staff remove N1 from the scope while the launch is under way: it is skipped, not started
    and linked to an entry outside the scope."""
    campaign = make_campaign(users["approver"], tree["a"])
    real = campaign_service.renewal_open

    def removes_the_next(**kwargs):
        CampaignBranch.objects.filter(campaign=campaign, branch=ready[1]).update(included=False)
        return real(**kwargs)

    monkeypatch.setattr(campaign_service, "renewal_open", removes_the_next)
    launch = campaign_launch_run(
        campaign_launch_request(actor=users["approver"], campaign=campaign).pk
    )
    assert (launch.status, launch.started) == ("done", 3)
    assert not Renewal.objects.filter(branch=ready[1]).exists()
    assert CampaignBranch.objects.get(campaign=campaign, branch=ready[1]).renewal is None


def test_a_launch_marked_lost_does_not_run_and_an_inactive_asker_s_does_not_start(
    users, tree, ready
):
    campaign = make_campaign(users["approver"], tree["a"])
    lost = campaign_launch_request(actor=users["approver"], campaign=campaign)
    CampaignLaunch.objects.filter(pk=lost.pk).update(status=LaunchStatus.FAILED)
    assert campaign_launch_run(lost.pk).status == LaunchStatus.FAILED
    assert Renewal.objects.count() == 0
    launch = campaign_launch_request(actor=users["approver"], campaign=campaign)
    users["approver"].is_active = False
    users["approver"].save()
    launch = campaign_launch_run(launch.pk)
    assert (launch.status, launch.message) == (
        LaunchStatus.FAILED,
        "启动人的账号已停用或删除，未启动。",
    )
    assert Renewal.objects.count() == 0
