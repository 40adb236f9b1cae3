"""The campaign board over a large scope: rolled up by the next level down with a drill-down,
and a fixed number of queries whatever the number of branches (10 and 2,000)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from elections.selectors.campaign_board import ROLLUP_OVER, BoardQuery, board_for
from tests.campaign_helpers import bulk_campaign, make_campaign, place, sub_committee
from tests.conftest import count_queries

TODAY = timezone.localdate()


@pytest.fixture
def campaign(tree):
    """机关党委's campaign, started 20 days ago; 第一党支部 directly under it, not launched."""
    made = make_campaign(
        tree["a"], start=TODAY - timedelta(days=20), end=TODAY + timedelta(days=40)
    )
    place(made, tree["b1"], problem="没有支部书记")
    return made


def cities(tree, n: int) -> list:
    """``n`` committees under 机关党委, each with a committee under it (three levels)."""
    made = []
    for i in range(n):
        city = sub_committee(tree["a"], f"C{i}", f"城区{i}党委")
        made.append(sub_committee(city, f"C{i}X", f"城区{i}街道党委"))
    return made


def test_a_large_scope_is_rolled_up_with_a_drill_down(client, tree, users, campaign):
    counties = cities(tree, 2)
    bulk_campaign(campaign, counties, per_parent=ROLLUP_OVER + 1)
    client.force_login(users["staff"])
    url = reverse("campaigns:board", args=[campaign.pk])
    board = client.get(url).context["board"]
    assert board.grouped
    assert sorted(g.name for g in board.groups) == ["城区0党委", "城区1党委"]
    assert [row.code for row in board.rows] == ["B1"]  # directly under 机关党委
    assert sum(g.branches for g in board.groups) + 1 == board.count
    for step in range(len(board.columns)):
        total = board.totals[step]
        parts = [g.totals[step] for g in board.groups]
        assert total.done == sum(p.done for p in parts) + 0
        assert total.late == sum(p.late for p in parts) + (
            board.rows[0].cells[step].state == "late"
        )
    page = client.get(url).content.decode()
    city = counties[0].parent
    assert f'href="?under={city.pk}"' in page

    # 城区0党委: one county, with more than ROLLUP_OVER branches: the county as a group.
    drilled = client.get(url, {"under": city.pk}).context["board"]
    assert [g.name for g in drilled.groups] == ["城区0街道党委"]
    assert [org.name for org in drilled.trail] == ["机关党委", "城区0党委"]
    # The county: its branches, one row each.
    county = client.get(url, {"under": counties[0].pk}).context["board"]
    assert not county.grouped
    assert county.count == ROLLUP_OVER + 1
    assert {row.parent_name for row in county.rows} == {counties[0].name}
    # The same level as branch rows on asking.
    flat = client.get(url, {"view": "branches"}).context["board"]
    assert not flat.grouped
    assert len(flat.rows) == flat.count
    # Late only: the groups count the late branches only.
    late = client.get(url, {"late": "on", "view": "groups"}).context["board"]
    assert sum(g.branches for g in late.groups) == sum(g.late_branches for g in board.groups)


def test_drilling_outside_the_campaign_is_not_found(client, tree, users, campaign):
    client.force_login(users["admin"])
    url = reverse("campaigns:board", args=[campaign.pk])
    assert client.get(url, {"under": tree["other"].pk}).status_code == 404
    assert client.get(url, {"under": tree["b1"].pk}).status_code == 404  # a branch has no level
    assert client.get(url, {"under": "x"}).status_code == 404
    assert client.get(url, {"under": tree["g"].pk}).status_code == 200


def test_the_board_makes_a_fixed_number_of_queries(client, tree, users, campaign):
    """10 branches and 2,000: the same queries for the branch rows, the roll-up and a drill-down."""
    counties = cities(tree, 4)
    bulk_campaign(campaign, counties, per_parent=3)  # 12 branches with 机关党委's B1
    client.force_login(users["staff"])
    url = reverse("campaigns:board", args=[campaign.pk])
    city = counties[0].parent.pk
    asks = [
        f"{url}?view=branches",
        f"{url}?view=groups",
        f"{url}?under={city}&view=branches&late=on",
        f"{url}?q=党支部&phase=vote",
    ]
    small = [count_queries(client, ask) for ask in asks]
    bulk_campaign(campaign, counties, per_parent=500)  # 2,012 branches
    assert campaign.entries.count() == 2013
    board = client.get(f"{url}?view=groups").context["board"]
    assert board.grouped
    assert board.count == 2013
    assert [count_queries(client, ask) for ask in asks] == small


def test_board_rows_are_paginated(client, tree, users, campaign):
    bulk_campaign(campaign, cities(tree, 1), per_parent=60)
    client.force_login(users["staff"])
    url = reverse("campaigns:board", args=[campaign.pk])
    first = client.get(url, {"view": "branches"}).context["page"]
    second = client.get(url, {"view": "branches", "page": 2}).context["page"]
    assert first.paginator.count == 61
    assert len(first.object_list) == 50
    assert len(second.object_list) == 11
    assert board_for(campaign, level=tree["a"], query=BoardQuery(), today=TODAY).grouped
