"""A campaign's deadlines in the secretary's queue (issue 14; "every step that waits on somebody
is in that person's queue"): the renewal's current step, due within 7 days or overdue, until it
moves on or waits on the superior; in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from elections.models import Campaign, Renewal
from elections.selectors.campaign_queue import CAMPAIGN, deadlines_due
from elections.selectors.dashboard import inbox_for
from elections.services.campaign import campaign_launch
from tests.campaign_core_helpers import make_campaign, make_ready
from tests.conftest import count_queries, grow

pytestmark = pytest.mark.django_db
URL = reverse("elections_dashboard:dashboard")


def _move(campaign: Campaign, step: str, days: int) -> None:
    """Move one deadline of the timetable to `days` from today."""
    deadlines = dict(Campaign.objects.get(pk=campaign.pk).deadlines)
    deadlines[step] = (timezone.localdate() + timedelta(days=days)).isoformat()
    Campaign.objects.filter(pk=campaign.pk).update(deadlines=deadlines)


@pytest.fixture
def launched(tree, users):
    make_ready(tree["b1"], full=3, secretary=users["secretary"])
    campaign = make_campaign(users["approver"], tree["a"], days=90)
    campaign_launch(actor=users["approver"], campaign=campaign)
    return campaign


def test_a_near_deadline_is_in_the_secretary_s_queue(client, users, launched, tree):
    _move(launched, "prepare", 3)
    client.force_login(users["secretary"])
    page = client.get(URL).content.decode()
    deadline = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert f"集中换届：筹备（请示获批）须于{deadline}前完成" in page
    assert "还剩3天" in page
    item = next(i for i in inbox_for(users["secretary"]).items if i.kind == CAMPAIGN)
    assert item.branch == tree["b1"]
    assert not item.late
    # The approver does not work on the branch: not in their queue.
    assert CAMPAIGN not in {i.kind for i in inbox_for(users["approver"]).items}


def test_an_overdue_step_is_late_and_a_far_one_is_not_listed(client, users, launched):
    _move(launched, "prepare", 30)
    assert not deadlines_due(users["secretary"], today=timezone.localdate()).exists()
    _move(launched, "prepare", -2)
    client.force_login(users["secretary"])
    page = client.get(URL).content.decode()
    assert "已逾期2天" in page
    item = next(i for i in inbox_for(users["secretary"]).items if i.kind == CAMPAIGN)
    assert item.late


def test_the_item_follows_the_phase_and_leaves_while_the_superior_decides(users, launched):
    renewal = Renewal.objects.get()
    _move(launched, "prepare", 1)
    _move(launched, "recommend", 40)
    today = timezone.localdate()
    assert deadlines_due(users["secretary"], today=today).count() == 1
    Renewal.objects.filter(pk=renewal.pk).update(awaiting_approval=True)
    assert deadlines_due(users["secretary"], today=today).count() == 0
    for superior_s in ("vet", "approve"):  # the vetting and the approval wait on the superior
        _move(launched, superior_s, -3)
        Renewal.objects.filter(pk=renewal.pk).update(awaiting_approval=False, phase=superior_s)
        assert deadlines_due(users["secretary"], today=today).count() == 0
    Renewal.objects.filter(pk=renewal.pk).update(awaiting_approval=False, phase="recommend")
    assert deadlines_due(users["secretary"], today=today).count() == 0  # 40 days ahead
    _move(launched, "recommend", 0)
    row = deadlines_due(users["secretary"], today=today).get()
    assert row.step_deadline == today.isoformat()


def test_the_dashboard_makes_the_same_queries_with_more_campaign_items(
    client, users, tree, launched
):
    _move(launched, "prepare", 2)
    client.force_login(users["secretary"])
    few = count_queries(client, URL)
    grow(tree, branches=6, members=0)
    more = make_campaign(users["approver"], tree["a"], days=90, title="第二批")
    for entry in more.entries.select_related("branch"):
        make_ready(entry.branch, full=3, secretary=users["secretary"])
    campaign_launch(actor=users["approver"], campaign=more)
    _move(more, "prepare", -1)
    assert deadlines_due(users["secretary"], today=timezone.localdate()).count() == 7
    assert count_queries(client, URL) == few
